/**
 * State a module keeps for the life of the process (caches of opened fonts and subsets, and values
 * read from the environment or the machine), registered here so that it can be dropped at once.
 *
 * Why: the CLI can start from a V8 startup snapshot (see scripts/build-cli.mjs), a heap saved
 * after a training export. Whatever that export left behind would be frozen into every later run:
 * open file descriptors, parsed fonts of files that may have changed since, the build machine's
 * environment. The snapshot is taken only after `resetProcessState()`; so every such value must
 * be registered, or be derived afresh on first use.
 *
 * Pure memos (a character's class, say) need no reset: they hold the same in any process.
 */
const resets: Array<() => void> = [];

/** Registers how to drop one piece of process state (called once, when its module loads). */
export function onProcessReset(reset: () => void): void {
  resets.push(reset);
}

/** Drops all registered process state: the next use reads files and environment afresh. */
export function resetProcessState(): void {
  for (const reset of resets) reset();
  // RegExp's legacy statics (RegExp.input, $1 …) keep the last string a pattern was matched
  // against: the last stretch of the last document's text or XML.
  /(?:)/.exec('');
}
