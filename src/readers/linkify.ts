/**
 * Bare web and e-mail addresses in Chinese text, found by linkify-it (markdown-it's own), made to
 * end an address where Chinese text begins: `网址：https://example.org/hz。` links without the 。,
 * `访问https://example.org进行报名` without 进行报名, and `邮箱wang@example.com` is found although a
 * hanzi touches it. linkify-it reads hanzi as letters of an address (they may be, in an
 * internationalised domain or path); in Chinese running text they are the text around it. An
 * address with Chinese in it can still be linked as `<https://例子.中国/路径>` or `[…](…)`.
 */
import { LinkifyIt, type Match } from 'linkify-it';

/** Chinese (and Japanese, Korean) characters, full-width forms and the marks Chinese text uses. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef\u2014\u2018-\u201f\u2026\u00b7]/gu;

/** The text with every wide character as spaces, one per UTF-16 unit, so that offsets stay as they are. */
function blanked(text: string): string {
  return text.replace(WIDE, (c) => ' '.repeat(c.length));
}

export class CjkLinkify extends LinkifyIt {
  constructor() {
    // Addresses without a scheme are linked only when they start with www. (fuzzyLink needs a known TLD).
    super({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false });
  }

  override test(text: string): boolean {
    return super.test(blanked(text));
  }

  override match(text: string): Match[] | null {
    return super.match(blanked(text));
  }

  override matchAtStart(text: string): Match | null {
    return super.matchAtStart(blanked(text));
  }
}
