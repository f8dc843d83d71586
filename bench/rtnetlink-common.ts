// Shared pieces of the rtnetlink benchmarks: timing of external commands (wall time and peak RSS through
// /usr/bin/time), best-of-N timing of in-process work, and printing of ratios.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = path.join(root, 'dist/src/cli/main.js');

export interface Measure { ms: number; rssKb?: number }

/** Runs a program (argument array, no shell) with stdout to /dev/null; best wall time of `runs`, peak RSS of the last. */
export function timeCommand(argv: string[], runs = 3): Measure {
  let best = Infinity;
  let rssKb: number | undefined;
  const hasTime = fs.existsSync('/usr/bin/time');
  for (let i = 0; i < runs; i++) {
    const cmd = hasTime ? ['/usr/bin/time', '-f', '%M', ...argv] : argv;
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr?.toString()}`);
    best = Math.min(best, ms);
    if (hasTime) rssKb = Number(r.stderr.toString().trim().split('\n').at(-1));
  }
  return { ms: best, rssKb };
}

export async function timeAsync(fn: () => Promise<unknown>, runs = 3): Promise<Measure> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms: best, rssKb: process.resourceUsage().maxRSS };
}

export function report(title: string, rows: Array<[string, Measure | undefined]>, baseline: string): void {
  const base = rows.find(([n]) => n === baseline)?.[1];
  process.stdout.write(`\n${title}\n`);
  for (const [name, m] of rows) {
    if (!m) { process.stdout.write(`  ${name.padEnd(44)} n/a\n`); continue; }
    const ratio = base ? ` ${(m.ms / base.ms).toFixed(2)}x of ${baseline}` : '';
    const rss = m.rssKb ? `  peak RSS ${(m.rssKb / 1024).toFixed(1)} MiB` : '';
    process.stdout.write(`  ${name.padEnd(44)} ${m.ms.toFixed(1).padStart(9)} ms${ratio}${rss}\n`);
  }
}
