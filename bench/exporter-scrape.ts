// Exporter scrape cost (issue 16): a conntrack table of 100k and 250k entries (2/3 TCP ESTABLISHED, 1/3 UDP,
// half in zone 1, as bench/conntrack-list.ts builds it), then, interleaved round after round:
//   nlts exporter --netns NS --once        one whole scrape as the textfile collector runs it (a process)
//   conntrack -C                           what the kernel's count costs (the floor: no dump at all)
//   conntrack -L | wc -l                   one dump walk of the table through conntrack-tools
// and in process, the library: Exporter.collect() with every collector, and the conntrack-entries collector
// alone (the part that walks the table, counting per zone/l3/l4/state from the dump's bytes).
// Prints medians and ranges, ratios to conntrack -L | wc -l, the load average (start and end) and Node's
// environment. Runs itself inside a throwaway namespace sandbox (root); the table lives in a namespace it
// creates. SIZES=100000,250000 and RUNS=5 by default. A benchmark, not a test: nothing here asserts a time.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from '../scripts/sandbox.js';
import { settleNodeEnvironment } from './node-env.js';
import { createNetns, deleteNetns } from '../src/netlink/index.js';
import { Conntrack, type FlowSpec } from '../src/nfnetlink/conntrack/index.js';
import { Exporter, conntrackEntriesCollector } from '../src/exporter/index.js';

ensureSandbox(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.nlts!);
const SIZES = (process.env.SIZES ?? '100000,250000').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 5);
const IP = '/usr/sbin/ip';

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
process.stdout.write(`${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load()} (start)\n`);
process.stdout.write(`${settleNodeEnvironment()}\n`);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const range = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;

/** The same table shape as bench/conntrack-list.ts: 2/3 TCP ESTABLISHED, 1/3 UDP, odd entries in zone 1. */
function spec(i: number): FlowSpec {
  const a = 10 + (i >> 24 & 0x3f);
  const src = `${a}.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`;
  return {
    original: { src, dst: '192.0.2.1', protocol: i % 3 === 0 ? 17 : 6, sport: 1024 + (i % 60000), dport: 80 },
    timeout: 3600, ...(i % 3 === 0 ? {} : { tcp: { state: 3 } }),
    ...(i % 2 === 1 ? { zone: 1 } : {}),
  };
}

/** Wall time (ms) of a process with stdout kept (to check it) and stderr shown on failure. */
function run(cmd: string, args: string[]): { ms: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout };
}

/** Sum of the nlts_conntrack_entries samples of a scrape (must equal the table size). */
function entriesInScrape(text: string): number {
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith('nlts_conntrack_entries{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

for (const size of SIZES) {
  const ns = `nlts-bench-exp-${process.pid}-${size}`;
  createNetns(ns);
  try {
    const ct = await Conntrack.open({ netns: ns });
    const t0 = performance.now();
    for (let start = 0; start < size; start += 20000) {
      const res = await ct.createMany(Array.from({ length: Math.min(20000, size - start) }, (_, k) => spec(start + k)), 256);
      const bad = res.filter((r) => !r.ok);
      if (bad.length) throw new Error(`${bad.length} creates failed: ${(bad[0] as { error: Error }).error.message}`);
    }
    const count = await ct.count();
    process.stdout.write(`\n${size} entries created in ${((performance.now() - t0) / 1000).toFixed(1)} s; count=${count}; load average ${load()}\n`);

    const rows: Record<string, number[]> = { 'nlts exporter --once': [], 'conntrack -C': [], 'conntrack -L | wc -l': [], 'Exporter.collect() (all collectors)': [], 'conntrack-entries collector': [] };
    const exporter = new Exporter({ netns: [ns] });
    for (let r = 0; r < RUNS; r++) {
      const scrape = run(process.execPath, [cli, 'exporter', '--netns', ns, '--once']);
      rows['nlts exporter --once']!.push(scrape.ms);
      if (entriesInScrape(scrape.out) !== count) throw new Error(`the scrape counted ${entriesInScrape(scrape.out)} entries, the table holds ${count}`);
      const c = run(IP, ['netns', 'exec', ns, 'conntrack', '-C']);
      rows['conntrack -C']!.push(c.ms);
      // A fixed pipeline, no interpolated input: conntrack-tools' dump walk counted by wc.
      const l = run(IP, ['netns', 'exec', ns, '/bin/sh', '-c', 'conntrack -L 2>/dev/null | wc -l']);
      rows['conntrack -L | wc -l']!.push(l.ms);
      if (Number(l.out.trim()) !== count) process.stdout.write(`  (conntrack -L listed ${l.out.trim()} lines)\n`);
      let t = performance.now();
      const collection = await exporter.collect();
      rows['Exporter.collect() (all collectors)']!.push(performance.now() - t);
      if (collection.failures.length > 0) throw new Error(`collector failed: ${collection.failures[0]!.error.message}`);
      t = performance.now();
      await conntrackEntriesCollector.collect({ netns: ns, subnets: [] });
      rows['conntrack-entries collector']!.push(performance.now() - t);
    }
    const reference = median(rows['conntrack -L | wc -l']!);
    for (const [label, xs] of Object.entries(rows)) {
      process.stdout.write(`  ${label.padEnd(38)} median ${median(xs).toFixed(0).padStart(5)} ms (${range(xs)})   ${(median(xs) / reference).toFixed(2)}x conntrack -L | wc -l\n`);
    }
    await ct.flush();
    ct.close();
  } finally {
    deleteNetns(ns);
  }
}
process.stdout.write(`\nload average ${load()} (end), ${RUNS} rounds per size\n`);
