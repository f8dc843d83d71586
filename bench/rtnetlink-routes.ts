// Route benchmarks, in a throwaway network namespace (re-executes itself under unshare --net --mount):
// creating 10k routes (library pipeline vs `ip -batch`), and dumping 10k and 100k routes (the CLI and
// `ip -4 route show table all` as processes; the library and the npm `netlink` package in processes of their
// own, so that each reports its own peak RSS and its first run is a cold one).
// Environment: RUNS (default 5), NLTS_NPM_NETLINK_DIR (where npm `netlink` is installed, if not here).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from '../scripts/sandbox.js';
import { settleNodeEnvironment } from './node-env.js';
import { RtNetlink, type RouteSpec } from '../src/rtnetlink/index.js';
import { childArgs, childTimes, cli, machine, measureInChild, report, timeCommand, type Measure } from './rtnetlink-common.js';

ensureSandbox(import.meta.url);

const RUNS = Number(process.env.RUNS ?? 5);
const script = fileURLToPath(import.meta.url);
const prefix = (i: number): string => `20.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`;
const spec = (i: number, table: number): RouteSpec => ({ to: prefix(i), dev: 'b0', table });

interface NpmRt { getRoutes(data?: object): Promise<unknown[]>; socket?: { close(): void }; close?: () => void }
function loadNpmNetlink(): { createRtNetlink(): NpmRt } | undefined {
  const require = createRequire(import.meta.url);
  for (const where of ['netlink', process.env.NLTS_NPM_NETLINK_DIR ? path.join(process.env.NLTS_NPM_NETLINK_DIR, 'node_modules/netlink') : '']) {
    if (!where) continue;
    try { return require(where) as { createRtNetlink(): NpmRt }; } catch { /* not installed */ }
  }
  return undefined;
}

/** One in-process measurement, in this (child) process: `runs` runs, the first one cold. */
async function child([op, n, table]: string[]): Promise<void> {
  const times: number[] = [];
  let count = 0;
  if (op === 'npm') {
    const sock = loadNpmNetlink()!.createRtNetlink();
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      count = (await sock.getRoutes({ family: 2 })).length;
      times.push(performance.now() - t0);
    }
    (sock.socket?.close ?? sock.close)?.call(sock.socket ?? sock);
  } else {
    const nl = RtNetlink.open({ receiveBufferSize: 8 << 20 });
    for (let r = 0; r < (op === 'create' ? 1 : RUNS); r++) {
      const specs = op === 'create' ? Array.from({ length: Number(n) }, (_, i) => spec(i, Number(table))) : [];
      const t0 = performance.now();
      if (op === 'create') {
        const out = await nl.routes.addMany(specs);
        if (out.failures.length) throw new Error(`${out.failures.length} failures: ${out.failures[0]!.error.message}`);
        count = specs.length;
      } else if (op === 'list') {
        count = 0;
        for await (const _ of nl.routes.list({ family: 'inet' })) count++;
      } else if (op === 'batches') {
        count = 0;
        for await (const b of nl.routes.listBatches({ family: 'inet' })) count += b.length;
      } else if (op === 'all') {
        count = (await nl.routes.all({ family: 'inet' })).length;
      }
      times.push(performance.now() - t0);
      if (op === 'create') await nl.routes.deleteMany(specs);
    }
    nl.close();
  }
  childTimes(times, count);
}

const args = childArgs();
if (args) {
  await child(args);
  process.exit(0);
}

process.stdout.write(`rtnetlink route benchmarks: ${machine()}\n${settleNodeEnvironment()}\n`);
const nl = RtNetlink.open({ receiveBufferSize: 8 << 20 });
await nl.links.createVeth('b0', { peer: 'b1', up: true });
await nl.links.setUp('b1');

// 1. Creating 10k routes: `ip -batch` (a process; its time includes its start) against routes.addMany in a
// fresh Node process (in-process time of the call, cold: the first thing that process does).
const N = 10_000;
const batchFile = path.join(os.tmpdir(), `nlts-bench-${process.pid}.batch`);
const deleteFile = `${batchFile}.del`;
fs.writeFileSync(batchFile, Array.from({ length: N }, (_, i) => `route add ${prefix(i)} dev b0 table 1001`).join('\n') + '\n');
fs.writeFileSync(deleteFile, Array.from({ length: N }, (_, i) => `route del ${prefix(i)} dev b0 table 1001`).join('\n') + '\n');
const ipRuns: Measure[] = [];
const libRuns: Measure[] = [];
for (let r = 0; r < Math.max(3, RUNS); r++) {
  ipRuns.push(timeCommand(['ip', '-batch', batchFile], 1));
  timeCommand(['ip', '-batch', deleteFile], 1);
  libRuns.push(measureInChild(script, 'create', [String(N), '1000']));
}
fs.unlinkSync(batchFile);
fs.unlinkSync(deleteFile);
const summarize = (ms: Measure[]): Measure => ({
  ms: Math.min(...ms.map((m) => m.ms)), first: ms[0]!.ms, median: [...ms.map((m) => m.ms)].sort((a, b) => a - b)[ms.length >> 1],
  rssKb: Math.max(...ms.map((m) => m.rssKb ?? 0)),
});
const ipBatch = summarize(ipRuns);
const libCreate = summarize(libRuns);
report(`create ${N} routes (each run a fresh process; library time is the addMany call)`, [
  ['ip -batch', ipBatch], ['library routes.addMany (pipelined)', libCreate],
], 'ip -batch');
process.stdout.write(`  => library/ip -batch: ${(libCreate.ms / ipBatch.ms).toFixed(2)}x best, ${(libCreate.median! / ipBatch.median!).toFixed(2)}x median (target: < 1)\n`);

const npm = loadNpmNetlink();
async function dumps(count: number): Promise<void> {
  const ip = timeCommand(['ip', '-4', 'route', 'show', 'table', 'all'], RUNS);
  const cliText = timeCommand([process.execPath, cli, 'route', '--table', 'all', '-4'], RUNS);
  const list = measureInChild(script, 'list');
  const batches = measureInChild(script, 'batches');
  const all = measureInChild(script, 'all');
  const npmM = npm ? measureInChild(script, 'npm') : undefined;
  report(`dump ${count} routes (${list.count} IPv4 routes in all tables; library rows: in-process time in a fresh process)`, [
    ['ip -4 route show table all', ip],
    ['CLI: nlts route --table all -4', cliText],
    ['library routes.list() (a Route per await)', list],
    ['library routes.listBatches()', batches],
    ['library routes.all()', all],
    [npm ? 'npm netlink getRoutes() (all in one array)' : 'npm netlink (not installed)', npmM],
  ], 'ip -4 route show table all');
  process.stdout.write(`  => CLI/ip: ${(cliText.ms / ip.ms).toFixed(2)}x best, ${(cliText.median! / ip.median!).toFixed(2)}x median (target: <= 1.5)\n`);
  if (npmM) {
    process.stdout.write(`  => npm netlink / library: list() ${(npmM.ms / list.ms).toFixed(2)}x, listBatches() ${(npmM.ms / batches.ms).toFixed(2)}x, `
      + `all() ${(npmM.ms / all.ms).toFixed(2)}x faster (target: >= 4)\n`);
  }
}

for (let i = 0; i < N; i += 2000) {
  const out = await nl.routes.addMany(Array.from({ length: Math.min(2000, N - i) }, (_, k) => spec(i + k, 1000)));
  if (out.failures.length) throw new Error(`${out.failures.length} failures`);
}
await dumps(N);
const M = 100_000;
const more = await nl.routes.addMany(Array.from({ length: M - N }, (_, i) => spec(N + i, 1000)));
if (more.failures.length) throw new Error(`${more.failures.length} failures`);
await dumps(M);
nl.close();
