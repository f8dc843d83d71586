// Regenerates fixtures/nftables/*.json: a transaction (the scenario ruleset) and a listing, recorded with
// RecordingTransport against the running kernel. Run as root; it re-runs itself in a throwaway namespace
// sandbox (scripts/sandbox.ts), or is run by `npm run fixtures:record`.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecordingTransport, createNetns, currentProvenance, deleteNetns, writeFixture } from '../src/netlink/index.js';
import { ensureSandbox } from './sandbox.js';
import { openNfnetlinkTransport } from '../src/nfnetlink/index.js';
import { Nftables, renderRuleset } from '../src/nfnetlink/nftables/index.js';
import { scenarioTransaction } from '../test/helpers/nftables-scenario.js';

ensureSandbox(import.meta.url);

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/nftables');
const ns = `nlts-record-${process.pid}`;
createNetns(ns);
try {
  const how = 'RecordingTransport around a NETLINK_NETFILTER socket opened in a fresh named netns';
  const cmd = 'node dist/scripts/record-nftables.js';
  const tx = new RecordingTransport(openNfnetlinkTransport({ netns: ns }));
  const c1 = Nftables.fromTransport(tx);
  await c1.apply(scenarioTransaction());
  c1.close();
  writeFixture(path.join(out, 'transaction-scenario.json'), tx.toFixture(currentProvenance('apply the scenario ruleset (table ip nlts, chains zones and nat, 3 rules) in one batch', cmd, how)));
  const rec = new RecordingTransport(openNfnetlinkTransport({ netns: ns }));
  const c2 = Nftables.fromTransport(rec);
  const rs = await c2.listRuleset();
  c2.close();
  writeFixture(path.join(out, 'list-scenario.json'), rec.toFixture(currentProvenance('list the ruleset after the scenario transaction', cmd, how), { text: renderRuleset(rs) }));
  process.stdout.write(`recorded into ${out}\n`);
} finally {
  deleteNetns(ns);
}
