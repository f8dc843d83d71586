// README example: an atomic nftables transaction with the friendly matches. `host` is a namespace.
import { Nftables, match } from '../src/nfnetlink/nftables/index.js';

export async function example(host: string): Promise<string> {
  // README-BEGIN nftables
  const nft = Nftables.open({ netns: host });
  try {
    await nft.transaction((tx) => {
      tx.addTable({ family: 'ip', name: 'demo' });
      tx.addChain({ family: 'ip', table: 'demo', name: 'zones', type: 'filter', hook: { hook: 'prerouting', priority: 'raw' }, policy: 'accept' });
      tx.addRule({ family: 'ip', table: 'demo', chain: 'zones', expressions: [match.iifname('client-veth0'), match.ctZoneSet(1)] });
      tx.addRule({ family: 'ip', table: 'demo', chain: 'zones', expressions: [match.iifname('proxy-veth0'), match.ipDaddr('10.10.1.0/24'), match.ctZoneSet(1)] });
    });
    return await nft.renderRuleset(); // the same text `nft list ruleset` prints
  } finally {
    nft.close();
  }
  // README-END
}
