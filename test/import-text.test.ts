/**
 * The text reader and the structure recogniser: the seed capture becomes content/essay.md, an
 * office system's 公文 text is recognised element by element, hard-wrapped lines are joined back,
 * and every encoding the issue names is read.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { importFile, loadSource, parseSource, renderDocument } from '../src/api.js';
import { convert } from '../src/importer.js';
import { chineseDate, headingLike, numberingOf } from '../src/readers/numbering.js';
import { columns, decodeText, readText } from '../src/readers/text.js';
import { documentText, fidelityKey, inlineText } from '../src/model/text.js';
import type { Block } from '../src/model/index.js';
import { tempDir } from './helpers/cli.js';
import { normalBlocks } from './helpers/model.js';
import { essayPath, firstDifference, root, seedKey } from './helpers/seed.js';

const texts = (blocks: readonly Block[]) => blocks.map((b) => (b.type === 'heading' || b.type === 'paragraph' ? `${b.type === 'heading' ? `h${b.level} ` : ''}${inlineText(b.children)}` : b.type));

describe('the seed capture', () => {
  it('imports into a source NFKC-equal to content/essay.md, with the same structure', async () => {
    const dir = tempDir('wenshu-import-seed-');
    const input = join(dir, 'essay-as-scraped.txt');
    copyFileSync(join(root, 'test/fixtures/essay-as-scraped.txt'), input);
    const result = await importFile(input);
    const essay = await loadSource(essayPath);
    expect(result.findings).toEqual([]);
    const doc = result.document!;
    // Every character of the capture, none added: NFKC of the whole text equals NFKC of the seed.
    expect(firstDifference(fidelityKey(documentText(doc, { markers: false })), seedKey())).toBe('equal');
    expect(firstDifference(fidelityKey(documentText(doc, { markers: false })), fidelityKey(documentText(essay, { markers: false })))).toBe('equal');
    // The same structure: title, opening paragraph, five headings each over a paragraph, closing paragraph, byline.
    expect(doc.meta.title).toBe(essay.meta.title);
    expect(doc.meta.byline).toBe(essay.meta.byline);
    expect(doc.blocks.map((b) => b.type)).toEqual(essay.blocks.map((b) => b.type));
    expect(doc.blocks.filter((b) => b.type === 'heading')).toHaveLength(5);
    // And, the full-width punctuation restored by the safe fixes, the very same text.
    expect(normalBlocks(doc.blocks)).toEqual(normalBlocks(essay.blocks));
    expect(result.summary).toBe('title, 5 headings (1 level), byline');
    expect(result.notes.join('\n')).toMatch(/repeated/);
    expect(result.fixed).toBeGreaterThan(50);
  });
});

/** A notice as an office system gives it: indented paragraphs, hard-wrapped at 30 characters. */
const NOTICE = [
  '关于做好2026年度工会会员',
  '信息采集工作的通知',
  '',
  '各基层工会：',
  '　　为进一步加强会员管理，根据上级工会的部署，现就做好',
  '2026年度工会会员信息采集工作有关事项通知如下。',
  '　　一、采集范围',
  '　　全体在册工会会员，包括新入会会员和转入会员，均应按',
  '要求采集信息。',
  '　　二、工作要求',
  '　　（一）加强组织领导',
  '　　各基层工会要高度重视，明确专人负责，确保信息采集工',
  '作按时完成。',
  '　　（二）确保信息准确',
  '　　采集信息须真实准确，由本人核对签字。',
  '　　附件：1.会员信息采集表',
  '　　　　　2.采集工作联系人名单',
  '',
  '　　　　　　　　　　　　　　　　滇南市总工会',
  '　　　　　　　　　　　　　　　　2026年11月20日',
  '　　（此件主动公开）',
  '',
  '抄送：市委办公室，市政府办公室。',
  '滇南市总工会办公室　　　　　　2026年11月21日印发',
  '',
].join('\r\n');

describe('a 公文 as text', () => {
  it('keeps the 主送机关 apart from the line under it, in text whose paragraphs are set off by blank lines (issue 20)', async () => {
    const text = '关于开会的通知\n\n各处室：\n定于明天上午开会，请准时参加。\n\n一、会议地点\n三楼会议室。\n\n某某局\n2024年3月1日\n';
    const result = await convert(Buffer.from(text), 'f.txt');
    expect(result.recognition.addressee).toBe('各处室：');
    expect(texts(result.document.blocks).slice(0, 3)).toEqual(['各处室：', '定于明天上午开会，请准时参加。', 'h1 一、会议地点']);
    const gongwen = await convert(Buffer.from(text), 'f.txt', { preset: 'gongwen' });
    expect(gongwen.document.meta.official?.to).toBe('各处室');
    // Further down, a line ending with ： is the text's own: it still runs on into the next line.
    const later = readText('标题\n\n各处室：\n正文。\n\n具体如下：\n第一项。\n');
    expect(texts(later.blocks).slice(1)).toEqual(['各处室：', '正文。', '具体如下：\n第一项。']);
  });

  it('finds the title (over two lines), 主送机关, two levels of headings, 附件说明, 署名, 成文日期, 附注, 抄送 and 印发', async () => {
    const result = await convert(iconv.encode(NOTICE, 'gb18030'), 'notice.txt');
    const r = result.recognition;
    expect(result.encoding).toBe('gb18030');
    expect(r.title).toEqual({ text: '关于做好2026年度工会会员信息采集工作的通知', from: 'first line' });
    expect(r.addressee).toBe('各基层工会：');
    expect([r.headings, r.headingLevels]).toEqual([4, 2]);
    expect(r.attachments).toEqual(['1.会员信息采集表', '2.采集工作联系人名单']);
    expect(r.signer).toBe('滇南市总工会');
    expect(r.date).toEqual({ text: '2026年11月20日', iso: '2026-11-20' });
    expect(r.note).toBe('（此件主动公开）');
    expect(r.cc).toBe('抄送：市委办公室，市政府办公室。');
    expect(r.printing).toBe('滇南市总工会办公室　　　　　　2026年11月21日印发');
    expect(result.summary).toBe('title, 主送机关, 4 headings (2 levels), 附件说明, 署名, 成文日期, 附注, 抄送, 印发');
    expect(result.keptInBody).toEqual(['主送机关', '附件说明', '署名', '附注', '抄送', '印发']);
    expect(result.document.meta.date).toBe('2026-11-20');
    expect(texts(result.document.blocks)).toEqual([
      '各基层工会：',
      '为进一步加强会员管理，根据上级工会的部署，现就做好2026年度工会会员信息采集工作有关事项通知如下。',
      'h1 一、采集范围',
      '全体在册工会会员，包括新入会会员和转入会员，均应按要求采集信息。',
      'h1 二、工作要求',
      'h2 （一）加强组织领导',
      '各基层工会要高度重视，明确专人负责，确保信息采集工作按时完成。',
      'h2 （二）确保信息准确',
      '采集信息须真实准确，由本人核对签字。',
      '附件：1.会员信息采集表\n2.采集工作联系人名单',
      '滇南市总工会',
      '（此件主动公开）',
      '抄送：市委办公室，市政府办公室。',
      '滇南市总工会办公室　　　　　　2026年11月21日印发',
    ]);
  });

  it('with --preset gongwen, writes the 主送, 附件说明, 署名, 附注, 抄送 and 印发 as front-matter keys, out of the body; the source exports', async () => {
    const result = await convert(iconv.encode(NOTICE, 'gb18030'), 'notice.txt', { preset: 'gongwen' });
    expect(result.keptInBody).toEqual([]);
    expect(result.document.meta.official).toEqual({
      format: '文件', to: '各基层工会', attachments: [{ title: '会员信息采集表' }, { title: '采集工作联系人名单' }], signature: ['滇南市总工会'],
      note: '此件主动公开', cc: '市委办公室，市政府办公室', printer: '滇南市总工会办公室', printed: '2026-11-21',
    });
    const body = texts(result.document.blocks);
    for (const gone of ['各基层工会：', '滇南市总工会', '（此件主动公开）']) expect(body).not.toContain(gone);
    expect(body.some((t) => /附件|抄送|印发/u.test(t))).toBe(false);
    expect(result.source).toContain('to: 各基层工会\nattachments:\n  - 会员信息采集表\n  - 采集工作联系人名单\nsignature: 滇南市总工会\nnote: 此件主动公开\ncc: 市委办公室，市政府办公室\nprinter: 滇南市总工会办公室\nprinted: 2026-11-21\n');
    // Read back, the keys are the same elements (and the PDF prints them: gongwen-elements.test.ts).
    const again = parseSource(result.source, 'notice.md');
    expect(again.meta.official).toEqual(result.document.meta.official);
    expect(new TextDecoder().decode(await renderDocument(again, 'txt'))).toMatch(/各基层工会：[\s\S]*附件：1\.会员信息采集表[\s\S]*滇南市总工会\n2026年11月20日[\s\S]*（此件主动公开）[\s\S]*抄送：市委办公室，市政府办公室。[\s\S]*2026年11月21日印发/u);
  });

  it('takes the —— line under a speech\'s title as its subtitle, in text and in HTML', async () => {
    const speech = '凝心聚力 担当作为 奋力开创新时代工会工作新局面\n——在市总工会第十五届委员会第三次全体会议上的讲话\n\n各位委员、同志们：\n\n这次全委会的主要任务是，总结工作，部署任务。\n';
    for (const [bytes, name] of [
      [Buffer.from(speech), 'speech.txt'],
      [Buffer.from('<html><body><h1>凝心聚力 担当作为 奋力开创新时代工会工作新局面</h1><p>——在市总工会第十五届委员会第三次全体会议上的讲话</p><p>各位委员、同志们：</p><p>这次全委会的主要任务是，总结工作，部署任务。</p></body></html>'), 'speech.html'],
    ] as const) {
      const result = await convert(bytes, name);
      expect(result.document.meta.subtitle, name).toBe('——在市总工会第十五届委员会第三次全体会议上的讲话');
      expect(result.summary, name).toMatch(/^title, subtitle, /);
      expect(result.source, name).toContain('\nsubtitle: ——在市总工会第十五届委员会第三次全体会议上的讲话\n');
      expect(texts(result.document.blocks)[0], name).toBe('各位委员、同志们：');
    }
    // A paragraph that opens with —— but is a sentence stays in the body.
    const result = await convert(Buffer.from('标题\n\n——这是一个完整的句子，不是副标题。\n\n正文。\n'), 'x.txt');
    expect(result.document.meta.subtitle).toBeUndefined();
  });

  it('reads a table pasted in the pipe layout, its caption the line above it', async () => {
    const text = '名额分配\n\n现将各单位名额通知如下。\n\n表1　2026年度名额分配表\n| 单位 | 名额 | 备注 |\n|:---:|---:|---|\n| 办公室 | 2 | |\n| 财务科 | 12 | 含列席 |\n\n请按时报送。\n';
    const result = await convert(Buffer.from(text), 'paste.txt');
    expect(result.summary).toBe('title, no headings, 1 table');
    const table = result.document.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && {
      align: table.align,
      caption: inlineText(table.caption ?? []),
      rows: [...table.head, ...table.body].map((r) => r.cells.map((c) => inlineText(c.children))),
    }).toEqual({ align: ['center', 'right', undefined], caption: '表1　2026年度名额分配表', rows: [['单位', '名额', '备注'], ['办公室', '2', ''], ['财务科', '12', '含列席']] });
    expect(texts(result.document.blocks)).toEqual(['现将各单位名额通知如下。', 'table', '请按时报送。']);
  });

  it('writes a source that wenshu check accepts, with --preset gongwen in its front matter', async () => {
    const dir = tempDir('wenshu-import-notice-');
    const input = join(dir, 'notice.txt');
    writeFileSync(input, iconv.encode(NOTICE, 'gb18030'));
    const result = await importFile(input, { preset: 'gongwen' });
    expect(result.findings).toEqual([]);
    expect(result.output).toBe(join(dir, 'notice.md'));
    const source = readFileSync(result.output, 'utf8');
    expect(source).toMatch(/^---\ntitle: 关于做好2026年度工会会员信息采集工作的通知\ndate: 2026-11-20\npreset: gongwen\nto: 各基层工会\n[^]*\n---\n为进一步加强会员管理/);
    expect(result.document!.meta.preset).toBe('gongwen');
  });
});

describe('paragraphs from lines', () => {
  it('joins lines hard-wrapped at a width: nothing between hanzi, a space between Latin words', () => {
    const lines = ['　　这是一段很长的文字，被办公系统按固定宽度折成', '了好几行，每一行都差不多一样长，中间还有些 Latin', 'text that wraps across lines，最后一行短。'];
    expect(lines.map(columns)).toEqual([48, 48, 42]);
    const draft = readText(['标题', '', ...lines, '　　第二段。'].join('\n'));
    expect(texts(draft.blocks)).toEqual(['标题', '这是一段很长的文字，被办公系统按固定宽度折成了好几行，每一行都差不多一样长，中间还有些 Latin text that wraps across lines，最后一行短。', '第二段。']);
  });

  it('takes a line break between two hanzi as no paragraph break, one after a full stop as a line break', () => {
    const draft = readText(['标题', '', '第一行在句中断开', '接着写完。', '新的一行。', '', '另一段。'].join('\n'));
    const p = draft.blocks[1]!;
    expect(p.type === 'paragraph' && p.children).toEqual([{ type: 'text', value: '第一行在句中断开接着写完。' }, { type: 'break' }, { type: 'text', value: '新的一行。' }]);
    expect(texts(draft.blocks).slice(2)).toEqual(['另一段。']);
  });

  it('makes each line a paragraph when the text has neither blank lines nor indentation', () => {
    expect(texts(readText('标题\n第一段。\n第二段。\n第三段。').blocks)).toEqual(['标题', '第一段。', '第二段。', '第三段。']);
  });

  it('reads lists, nested by indentation, quotations indented deeper, and thematic breaks', () => {
    const draft = readText(['标题', '', '　　正文一段。', '', '1. 甲', '2. 乙', '   • 乙一', '', '　　　　引用的话。', '', '＊　＊　＊', '', '　　正文二段。'].join('\n'));
    expect(normalBlocks(draft.blocks.slice(1))).toEqual([
      { type: 'paragraph', children: [{ type: 'text', value: '正文一段。' }] },
      {
        type: 'list', ordered: true, start: 1,
        items: [
          [{ type: 'paragraph', children: [{ type: 'text', value: '甲' }] }],
          [{ type: 'paragraph', children: [{ type: 'text', value: '乙' }] }, { type: 'list', ordered: false, start: 1, items: [[{ type: 'paragraph', children: [{ type: 'text', value: '乙一' }] }]] }],
        ],
      },
      { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', value: '引用的话。' }] }] },
      { type: 'thematicBreak' },
      { type: 'paragraph', children: [{ type: 'text', value: '正文二段。' }] },
    ]);
  });

  it('splits off an author note glued to the last paragraph as the byline', async () => {
    const result = await convert(Buffer.from('标题\n正文。\n最后一段。(作者系某单位干部)'), 'a.txt');
    expect(result.document.meta.byline).toBe('作者系某单位干部');
    expect(texts(result.document.blocks)).toEqual(['正文。', '最后一段。']);
  });
});

describe('recognising', () => {
  it('tells headings from sentences', () => {
    expect(headingLike('一要增强会员意识。')).toBe(true);
    expect(headingLike('一、提高认识，加强领导')).toBe(true);
    expect(headingLike('1. 这一段以数字和点开头，却不是列表。')).toBe(false);
    expect(headingLike('各基层工会：')).toBe(false);
    expect(headingLike('（一）加强领导。各地要高度重视。')).toBe(false);
    expect(headingLike('很'.repeat(41))).toBe(false);
    expect(['一、总体要求', '（一）目标', '1.加强领导', '（1）明确责任', '第一章 总则', '一要增强'].map(numberingOf)).toEqual(['一、', '（一）', '1.', '（1）', '第一章', undefined]);
    expect(numberingOf('1.5倍')).toBeUndefined();
  });

  it('reads dates as 公文 write them, and only real days', () => {
    expect(chineseDate('2026年11月23日')).toBe('2026-11-23');
    expect(chineseDate('二〇二六年十一月二十三日')).toBe('2026-11-23');
    expect(chineseDate('二〇二六年一月五日')).toBe('2026-01-05');
    expect(chineseDate('２０２６年２月２８日')).toBe('2026-02-28');
    expect(chineseDate('2026年2月30日')).toBeUndefined();
    expect(chineseDate('2026年11月23日印发')).toBeUndefined();
  });

  it('counts a series 一要… 二要… as headings only when it runs in order', async () => {
    const inOrder = await convert(Buffer.from('标题\n一要甲。\n正文。\n二要乙。\n正文。'), 'a.txt');
    expect(inOrder.recognition.headings).toBe(2);
    const stray = await convert(Buffer.from('标题\n三要甲。\n正文。\n一要乙。\n正文。'), 'a.txt');
    expect(stray.recognition.headings).toBe(0);
  });

  it('uses the file name as the title when the text has none, and says so', async () => {
    const result = await convert(Buffer.from('这是一段很长的正文，没有标题，开头就是句子。第二句也在这里。'), 'dir/会议纪要.txt');
    expect(result.document.meta.title).toBe('会议纪要');
    expect(result.notes.join('\n')).toMatch(/file name/);
  });
});

describe('encodings', () => {
  const text = '标题\n\n　　正文，含“引号”与𠀾。\n';
  it('reads UTF-8 with and without a BOM, UTF-16 with a BOM (either order) and GB18030, detected', () => {
    const utf16be = Buffer.from(iconv.encode(text, 'utf-16be'));
    const cases: Array<[Uint8Array, string]> = [
      [Buffer.from(text), 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'utf-16le'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]), 'utf-16be'],
      [iconv.encode(text, 'gb18030'), 'gb18030'],
      [iconv.encode(text.replace(/\n/g, '\r\n'), 'gb18030'), 'gb18030'],
    ];
    for (const [bytes, encoding] of cases) expect(decodeText(bytes, 'x.txt')).toEqual({ text, encoding });
  });
});
