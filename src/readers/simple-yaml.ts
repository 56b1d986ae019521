/**
 * The front matter most sources have, read without the YAML library: `key: value` lines whose
 * values are plain text, or flow lists of plain text (`keywords: [工会, 会员意识]`). Parsing
 * YAML with the library took ~3 ms of every cold export (its lexer, parser and composer in the
 * interpreter) against ~1 ms for the whole Markdown body.
 *
 * This is not a YAML parser: it answers only when the text is certainly in that subset, and
 * then with exactly what the YAML core schema would give. Anything else (quotes, comments,
 * nesting, block lists, a value YAML would read as a number, a boolean or null, a repeated
 * key…) returns undefined, and the caller uses the YAML library, whose positions also make the
 * error messages. A test holds the two to the same result on many front matters.
 */

export interface SimpleYaml {
  data: Record<string, string | string[]>;
  /** Where each key's value starts and ends, as offsets into the text. */
  ranges: Record<string, [number, number]>;
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*$/;

/**
 * Text YAML reads as a plain string: not starting with an indicator or white space, without
 * ': ', ' #' or a tab, not ending with ':'; in a flow list also without , [ ] { }. Core-schema
 * look-alikes (null, booleans, numbers) are refused below.
 */
const PLAIN = /^(?![-?:,[\]{}#&*!|>'"%@`\s])(?:(?!: | #|\t)[^\r\n])*(?<!:)$/;
const FLOW_ITEM_FORBIDDEN = /[,[\]{}]/;

/** What the core schema resolves to something other than a string. */
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function plainString(text: string, inFlow: boolean): boolean {
  return text !== '' && PLAIN.test(text) && !NOT_A_STRING.test(text) && !(inFlow && FLOW_ITEM_FORBIDDEN.test(text));
}

export function readSimpleYaml(text: string): SimpleYaml | undefined {
  const data: Record<string, string | string[]> = {};
  const ranges: Record<string, [number, number]> = {};
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (line.trim() === '') {
      if (line !== '') return undefined; // white space only: leave it to YAML
      continue;
    }
    const m = KEY_LINE.exec(line);
    // A repeated key is an error, and __proto__ would not even become a key of `data`.
    if (!m || m[2] === undefined || Object.hasOwn(data, m[1]!) || m[1] === '__proto__') return undefined;
    const key = m[1]!;
    const value = m[2];
    const valueStart = start + line.indexOf(value, key.length + 1);
    if (value.startsWith('[') && value.endsWith(']')) {
      // YAML strips spaces and tabs around an item, not other white space (U+3000 is text).
      const items = value.slice(1, -1).split(',').map((s) => s.replace(/^[ \t]+|[ \t]+$/g, ''));
      if (!items.every((item) => plainString(item, true))) return undefined;
      data[key] = items;
    } else {
      if (!plainString(value, false)) return undefined;
      data[key] = value;
    }
    ranges[key] = [valueStart, valueStart + value.length];
  }
  return Object.keys(data).length > 0 ? { data, ranges } : undefined;
}
