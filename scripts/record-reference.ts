// Records fixtures/rtnetlink/reference-state.json: a namespace built by ip with varied links, addresses,
// routes, rules, neighbours and nexthops; the library's dumps of it (the bytes the kernel sent) and, at the
// same moment, what `ip -j -d` printed for the same state. The replay test decodes the recorded bytes and
// compares with ip's output: expectations that come from outside the library, not from its own decoder.
//   npm run build && node dist/scripts/record-reference.js      (root; runs itself in the test sandbox)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from './sandbox.js';
import {
  NetlinkProtocol, NetlinkSocket, RecordingTransport, createNetns, currentProvenance, deleteNetns, withNetns, writeFixture,
} from '../src/netlink/index.js';
import { RtNetlink } from '../src/rtnetlink/index.js';
import { REFERENCE_SETUP, REFERENCE_LISTINGS, referenceDumps } from '../test/rtnetlink/reference-state.js';

ensureSandbox(import.meta.url);

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../fixtures/rtnetlink/reference-state.json');
const ns = `nlts-rec-reference-${process.pid}`;
createNetns(ns);
try {
  withNetns(ns, () => fs.writeFileSync('/proc/sys/net/ipv6/conf/default/accept_dad', '0'));
  const batch = `/tmp/${ns}.batch`;
  // ip -batch takes no -6 per line: those lines run on their own.
  fs.writeFileSync(batch, REFERENCE_SETUP.filter((l) => !l.startsWith('-6 ')).join('\n') + '\n');
  execFileSync('/usr/sbin/ip', ['-n', ns, '-b', batch]);
  fs.rmSync(batch);
  for (const l of REFERENCE_SETUP.filter((x) => x.startsWith('-6 '))) execFileSync('/usr/sbin/ip', ['-n', ns, ...l.split(' ')]);
  const rec = new RecordingTransport(NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: ns }));
  const nl = RtNetlink.fromTransport(rec);
  await referenceDumps(nl);
  nl.close();
  // ip's view right after the dumps (nothing in the namespace changes by itself meanwhile: no traffic).
  const ip: Record<string, unknown> = {};
  for (const [key, args] of Object.entries(REFERENCE_LISTINGS)) {
    ip[key] = JSON.parse(execFileSync('/usr/sbin/ip', ['-n', ns, '-j', ...args], { encoding: 'utf8' }) || '[]');
  }
  writeFixture(out, rec.toFixture(
    currentProvenance('rtnetlink reference state: dumps of a namespace built by ip, with ip -j listings of the same moment',
      'node dist/scripts/record-reference.js (scripts/record-reference.ts), state from test/rtnetlink/reference-state.ts',
      'RecordingTransport over NetlinkSocket; ip -j by /usr/sbin/ip ' + execFileSync('/usr/sbin/ip', ['-V'], { encoding: 'utf8' }).trim()),
    { expectationsFrom: 'ip -j (iproute2), recorded with the bytes: not from this library', ip },
  ));
  process.stdout.write(`recorded ${path.relative(process.cwd(), out)} (${rec.exchanges.length} datagrams)\n`);
} finally {
  deleteNetns(ns);
}
