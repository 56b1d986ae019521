/**
 * Where the time of a run goes, for speed work: with WENSHU_TIMINGS=1 the CLI prints each phase
 * to stderr at exit, as milliseconds since the process started (Node's own start-up included).
 * Marks cost nothing when it is off.
 */
const enabled = process.env.WENSHU_TIMINGS === '1';
const marks: Array<[label: string, at: number]> = [];

export function mark(label: string): void {
  if (enabled) marks.push([label, performance.now()]);
}

if (enabled) {
  process.on('exit', () => {
    let previous = 0;
    for (const [label, at] of marks) {
      process.stderr.write(`${at.toFixed(1).padStart(8)} ms  ${`+${(at - previous).toFixed(1)}`.padStart(7)}  ${label}\n`);
      previous = at;
    }
  });
}
