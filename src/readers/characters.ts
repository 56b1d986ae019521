/**
 * Characters a document may not contain: C0 controls other than tab and newline, DEL and C1
 * controls, the non-characters U+FFFE/U+FFFF and lone surrogates. XML 1.0 cannot carry most of
 * them (Word refuses such a DOCX), and none of them is text a reader could see.
 */
import { describeChar, inputError, type Diagnostic } from '../errors.js';
import type { LineIndex } from './positions.js';

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

/** Where `text`'s first forbidden character is, or -1. */
export function firstForbidden(text: string): number {
  FORBIDDEN.lastIndex = 0;
  const m = FORBIDDEN.exec(text);
  FORBIDDEN.lastIndex = 0;
  return m ? m.index : -1;
}

export function checkCharacters(text: string, file: string, lines: LineIndex): void {
  const problems: Diagnostic[] = [];
  for (const m of text.matchAll(FORBIDDEN)) {
    const p = lines.point(m.index);
    problems.push({ file, line: p.line, column: p.column, message: `control or non-character ${describeChar(m[0])} is not allowed in a document`, code: 'bad-character' });
    if (problems.length >= 20) break;
  }
  if (problems.length > 0) throw inputError(problems);
}
