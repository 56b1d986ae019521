/**
 * The Markdown writer: what it writes reads back (parseSource) as the same model, whatever the
 * text holds that Markdown would read as syntax; tables, figures, links and footnotes are written
 * in the syntax their issues define and read back the same (tables once the reader has them).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/api.js';
import type { Document, Inline } from '../src/model/index.js';
import { writeMarkdown, yamlString } from '../src/writers/markdown.js';
import { normalDocument } from './helpers/model.js';

const doc = (children: Inline[], extra: Partial<Document> = {}): Document => ({
  meta: { title: '标题', lang: 'zh-CN', keywords: [] },
  blocks: [{ type: 'paragraph', children }],
  ...extra,
});

const roundTrip = (d: Document) => parseSource(writeMarkdown(d), 'out.md');

describe('writing text that Markdown would misread', () => {
  const hazards = [
    '1. 不是列表', '1) 也不是', '# 不是标题', '> 不是引用', '- 不是条目', '+ 不是条目', '* 不是条目', '***', '---', '===', '___',
    '星号*不是强调*', '下划线_也不是_', '`不是代码`', '[不是链接](x)', '![不是图片](x.png)', '<b>不是HTML</b>', '&amp; 不是实体 &#20013;',
    '反斜杠\\与\\*', '[^1] 不是脚注', '管道 | 字符', '波浪 ~~ 线', '尾随 #', 'a_b_c', '1.5 倍', '    四个空格开头', '中文  两个空格',
  ];
  for (const text of hazards) {
    it(`keeps «${text}» as text`, () => {
      const back = roundTrip(doc([{ type: 'text', value: text }]));
      const expected = text.trim();
      expect(back.blocks).toHaveLength(1);
      expect(normalDocument(back)).toEqual(normalDocument(doc([{ type: 'text', value: expected }])));
    });
  }

  it('keeps any text of these characters as text (property)', () => {
    const alphabet = ['中', '文', '。', '，', 'a', 'Z', '0', '9', ' ', '*', '_', '`', '[', ']', '<', '>', '#', '-', '+', '=', '!', '&', '|', '\\', '.', ')', '(', '~', ':', '"', "'", ';', '^', '{', '}', '“', '”', '\u3000'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 24 }), (chars) => {
        const text = chars.join('').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
        fc.pre(text !== '' && !/ {2,}$/.test(text));
        const back = roundTrip(doc([{ type: 'text', value: text }]));
        expect(normalDocument(back)).toEqual(normalDocument(doc([{ type: 'text', value: text }])));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps emphasis, strong and hard breaks next to Chinese punctuation', () => {
    const cases: Inline[][] = [
      [{ type: 'text', value: '前' }, { type: 'emphasis', children: [{ type: 'text', value: '“引号”' }] }, { type: 'text', value: '后' }],
      [{ type: 'strong', children: [{ type: 'text', value: '加粗，' }] }, { type: 'text', value: '和' }],
      [{ type: 'text', value: 'Word' }, { type: 'strong', children: [{ type: 'text', value: '（括号）' }] }, { type: 'text', value: '2026' }],
      [{ type: 'emphasis', children: [{ type: 'strong', children: [{ type: 'text', value: '两者' }] }] }, { type: 'text', value: '兼有' }],
      [{ type: 'text', value: '第一行：' }, { type: 'break' }, { type: 'text', value: '1. 第二行' }, { type: 'break' }, { type: 'text', value: '# 第三行' }],
    ];
    for (const children of cases) expect(normalDocument(roundTrip(doc(children)))).toEqual(normalDocument(doc(children)));
  });

  it('writes headings, quotes, nested lists and breaks that read back the same', () => {
    const d: Document = {
      meta: { title: '标题', lang: 'zh-CN', keywords: [] },
      blocks: [
        { type: 'heading', level: 2, children: [{ type: 'text', value: '二、标题 #' }] },
        { type: 'list', ordered: true, start: 7, items: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: '甲' }] }, { type: 'list', ordered: false, start: 1, items: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: '乙' }] }] }] }] }] },
        { type: 'list', ordered: true, start: 1, items: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: '另一个列表' }] }] }] },
        { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', value: '引' }] }, { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', value: '套' }] }] }] },
        { type: 'thematicBreak' },
        { type: 'list', ordered: false, start: 1, items: [{ type: 'listItem', children: [] }, { type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: '有字' }] }] }] },
      ],
    };
    expect(normalDocument(roundTrip(d))).toEqual(normalDocument(d));
  });
});

describe('front matter', () => {
  it('quotes what YAML would read as something else, and reads back the same metadata', () => {
    for (const title of ['2026', 'true', 'null', '标题: 副标题', '#1 号文', '[草稿] 通知', '- 列表样', '“引号”标题', '  ', '2026-11-23', "It's", 'a #b']) {
      const d: Document = { meta: { title: title.trim() || '空', lang: 'zh-CN', keywords: ['甲, 乙', '丙'], byline: '作者系：某人', subject: '0x10', date: '2026-11-23', author: '@某人' }, blocks: [{ type: 'paragraph', children: [{ type: 'text', value: '正文' }] }] };
      expect(normalDocument(roundTrip(d))).toEqual(normalDocument(d));
    }
    expect(yamlString('普通标题')).toBe('普通标题');
    expect(yamlString('2026')).toBe('"2026"');
  });
});

describe('tables, images, links and footnotes', () => {
  it('writes a table as a GFM pipe table with its alignment row and a Table: caption', () => {
    const d: Document = {
      meta: { title: '表', lang: 'zh-CN', keywords: [] },
      blocks: [{
        type: 'table', align: ['left', 'center', undefined],
        head: [{ type: 'tableRow', cells: ['姓名', '单位', '人数'].map((t) => ({ type: 'tableCell' as const, children: [{ type: 'text' as const, value: t }] })) }],
        body: [{ type: 'tableRow', cells: ['张|三', '办公室', '2'].map((t) => ({ type: 'tableCell' as const, children: [{ type: 'text' as const, value: t }] })) }],
        caption: [{ type: 'text', value: '表1　名额' }],
      }],
    };
    expect(writeMarkdown(d)).toBe('---\ntitle: 表\n---\n| 姓名 | 单位 | 人数 |\n| :--- | :---: | --- |\n| 张\\|三 | 办公室 | 2 |\n\nTable: 表1　名额\n');
  });

  it('writes figures, inline images, links and footnotes', () => {
    const d: Document = {
      meta: { title: '图', lang: 'zh-CN', keywords: [] },
      blocks: [
        { type: 'figure', image: { type: 'image', src: 'a b.png', alt: '照片' }, caption: [{ type: 'text', value: '图1　照片' }] },
        { type: 'paragraph', children: [
          { type: 'text', value: '见' }, { type: 'link', url: 'https://example.org/a(1)', title: '说"明"', children: [{ type: 'text', value: '官网' }] },
          { type: 'footnoteReference', label: '1' }, { type: 'image', src: 'i.png', alt: '图标' }, { type: 'text', value: '。' },
        ] },
      ],
      footnotes: [{ label: '1', children: [{ type: 'paragraph', children: [{ type: 'text', value: '注一。' }] }, { type: 'paragraph', children: [{ type: 'text', value: '注一第二段。' }] }] }],
    };
    expect(writeMarkdown(d)).toBe(
      '---\ntitle: 图\n---\n![照片](<a b.png> "图1　照片")\n\n见[官网](<https://example.org/a(1)> "说\\"明\\"")[^1]![图标](i.png)。\n\n[^1]: 注一。\n\n    注一第二段。\n',
    );
  });

  it('reads figures, inline images, links and footnotes back as the same model', () => {
    const d: Document = {
      meta: { title: '图', lang: 'zh-CN', keywords: [] },
      blocks: [
        // The reader gives a figure's image its caption as title: that is what the writer writes.
        { type: 'figure', image: { type: 'image', src: 'a b.png', alt: '照片', title: '图1　照片' }, caption: [{ type: 'text', value: '图1　照片' }] },
        { type: 'paragraph', children: [
          { type: 'text', value: '见' }, { type: 'link', url: 'https://example.org/a(1)', title: '说"明"', children: [{ type: 'text', value: '官网' }] },
          { type: 'footnoteReference', label: '1' }, { type: 'image', src: 'i.png', alt: '图标' }, { type: 'text', value: '，邮箱' },
          { type: 'link', url: 'mailto:a@example.org', children: [{ type: 'text', value: 'a@example.org' }] }, { type: 'text', value: '。' },
        ] },
      ],
      footnotes: [{ label: '1', children: [{ type: 'paragraph', children: [{ type: 'text', value: '注一。' }] }, { type: 'paragraph', children: [{ type: 'text', value: '注一第二段。' }] }] }],
    };
    expect(normalDocument(roundTrip(d))).toEqual(normalDocument(d));
  });

  it('reads tables back as the same model: alignment, header, cells with marks and pipes, caption', () => {
    const cell = (children: Inline[]) => ({ type: 'tableCell' as const, children });
    const t = (value: string): Inline => ({ type: 'text', value });
    const d: Document = {
      meta: { title: '表', lang: 'zh-CN', keywords: [] },
      blocks: [
        { type: 'paragraph', children: [t('各单位名额如下：')] },
        {
          type: 'table', align: ['left', 'center', 'right', undefined],
          head: [{ type: 'tableRow', cells: [cell([t('序号')]), cell([t('单位')]), cell([t('名额')]), cell([t('备注')])] }],
          body: [
            { type: 'tableRow', cells: [cell([t('1')]), cell([t('市总工会机关')]), cell([t('12')]), cell([{ type: 'strong', children: [t('含')] }, t('列席 | 2人')])] },
            { type: 'tableRow', cells: [cell([t('2')]), cell([t('县（市、区）总工会')]), cell([t('30')]), cell([])] },
          ],
          caption: [t('表1　2026年度名额分配表')],
        },
      ],
    };
    expect(normalDocument(roundTrip(d))).toEqual(normalDocument(d));
  });
});
