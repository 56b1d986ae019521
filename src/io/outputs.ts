/**
 * An export must never write over its own source: `wenshu export notes.txt --out .` would replace
 * the source with its TXT output (and `x.pdf`, or `x.zip` with --bundle, likewise). The paths an
 * export will write are compared with the sources' before anything is read or written; a target
 * is the source when it is the same file on disk (same device and inode: a symbolic or hard link,
 * another spelling on a case-insensitive disk) or the same path.
 */
import { statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { MANIFEST_NAME } from '../integrity/manifest-name.js';

export interface PlannedOutputs {
  /** Output folder. */
  outDir: string;
  /** Formats; each is written as `<stem>.<format>`. */
  formats: readonly string[];
  manifest?: boolean;
  bundle?: boolean;
}

/** The stem the outputs of a source are named after (`-`, standard input, gives `stdin`). */
export function outputStem(source: string): string {
  return source === '-' ? 'stdin' : basename(source, extname(source));
}

/** The files an export of `source` writes. */
export function plannedTargets(source: string, plan: PlannedOutputs): Array<{ what: string; path: string }> {
  const stem = outputStem(source);
  const targets = plan.formats.map((f) => ({ what: `its ${f.toUpperCase()} output`, path: join(plan.outDir, `${stem}.${f}`) }));
  if (plan.bundle) targets.push({ what: 'its bundle', path: join(plan.outDir, `${stem}.zip`) });
  if (plan.manifest) targets.push({ what: 'the manifest', path: join(plan.outDir, MANIFEST_NAME) });
  return targets;
}

function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** Refuses (usage error, exit 2) an export that would write over one of its sources. */
export function checkNotOverwritingSources(sources: readonly string[], plan: PlannedOutputs): void {
  const byIdentity = new Map<string, string>();
  const byPath = new Map<string, string>();
  for (const source of sources) {
    if (source === '-') continue;
    byPath.set(resolve(source), source);
    const id = identity(source);
    if (id !== undefined) byIdentity.set(id, source);
  }
  for (const source of sources) {
    if (source === '-') continue;
    for (const target of plannedTargets(source, plan)) {
      const id = identity(target.path);
      const hit = byPath.get(resolve(target.path)) ?? (id !== undefined ? byIdentity.get(id) : undefined);
      if (hit !== undefined) {
        throw usageError(`${hit}: exporting ${source === hit ? 'it' : source} would write ${target.what} over this source (${target.path}); export into another folder (--out) or rename the source`);
      }
    }
  }
}
