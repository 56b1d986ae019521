/**
 * Issue 20's 公文: the importer recognises a 公文 that wenshu exported (DOCX, TXT) and one typed by
 * hand the same way: the 版头 (份号, 密级, 紧急程度, 发文机关标志, 签发人, 发文字号), 主送机关, the
 * 附件说明, 署名 with its seal, 成文日期, 附注, the attachment pages and the 版记 (抄送, 印发). They
 * become the front-matter keys of the 公文 elements (README), and the summary line names them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile, loadSource, parseSource, renderDocument } from '../src/api.js';
import { convert } from '../src/importer.js';
import { inlineText } from '../src/model/text.js';
import type { Block } from '../src/model/index.js';
import { tempDir } from './helpers/cli.js';
import { libreOfficeToDocx, SOFFICE, unzipDocx } from './helpers/docx.js';
import { hasProgram } from './helpers/programs.js';
import { normalBlocks } from './helpers/model.js';
import { root } from './helpers/seed.js';

const notice = join(root, 'content/notice.md');
const texts = (blocks: readonly Block[]) => blocks.map((b) => (b.type === 'heading' || b.type === 'paragraph' ? `${b.type === 'heading' ? `h${b.level} ` : ''}${inlineText(b.children)}` : b.type));

describe('a 公文 exported by wenshu imports back with every element', () => {
  for (const format of ['txt', 'docx'] as const) {
    it(`${format.toUpperCase()}: the 版头, 主送, 附件 with their text, 署名, ${format === 'docx' ? '印章, ' : ''}成文日期, 附注 and 版记 as the source's keys`, async () => {
      const doc = await loadSource(notice);
      const dir = tempDir('wenshu-import-gongwen-');
      const file = join(dir, `通知.${format}`);
      writeFileSync(file, await renderDocument(doc, format));
      const result = await importFile(file);
      expect(result.findings).toEqual([]);
      const back = result.document!;
      const { attachments, seal, ...keys } = doc.meta.official!;
      const { attachments: backAttachments, seal: backSeal, ...backKeys } = back.meta.official!;
      expect(backKeys).toEqual(keys);
      expect(backAttachments!.map((a) => a.title)).toEqual(attachments!.map((a) => a.title));
      expect(backAttachments!.map((a) => normalBlocks(a.blocks!).length)).toEqual(attachments!.map((a) => normalBlocks(a.blocks!).length));
      expect(back.meta.date).toBe(doc.meta.date);
      expect(back.meta.preset).toBe('gongwen');
      if (format === 'docx') {
        // The seal: the picture on the 署名, extracted beside the new source with the bytes that went in.
        expect(backSeal).toHaveLength(1);
        expect(Buffer.compare(readFileSync(join(dirname(result.output), backSeal![0]!)), readFileSync(join(root, 'content', seal![0]!)))).toBe(0);
        expect(result.summary).toBe('版头 (份号, 紧急程度, 发文机关标志, 发文字号), title, 主送机关, 2 headings (1 level), 1 table, 附件说明, 署名, 印章, 成文日期, 附注, 2 附件 pages, 抄送, 印发');
      } else {
        // Plain text has no picture: no seal comes back from it.
        expect(backSeal).toBeUndefined();
        expect(result.summary).toBe('版头 (份号, 紧急程度, 发文机关标志, 发文字号), title, 主送机关, 2 headings (1 level), 1 table, 附件说明, 署名, 成文日期, 附注, 2 附件 pages, 抄送, 印发');
      }
      expect(result.keptInBody).toEqual([]);
      // The attachments' text is written as the # 附件N sections the source has.
      expect(result.source).toMatch(/\n# 附件1\n\n各县[\s\S]*\| 蒙自市总工会 \| 1200 \| 含非公企业 \|[\s\S]*\n# 附件2\n\n参保职工/u);
    });
  }
});

/** A notice typed by hand in a text editor: its 版头 lines centred with spaces, as people do. */
const TYPED = [
  '000123',
  '机密★1年',
  '特急',
  '　　　　　　　滇南市总工会文件',
  '　　　　　　滇南工发[2026]15号',
  '',
  '关于做好2027年元旦春节期间困难职工帮扶工作的通知',
  '',
  '各县（市、区）总工会，各基层工会：',
  '　　为切实做好两节期间困难职工帮扶工作，现将有关事项通知如下。',
  '　　一、摸清底数',
  '　　各基层工会要逐户走访，摸清困难职工家庭情况。',
  '　　二、加强督查',
  '　　市总工会将对帮扶资金使用情况进行督查。',
  '　　附件：1.困难职工帮扶情况统计表',
  '　　　　　2.帮扶资金使用情况表',
  '',
  '　　　　　　　　　　　　　　　　滇南市总工会',
  '　　　　　　　　　　　　　　　　2026年12月1日',
  '　　（此件不公开）',
  '',
  '抄送：市委办公室，市政府办公室。',
  '滇南市总工会办公室　　　　　　2026年12月2日印发',
  '',
].join('\n');

describe('a 公文 typed by hand', () => {
  it('has its 版头, 主送, 附件说明, 署名, 成文日期, 附注, 抄送 and 印发 recognised, named in the summary, and written as the 公文 keys', async () => {
    const result = await convert(new TextEncoder().encode(TYPED), '通知.txt');
    expect(result.summary).toBe('版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号), title, 主送机关, 2 headings (1 level), 附件说明, 署名, 成文日期, 附注, 抄送, 印发');
    const doc = result.document;
    expect(doc.meta.title).toBe('关于做好2027年元旦春节期间困难职工帮扶工作的通知');
    expect(doc.meta.date).toBe('2026-12-01');
    expect(doc.meta.official).toEqual({
      format: '文件', copy: '000123', secrecy: '机密★1年', urgency: '特急', issuer: ['滇南市总工会文件'], number: '滇南工发〔2026〕15号',
      to: '各县（市、区）总工会，各基层工会', attachments: [{ title: '困难职工帮扶情况统计表' }, { title: '帮扶资金使用情况表' }],
      signature: ['滇南市总工会'], note: '此件不公开', cc: '市委办公室，市政府办公室', printer: '滇南市总工会办公室', printed: '2026-12-02',
    });
    // Nothing of them is left in the body: the text and its headings only.
    expect(texts(doc.blocks)).toEqual([
      '为切实做好两节期间困难职工帮扶工作，现将有关事项通知如下。',
      'h1 一、摸清底数', '各基层工会要逐户走访，摸清困难职工家庭情况。',
      'h1 二、加强督查', '市总工会将对帮扶资金使用情况进行督查。',
    ]);
    expect(result.keptInBody).toEqual([]);
    expect(result.notes).toContain('a 公文 (its 版头 was found): written with preset: gongwen, which prints its elements');
    // The source reads back to the same keys, and prints them: the TXT in reading order.
    expect(result.source).toMatch(/^---\ntitle: 关于做好2027年元旦春节期间困难职工帮扶工作的通知\ndate: 2026-12-01\npreset: gongwen\ncopy: "000123"\nsecrecy: 机密★1年\nurgency: 特急\nissuer: 滇南市总工会文件\nnumber: 滇南工发〔2026〕15号\n/u);
    const again = parseSource(result.source, '通知.md');
    expect(again.meta.official).toEqual(doc.meta.official);
    const txt = new TextDecoder().decode(await renderDocument(again, 'txt'));
    expect(txt).toMatch(/^000123\n机密★1年\n特急\n滇南市总工会文件\n滇南工发〔2026〕15号\n\n关于做好[\s\S]*附件：1\.困难职工帮扶情况统计表[\s\S]*滇南市总工会\n2026年12月1日[\s\S]*（此件不公开）[\s\S]*抄送：市委办公室，市政府办公室。[\s\S]*2026年12月2日印发\n$/u);
  });

  it('reads joint issuers and an upward document\'s 签发人 on the 发文字号\'s line', async () => {
    const text = [
      '滇南市总工会　滇南市人力资源和社会保障局　文件',
      '滇南工发〔2026〕16号　　　　　　签发人：张明　李华',
      '',
      '关于2026年度劳动竞赛情况的报告',
      '',
      '市人民政府：',
      '',
      '　　现将2026年度全市劳动竞赛开展情况报告如下。',
      '',
      '　　　　　　　　　　　　　　　　滇南市总工会',
      '　　　　　　　　　　　　　　　　2026年12月3日',
      '',
    ].join('\n');
    const result = await convert(new TextEncoder().encode(text), '报告.txt');
    expect(result.recognition.head).toEqual({ format: '文件', issuer: ['滇南市总工会', '滇南市人力资源和社会保障局'], signer: ['张明', '李华'], number: '滇南工发〔2026〕16号' });
    expect(result.document.meta.official).toMatchObject({ issuer: ['滇南市总工会', '滇南市人力资源和社会保障局'], signer: ['张明', '李华'], to: '市人民政府', signature: ['滇南市总工会'] });
    expect(result.summary).toBe('版头 (发文机关标志, 签发人, 发文字号), title, 主送机关, no headings, 署名, 成文日期');
    // What wenshu writes of these keys reads back as the same keys.
    const again = await convert(await renderDocument(parseSource(result.source, '报告.md'), 'txt'), '报告.txt');
    expect(again.document.meta.official).toEqual(result.document.meta.official);
  });

  it('the 附件说明 and the attachment pages disagreeing: the pages\' titles are kept, and a note says so', async () => {
    const text = TYPED.replace('抄送：', '附件1\n\n困难职工帮扶统计表\n\n　　（表略）\n\n附件2\n\n帮扶资金使用情况表\n\n　　（表略）\n\n抄送：');
    const result = await convert(new TextEncoder().encode(text), '通知.txt');
    expect(result.document.meta.official!.attachments!.map((a) => [a.title, texts(a.blocks!)])).toEqual([
      ['困难职工帮扶统计表', ['（表略）']],
      ['帮扶资金使用情况表', ['（表略）']],
    ]);
    expect(result.notes.join('\n')).toContain('the 附件说明 names «困难职工帮扶情况统计表», «帮扶资金使用情况表» but the attachment pages are titled «困难职工帮扶统计表», «帮扶资金使用情况表»');
  });
});

const soffice = SOFFICE !== undefined || hasProgram('soffice');
describe.skipIf(!soffice)('a 公文 written in a word processor (a DOCX LibreOffice made)', () => {
  it('has its 版头 paragraphs, 主送, 附件说明, 署名, 成文日期, 附注 and the 版记 table as the 公文 keys', async () => {
    const dir = tempDir('wenshu-import-gongwen-lo-');
    const p = (text: string, align = 'left') => `<p align="${align}">${text}</p>`;
    writeFileSync(
      join(dir, 'in.html'),
      '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>' +
        p('000123') + p('特急') + p('滇南市总工会文件', 'center') + p('滇南工发〔2026〕15号', 'center') +
        p('<b>关于做好困难职工帮扶工作的通知</b>', 'center') + p('各基层工会：') +
        p('为切实做好两节期间困难职工帮扶工作，现将有关事项通知如下。') + p('一、摸清底数') + p('各基层工会要逐户走访，摸清困难职工家庭情况。') +
        p('附件：1.困难职工帮扶情况统计表') + p('2.帮扶资金使用情况表') + p('滇南市总工会', 'right') + p('2026年12月1日', 'right') + p('（此件不公开）') +
        '<table border="1"><tr><td>抄送：市委办公室，市政府办公室。</td></tr><tr><td>滇南市总工会办公室　　2026年12月2日印发</td></tr></table></body></html>',
    );
    libreOfficeToDocx(join(dir, 'in.html'));
    const result = await importFile(join(dir, 'in.docx'));
    expect(result.findings).toEqual([]);
    expect(result.summary).toBe('版头 (份号, 紧急程度, 发文机关标志, 发文字号), title, 主送机关, 1 heading (1 level), 附件说明, 署名, 成文日期, 附注, 抄送, 印发');
    expect(result.document!.meta.title).toBe('关于做好困难职工帮扶工作的通知');
    expect(result.document!.meta.official).toEqual({
      format: '文件', copy: '000123', urgency: '特急', issuer: ['滇南市总工会文件'], number: '滇南工发〔2026〕15号', to: '各基层工会',
      attachments: [{ title: '困难职工帮扶情况统计表' }, { title: '帮扶资金使用情况表' }], signature: ['滇南市总工会'], note: '此件不公开',
      cc: '市委办公室，市政府办公室', printer: '滇南市总工会办公室', printed: '2026-12-02',
    });
    expect(texts(result.document!.blocks)).toEqual(['为切实做好两节期间困难职工帮扶工作，现将有关事项通知如下。', 'h1 一、摸清底数', '各基层工会要逐户走访，摸清困难职工家庭情况。']);
  });
});

describe('not a 公文', () => {
  it('an essay with a line ending in 文件 (at its top or in its text) has no issuer, and stays an essay', async () => {
    const essay = [
      '认真学习上级文件',
      '',
      '　　近期，我们组织全体干部职工认真学习了上级文件。',
      '',
      '学习贯彻省委文件',
      '',
      '　　大家一致认为，要把学习成果转化为推动工作的实际行动。',
      '',
    ].join('\n');
    const result = await convert(new TextEncoder().encode(essay), '心得.txt');
    expect(result.recognition.head).toBeUndefined();
    expect(result.document.meta.official).toBeUndefined();
    expect(result.document.meta.title).toBe('认真学习上级文件');
    expect(result.source).not.toMatch(/issuer|preset/u);
    expect(texts(result.document.blocks)).toEqual([
      '近期，我们组织全体干部职工认真学习了上级文件。',
      'h1 学习贯彻省委文件',
      '大家一致认为，要把学习成果转化为推动工作的实际行动。',
    ]);
    expect(result.summary).toBe('title, 1 heading (1 level)');
  });

  it('a 公文 body without a 版头 keeps its elements as text unless --preset gongwen is given', async () => {
    const body = TYPED.split('\n').slice(6).join('\n');
    const plain = await convert(new TextEncoder().encode(body), '通知.txt');
    expect(plain.recognition.head).toBeUndefined();
    expect(plain.document.meta.official).toBeUndefined();
    expect(plain.keptInBody).toEqual(['主送机关', '附件说明', '署名', '附注', '抄送', '印发']);
    const gongwen = await convert(new TextEncoder().encode(body), '通知.txt', { preset: 'gongwen' });
    expect(gongwen.keptInBody).toEqual([]);
    expect(Object.keys(gongwen.document.meta.official!)).toEqual(['format', 'to', 'attachments', 'signature', 'note', 'cc', 'printer', 'printed']);
  });
});

/** The 公文 sources of the formats beyond the 文件 of one issuer, as a user writes them. */
const FORMATS = {
  'joint issuers (联合行文, 7.2.4, 7.3.5.2)': `---
title: 关于开展2027年全市职工职业技能竞赛的通知
preset: gongwen
date: 2026-11-25
issuer: [滇南市总工会, 滇南市人力资源和社会保障局, 滇南市财政局]
number: 滇南工发〔2026〕20号
to: 各县（市、区）总工会、人力资源和社会保障局、财政局
signature: [滇南市总工会, 滇南市人力资源和社会保障局, 滇南市财政局]
---
为提高全市职工技能水平，经研究，决定联合开展2027年全市职工职业技能竞赛。

# 一、竞赛项目

竞赛设电工、焊工、车工三个项目。
`,
  '信函 (10.1)': `---
title: 关于商请支持职工疗休养工作的函
preset: gongwen
format: 信函
date: 2026-11-26
copy: "000003"
issuer: 滇南市总工会
number: 滇南工函〔2026〕5号
to: 滇南市文化和旅游局
signature: 滇南市总工会
cc: 滇南市人民政府办公室
---
为做好2027年度劳模和一线职工疗休养工作，现商请贵局在景区接待等方面给予支持。
`,
  '命令 (10.2)': `---
title: 滇南市人民政府令第12号
preset: gongwen
format: 命令
date: 2026-11-27
issuer: 滇南市人民政府令
number: 第12号
signature: 市长　张三
---
《滇南市职工权益保障办法》已经2026年11月20日市人民政府第30次常务会议通过，现予公布，自2027年1月1日起施行。
`,
  '纪要 (10.3) of joint issuers': `---
title: 关于2027年职工互助保障活动的联席会议纪要
preset: gongwen
format: 纪要
date: 2026-11-28
issuer: [滇南市总工会, 滇南市人力资源和社会保障局]
attendees: [李明（市总工会主席）, 王芳（市人力资源和社会保障局副局长）, 赵强, 孙丽, 周建国, 吴敏, 郑华, 陈晓东, 刘洋, 黄志刚, 林小燕]
absent: 杨帆（出差）
observers: [何军（市财政局）, 马丽（市医疗保障局）]
---
2026年11月25日，市总工会和市人力资源和社会保障局召开联席会议，研究职工互助保障活动。现纪要如下。

# 一、关于参保名额

会议同意按各县（市、区）职工人数分配参保名额。
`,
};

describe('the other formats and joint issuers, exported by wenshu, import back with every key', () => {
  for (const [name, source] of Object.entries(FORMATS)) {
    for (const format of ['txt', 'docx'] as const) {
      it(`${name}: ${format.toUpperCase()}`, async () => {
        const doc = parseSource(source, join(root, 'content/formats.md'));
        const dir = tempDir('wenshu-import-formats-');
        const file = join(dir, `in.${format}`);
        // Plain text wrapped at 40 columns: a 纪要's long 出席 list comes in several lines.
        writeFileSync(file, await renderDocument(doc, format, format === 'txt' ? { txt: { wrap: 40 } } : {}));
        const result = await importFile(file);
        expect(result.findings).toEqual([]);
        const back = result.document!;
        expect(back.meta.official).toEqual(doc.meta.official);
        expect(back.meta.title).toBe(doc.meta.title);
        expect(back.meta.date).toBe(doc.meta.date);
        expect(back.meta.preset).toBe('gongwen');
        expect(texts(back.blocks)).toEqual(texts(doc.blocks));
        expect(result.keptInBody).toEqual([]);
      });
    }
  }

  it('joint issuers with seals (7.3.5.1), side by side two rows deep: a name and a seal each, in order (DOCX)', async () => {
    const seals = ['seal.png', '../test/fixtures/images/alpha.png', '../test/fixtures/images/palette.png'];
    const source = FORMATS['joint issuers (联合行文, 7.2.4, 7.3.5.2)'].replace(/^---\n([\s\S]*?)\n---/u, `---\n$1\nseal: [${seals.join(', ')}]\n---`);
    const doc = parseSource(source, join(root, 'content/formats.md'));
    const dir = tempDir('wenshu-import-seals-');
    writeFileSync(join(dir, 'in.docx'), await renderDocument(doc, 'docx'));
    const result = await importFile(join(dir, 'in.docx'));
    expect(result.findings).toEqual([]);
    const official = result.document!.meta.official!;
    expect(official.signature).toEqual(doc.meta.official!.signature);
    expect(official.seal).toHaveLength(seals.length);
    official.seal!.forEach((file, k) => expect(Buffer.compare(readFileSync(join(dir, file)), readFileSync(join(root, 'content', seals[k]!))), file).toBe(0));
    expect(texts(result.document!.blocks)).toEqual(texts(doc.blocks));
  });

  it('a 纪要\'s lists are named in the summary, and its 标志 alone (no 发文字号) is a 版头 only with them', async () => {
    const doc = parseSource(FORMATS['纪要 (10.3) of joint issuers'], join(root, 'content/formats.md'));
    const txt = await renderDocument(doc, 'txt');
    const result = await convert(txt, '纪要.txt');
    expect(result.summary).toBe('版头 (发文机关标志), title, 1 heading (1 level), 出席, 请假, 列席, 成文日期');
    // Without its lists the same 标志 over a title is no 版头: a text may well open with a line ending in 纪要.
    const bare = new TextDecoder().decode(txt).replace(/\n\u3000\u3000出席[\s\S]*?\n\n/u, '\n\n');
    expect(bare).not.toContain('出席');
    const plain = await convert(new TextEncoder().encode(bare), '纪要.txt');
    expect(plain.recognition.head).toBeUndefined();
    expect(plain.document.meta.title).toBe('滇南市总工会 滇南市人力资源和社会保障局 纪要');
  });
});

describe('the other formats and joint issuers typed by hand', () => {
  it('joint issuers\' 署名 one a line, pushed right, are one name each (7.3.5.2)', async () => {
    const text = [
      '滇南市总工会　滇南市财政局　文件',
      '滇南工发〔2026〕21号',
      '',
      '关于下达2027年工会经费补助计划的通知',
      '',
      '各县（市、区）总工会、财政局：',
      '',
      '　　现将2027年工会经费补助计划下达给你们，请按规定使用。',
      '',
      '　　　　　　　　　　　　　　　　滇南市总工会',
      '　　　　　　　　　　　　　　　　滇南市财政局',
      '　　　　　　　　　　　　　　　　2026年12月5日',
      '',
    ].join('\n');
    const result = await convert(new TextEncoder().encode(text), '通知.txt');
    expect(result.document.meta.official).toMatchObject({ issuer: ['滇南市总工会', '滇南市财政局'], signature: ['滇南市总工会', '滇南市财政局'] });
    expect(texts(result.document.blocks)).toEqual(['现将2027年工会经费补助计划下达给你们，请按规定使用。']);
  });

  it('a 信函: the 标志 without 文件, the 份号 and the 发文字号 on one line under it', async () => {
    const text = [
      '　　　　　　　　　滇南市总工会',
      '000007　　　　　　　　　　　　　　　滇南工函[2026]9号',
      '',
      '关于商请协助做好农民工工资支付督查的函',
      '',
      '滇南市人力资源和社会保障局：',
      '',
      '　　为保障农民工按时足额拿到工资，现商请贵局协助开展督查。',
      '',
      '　　　　　　　　　　　　　　　　滇南市总工会',
      '　　　　　　　　　　　　　　　　2026年12月6日',
      '',
    ].join('\n');
    const result = await convert(new TextEncoder().encode(text), '函.txt');
    expect(result.document.meta.official).toMatchObject({ format: '信函', copy: '000007', issuer: ['滇南市总工会'], number: '滇南工函〔2026〕9号', to: '滇南市人力资源和社会保障局' });
    expect(result.document.meta.title).toBe('关于商请协助做好农民工工资支付督查的函');
  });

  it('a 纪要: its 出席 list wrapped under the first name, 列席 after it, as the keys', async () => {
    const text = [
      '滇南市总工会办公会议纪要',
      '',
      '滇南市总工会第13次主席办公会议纪要',
      '',
      '　　12月4日，主席办公会议研究了职工书屋建设工作。',
      '',
      '　　出席：李明（市总工会主席）、王芳（市总工会常务副主席）、',
      '　　　　　赵强、孙丽、周建国',
      '　　列席：何军（市财政局）',
      '',
      '　　　　　　　　　　　　　　　　2026年12月5日',
      '',
    ].join('\n');
    const result = await convert(new TextEncoder().encode(text), '纪要.txt');
    expect(result.document.meta.official).toEqual({
      format: '纪要', issuer: ['滇南市总工会办公会议纪要'],
      attendees: ['李明（市总工会主席）', '王芳（市总工会常务副主席）', '赵强', '孙丽', '周建国'], observers: ['何军（市财政局）'],
    });
    expect(result.document.meta.title).toBe('滇南市总工会第13次主席办公会议纪要');
    expect(texts(result.document.blocks)).toEqual(['12月4日，主席办公会议研究了职工书屋建设工作。']);
  });

  it('a 纪要\'s lists in a text that is no 公文 stay in its body, named as kept', async () => {
    const text = '会议情况\n\n　　会议研究了职工书屋建设。\n\n　　出席：李明、王芳\n　　请假：赵强\n';
    const result = await convert(new TextEncoder().encode(text), '会议.txt');
    expect(result.document.meta.official).toBeUndefined();
    expect(result.keptInBody).toEqual(['出席', '请假']);
    const gongwen = await convert(new TextEncoder().encode(text), '会议.txt', { preset: 'gongwen' });
    expect(gongwen.document.meta.official).toEqual({ format: '文件', attendees: ['李明', '王芳'], absent: ['赵强'] });
  });
});

describe.skipIf(!soffice)('a 公文 from LibreOffice: joint issuers\' 标志 table, a linked seal', () => {
  it('reads the joint issuers of a 标志 set as a table, and reports a seal linked, not embedded, as dropped', async () => {
    const dir = tempDir('wenshu-import-gongwen-lo2-');
    writeFileSync(join(dir, 'seal.png'), readFileSync(join(root, 'content/seal.png')));
    writeFileSync(
      join(dir, 'in.html'),
      '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>' +
        '<table><tr><td><p>滇南市总工会</p><p>滇南市财政局</p></td><td><p>文件</p></td></tr></table>' +
        '<p align="center">滇南工发〔2026〕22号</p><p align="center"><b>关于做好职工疗休养工作的通知</b></p><p>各基层工会：</p>' +
        '<p>现将2027年度职工疗休养工作安排通知如下。</p>' +
        '<p align="right"><img src="seal.png" width="120" height="120" alt="印章">滇南市总工会</p><p align="right">2026年12月1日</p></body></html>',
    );
    libreOfficeToDocx(join(dir, 'in.html'));
    // LibreOffice keeps a picture of an HTML page as a link to its file: the DOCX has its address only.
    const rels = new TextDecoder().decode(unzipDocx(readFileSync(join(dir, 'in.docx')))['word/_rels/document.xml.rels']);
    expect(rels).toMatch(/Target="file:[^"]*seal\.png" TargetMode="External"/u);
    const result = await importFile(join(dir, 'in.docx'));
    expect(result.findings).toEqual([]);
    expect(result.document!.meta.official).toMatchObject({ format: '文件', issuer: ['滇南市总工会', '滇南市财政局'], number: '滇南工发〔2026〕22号', signature: ['滇南市总工会'] });
    expect(result.document!.meta.official!.seal).toBeUndefined();
    expect(result.dropped).toEqual([{ what: 'an image', detail: expect.stringMatching(/^\(linked to file:\/\/\/\S*\/seal\.png, not embedded in it: insert the picture/u) }]);
    expect(result.files.filter((f) => f.format === 'image')).toEqual([]);
  });
});
