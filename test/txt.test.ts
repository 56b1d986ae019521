import { describe, expect, it } from 'vitest';
import { defaultTxtOptions, loadSource, parseSource, renderDocument } from '../src/api.js';
import { columns } from '../src/exporters/txt/wrap.js';
import { renderText } from '../src/exporters/txt/index.js';
import { fidelityKey } from '../src/model/text.js';
import { cannotEndLine, cannotStartLine } from '../src/typeset/index.js';
import { essayPath, firstDifference, seedKey } from './helpers/seed.js';

const decode = (bytes: Uint8Array, encoding = 'utf-8') => new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);

describe('plain-text export of the essay', () => {
  it('reads back equal to the seed text (bytes decoded as UTF-8, NFKC, white space aside), with the date the PDF prints under the byline', async () => {
    const text = decode(await renderDocument(await loadSource(essayPath), 'txt'));
    expect(text.endsWith('（作者系中共马关县委副书记）\n2026年11月23日\n')).toBe(true);
    expect(firstDifference(fidelityKey(text.replace(/\n2026年11月23日\n$/, '\n')), seedKey())).toBe('equal');
  });

  it('is laid out as Chinese plain text: title, blank line, indented paragraphs, headings, byline', async () => {
    const text = decode(await renderDocument(await loadSource(essayPath), 'txt'));
    const lines = text.split('\n');
    expect(lines[0]).toBe('强化意识 认真履职 全面提升工会工作层次与水平');
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^\u3000\u3000随着改革开放的不断推进，/);
    expect(lines[4]).toBe('一要增强会员意识。');
    expect(lines[6]).toMatch(/^\u3000\u3000当前，/);
    // The signature block: the byline and, on the line under it, the date (as the PDF and the DOCX print it).
    expect(lines.at(-3)).toBe('（作者系中共马关县委副书记）');
    expect(lines.at(-2)).toBe('2026年11月23日');
    expect(lines.at(-1)).toBe('');
    // One line per block, separated by single blank lines.
    expect(lines.slice(0, -2).filter((l, i) => i % 2 === 1).every((l) => l === '')).toBe(true);
  });

  it('is UTF-8 with LF and no BOM by default', async () => {
    const bytes = await renderDocument(await loadSource(essayPath), 'txt');
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes(0x0d)).toBe(false);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
  });

  it('writes GB18030, CRLF and a BOM when asked', async () => {
    const doc = await loadSource(essayPath);
    const gb = await renderDocument(doc, 'txt', { txt: { encoding: 'gb18030' } });
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow();
    expect(decode(gb, 'gb18030')).toBe(decode(await renderDocument(doc, 'txt')));
    const crlf = decode(await renderDocument(doc, 'txt', { txt: { eol: 'crlf' } }));
    expect(crlf.split('\r\n').length).toBe(crlf.split('\n').length);
    expect(crlf.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const bom = await renderDocument(doc, 'txt', { txt: { bom: true } });
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('prints lists with their markers, quotes indented, breaks on their own line', () => {
    const doc = parseSource('---\ntitle: 通知\n---\n> 引文。\n\n1. 第一\n2. 第二\n   - 子项\n\n---\n\n甲\\\n乙\n');
    expect(renderText(doc, defaultTxtOptions)).toBe(
      '通知\n\n\u3000\u3000\u3000\u3000引文。\n\n1. 第一\n\n2. 第二\n\n   ○ 子项\n\n＊　＊　＊\n\n\u3000\u3000甲\n乙\n',
    );
  });
});

describe('hard wrapping (--txt-wrap)', () => {
  it('keeps every rule at every width from 10 to 80 columns, and the text intact', async () => {
    const doc = await loadSource(essayPath);
    const latin = parseSource('---\ntitle: t\n---\n按照GB/T 9704-2012的规定，“公文”版面为22行×28字（见第5节）……这是——破折号。Word、WPS和LibreOffice都能打开。\n');
    for (const d of [doc, latin]) {
      const plain = renderText(d, defaultTxtOptions);
      for (let width = 10; width <= 80; width++) {
        const text = renderText(d, { ...defaultTxtOptions, wrap: width });
        expect(fidelityKey(text)).toBe(fidelityKey(plain));
        for (const line of text.split('\n')) {
          if (line === '') continue;
          const chars = [...line.replace(/^[\u3000 ]+/, '')];
          const w = [...line].reduce((s, c) => s + columns(c), 0);
          const unbreakable = /[A-Za-z0-9]{6,}|——|……/.test(line);
          if (!unbreakable) expect(w, `width ${width}: ${line}`).toBeLessThanOrEqual(width);
          expect(cannotStartLine(chars[0]!), `starts badly at ${width}: ${line}`).toBe(false);
          expect(cannotEndLine(chars.at(-1)!), `ends badly at ${width}: ${line}`).toBe(false);
        }
        // Latin words, numbers, —— and …… are never split across lines.
        for (const word of ['GB/T', '9704-2012', 'LibreOffice', '——', '……']) {
          if (d === latin) expect(text.split('\n').some((l) => l.includes(word)), `${word} at ${width}`).toBe(true);
        }
      }
    }
  });
});
