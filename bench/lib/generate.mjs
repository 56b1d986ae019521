/**
 * Long test documents for the benchmark, built from the essay's own sentences so that the text,
 * the characters used and the punctuation are those of a real Chinese document, but varied: each
 * paragraph is a fresh draw of sentences (seeded, so a given size is the same document every
 * time), sections are numbered, and some sections carry a quotation and a numbered list so that
 * the kai face and list layout are exercised too. Nothing here is a single paragraph repeated.
 *
 * Every generated source passes `wenshu check` (the exporter refuses sources with lint findings):
 * sentences are taken whole and only when their brackets and quotes balance.
 */

/** Characters of body text that fill about one A4 handout page (12 pt, 1.75 line height). */
export const CHARS_PER_PAGE = 1000;

/** A small, fast, seeded PRNG (mulberry32), so generated documents are reproducible. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAIRS = [['“', '”'], ['（', '）'], ['《', '》'], ['‘', '’'], ['【', '】']];

function balanced(s) {
  return PAIRS.every(([open, close]) => {
    let depth = 0;
    for (const ch of s) {
      if (ch === open) depth++;
      else if (ch === close && --depth < 0) return false;
    }
    return depth === 0;
  });
}

/** Splits a Markdown source (front matter + body) into its front matter, headings and sentences. */
export function harvest(source) {
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(source);
  const body = fm ? source.slice(fm[0].length) : source;
  const headings = [];
  const sentences = [];
  for (const block of body.split(/\n{2,}/)) {
    const text = block.trim();
    if (!text) continue;
    if (text.startsWith('#')) {
      headings.push(text.replace(/^#+\s*/, '').replace(/。$/, ''));
      continue;
    }
    // A sentence ends at 。！？ (plus a closing quote that hugs it).
    for (const m of text.matchAll(/[^。！？]+[。！？]+[”’）]?/gu)) {
      const s = m[0].trim();
      if (s.length >= 8 && balanced(s)) sentences.push(s);
    }
  }
  return { frontMatter: fm ? fm[1] : '', headings, sentences };
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Chinese numeral for 1…99 (十一, 二十三), used in section headings. */
export function chineseNumber(n) {
  if (n <= 10) return NUMERALS[n - 1];
  if (n < 20) return `十${NUMERALS[(n % 10) - 1] ?? ''}`;
  if (n < 100) return `${NUMERALS[Math.floor(n / 10) - 1]}十${n % 10 ? NUMERALS[(n % 10) - 1] : ''}`;
  return String(n);
}

/**
 * A Markdown source of about `pages` pages. `essay` is the essay's source text; the result has
 * the essay's front matter with a new title, and a body of numbered sections.
 */
export function generateDocument(essay, pages, { seed = 8 } = {}) {
  const { frontMatter, headings, sentences } = harvest(essay);
  if (sentences.length < 10) throw new Error('generateDocument: the source has too few sentences');
  const rand = prng(seed * 7919 + pages);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const target = Math.max(1, pages) * CHARS_PER_PAGE;
  const title = `强化意识 认真履职 全面提升工会工作层次与水平（汇编${pages}页）`;
  const fm = frontMatter.replace(/^title:.*$/m, `title: ${title}`);
  const out = [`---\n${fm}\n---\n`];
  let chars = 0;
  let section = 0;
  while (chars < target) {
    section++;
    const heading = `第${chineseNumber(((section - 1) % 99) + 1)}部分：${pick(headings)}`;
    out.push(`# ${heading}\n`);
    chars += heading.length;
    const paragraphs = 3 + Math.floor(rand() * 4);
    for (let p = 0; p < paragraphs && chars < target; p++) {
      if (p === 2 && section % 4 === 0) out.push(`## ${section}.${p}　${pick(headings)}\n`);
      const n = 2 + Math.floor(rand() * 6);
      const parts = [];
      for (let i = 0; i < n; i++) parts.push(pick(sentences));
      // Vary further: a numbered clause in some paragraphs, so runs of text are not all alike.
      if (rand() < 0.3) parts.splice(1, 0, `这是第${section}部分第${p + 1}段的要求之一。`);
      const text = parts.join('');
      out.push(`${text}\n`);
      chars += text.length;
    }
    if (section % 5 === 0) {
      const quote = pick(sentences);
      out.push(`> ${quote}\n`);
      const items = [pick(sentences), pick(sentences), pick(sentences)];
      out.push(items.map((s, i) => `${i + 1}. ${s}`).join('\n') + '\n');
      chars += quote.length + items.join('').length;
    }
  }
  return out.join('\n');
}

/**
 * Sources of one extreme shape, for the scale cases: each is lint-clean and `count` units long,
 * so that the bench shows how the time grows when the count doubles (it must about double too).
 * - `dashes`: one paragraph that is a single run of `count` ——;
 * - `headings`: `count` consecutive headings and one paragraph after them;
 * - `paragraphs`: `count` one-line paragraphs;
 * - `nested`: a block quote `count` levels deep around one paragraph.
 */
export const SHAPES = ['dashes', 'headings', 'paragraphs', 'nested'];

export function generateShape(shape, count) {
  const front = `---\ntitle: 极端形状：${shape} × ${count}\n---\n`;
  switch (shape) {
    case 'dashes':
      return `${front}${'——'.repeat(count)}\n`;
    case 'headings':
      return `${front}${Array.from({ length: count }, (_, i) => `# 第${i + 1}节\n`).join('')}\n正文。\n`;
    case 'paragraphs':
      return `${front}${Array.from({ length: count }, (_, i) => `第${i + 1}段。\n`).join('\n')}`;
    case 'nested':
      return `${front}${Array.from({ length: count }, (_, i) => `${'>'.repeat(i + 1)} 第${i + 1}层。\n`).join('')}`;
    default:
      throw new Error(`generateShape: unknown shape ${shape}`);
  }
}

/**
 * A table of `rows` body rows (a 名额分配表 with a long remark in every row), and the same cells'
 * text as plain paragraphs, one row a paragraph: the bench compares the two (issue 15: the table
 * must take less than twice as long).
 */
export function tableRows(rows) {
  return Array.from({ length: rows }, (_, i) => [String(i + 1), `第${i + 1}工会小组`, String((i * 37) % 100), `第${i + 1}行备注：按时报送材料，做好组织协调工作。`]);
}

export function generateTable(rows) {
  const body = tableRows(rows).map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  return `---\ntitle: 表格基准：${rows}行\n---\n\nTable: 表1　各小组名额分配表\n\n| 序号 | 小组 | 名额 | 备注 |\n|:-:|:--|--:|:--|\n${body}\n`;
}

export function generateTableAsParagraphs(rows) {
  const body = tableRows(rows).map((cells) => cells.join('　')).join('\n\n');
  return `---\ntitle: 表格基准：${rows}行\n---\n\n表1　各小组名额分配表\n\n序号　小组　名额　备注\n\n${body}\n`;
}
