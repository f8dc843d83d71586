// `conntrack -L` at scale: a table of 100k and 250k entries (half in zone 1), created with pipelined
// IPCTNL_MSG_CT_NEW requests, listed by our CLI and by conntrack-tools in the same run, plus the library's
// typed streaming dump against a bare receive loop that does not parse. Prints wall times, ratios and peak
// RSS. Runs itself inside a throwaway namespace sandbox (root); the table lives in a namespace it creates.
// Targets (issue 4): -L <= 1.0x conntrack, -L -w 1 <= 0.7x, typed dump <= 1.3x bare loop, RSS < 100 MB.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from '../scripts/sandbox.js';
import { settleNodeEnvironment } from './node-env.js';
import { createNetns, deleteNetns } from '../src/netlink/index.js';
import { MessageCursor } from '../src/netlink/message.js';
import { Conntrack, CtMsg, type FlowSpec } from '../src/nfnetlink/conntrack/index.js';
import { Subsystem, messageType } from '../src/nfnetlink/index.js';

ensureSandbox(import.meta.url);
console.log(settleNodeEnvironment());

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli', 'main.cjs'); // package.json bin: the bundle `npm run build` writes
const SIZES = (process.env.SIZES ?? '100000,250000').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function spec(i: number): FlowSpec {
  const a = 10 + (i >> 24 & 0x3f);
  const src = `${a}.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`;
  return {
    original: { src, dst: '192.0.2.1', protocol: i % 3 === 0 ? 17 : 6, sport: 1024 + (i % 60000), dport: 80 },
    timeout: 3600, ...(i % 3 === 0 ? {} : { tcp: { state: 3 } }),
    ...(i % 2 === 1 ? { zone: 1 } : {}),
  };
}

/** Wall time (ms) and peak RSS (kB, from /usr/bin/time) of a command with stdout to /dev/null. */
function timeCommand(cmd: string, args: string[]): { ms: number; rssKb: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  const lines = (r.stderr ?? '').trim().split('\n');
  return { ms, rssKb: Number(lines.at(-1)) };
}

function compare(label: string, ns: string, ours: string[], theirs: string[]): void {
  const o: number[] = []; const t: number[] = []; let oRss = 0; let tRss = 0;
  for (let r = 0; r < RUNS; r++) {
    const a = timeCommand('ip', ['netns', 'exec', ns, 'conntrack', ...theirs]);
    const b = timeCommand(process.execPath, [cli, 'conntrack', '--netns', ns, ...ours]);
    t.push(a.ms); o.push(b.ms); tRss = Math.max(tRss, a.rssKb); oRss = Math.max(oRss, b.rssKb);
  }
  const ratio = median(o) / median(t);
  console.log(`  ${label.padEnd(22)} nlts ${median(o).toFixed(0).padStart(6)} ms (${(oRss / 1024).toFixed(0)} MB)   conntrack ${median(t).toFixed(0).padStart(6)} ms (${(tRss / 1024).toFixed(0)} MB)   ratio ${ratio.toFixed(2)}x`);
}

for (const size of SIZES) {
  const ns = `nlts-bench-ct-${process.pid}-${size}`;
  createNetns(ns);
  try {
    const ct = await Conntrack.open({ netns: ns });
    const t0 = performance.now();
    for (let start = 0; start < size; start += 20000) {
      const specs = Array.from({ length: Math.min(20000, size - start) }, (_, k) => spec(start + k));
      const res = await ct.createMany(specs, 256);
      const bad = res.filter((r) => !r.ok);
      if (bad.length) throw new Error(`${bad.length} creates failed: ${(bad[0] as { error: Error }).error.message}`);
    }
    console.log(`${size} entries (half in zone 1) created in ${((performance.now() - t0) / 1000).toFixed(1)} s; count=${await ct.count()}`);

    // In-process: the bare receive loop (raw chunks, message headers walked and counted, nothing decoded)
    // against the typed dump (a Flow object per entry) and the cursor walk (FlowCursor, no object per entry).
    const bare: number[] = []; const typed: number[] = []; const cursor: number[] = [];
    const req = { type: messageType(Subsystem.CTNETLINK, CtMsg.GET), flags: 0, payload: Buffer.from([0, 0, 0, 0]), operation: 'bare dump' };
    const walk = new MessageCursor();
    for (let r = 0; r < RUNS; r++) {
      let n = 0;
      let t = performance.now();
      for await (const chunk of ct.connection.dumpChunks(req)) {
        walk.reset(chunk);
        while (walk.next()) n++;
      }
      bare.push(performance.now() - t);
      let m = 0;
      t = performance.now();
      for await (const batch of ct.dump().batches()) m += batch.length;
      typed.push(performance.now() - t);
      let k = 0;
      t = performance.now();
      for await (const c of ct.dump().cursors()) while (c.next()) k++;
      cursor.push(performance.now() - t);
      if (n !== m || n !== k) console.log(`  (table changed between dumps: ${n}, ${m}, ${k})`);
    }
    const b = median(bare);
    console.log(`  typed dump vs bare loop  typed ${median(typed).toFixed(0)} ms   bare ${b.toFixed(0)} ms   ratio ${(median(typed) / b).toFixed(2)}x   (cursor walk ${median(cursor).toFixed(0)} ms, ${(median(cursor) / b).toFixed(2)}x; in-process RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB)`);
    compare('-L', ns, ['-L'], ['-L']);
    compare('-L -w 1', ns, ['-L', '-w', '1'], ['-L', '-w', '1']);
    // The fixed part of every nlts run: Node starting and exiting, with nothing to do.
    const boot = median(Array.from({ length: RUNS }, () => timeCommand(process.execPath, ['-e', '0']).ms));
    console.log(`  (node -e 0 alone: ${boot.toFixed(0)} ms)`);
    await ct.flush();
    ct.close();
  } finally {
    deleteNetns(ns);
  }
}
