/**
 * Where the time and memory of a run go, for speed work: with WENSHU_TIMINGS=1 the CLI prints
 * each phase to stderr at exit, as milliseconds since the process started (Node's own start-up
 * included) and the resident memory then. Marks cost nothing when it is off.
 */
/** WENSHU_TIMINGS, read at the first mark. */
let enabled: boolean | undefined;
const marks: Array<[label: string, at: number, rss: number]> = [];

export function mark(label: string): void {
  if ((enabled ??= start())) marks.push([label, performance.now(), process.memoryUsage.rss()]);
}

function start(): boolean {
  if (process.env.WENSHU_TIMINGS !== '1') return false;
  process.on('exit', report);
  return true;
}

function report(): void {
  let previous = 0;
  for (const [label, at, rss] of marks) {
    const mb = `${(rss / 1048576).toFixed(0)} MB`;
    process.stderr.write(`${at.toFixed(1).padStart(8)} ms  ${`+${(at - previous).toFixed(1)}`.padStart(7)}  ${mb.padStart(7)}  ${label}\n`);
    previous = at;
  }
}
