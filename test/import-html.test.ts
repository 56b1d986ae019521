/**
 * The HTML reader (parse5): a saved web page's title, headings, paragraphs, tables, lists, links,
 * footnotes and images, and what the model cannot hold reported.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { importFile } from '../src/api.js';
import { convert } from '../src/importer.js';
import { readHtml } from '../src/readers/html.js';
import { inlineText } from '../src/model/text.js';
import type { Inline } from '../src/model/index.js';
import { tempDir } from './helpers/cli.js';
import { normalBlocks } from './helpers/model.js';
import { png } from './helpers/images.js';

const PAGE = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>通知 - 某某网站</title>
<meta name="keywords" content="工会,通知"><script>var x = "<p>不是内容</p>";</script><style>p{color:red}</style></head>
<body>
<h1>关于开展读书活动的通知</h1>
<p>各基层工会：</p>
<p>　　为丰富职工文化生活，
   决定开展读书活动。详见<a href="https://example.org/a">活动页面</a>和脚注<sup><a href="#fn1" id="r1">1</a></sup>。</p>
<h2>一、活动安排</h2>
<p>第一行<br>第二行
<table><caption>表1　日程</caption>
<tr><th>日期</th><th align="right">人数</th></tr>
<tr><td colspan="2">待定</td></tr>
<tr><td>5月1日</td><td>20</td></tr></table>
<ul><li>读书<ul><li>写心得</li></ul></li><li>交流</li></ul>
<video src="a.mp4">一段视频</video>
<p><img src="https://example.org/remote.png" alt="远程图"></p>
<p><img src="local.png" alt="本地图"></p>
<ol class="footnotes"><li id="fn1"><p>脚注正文。<a href="#r1">↩</a></p></li></ol>
</body></html>`;

describe('a saved web page', () => {
  const { draft, dropped } = readHtml(PAGE, { image: (src) => (src.startsWith('http') ? { dropped: `${src}: remote images are not downloaded` } : { src }) });

  it('takes the one h1 as the title and moves the other headings up a level', () => {
    expect(draft.title).toEqual({ text: '关于开展读书活动的通知', from: 'heading' });
    expect(draft.blocks.filter((b) => b.type === 'heading').map((b) => [b.type === 'heading' && b.level, inlineText((b as { children: Inline[] }).children)])).toEqual([[1, '一、活动安排']]);
    expect(draft.properties.keywords).toEqual(['工会', '通知']);
  });

  it('joins a line end between hanzi without a space, keeps links, breaks and footnotes; scripts are not content', () => {
    const [addressee, first] = draft.blocks;
    expect(addressee?.type === 'paragraph' && inlineText(addressee.children)).toBe('各基层工会：');
    expect(first?.type === 'paragraph' && normalBlocks([first])).toEqual([{
      type: 'paragraph',
      children: [
        { type: 'text', value: '为丰富职工文化生活，决定开展读书活动。详见' },
        { type: 'link', url: 'https://example.org/a', children: [{ type: 'text', value: '活动页面' }] },
        { type: 'text', value: '和脚注' }, { type: 'footnoteReference', label: '1' }, { type: 'text', value: '。' },
      ],
    }]);
    expect(draft.footnotes.map((f) => [f.label, normalBlocks(f.children)])).toEqual([['1', [{ type: 'paragraph', children: [{ type: 'text', value: '脚注正文。' }] }]]]);
    const breaks = draft.blocks.find((b) => b.type === 'paragraph' && inlineText(b.children).startsWith('第一行'));
    expect(breaks?.type === 'paragraph' && breaks.children.map((c) => c.type)).toEqual(['text', 'break', 'text']);
    expect(JSON.stringify(draft.blocks)).not.toContain('不是内容');
  });

  it('reads the table with its caption and alignment, merged cells spread out and reported', () => {
    const table = draft.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && normalBlocks([table])).toEqual([{
      type: 'table', align: [undefined, 'right'], caption: [{ type: 'text', value: '表1　日程' }],
      head: [[[{ type: 'text', value: '日期' }], [{ type: 'text', value: '人数' }]]],
      body: [[[{ type: 'text', value: '待定' }], []], [[{ type: 'text', value: '5月1日' }], [{ type: 'text', value: '20' }]]],
    }]);
    expect(dropped.map((d) => d.what)).toContain('merged table cells');
  });

  it('reads nested lists, keeps a local image as a figure, reports the video and the remote image', () => {
    const list = draft.blocks.find((b) => b.type === 'list');
    expect(list?.type === 'list' && list.items.map((i) => i.children.map((c) => c.type))).toEqual([['paragraph', 'list'], ['paragraph']]);
    expect(draft.blocks.filter((b) => b.type === 'figure').map((b) => b.type === 'figure' && b.image)).toEqual([{ type: 'image', src: 'local.png', alt: '本地图' }]);
    expect(dropped).toEqual(expect.arrayContaining([
      { what: 'a video', detail: '«一段视频»' },
      { what: 'an image', detail: '«远程图» (https://example.org/remote.png: remote images are not downloaded)' },
    ]));
  });
});

describe('importing an HTML file', () => {
  it('reads a GB2312 page by its meta charset, and refers to its local images from the new source', async () => {
    const dir = tempDir('wenshu-import-html-');
    writeFileSync(join(dir, 'pic.png'), png());
    const page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>页面标题</title></head><body><p>正文一段。</p><p><img src="pic.png" alt="图"></p></body></html>';
    const input = join(dir, 'page.html');
    writeFileSync(input, iconv.encode(page, 'gb18030'));
    const result = await importFile(input, { out: join(dir, 'sub', 'page.md') });
    expect(result.encoding).toBe('gb18030');
    expect(result.source).toContain('![图](../pic.png)');
    expect(result.recognition.title).toEqual({ text: '页面标题', from: 'properties' });
  });

  it('finds 公文 structure in a page without headings', async () => {
    const page = '<html><body><p>关于放假的通知</p><p>各单位：</p><p>一、放假时间</p><p>五月一日至五日。</p><p>二、有关要求</p><p>注意安全。</p><p>某某办公室</p><p>2026年4月20日</p></body></html>';
    const result = await convert(Buffer.from(page), 'notice.html');
    expect(result.summary).toBe('title, 主送机关, 2 headings (1 level), 署名, 成文日期');
  });
});

describe('a government web page (issue 20)', () => {
  const notice = '<p>各科室：</p><p>一、会议时间</p><p>12月20日上午9时。</p><p>二、参会人员</p><p>各科室负责人。</p><p>某某局</p><p>2024年12月10日</p>';

  it('takes its one h1 as the title after a navigation bar, and leaves the site navigation, banner, sidebar and footer out, reported', async () => {
    const page = `<html><head><title>通知_某某局门户网站</title></head><body><header>某某局门户网站</header><nav>首页 | 通知公告</nav><aside>热点链接</aside><p>发布时间：2024-12-10</p><h1>关于召开年度总结会的通知</h1>${notice}<footer>版权所有 某某局</footer></body></html>`;
    const result = await convert(Buffer.from(page), 'page.html');
    expect(result.recognition.title).toEqual({ text: '关于召开年度总结会的通知', from: 'heading' });
    const body = normalBlocks(result.document.blocks).map((b) => inlineText((b as { children?: Inline[] }).children ?? []));
    expect(body[0]).toBe('发布时间：2024-12-10');
    for (const chrome of ['某某局门户网站', '首页 | 通知公告', '热点链接', '版权所有 某某局']) expect(result.source).not.toContain(chrome);
    expect(result.dropped.map((d) => d.detail)).toEqual(['«某某局门户网站»', '«首页 | 通知公告»', '«热点链接»', '«版权所有 某某局»']);
  });

  it('keeps an article header that holds the h1', () => {
    const { draft, dropped } = readHtml('<html><body><article><header><h1>标题</h1><nav>首页</nav></header><p>正文。</p></article></body></html>');
    expect(draft.title).toEqual({ text: '标题', from: 'heading' });
    expect(dropped.map((d) => d.what)).toEqual(['the page navigation']);
  });

  it('finds numbered headings when its only h1 is the title', async () => {
    const result = await convert(Buffer.from(`<html><body><h1>关于召开年度总结会的通知</h1>${notice}</body></html>`), 'page.html');
    expect(result.summary).toBe('title, 主送机关, 2 headings (1 level), 署名, 成文日期');
    // Marked headings besides the title stay the page's own: no numbering is looked for.
    const marked = await convert(Buffer.from(`<html><body><h1>通知</h1><h2>说明</h2>${notice}</body></html>`), 'page.html');
    expect(marked.recognition.headings).toBe(1);
  });
});
