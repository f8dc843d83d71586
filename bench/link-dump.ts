// Link dump of ~1000 links (LINKS, default 1000): the library in-process (raw messages, typed Links, one-line
// summaries) and through the CLI, against `ip -o link`, same run, same namespace. Prints times, ratios and
// peak RSS. Runs itself inside a throwaway namespace sandbox (root).
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from '../scripts/sandbox.js';
import { settleNodeEnvironment } from './node-env.js';
import { Flags, NetlinkConnection, NetlinkProtocol, NetlinkSocket, createNetns, deleteNetns, hostCodec, parseAttributes } from '../src/netlink/index.js';
import { RtNetlink } from '../src/rtnetlink/index.js';
import { childArgs, childTimes, cli, machine, measureInChild, report, timeCommand } from './rtnetlink-common.js';

ensureSandbox(import.meta.url);

const PAIRS = Number(process.env.LINKS ?? 1000) / 2;
const RUNS = Number(process.env.RUNS ?? 15);
const script = fileURLToPath(import.meta.url);

function vethRequest(i: number): { type: number; flags: number; payload: Buffer; operation: string } {
  const w = hostCodec.writer();
  w.string(3, `bv${i}a`); // IFLA_IFNAME
  w.nested(18, (li) => { // IFLA_LINKINFO
    li.string(1, 'veth'); // IFLA_INFO_KIND
    li.nested(2, (data) => data.nested(1, (peer) => { // IFLA_INFO_DATA > VETH_INFO_PEER: ifinfomsg + attrs
      peer.raw(Buffer.alloc(16));
      peer.string(3, `bv${i}b`);
    }));
  });
  return { type: 16, flags: Flags.ACK | Flags.CREATE | Flags.EXCL, payload: Buffer.concat([Buffer.alloc(16), Buffer.from(w.finish())]), operation: `veth ${i}` };
}

/** In a child process: one way of dumping the links of namespace `ns`, RUNS times. */
async function child([op, ns]: string[]): Promise<void> {
  const times: number[] = [];
  let count = 0;
  if (op === 'raw') {
    // Messages and attributes only: the dump itself, the floor under any decoding.
    const conn = new NetlinkConnection(NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: ns }));
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      count = 0;
      for await (const batch of conn.dumpBatches({ type: 18, flags: 0, payload: Buffer.alloc(16), operation: 'dump links' })) {
        for (const m of batch) for (const a of parseAttributes(m.payload, 16)) if (a.type === 3) { hostCodec.string(a); count++; }
      }
      times.push(performance.now() - t0);
    }
    conn.close();
  } else {
    const nl = RtNetlink.open({ netns: ns });
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      count = op === 'list' ? (await nl.links.all()).length : op === 'summaries' ? (await nl.links.summaries()).length : (await nl.links.names()).size;
      times.push(performance.now() - t0);
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

const ns = `nlts-bench-links-${process.pid}`;
createNetns(ns);
try {
  const conn = new NetlinkConnection(NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: ns }));
  const created = await conn.pipeline(Array.from({ length: PAIRS }, (_, i) => vethRequest(i)), 64);
  const failed = created.filter((r) => !r.ok).length;
  if (failed) throw new Error(`${failed} veth pairs could not be created`);
  conn.close();

  process.stdout.write(`link dump benchmark: ${machine()}\n${settleNodeEnvironment()}\n`);
  const ip = timeCommand(['ip', '-n', ns, '-o', 'link'], RUNS);
  const cliText = timeCommand([process.execPath, cli, 'link', '--netns', ns], RUNS);
  const cliJson = timeCommand([process.execPath, cli, 'link', '--json', '--netns', ns], RUNS);
  const raw = measureInChild(script, 'raw', [ns]);
  const list = measureInChild(script, 'list', [ns]);
  const summaries = measureInChild(script, 'summaries', [ns]);
  const names = measureInChild(script, 'names', [ns]);
  report(`dump ${raw.count} links (${RUNS} runs; library rows: in-process time in a fresh process)`, [
    ['ip -o link', ip],
    ['CLI: nlts link', cliText],
    ['CLI: nlts link --json', cliJson],
    ['library: raw messages + IFLA_IFNAME', raw],
    ['library links.all() (typed Links)', list],
    ['library links.summaries() (what one line shows)', summaries],
    ['library links.names()', names],
  ], 'ip -o link');
  process.stdout.write(`  => CLI/ip ${(cliText.ms / ip.ms).toFixed(2)}x; library/ip: raw ${(raw.ms / ip.ms).toFixed(2)}x, all() ${(list.ms / ip.ms).toFixed(2)}x, `
    + `summaries() ${(summaries.ms / ip.ms).toFixed(2)}x (library rows exclude process start, ip's include it)\n`);
} finally {
  deleteNetns(ns);
}
