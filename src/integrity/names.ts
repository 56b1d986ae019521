/**
 * The name `extract-source` writes a source under when no --out is given: the name stored in the
 * PDF, only when it is a plain file name that is safe to create in the current folder, else
 * `source.md`. A stored name is data from the file, not to be trusted: it might be a dotfile
 * (.bashrc), the config file later exports in the folder would read (wenshu.yaml), a name with a
 * line break, a NUL or a bidi control (U+202E turns 'dm.exe' around on screen), a path, or a
 * name Windows reserves.
 */
export const FALLBACK_SOURCE_NAME = 'source.md';

/** Letters (any script), marks, digits, and space . _ - ( ) （ ）, starting with a letter or digit. */
const PLAIN = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} ._\-()（）]*$/u;
const CONFIG = /^wenshu\.(ya?ml|json)$/i;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

export function isSafeSourceName(name: string): boolean {
  return (
    name.length <= 200 &&
    PLAIN.test(name) &&
    !/[ .]$/.test(name) &&
    !CONFIG.test(name) &&
    !WINDOWS_RESERVED.test(name)
  );
}

/** The last part of a stored name (after / or \), if it is safe; else source.md. */
export function safeSourceName(stored: string): string {
  const last = stored.split(/[\\/]/).pop() ?? '';
  return isSafeSourceName(last) ? last : FALLBACK_SOURCE_NAME;
}
