// Route benchmarks, in a throwaway network namespace (re-executes itself under unshare --net --mount):
// creating 10k routes (library pipeline vs `ip -batch`), and dumping 10k and 100k routes (library in process,
// the CLI, `ip -4 route show table all`, and the npm `netlink` package when it can be loaded).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { ensureSandbox } from '../scripts/sandbox.js';
import { RtNetlink, type RouteSpec } from '../src/rtnetlink/index.js';
import { cli, report, timeAsync, timeCommand, type Measure } from './rtnetlink-common.js';

ensureSandbox(import.meta.url);

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

const nl = RtNetlink.open({ receiveBufferSize: 8 << 20 });
await nl.links.createVeth('b0', { peer: 'b1', up: true });
await nl.links.setUp('b1');

// 1. Creating 10k routes.
const N = 10_000;
const batchFile = path.join(os.tmpdir(), `nlts-bench-${process.pid}.batch`);
fs.writeFileSync(batchFile, Array.from({ length: N }, (_, i) => `route add ${prefix(i)} dev b0 table 1001`).join('\n') + '\n');
const ipBatch = timeCommand(['ip', '-batch', batchFile], 1);
fs.unlinkSync(batchFile);
const libCreate: Measure = await timeAsync(async () => {
  const r = await nl.routes.addMany(Array.from({ length: N }, (_, i) => spec(i, 1000)));
  if (r.failures.length) throw new Error(`${r.failures.length} failures: ${r.failures[0]!.error.message}`);
}, 1);
report(`create ${N} routes`, [['ip -batch', ipBatch], ['library routes.addMany (pipelined)', libCreate]], 'ip -batch');
await nl.routes.deleteMany(Array.from({ length: N }, (_, i) => spec(i, 1001)));

const npm = loadNpmNetlink();
async function dumps(count: number): Promise<void> {
  let seen = 0;
  const lib = await timeAsync(async () => { seen = 0; for await (const _ of nl.routes.list({ family: 'inet' })) seen++; });
  let npmM: Measure | undefined;
  if (npm) {
    const sock = npm.createRtNetlink();
    npmM = await timeAsync(async () => { await sock.getRoutes({ family: 2 }); });
    (sock.socket?.close ?? sock.close)?.call(sock.socket ?? sock);
  }
  report(`dump ${count} routes (${seen} IPv4 routes in all tables)`, [
    ['ip -4 route show table all', timeCommand(['ip', '-4', 'route', 'show', 'table', 'all'])],
    ['CLI: nlts route --table all -4', timeCommand([process.execPath, cli, 'route', '--table', 'all', '-4'])],
    ['library routes.list() in process', lib],
    [npm ? 'npm netlink getRoutes() in process' : 'npm netlink (not installed)', npmM],
  ], 'ip -4 route show table all');
  if (npmM) process.stdout.write(`  library vs npm netlink: ${(npmM.ms / lib.ms).toFixed(2)}x faster\n`);
}

await dumps(N);
const M = 100_000;
const more = await nl.routes.addMany(Array.from({ length: M - N }, (_, i) => spec(N + i, 1000)));
if (more.failures.length) throw new Error(`${more.failures.length} failures`);
await dumps(M);
nl.close();
