/**
 * Our own error types. Everything a user can cause is reported as a WenshuError with a short
 * message and, where known, the file and position; the CLI prints these as one line each and
 * never shows a stack unless asked with --debug. Anything else that escapes is a bug.
 */

/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  badInput: 1,
  usage: 2,
  output: 3,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind = 'input' | 'usage' | 'output';

export interface Location {
  file?: string;
  line?: number;
  column?: number;
}

export interface Diagnostic extends Location {
  message: string;
  /** A rule or error code such as 'ascii-punctuation' or 'missing-glyph'. */
  code?: string;
  severity?: 'error' | 'warning';
}

export class WenshuError extends Error {
  readonly kind: ErrorKind;
  /** One or more problems; the first is also this error's message. */
  readonly diagnostics: Diagnostic[];

  constructor(kind: ErrorKind, diagnostics: Diagnostic[] | Diagnostic | string, options?: { cause?: unknown }) {
    const list =
      typeof diagnostics === 'string' ? [{ message: diagnostics }] : Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'), options);
    this.name = 'WenshuError';
    this.kind = kind;
    this.diagnostics = list;
  }

  get exitCode(): ExitCode {
    return this.kind === 'usage' ? ExitCode.usage : this.kind === 'output' ? ExitCode.output : ExitCode.badInput;
  }
}

export const inputError = (d: Diagnostic[] | Diagnostic | string, cause?: unknown) =>
  new WenshuError('input', d, cause === undefined ? undefined : { cause });
export const usageError = (d: Diagnostic[] | Diagnostic | string) => new WenshuError('usage', d);
export const outputError = (d: Diagnostic[] | Diagnostic | string, cause?: unknown) =>
  new WenshuError('output', d, cause === undefined ? undefined : { cause });

/** `file:line:col: message`, leaving out the parts that are not known. */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? '';
  if (d.file && d.line !== undefined) where += `:${d.line}`;
  if (d.file && d.line !== undefined && d.column !== undefined) where += `:${d.column}`;
  return where ? `${where}: ${d.message}` : d.message;
}

/** Describes a character for a message: 「𠀾」 U+2003E. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const visible = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) ? '' : `「${ch}」 `;
  return `${visible}U+${hex}`;
}
