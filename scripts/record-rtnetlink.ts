// Regenerates fixtures/rtnetlink/*.json: each scenario of test/rtnetlink/scenarios.ts runs against the kernel in
// throwaway namespaces (inside the sandbox: unshare --net --mount) through a RecordingTransport.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from './sandbox.js';
import {
  NetlinkProtocol, NetlinkSocket, RecordingTransport, createNetns, currentProvenance, deleteNetns, openNetns, writeFixture,
} from '../src/netlink/index.js';
import { RtNetlink } from '../src/rtnetlink/index.js';
import { SCENARIOS, toJson } from '../test/rtnetlink/scenarios.js';

ensureSandbox(import.meta.url);

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../fixtures/rtnetlink');
fs.mkdirSync(out, { recursive: true });

for (const [name, scenario] of Object.entries(SCENARIOS)) {
  const ns = `nlts-rec-${name}-${process.pid}`;
  const peer = `nlts-rec-${name}-peer-${process.pid}`;
  createNetns(ns);
  createNetns(peer);
  const peerNs = openNetns(peer);
  try {
    const rec = new RecordingTransport(NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: ns }));
    const nl = RtNetlink.fromTransport(rec);
    const ctx = { peerFd: peerNs.fd };
    const outcome = await scenario.run(nl, ctx);
    nl.close();
    writeFixture(path.join(out, `${name}.json`), rec.toFixture(
      currentProvenance(`rtnetlink ${name}: ${scenario.description}`, 'npm run fixtures:record (scripts/record-rtnetlink.ts), scenario from test/rtnetlink/scenarios.ts',
        'RecordingTransport over NetlinkSocket in a fresh namespace inside unshare --net --mount'),
      { context: ctx, outcome: toJson(outcome) },
    ));
    process.stdout.write(`recorded fixtures/rtnetlink/${name}.json (${rec.exchanges.length} datagrams)\n`);
  } finally {
    fs.closeSync(peerNs.fd);
    deleteNetns(ns);
    deleteNetns(peer);
  }
}
