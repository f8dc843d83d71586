// CLI start-up (issue 14): trivial commands against bare Node, interleaved in one run. `node -e 0`, then
// `nlts conntrack -C` and `nlts link` on an empty namespace, then `nlts --help` (no library code), round
// after round, so load changes hit every row alike. Runs as root in its own network namespace (the sandbox
// of scripts/sandbox.ts: an empty table, lo only). Prints medians, min-max ranges, the load average and
// Node's environment (bench/node-env.ts). RUNS=N sets the rounds (default 21).
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from '../scripts/sandbox.js';
import { settleNodeEnvironment } from './node-env.js';

ensureSandbox(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const runs = Number(process.env.RUNS ?? 21);
const rows: Array<[string, string[]]> = [
  ['node -e 0', ['-e', '0']],
  ['nlts --help', [cli, '--help']],
  ['nlts conntrack -C', [cli, 'conntrack', '-C']],
  ['nlts link', [cli, 'link']],
];

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
process.stdout.write(`${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load()} (start)\n`);
process.stdout.write(`${settleNodeEnvironment()}\n`);
const times = rows.map(() => [] as number[]);
for (let r = 0; r < runs; r++) {
  rows.forEach(([label, args], i) => {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (p.status !== 0) throw new Error(`${label} exited ${p.status}: ${p.stderr}`);
    times[i]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
  });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const base = median(times[0]!);
for (const [i, [label]] of rows.entries()) {
  const xs = times[i]!;
  const m = median(xs);
  process.stdout.write(`${label.padEnd(20)} median ${m.toFixed(1)} ms (${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)})  over node -e 0: +${(m - base).toFixed(1)} ms\n`);
}
process.stdout.write(`load average ${load()} (end), ${runs} rounds\n`);
