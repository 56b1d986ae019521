/**
 * The simple front-matter reader must give exactly what the YAML library gives (core schema),
 * values and positions, whenever it answers at all.
 */
import fc from 'fast-check';
import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readSimpleYaml } from '../src/readers/simple-yaml.js';

function viaLibrary(text: string) {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, schema: 'core' });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { error: true };
  const ranges: Record<string, [number, number]> = {};
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const range = (pair.value as YamlNode | null)?.range;
    if (range) ranges[key] = [range[0], range[1]];
  }
  return { data: doc.toJS(), ranges };
}

const fragments = [
  '工会', '会员意识', 'zh-CN', '2026-11-23', 'GB/T 9704', 'a', 'Word', ' ', '  ', ',', ', ', ':', ': ', '#', ' #', '-', '- ', '?', '[', ']', '{', '}',
  '"', "'", '&', '*', '!', '|', '>', '%', '@', '`', '\t', '\u3000', '\u00a0', '\ufeff', '1984', '0x1F', '0o17', '1e5', '.5', '.inf', 'true', 'null', '~', 'NaN', '1_000', '——', '“引号”', '（括号）',
];
const value = fc.array(fc.constantFrom(...fragments), { minLength: 0, maxLength: 5 }).map((parts) => parts.join(''));
const list = fc.array(value, { minLength: 0, maxLength: 4 }).map((items) => `[${items.join(', ')}]`);
const key = fc.constantFrom('title', 'byline', 'lang', 'date', 'subject', 'keywords', 'preset', 'pdfa', 'author', 'x-y', 'title');
// Mostly what front matter is made of, so that the reader answers often enough to be tested.
const safe = fc
  .array(fc.constantFrom('工会', '会员意识', 'zh-CN', '2026-11-23', 'GB/T 9704', 'Word', '——', '“引号”', '（括号）', ' ', 'C#', 'a:b', '1.2.3'), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('').trim())
  .filter((v) => v !== '');
const line = fc.oneof(
  { arbitrary: fc.tuple(key, fc.oneof(safe, fc.array(safe, { minLength: 1, maxLength: 4 }).map((items) => `[${items.join(', ')}]`))).map(([k, v]) => `${k}: ${v}`), weight: 6 },
  fc.tuple(key, fc.oneof(value, list)).map(([k, v]) => `${k}: ${v}`),
  fc.tuple(key, value).map(([k, v]) => `${k}:${v}`),
  fc.constantFrom('', '  ', '# comment', '  nested: 1', '- item'),
);

describe('readSimpleYaml', () => {
  it('reads the essay’s front matter as YAML does', () => {
    const text = 'title: 强化意识 认真履职 全面提升工会工作层次与水平\nbyline: 作者系中共马关县委副书记\nlang: zh-CN\ndate: 2026-11-23\nsubject: 工会工作\nkeywords: [工会, 会员意识, 工会意识, 履职意识, 主人意识, 服务意识]';
    const simple = readSimpleYaml(text);
    expect(simple).toBeDefined();
    expect(simple).toEqual(viaLibrary(text));
  });

  it('answers only with what the YAML library gives, values and positions', () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const text = lines.join('\n');
        const simple = readSimpleYaml(text);
        if (simple === undefined) return;
        answered++;
        expect(simple, JSON.stringify(text)).toEqual(viaLibrary(text));
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(100); // the property says little if it never answers
  });

  it('keeps white space other than spaces and tabs around list items, as YAML does', () => {
    const text = 'keywords: [\u3000工会, 会员意识\u00a0]';
    expect(readSimpleYaml(text)?.data.keywords ?? viaLibrary(text).data?.keywords).toEqual(['\u3000工会', '会员意识\u00a0']);
    const answered = readSimpleYaml(text);
    if (answered) expect(answered).toEqual(viaLibrary(text));
  });

  it('leaves numbers, booleans, null, quotes, comments and nesting to the library', () => {
    for (const text of ['__proto__: x', 'title: 1984', 'title: true', 'title: ~', 'title: "引号"', 'title: 标题 # 注释', 'fonts:\n  serif: a.ttf', 'keywords:\n  - 工会', 'title: a\ntitle: b', 'keywords: []']) {
      expect(readSimpleYaml(text), text).toBeUndefined();
    }
  });
});
