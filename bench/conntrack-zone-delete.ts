// Zone delete at scale (issue 14): a table of 100k entries, half of them in zone 1, and `conntrack -D -w 1`
// against `nlts conntrack -D -w 1`, each run on a freshly filled table, the two interleaved run by run, with
// the machine's load average before and after. Output of both goes to /dev/null (both print every deleted
// entry). Prints medians, the range of the per-run ratios, and checks that each run removed exactly the
// zone's entries. Goal: nlts <= 0.5x conntrack-tools. Runs itself in a throwaway namespace sandbox (root).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from '../scripts/sandbox.js';
import { settleNodeEnvironment } from './node-env.js';
import { createNetns, deleteNetns } from '../src/netlink/index.js';
import { Conntrack, type FlowSpec } from '../src/nfnetlink/conntrack/index.js';

ensureSandbox(import.meta.url);
console.log(settleNodeEnvironment());

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const SIZE = Number(process.env.SIZE ?? 100000);
const RUNS = Number(process.env.RUNS ?? 5);
const load = (): string => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function spec(i: number): FlowSpec {
  const src = `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`;
  return { original: { src, dst: '192.0.2.1', protocol: 17, sport: 1024 + (i % 60000), dport: 53 }, timeout: 3600, ...(i % 2 === 1 ? { zone: 1 } : {}) };
}

async function fill(ct: Conntrack): Promise<void> {
  await ct.flush();
  for (let start = 0; start < SIZE; start += 20000) {
    const res = await ct.createMany(Array.from({ length: Math.min(20000, SIZE - start) }, (_, k) => spec(start + k)), 256);
    const bad = res.filter((r) => !r.ok);
    if (bad.length) throw new Error(`${bad.length} creates failed`);
  }
}

function timed(cmd: string, args: string[]): { ms: number; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  return { ms: performance.now() - t0, stderr: r.stderr };
}

const ns = `nlts-bench-ctdel-${process.pid}`;
createNetns(ns);
try {
  const ct = await Conntrack.open({ netns: ns });
  console.log(`${SIZE} entries per run, ${SIZE / 2} of them in zone 1; load average before: ${load()}`);
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    for (const who of r % 2 === 0 ? ['conntrack', 'nlts'] : ['nlts', 'conntrack']) {
      await fill(ct);
      const res = who === 'conntrack'
        ? timed('ip', ['netns', 'exec', ns, 'conntrack', '-D', '-w', '1'])
        : timed(process.execPath, [cli, 'conntrack', '--netns', ns, '-D', '-w', '1']);
      const left = await ct.count();
      const said = /(\d+) flow entries have been deleted/.exec(res.stderr)?.[1];
      if (left !== SIZE / 2 || Number(said) !== SIZE / 2) throw new Error(`${who}: ${said} reported, ${SIZE - left} removed, expected ${SIZE / 2}`);
      (who === 'conntrack' ? theirs : ours).push(res.ms);
    }
    ratios.push(ours.at(-1)! / theirs.at(-1)!);
  }
  console.log(`  -D -w 1   nlts ${median(ours).toFixed(0)} ms   conntrack ${median(theirs).toFixed(0)} ms   ratio ${(median(ours) / median(theirs)).toFixed(2)}x `
    + `(per run ${Math.min(...ratios).toFixed(2)}x-${Math.max(...ratios).toFixed(2)}x)`);
  console.log(`load average after: ${load()}`);
  await ct.flush();
  ct.close();
} finally {
  deleteNetns(ns);
}
