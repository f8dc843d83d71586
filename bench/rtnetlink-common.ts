// Shared pieces of the rtnetlink benchmarks: timing of external commands (wall time and peak RSS through
// /usr/bin/time), in-process measurements in a child process of their own (so that each reports its own
// peak RSS, and its first run is really the first), and printing of times with ratios.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The CLI as installed (package.json bin): the bundle `npm run build` writes. */
export const cli = path.join(root, 'dist/cli/main.cjs');

export interface Measure {
  /** Best wall time of the runs. */
  ms: number;
  /** Wall time of the first run (cold: nothing compiled or cached yet), when it differs from `ms`. */
  first?: number;
  /** Median wall time. */
  median?: number;
  /** Peak resident set size (of the process that did the work), KiB. */
  rssKb?: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs a program (argument array, no shell) with stdout to /dev/null, `runs` times: best, first and median wall time, peak RSS. */
export function timeCommand(argv: string[], runs = 5): Measure {
  const times: number[] = [];
  let rssKb: number | undefined;
  const hasTime = fs.existsSync('/usr/bin/time');
  for (let i = 0; i < runs; i++) {
    const cmd = hasTime ? ['/usr/bin/time', '-f', '%M', ...argv] : argv;
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr?.toString()}`);
    if (hasTime) rssKb = Math.max(rssKb ?? 0, Number(r.stderr.toString().trim().split('\n').at(-1)));
  }
  return { ms: Math.min(...times), first: times[0], median: median(times), rssKb };
}

/** Times `fn` `runs` times in this process: best, first and median; RSS is this process's peak so far. */
export async function timeAsync(fn: () => Promise<unknown>, runs = 3): Promise<Measure> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms: Math.min(...times), first: times[0], median: median(times), rssKb: process.resourceUsage().maxRSS };
}

/**
 * Runs `script --child op ...args` in a fresh Node process (same namespace, same environment) and returns the
 * Measure it prints as its last line of JSON: in-process times of one operation, and that process's peak RSS.
 */
export function measureInChild(script: string, op: string, args: string[] = []): Measure & { count?: number } {
  const r = spawnSync(process.execPath, [script, '--child', op, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child ${op} failed with status ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Measure & { count?: number };
}

/** In a child: what measureInChild reads. */
export function childResult(m: Measure & { count?: number }): void {
  process.stdout.write(`${JSON.stringify({ ...m, rssKb: process.resourceUsage().maxRSS })}\n`);
}

/** In a child: best, first and median of the run times, as childResult reports them. */
export function childTimes(times: readonly number[], count?: number): void {
  childResult({ ms: Math.min(...times), first: times[0], median: median([...times]), ...(count === undefined ? {} : { count }) });
}

/** The `--child OP ...` arguments when this process is a measuring child. */
export function childArgs(): string[] | undefined {
  const i = process.argv.indexOf('--child');
  return i === -1 ? undefined : process.argv.slice(i + 1);
}

/** Prints rows with best (first, median) times, the ratio to the baseline row, and peak RSS. */
export function report(title: string, rows: Array<[string, Measure | undefined]>, baseline: string): void {
  const base = rows.find(([n]) => n === baseline)?.[1];
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`  ${''.padEnd(46)} ${'best'.padStart(9)}   ${'first'.padStart(8)} ${'median'.padStart(8)}   ratio to ${baseline}   peak RSS\n`);
  for (const [name, m] of rows) {
    if (!m) { process.stdout.write(`  ${name.padEnd(46)} n/a\n`); continue; }
    const ratio = base ? `${(m.ms / base.ms).toFixed(2)}x`.padStart(7) : '';
    const rss = m.rssKb ? `${(m.rssKb / 1024).toFixed(1)} MiB`.padStart(10) : '';
    const first = m.first !== undefined ? `${m.first.toFixed(1)}`.padStart(8) : ''.padStart(8);
    const med = m.median !== undefined ? `${m.median.toFixed(1)}`.padStart(8) : ''.padStart(8);
    process.stdout.write(`  ${name.padEnd(46)} ${m.ms.toFixed(1).padStart(7)} ms ${first} ${med}   ${ratio.padEnd(`ratio to ${baseline}`.length)} ${rss}\n`);
  }
}

/** One line saying what machine this ran on. */
export function machine(): string {
  const cpu = os.cpus();
  return `${os.type()} ${os.release()}, ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}
