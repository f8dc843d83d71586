// Link dump of ~1000 links: the library in-process and through the CLI, against `ip -o link`, same run,
// same namespace. Prints times and ratios. Runs itself inside a throwaway namespace sandbox (root).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from '../scripts/sandbox.js';
import { Flags, NetlinkConnection, NetlinkProtocol, NetlinkSocket, createNetns, deleteNetns, hostCodec, parseAttributes } from '../src/netlink/index.js';

ensureSandbox(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAIRS = Number(process.env.LINKS ?? 1000) / 2;
const RUNS = 15;
const ns = `nlts-bench-links-${process.pid}`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

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
  return { type: 16, flags: Flags.ACK | Flags.CREATE | Flags.EXCL, payload: Buffer.concat([Buffer.alloc(16), w.finish()]), operation: `veth ${i}` };
}

createNetns(ns);
try {
  const conn = new NetlinkConnection(NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: ns }));
  const created = await conn.pipeline(Array.from({ length: PAIRS }, (_, i) => vethRequest(i)), 64);
  const failed = created.filter((r) => !r.ok).length;
  if (failed) throw new Error(`${failed} veth pairs could not be created`);

  const library: number[] = [];
  let count = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    count = 0;
    for await (const batch of conn.dumpBatches({ type: 18, flags: 0, payload: Buffer.alloc(16), operation: 'dump links' })) {
      for (const m of batch) {
        for (const a of parseAttributes(m.payload, 16)) if (a.type === 3) { hostCodec.string(a); count++; }
      }
    }
    library.push(performance.now() - t0);
  }
  conn.close();

  const timeCommand = (cmd: string, args: string[]): number[] => {
    const out: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const res = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      out.push(performance.now() - t0);
      if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}`);
    }
    return out;
  };
  const ip = timeCommand('ip', ['-n', ns, '-o', 'link']);
  const hasCli = fs.existsSync(path.join(root, 'dist/src/cli/commands/link.js'));
  const cli = hasCli ? timeCommand(process.execPath, [path.join(root, 'dist/src/cli/main.js'), 'link', '--netns', ns]) : [NaN];
  const lines = execFileSync('ip', ['-n', ns, '-o', 'link'], { encoding: 'utf8' }).trim().split('\n').length;

  const m = { library: median(library), ip: median(ip), cli: median(cli) };
  console.log(`link dump, ${count} links (ip sees ${lines}), median of ${RUNS} runs`);
  console.log(`  library in-process dump+decode: ${m.library.toFixed(2)} ms`);
  console.log(`  ip -o link (process):           ${m.ip.toFixed(2)} ms`);
  console.log(`  nlts link (process):            ${m.cli.toFixed(2)} ms`);
  console.log(`  ratio library/ip: ${(m.library / m.ip).toFixed(2)}x   ratio nlts-cli/ip: ${(m.cli / m.ip).toFixed(2)}x`);
} finally {
  deleteNetns(ns);
}
