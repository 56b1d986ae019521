/**
 * Rule-by-rule tests of the Chinese line breaker on small hand-made paragraphs, with a fake font:
 * CJK and full-width marks 1 em, Latin letters 0.5 em, digits 0.55 em, spaces 0.25 em.
 */
import { describe, expect, it } from 'vitest';
import {
  cannotEndLine, cannotStartLine, charClass, isCJK, isClosing, isOpening, layoutParagraph,
  mayBreakBetween, type LayoutOptions, type Line, type StyledRun,
} from '../src/typeset/index.js';
import { EM, fakeMeasure } from './helpers/fake-font.js';


function lay(text: string | StyledRun[], widthEm: number, opts: Partial<LayoutOptions> = {}): Line[] {
  const runs = typeof text === 'string' ? [{ text, font: 'serif', size: EM }] : text;
  return layoutParagraph(runs, fakeMeasure, { width: widthEm * EM, em: EM, align: 'justify', ...opts });
}

const lineText = (l: Line): string => l.glyphs.map((g) => g.text).join('');
const texts = (lines: Line[]): string[] => lines.map(lineText);
const end = (l: Line): number => {
  const g = l.glyphs[l.glyphs.length - 1]!;
  return g.x + g.width;
};
const glyph = (l: Line, text: string) => l.glyphs.find((g) => g.text === text)!;

describe('classification', () => {
  it('knows the clreq basic marks', () => {
    for (const c of '、，；：。！？”’」』）》〉】〕］｝·') expect(cannotStartLine(c), c).toBe(true);
    for (const c of '“‘「『（《〈【〔［｛') expect(cannotEndLine(c), c).toBe(true);
    for (const c of '字あ한') expect(cannotStartLine(c) || cannotEndLine(c)).toBe(false);
    expect(isCJK('中')).toBe(true);
    expect(isCJK('，')).toBe(false);
    expect(isCJK('a')).toBe(false);
    expect(isOpening('《')).toBe(true);
    expect(isClosing('》')).toBe(true);
    expect(isClosing('。')).toBe(true);
    expect(charClass('—')).toBe('dash');
    expect(charClass('Ａ')).toBe('cjk');
  });

  it('answers mayBreakBetween like the breaker', () => {
    expect(mayBreakBetween('中', '文')).toBe(true);
    expect(mayBreakBetween('a', 'b')).toBe(false);
    expect(mayBreakBetween('—', '—')).toBe(false);
    expect(mayBreakBetween('…', '…')).toBe(false);
    expect(mayBreakBetween('文', '，')).toBe(false);
    expect(mayBreakBetween('“', '文')).toBe(false);
    expect(mayBreakBetween('文', 'P')).toBe(true);
  });
});

describe('line-start and line-end prohibitions', () => {
  it('squeezes a comma into the line rather than starting a line with it', () => {
    // 9 hanzi and a comma are 10 em: in 9.5 em the comma is set half-width rather than
    // pushing 九 down (which would leave 1.5 em to stretch over 8 characters).
    const lines = lay('一二三四五六七八九，十一二三', 9.5);
    expect(texts(lines)[0]).toBe('一二三四五六七八九，');
    const comma = glyph(lines[0]!, '，');
    expect(comma.width).toBeCloseTo(EM / 2);
    expect(end(lines[0]!)).toBeCloseTo(9.5 * EM);
    expect(lines[0]!.justified).toBe(true);
  });

  it('never starts a line with a closing mark', () => {
    // Two marks after the 9th character cannot both be squeezed into 9 em.
    const lines = lay('一二三四五六七八九”。十一二三四五六七八', 9);
    for (const t of texts(lines)) expect(cannotStartLine(t), t).toBe(false);
    for (const l of lines.slice(0, -1)) expect(end(l)).toBeCloseTo(9 * EM, 1);
  });

  it('never ends a line with an opening mark, and cuts its blank at the next line start', () => {
    const lines = lay('一二三四五六七八“九十”一二三四五', 9);
    const t = texts(lines);
    for (const s of t) expect(cannotEndLine(s), s).toBe(false);
    expect(t[1]!.startsWith('“')).toBe(true);
    const quote = lines[1]!.glyphs[0]!;
    expect(quote.x).toBe(0);
    expect(quote.width).toBeCloseTo(EM / 2);
    expect(quote.origin).toBeCloseTo(-EM / 2); // the drawer puts the glyph half an em left
  });

  it('keeps the full opening mark after a first-line indent', () => {
    const [first] = lay('“一二三”四五六七八九十', 20, { firstIndent: 2 * EM });
    expect(first!.glyphs[0]!.x).toBe(2 * EM);
    expect(first!.glyphs[0]!.origin).toBe(2 * EM);
    expect(first!.glyphs[0]!.width).toBe(EM);
  });

  it('does not split —— or ……', () => {
    for (const mark of ['——', '……']) {
      for (let w = 6; w <= 12; w++) {
        const lines = lay(`一二三四五六七八${mark}九十一二三四五六七八九十`, w);
        const t = texts(lines);
        expect(t.some((s) => s.includes(mark)), `${mark} at ${w} em: ${t.join('|')}`).toBe(true);
        for (const s of t) expect(s.startsWith(mark[0]!) && !s.startsWith(mark)).toBe(false);
      }
    }
  });

  it('does not split Latin words', () => {
    for (let w = 8; w <= 14; w++) {
      const lines = lay('一二三四五六七Typesetting八九十 with fonts, 2026年', w);
      const t = texts(lines).join('|');
      expect(t, `${w} em`).toMatch(/Typesetting/);
      expect(t).toMatch(/fonts,/);
      expect(t).toMatch(/2026/);
    }
  });
});

describe('spaces and Latin text', () => {
  it('drops a space at a break and keeps the others', () => {
    const src = 'The quick brown fox jumps over the lazy dog and runs away';
    const lines = lay(src, 6, { align: 'left' });
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) {
      expect(l.glyphs[0]!.text).not.toBe(' ');
      expect(l.glyphs[l.glyphs.length - 1]!.text).not.toBe(' ');
    }
    expect(texts(lines).join(' ')).toBe(src);
  });

  it('breaks an overlong word by character instead of overflowing', () => {
    const word = 'x'.repeat(50);
    const lines = lay(`中文${word}中文`, 10);
    expect(texts(lines).join('')).toBe(`中文${word}中文`);
    for (const l of lines) expect(end(l)).toBeLessThanOrEqual(10 * EM + 1e-6);
  });

  it('keeps combining marks and variation selectors with their base', () => {
    const src = 'Cafe\u0301 葛\u{E0100}城';
    const lines = lay(src, 20, { align: 'left' });
    const all = lines.flatMap((l) => l.glyphs.map((g) => g.text));
    expect(all).toContain('Cafe\u0301');
    expect(all).toContain('葛\u{E0100}');
    expect(all.join('')).toBe(src);
  });
});

describe('punctuation compression', () => {
  it('sets two adjacent marks in 1.5 em', () => {
    const [line] = lay('他说：“好。”我《〈书〉》', 30, { align: 'left' });
    const l = line!;
    const colon = glyph(l, '：');
    const open = glyph(l, '“');
    expect(colon.width).toBeCloseTo(EM / 2);
    expect(open.x - colon.x).toBeCloseTo(EM / 2);
    expect(open.x + open.width - colon.x).toBeCloseTo(1.5 * EM);
    const stop = glyph(l, '。');
    const close = glyph(l, '”');
    expect(close.x + close.width - stop.x).toBeCloseTo(1.5 * EM);
    // opening + opening: the second loses its left blank, drawn half an em left of its box
    const inner = glyph(l, '〈');
    expect(inner.width).toBeCloseTo(EM / 2);
    expect(inner.origin).toBeCloseTo(inner.x - EM / 2);
    // closing + closing
    expect(glyph(l, '〉').width).toBeCloseTo(EM / 2);
    expect(glyph(l, '》').width).toBeCloseTo(EM);
    expect(l.width).toBeCloseTo(end(l));
  });

  it('does not compress an opening followed by a closing mark', () => {
    const [l] = lay('字“”字', 30, { align: 'left' });
    expect(texts([l!])[0]).toBe('字“”字');
    expect(l!.glyphs[2]!.x).toBeCloseTo(2 * EM);
    expect(l!.glyphs[3]!.x).toBeCloseTo(3 * EM);
  });

  it('sets a mark the face draws narrow in its full-width box, the glyph at its side', () => {
    // A 楷-like face: quotes and the middle dot 0.35 em (LXGW WenKai), everything else as the fake font.
    const narrow = (t: string, f: string, s: number) => (f === 'kai' && /^[“”‘’·]$/u.test(t) ? 0.35 * s : fakeMeasure(t, f, s));
    const runs = [{ text: '说', font: 'serif', size: EM }, { text: '“好”字·字', font: 'kai', size: EM }];
    const [l] = layoutParagraph(runs, narrow, { width: 300, em: EM, align: 'left' });
    const [, open, hao, close, zi, dot] = l!.glyphs;
    // Every mark a full em, as the full-width face's would be.
    for (const g of [open, close, dot]) expect(g!.width, g!.text).toBeCloseTo(EM);
    expect(hao!.x - open!.x).toBeCloseTo(EM);
    // “ at the right of its box, ” at the left, · in the centre.
    expect(open!.origin).toBeCloseTo(open!.x + 0.65 * EM);
    expect(close!.origin).toBeCloseTo(close!.x);
    expect(dot!.origin).toBeCloseTo(dot!.x + 0.325 * EM);
    expect(zi!.x).toBeCloseTo(close!.x + EM);
  });

  it('cuts a narrow mark to the half-width box at a line edge and between two marks, never its glyph', () => {
    const narrow = (t: string, f: string, s: number) => (/^[“”]$/u.test(t) ? 0.35 * s : fakeMeasure(t, f, s));
    const lines = layoutParagraph([{ text: '一二三四五六七八“九十”。一二三四五', font: 'kai', size: EM }], narrow, { width: 9 * EM, em: EM, align: 'justify' });
    const open = lines[1]!.glyphs[0]!;
    expect(open.text).toBe('“');
    expect(open.width).toBeCloseTo(EM / 2); // clreq's compressed box
    expect(open.origin + 0.35 * EM).toBeCloseTo(open.x + open.width); // the glyph still ends at the box's right
    const close = lines[1]!.glyphs.find((g) => g.text === '”')!;
    expect(close.width).toBeCloseTo(EM / 2); // ”。 in 1.5 em
    expect(close.origin).toBeCloseTo(close.x);
  });

  it('sets the box at the grid pitch on a character grid', () => {
    const narrow = (t: string, f: string, s: number) => (/^[“”]$/u.test(t) ? 0.35 * s : fakeMeasure(t, f, s) * (/^[“”]$/u.test(t) ? 1 : 0.98));
    const [l] = layoutParagraph([{ text: '字“字”字', font: 'kai', size: EM }], narrow, { width: 300, em: 0.98 * EM, align: 'left', gridScale: 0.98 });
    expect(l!.glyphs[1]!.width).toBeCloseTo(0.98 * EM);
    expect(l!.glyphs[3]!.width).toBeCloseTo(0.98 * EM);
  });

  it('leaves an apostrophe between Latin letters at its own advance', () => {
    const narrow = (t: string, f: string, s: number) => (t === '’' ? 0.3 * s : fakeMeasure(t, f, s));
    const [l] = layoutParagraph([{ text: '说don’t字', font: 'serif', size: EM }], narrow, { width: 300, em: EM, align: 'left' });
    expect(l!.glyphs.find((g) => g.text === '’')!.width).toBeCloseTo(3);
  });
});

describe('CJK–Latin spacing', () => {
  it('puts a quarter em between hanzi and Latin, not as text', () => {
    const [l] = lay('中文PDF文件2026年', 30, { align: 'left' });
    expect(lineText(l!)).toBe('中文PDF文件2026年');
    const [zhong, wen, pdf, wen2, jian, year, nian] = l!.glyphs;
    expect([zhong, wen, pdf, wen2, jian, year, nian].map((g) => g!.text)).toEqual(['中', '文', 'PDF', '文', '件', '2026', '年']);
    expect(wen!.x - (zhong!.x + zhong!.width)).toBeCloseTo(0);
    expect(pdf!.x - (wen!.x + wen!.width)).toBeCloseTo(EM / 4);
    expect(wen2!.x - (pdf!.x + pdf!.width)).toBeCloseTo(EM / 4);
    // Digits beside hanzi are set solid: one rule for body, title and signature.
    expect(year!.x - (jian!.x + jian!.width)).toBeCloseTo(0);
    expect(nian!.x - (year!.x + year!.width)).toBeCloseTo(0);
  });

  it('drops the spacing at line edges', () => {
    const lines = lay('一二三四五六七八九PDF文件很好', 9);
    expect(texts(lines)[1]!.startsWith('PDF')).toBe(true);
    expect(lines[1]!.glyphs[0]!.x).toBe(0);
    expect(end(lines[0]!)).toBeCloseTo(9 * EM);
  });
});

describe('numbers and their units', () => {
  /** The joints a line broke at, as 前｜后 around each break. */
  const seams = (lines: Line[]) => lines.slice(1).map((l, i) => `${lineText(lines[i]!).slice(-2)}｜${lineText(l).slice(0, 2)}`);

  it('never breaks a number from its unit, its per cent sign, inside a date or at a thousands space, at any width', () => {
    const src = '第12次会议于2026年1月20日召开，走访困难职工1 200余户，发放慰问金28.9万元，同比增长12.5%，入会率提高1.2个百分点，会员36.2万人，新会员7 650人，第3批。';
    const bad = /[0-9.%]｜[年月日余万个%次批]|[年月第]｜[0-9]|万｜元|个｜百|百｜分|分｜点|万｜人|余｜户|[0-9]｜[0-9]/;
    for (let w = 8; w <= 30; w += 0.5) { // the date alone is 6.85 em
      const lines = lay(src, w);
      expect(lines.map(lineText).join('').replace(/ /g, ''), `${w} em`).toBe(src.replace(/ /g, ''));
      for (const seam of seams(lines)) expect(seam, `${w} em`).not.toMatch(bad);
    }
  });

  it('breaks inside a number and its unit only when nothing else fits', () => {
    // Three ems hold 2026 and 年 but nothing more: the line must break there.
    const lines = lay('2026年1月20日', 2.5);
    expect(lines.map(lineText).join('')).toBe('2026年1月20日');
  });

  it('keeps the digits of a date solid against its hanzi, and a quarter em beside Latin letters', () => {
    const [l] = lay('2026年3月报送PDF版', 30, { align: 'left' });
    const g = l!.glyphs;
    const gap = (a: number) => g[a + 1]!.x - (g[a]!.x + g[a]!.width);
    expect(g.map((x) => x.text)).toEqual(['2026', '年', '3', '月', '报', '送', 'PDF', '版']);
    for (const k of [0, 1, 2]) expect(gap(k)).toBeCloseTo(0);
    expect(gap(5)).toBeCloseTo(EM / 4);
    expect(gap(6)).toBeCloseTo(EM / 4);
  });
});

describe('justification and alignment', () => {
  it('ends non-final lines at the width and leaves the last line natural', () => {
    const src = '随着改革开放的不断推进，工会在推动经济社会快速发展中扮演着越来越重要的角色。然而，随着经济成分。';
    for (const w of [9.3, 10, 11.7, 13.25]) {
      const lines = lay(src, w, { firstIndent: 2 * EM });
      expect(lines[0]!.indent).toBe(2 * EM);
      expect(lines[0]!.glyphs[0]!.x).toBe(2 * EM);
      for (const l of lines.slice(0, -1)) {
        expect(l.justified).toBe(true);
        expect(Math.abs(end(l) - w * EM)).toBeLessThan(0.5);
      }
      const last = lines[lines.length - 1]!;
      expect(last.justified).toBe(false);
      expect(end(last)).toBeCloseTo(last.width);
      expect(texts(lines).join('')).toBe(src);
    }
  });

  it('spreads the slack between characters, never inside a word', () => {
    const lines = lay('一二三四五六七八九十abc一二三', 10.6);
    const l = lines[0]!;
    const gaps = l.glyphs.slice(1).map((g, i) => g.x - (l.glyphs[i]!.x + l.glyphs[i]!.width));
    for (const g of gaps) expect(g).toBeGreaterThan(0);
    expect(lines.flatMap((x) => x.glyphs.map((g) => g.text))).toContain('abc');
  });

  it('centres and right-aligns without stretching', () => {
    const [c] = lay('一二三', 10, { align: 'center' });
    expect(c!.glyphs[0]!.x).toBeCloseTo(35);
    const [r] = lay('一二三', 10, { align: 'right' });
    expect(end(r!)).toBeCloseTo(100);
    const left = lay('一二三四五六七八九十一二', 10, { align: 'left' });
    expect(left[0]!.justified).toBe(false);
    expect(left[0]!.glyphs[1]!.x).toBe(EM);
  });
});

describe('narrow widths', () => {
  it('leaves a runt rather than open the gaps of a line by more than a quarter em', () => {
    // 一要增强会员 alone on an 8 em first line would open its gaps by 0.4 em.
    const lines = lay('一要增强会员意识。', 10, { firstIndent: 2 * EM });
    expect(texts(lines)).toEqual(['一要增强会员意', '识。']);
  });

  it('never opens hanzi more than a quarter em apart where another break exists', () => {
    const src = '各位委员、同志们：随着改革开放的不断推进，工会在推动经济社会快速发展中扮演着越来越重要的角色。';
    for (let w = 8; w <= 20; w += 0.25) {
      const lines = lay(src, w, { firstIndent: 2 * EM });
      for (const l of lines.slice(0, -1)) {
        const g = l.glyphs;
        for (let k = 1; k < g.length; k++) {
          if (isCJK(g[k]!.text) && isCJK(g[k - 1]!.text)) expect(g[k]!.x - (g[k - 1]!.x + g[k - 1]!.width), `${w} em: ${lineText(l)}`).toBeLessThanOrEqual(EM / 4 + 1e-6);
        }
      }
    }
  });

  it('keeps a single character off the last line of a ragged heading when asked', () => {
    const plain = lay('五要增强服务意识', 7, { align: 'left' });
    expect(texts(plain)).toEqual(['五要增强服务意', '识']);
    expect(texts(lay('五要增强服务意识', 7, { align: 'left', avoidRunt: true }))).toEqual(['五要增强服务', '意识']);
  });
});

describe('runts', () => {
  it('pulls a character down instead of leaving one hanzi alone', () => {
    for (const src of ['一二三四五六七八九十一', '一二三四五六七八九十一。', '一二三四五六七八九十“一”']) {
      const lines = lay(src, 10);
      const last = lineText(lines[lines.length - 1]!);
      expect([...last].filter((c) => isCJK(c)).length, `${src}: ${texts(lines).join('|')}`).toBeGreaterThanOrEqual(2);
      expect(end(lines[0]!)).toBeCloseTo(100);
      expect(texts(lines).join('')).toBe(src);
    }
  });

  it('leaves the runt when asked to', () => {
    const lines = lay('一二三四五六七八九十一', 10, { avoidRunt: false });
    expect(texts(lines)).toEqual(['一二三四五六七八九十', '一']);
  });
});

describe('text preservation', () => {
  it('keeps runs, hard breaks and text', () => {
    const runs: StyledRun[] = [
      { text: '第一行有', font: 'serif', size: EM },
      { text: '粗体Bold', font: 'bold', size: EM },
      { text: 'er文字\n第二行  ', font: 'serif', size: EM },
      { text: '\n\n最后', font: 'serif', size: 12 },
    ];
    const lines = lay(runs, 20, { firstIndent: 2 * EM });
    expect(texts(lines)).toEqual(['第一行有粗体Bolder文字', '第二行', '', '最后']);
    expect(lines[0]!.justified).toBe(false); // a hard break ends the line naturally
    expect(lines[0]!.indent).toBe(2 * EM);
    expect(lines[1]!.indent).toBe(0);
    const bold = lines[0]!.glyphs.filter((g) => g.run === 1).map((g) => g.text).join('');
    expect(bold).toBe('粗体Bold');
    // Bold+er is one word across two runs: no spacing, no stretch between them
    const b = glyph(lines[0]!, 'Bold');
    expect(glyph(lines[0]!, 'er').x).toBeCloseTo(b.x + b.width);
    expect(lines[3]!.glyphs.every((g) => g.run === 3)).toBe(true);
  });

  it('returns no lines for empty text', () => {
    expect(lay('', 10)).toEqual([]);
  });
});

describe('edge cases', () => {
  it('sets one cluster per line when the width is smaller than a character', () => {
    const lines = lay('一二，三abc', 0.5);
    expect(texts(lines).join('')).toBe('一二，三abc');
    expect(lines.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps combining marks across the segmenter windows of a long text', () => {
    const src = '字e\u0301 '.repeat(1500).trim();
    const lines = lay(src, 25);
    const glyphs = lines.flatMap((l) => l.glyphs.map((g) => g.text));
    for (const g of glyphs) expect(/^\p{M}/u.test(g)).toBe(false);
    expect(glyphs.filter((g) => g === 'e\u0301').length).toBe(1500);
  });

  it('sizes a mark’s blank by its own run', () => {
    const runs: StyledRun[] = [{ text: '大字', font: 'serif', size: 20 }, { text: '。”', font: 'serif', size: 20 }];
    const [l] = lay(runs, 30, { align: 'left' });
    expect(glyph(l!, '。').width).toBeCloseTo(10);
    expect(glyph(l!, '”').width).toBeCloseTo(20);
  });
});

describe('web and e-mail addresses', () => {
  const url = 'https://www.example.org/zhigong/shuwu/baoming/index.html?from=jianbao&id=12';

  it('break after / . - _ ? & = #, elsewhere only at a cost: never inside https://, before a mark, or after the first character', () => {
    const lines = lay(`网址：${url}，请报名。`, 12);
    expect(lines.length).toBeGreaterThan(2);
    const joined = texts(lines).join('');
    expect(joined).toBe(`网址：${url}，请报名。`);
    for (const [i, l] of lines.slice(0, -1).entries()) {
      const t = lineText(l);
      const next = lineText(lines[i + 1]!);
      // No line starts with a mark an address breaks after (the break goes after it).
      expect('/.-_?&=#'.includes(next[0]!), `${t} | ${next}`).toBe(false);
      expect(t.endsWith('h') || /https?:?\/?$/.test(t), t).toBe(false);
    }
    // Where the marks give a good line, they are used: most lines end at one.
    const atMarks = lines.slice(0, -1).filter((l) => '/.-_?&=#：'.includes(lineText(l).at(-1)!)).length;
    expect(atMarks).toBeGreaterThanOrEqual((lines.length - 1) / 2);
  });

  it('a narrow 公文 line breaks inside an address rather than spread its hanzi (28 characters)', () => {
    const text = '联系人：王老师，电话：0871-63123456，邮箱：wanglaoshi@union.example.org。报名网址：https://www.union.example.org/activities/2026/calligraphy/registration.html，请于4月30日前登录报名。';
    const lines = lay(text, 28);
    expect(texts(lines).join('')).toBe(text);
    const gap = (l: Line) => Math.max(0, ...l.glyphs.slice(1).map((g, i) => (isCJK(g.text) && isCJK(l.glyphs[i]!.text) ? g.x - (l.glyphs[i]!.x + l.glyphs[i]!.width) : 0)));
    // With breaks after the marks only, lines of this paragraph spread hanzi over half an em apart.
    // (An eighth at most: the date 4月30日 is never split from its units, so the line before it ends at 请于.)
    for (const l of lines.slice(0, -1)) expect(gap(l), lineText(l)).toBeLessThanOrEqual(EM / 8);
  });

  it('leave the line justified with no more stretch between hanzi than a line without an address', () => {
    const text = `联系人：王老师，电话：0871-12345678，邮箱：wang.laoshi@example.org。网址：${url}请于十一月三十日前报名参加。`;
    // A handout's line: 36 characters.
    const lines = lay(text, 36);
    // Every line but the last reaches the full width (but a line of nothing but the address, which
    // has nothing to stretch, set short after one of its marks),
    for (const l of lines.slice(0, -1)) {
      if (l.glyphs.some((g) => isCJK(g.text)) || !'/.-_?&=#'.includes(lineText(l).at(-1)!)) expect(end(l), lineText(l)).toBeCloseTo(36 * EM, 6);
    }
    expect(lines.slice(0, -1).filter((l) => Math.abs(end(l) - 36 * EM) < 1e-6).length).toBeGreaterThanOrEqual(lines.length - 2);
    // spread by at most half an em between hanzi (test/media.test.ts holds a real page's address
    // line to the spacing of the page's other lines).
    const gap = (l: Line) => Math.max(0, ...l.glyphs.slice(1).map((g, i) => (isCJK(g.text) && isCJK(l.glyphs[i]!.text) ? g.x - (l.glyphs[i]!.x + l.glyphs[i]!.width) : 0)));
    const worst = Math.max(...lines.slice(0, -1).map(gap));
    expect(worst).toBeLessThanOrEqual(EM / 2);
  });

  it('an e-mail address breaks at its dots, a word that is no address stays whole', () => {
    const lines = lay('请发邮件至zhang.san.wei@union.example.org联系', 10);
    expect(texts(lines).join('')).toBe('请发邮件至zhang.san.wei@union.example.org联系');
    expect(texts(lines).some((t) => /\.$/.test(t))).toBe(true);
    const word = lay('这是supercalifragilistic一词', 12);
    expect(texts(word).filter((t) => t.includes('super')).every((t) => t.includes('supercalifragilistic'))).toBe(true);
  });

  const mail = '请将报名表发送至邮箱jingsai@example.cn，联系电话0871-12345678。';
  /** Where the lines' breaks fall inside `address` (its first occurrence): the parts on either side. */
  const cutsIn = (lines: Line[], address: string): Array<[string, string]> => {
    const all = texts(lines);
    const start = all.join('').indexOf(address);
    const cuts: Array<[string, string]> = [];
    let at = 0;
    for (const t of all.slice(0, -1)) {
      at += t.length;
      if (start < at && at < start + address.length) cuts.push([address.slice(0, at - start), address.slice(at - start)]);
    }
    return cuts;
  };

  it('an e-mail address breaks before its @ or after its marks, not inside its name, where the hanzi need not be loose for it', () => {
    // At 12 em 邮箱 ends the line (its gaps open by 0.18 em) and the address goes whole to the
    // next: with a twelfth of an em's cost it was cut `jin／gsai`, at 11 em `j／ingsai`.
    for (const width of [11, 12]) {
      const lines = lay(mail, width);
      expect(texts(lines).join('')).toBe(mail);
      expect(cutsIn(lines, 'jingsai@example.cn'), `${width} em: ${texts(lines).join(' | ')}`).toEqual([]);
    }
    // At 10 em the address cannot stay whole: it breaks before its @ rather than after a dot
    // (which left `cn，联系电话` spread over a line).
    const ten = texts(lay(mail, 10));
    expect(ten, ten.join(' | ')).toContain('jingsai');
    expect(ten.some((t) => t.startsWith('@example.cn'))).toBe(true);
  });

  it('cuts a name, where it must, with two letters at least on either side', () => {
    const address = 'jingsai@example.cn';
    let cut = 0;
    for (let width = 6; width <= 30; width += 0.5) {
      const lines = lay(mail, width);
      for (const [head, tail] of cutsIn(lines, address)) {
        const name = (s: string) => s.replace(/^.*[/.\-_?&=#@]/, '');
        const letters = (s: string) => s.match(/^[a-z]*/)![0].length;
        if (/[/.\-_?&=#]$/.test(head) || tail.startsWith('@')) continue; // at a mark or before @
        cut++;
        expect(name(head).length, `${width} em: ${head}／${tail}`).toBeGreaterThanOrEqual(2);
        expect(letters(tail), `${width} em: ${head}／${tail}`).toBeGreaterThanOrEqual(2);
      }
    }
    expect(cut).toBeGreaterThan(0); // some width leaves no other way
  });

  it('a note reference sticks to the character before it, with no space and no break before it', () => {
    const runs: StyledRun[] = [{ text: '字'.repeat(9) + '甲', font: 'serif', size: EM }, { text: '①', font: 'serif', size: EM * 0.6, attached: true }, { text: '，后文。', font: 'serif', size: EM }];
    const lines = lay(runs, 10);
    const first = lineText(lines[0]!);
    // 甲 and ① never part; 甲 cannot end the line without ① after it.
    expect(first.endsWith('甲') ).toBe(false);
    const all = lines.flatMap((l) => l.glyphs);
    const jia = all.findIndex((g) => g.text === '甲');
    expect(all[jia + 1]!.text).toBe('①');
    expect(all[jia + 1]!.x).toBeCloseTo(all[jia]!.x + all[jia]!.width, 6);
  });
});
