// Applying a large nftables set (issue 14): the same `nft -j` JSON document (a table and a set of SIZE IPv4
// elements) applied by `nft -j -f FILE` and by `nlts nft apply FILE`, interleaved round after round in the
// same namespace, the ruleset flushed (untimed) before each. Both run under `ip netns exec`, so both pay the
// same namespace entry. The library's own share (JSON read, encoding, the transaction) is timed in-process
// too. Prints medians, min-max ranges, the ratio, the load average (start and end) and Node's environment.
// SIZE (default 100000) and RUNS (default 7) set the work. Runs itself in a throwaway sandbox (root).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from '../scripts/sandbox.js';
import { settleNodeEnvironment } from './node-env.js';
import { createNetns, deleteNetns } from '../src/netlink/index.js';
import { Nftables, nftJsonToTransaction } from '../src/nfnetlink/nftables/index.js';

ensureSandbox(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli', 'main.cjs'); // package.json bin
const SIZE = Number(process.env.SIZE ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 7);

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`${os.type()} ${os.release()}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load()} (start)`);
console.log(settleNodeEnvironment());

// SIZE distinct addresses spread over 10.0.0.0/8 (odd stride: no two collide).
const elem = Array.from({ length: SIZE }, (_, i) => {
  const a = (0x0a000000 + i * 163) >>> 0;
  return `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.${a & 0xff}`;
});
const doc = {
  nftables: [
    { table: { family: 'ip', name: 'bench' } },
    { set: { family: 'ip', table: 'bench', name: 'addrs', type: 'ipv4_addr', elem } },
  ],
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-bench-set-'));
const file = path.join(dir, 'set.json');
fs.writeFileSync(file, JSON.stringify(doc));

function run(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const p = spawnSync('/usr/sbin/ip', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (p.status !== 0) throw new Error(`ip ${args.join(' ')} exited ${p.status}: ${p.stderr}`);
  return ms;
}

const ns = `nlts-bench-set-${process.pid}`;
createNetns(ns);
try {
  const flush = (): void => { run(['netns', 'exec', ns, '/usr/sbin/nft', 'flush', 'ruleset']); };
  const count = (): number => {
    const p = spawnSync('/usr/sbin/ip', ['netns', 'exec', ns, '/usr/sbin/nft', '-j', 'list', 'set', 'ip', 'bench', 'addrs'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const set = (JSON.parse(p.stdout) as { nftables: Array<{ set?: { elem?: unknown[] } }> }).nftables.find((o) => o.set)?.set;
    return set?.elem?.length ?? 0;
  };
  const theirs: number[] = [];
  const ours: number[] = [];
  const library: number[] = [];
  const client = Nftables.open({ netns: ns });
  for (let r = 0; r < RUNS; r++) {
    flush();
    theirs.push(run(['netns', 'exec', ns, '/usr/sbin/nft', '-j', '-f', file]));
    if (r === 0 && count() !== SIZE) throw new Error(`nft applied ${count()} of ${SIZE} elements`);
    flush();
    ours.push(run(['netns', 'exec', ns, process.execPath, cli, 'nft', 'apply', file]));
    if (r === 0 && count() !== SIZE) throw new Error(`nlts applied ${count()} of ${SIZE} elements`);
    flush();
    const t0 = process.hrtime.bigint();
    await client.apply(nftJsonToTransaction(JSON.parse(fs.readFileSync(file, 'utf8'))));
    library.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  client.close();
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const row = (label: string, xs: number[]): string => `${label.padEnd(34)} median ${median(xs).toFixed(0).padStart(5)} ms (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
  console.log(`${SIZE} IPv4 elements in one set, ${RUNS} interleaved rounds`);
  console.log(row('nft -j -f', theirs));
  console.log(row('nlts nft apply', ours));
  console.log(row('library (read JSON, encode, apply)', library));
  console.log(`ratio nlts / nft: ${(median(ours) / median(theirs)).toFixed(2)}x (goal <= 0.5x)`);
  console.log(`load average ${load()} (end)`);
} finally {
  deleteNetns(ns);
  fs.rmSync(dir, { recursive: true, force: true });
}
