// Regenerates fixtures/conntrack/*.json: a conversation with the kernel's ctnetlink recorded through
// RecordingTransport in a throwaway namespace (create, zone-filtered dump, get, count, flush by zone, stats).
// Run: npm run fixtures:record (or node dist/scripts/record-conntrack.js as root).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from './sandbox.js';
import { NetlinkProtocol, NetlinkSocket, RecordingTransport, createNetns, currentProvenance, deleteNetns, writeFixture } from '../src/netlink/index.js';
import { Conntrack } from '../src/nfnetlink/conntrack/index.js';
import { conntrackScenario } from '../test/helpers/conntrack-scenario.js';

ensureSandbox(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'fixtures', 'conntrack');
fs.mkdirSync(out, { recursive: true });
const ns = `nlts-record-ct-${process.pid}`;
createNetns(ns);
try {
  const rec = new RecordingTransport(NetlinkSocket.open({ protocol: NetlinkProtocol.NETFILTER, netns: ns }));
  const ct = Conntrack.fromTransport(rec);
  const result = await conntrackScenario(ct);
  ct.close();
  writeFixture(path.join(out, 'basic.json'), rec.toFixture(
    currentProvenance('ctnetlink: 3 creates (zones 0/1, mark, NAT), dump of zone 1 (CTA_ZONE), get hit and miss, count, flush of zone 1 (dump + pipelined deletes), per-CPU stats',
      'node dist/scripts/record-conntrack.js (test/helpers/conntrack-scenario.ts)', 'RecordingTransport over NetlinkSocket in a throwaway namespace'),
    result,
  ));
  process.stdout.write(`recorded fixtures/conntrack/basic.json: ${JSON.stringify(result)}\n`);
} finally {
  deleteNetns(ns);
}
