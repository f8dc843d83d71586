// The client/proxy/zone ruleset (fixtures/golden/nftables/scenario.nft) built with the friendly layer.
import { Transaction, match as m } from '../../src/nfnetlink/nftables/index.js';

/** The client/proxy/zone ruleset of fixtures/golden/nftables/scenario.nft, built with the friendly layer. */
export function scenarioTransaction(): Transaction {
  const tx = new Transaction();
  tx.addTable({ family: 'ip', name: 'nlts' });
  tx.addChain({ family: 'ip', table: 'nlts', name: 'zones', type: 'filter', hook: { hook: 'prerouting', priority: 'raw' }, policy: 'accept' });
  tx.addChain({ family: 'ip', table: 'nlts', name: 'nat', type: 'nat', hook: { hook: 'postrouting', priority: 'srcnat' }, policy: 'accept' });
  tx.addRule({ family: 'ip', table: 'nlts', chain: 'zones', expressions: [m.iifname('client-veth0'), m.ctZoneSet(1)] });
  tx.addRule({ family: 'ip', table: 'nlts', chain: 'zones', expressions: [m.iifname('proxy-veth0'), m.ipDaddr('10.10.1.0/24'), m.ctZoneSet(1)] });
  tx.addRule({
    family: 'ip', table: 'nlts', chain: 'nat',
    expressions: [m.ipSaddr('10.10.1.0/24'), m.ipDaddr('10.10.1.0/24', { negate: true }), m.oifname('enp4s0'), m.masquerade()],
  });
  return tx;
}

