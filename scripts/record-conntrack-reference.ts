// Records fixtures/conntrack/reference-state.json: a conntrack table built by conntrack-tools (`conntrack -I`
// for every protocol and state conntrack(8) names, zones, marks, status bits, NAT), dumped by the library
// (the bytes the kernel sent) and, at the same moment, listed by conntrack-tools in its default, extended
// and XML formats. test/conntrack-reference.test.ts formats the recorded bytes and compares with those
// listings: expectations from outside the library.
//   npm run build && node dist/scripts/record-conntrack-reference.js      (root; runs itself in the test sandbox)
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from './sandbox.js';
import * as fs from 'node:fs';
import { NetlinkProtocol, NetlinkSocket, RecordingTransport, createNetns, currentProvenance, deleteNetns, withNetns, writeFixture } from '../src/netlink/index.js';
import { Conntrack } from '../src/nfnetlink/conntrack/index.js';
import { REFERENCE_ENTRIES } from '../test/helpers/conntrack-reference.js';

ensureSandbox(import.meta.url);

const CONNTRACK = '/usr/sbin/conntrack';
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/conntrack/reference-state.json');
const ns = `nlts-rec-ctref-${process.pid}`;
createNetns(ns);
// ktimestamp prints local time: UTC, as the replay test sets it.
const tool = (args: string[], input?: string): ReturnType<typeof spawnSync> =>
  spawnSync('/usr/sbin/ip', ['netns', 'exec', ns, CONNTRACK, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, ...(input !== undefined ? { input } : {}) });
try {
  // Accounting and timestamps on, so the dump carries CTA_COUNTERS_* and CTA_TIMESTAMP too.
  withNetns(ns, () => {
    fs.writeFileSync('/proc/sys/net/netfilter/nf_conntrack_acct', '1');
    fs.writeFileSync('/proc/sys/net/netfilter/nf_conntrack_timestamp', '1');
  });
  const refused: Record<string, string> = {};
  for (const line of REFERENCE_ENTRIES) {
    const r = tool(line.split(' '));
    if (r.status !== 0) refused[line] = `${r.signal ? `killed by ${r.signal}` : `exit ${String(r.status)}`}: ${(String(r.stderr).trim() || String(r.stdout).trim()).split('\n').pop() ?? ''}`;
  }
  const rec = new RecordingTransport(NetlinkSocket.open({ protocol: NetlinkProtocol.NETFILTER, netns: ns }));
  const ct = Conntrack.fromTransport(rec);
  await ct.list();
  ct.close();
  // conntrack-tools' listings right after the dump (timeouts may have ticked by a second meanwhile).
  const listedAt = Math.floor(Date.now() / 1000); // delta-time is counted to now: the replay counts to this
  const listing = String(tool(['-L']).stdout);
  const extended = String(tool(['-L', '-o', 'extended']).stdout);
  const xml = String(tool(['-L', '-o', 'xml']).stdout);
  const ktimestamp = String(tool(['-L', '-o', 'ktimestamp']).stdout);
  const version = execFileSync(CONNTRACK, ['--version'], { encoding: 'utf8' }).trim();
  writeFixture(out, rec.toFixture(
    currentProvenance('ctnetlink dump of a table built by conntrack -I (test/helpers/conntrack-reference.ts), with conntrack-tools\' listings of the same moment',
      'node dist/scripts/record-conntrack-reference.js (scripts/record-conntrack-reference.ts)',
      `RecordingTransport over NetlinkSocket; ${version}`),
    { expectationsFrom: `${version} (-L, -L -o extended, -L -o xml, -L -o ktimestamp; TZ=UTC), recorded with the bytes: not from this library`, refused, listedAt, listing, extended, xml, ktimestamp },
  ));
  process.stdout.write(`recorded ${path.relative(process.cwd(), out)}: ${listing.split('\n').filter(Boolean).length} entries, refused ${JSON.stringify(refused)}\n`);
} finally {
  deleteNetns(ns);
}
