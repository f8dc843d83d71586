// "Apply what we list" on rulesets we did not write: each of nftables' own examples
// (/usr/share/doc/nftables/examples) is loaded by the real nft into one namespace, listed by us as nft's
// JSON, applied by us from that JSON into an empty namespace, and then both are listed by nft: the two
// listings must be equal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { liveTest } from './helpers/live.js';
import { inNetns, nft } from './helpers/nftables.js';
import { Nftables, nftJsonToTransaction, rulesetToNftJson } from '../src/nfnetlink/nftables/index.js';

const EXAMPLES = '/usr/share/doc/nftables/examples';
/** The interfaces the examples name, as veth pairs made in both namespaces in the same order (same ifindex). */
const VETH_PAIRS = [['eth0', 'eth1'], ['eth2', 'eth3'], ['bond0', 'bond1']] as const;
const examples = fs.existsSync(EXAMPLES) ? fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.nft')).sort() : [];

async function interfaces(ns: string): Promise<Map<number, string>> {
  const links = JSON.parse(await inNetns(ns, '/usr/sbin/ip', '-j', 'link', 'show')) as Array<{ ifindex: number; ifname: string }>;
  return new Map(links.map((l) => [l.ifindex, l.ifname]));
}

liveTest(`nftables' ${examples.length} example rulesets: nft loads, we list as JSON, we apply into an empty namespace, nft lists both the same`, async (t, env) => {
  t.true(examples.length >= 15, `${EXAMPLES} holds only ${examples.length} examples (package nftables installs them)`);
  const source = env.netns('rt-src');
  const target = env.netns('rt-dst');
  for (const ns of [source, target]) for (const [a, b] of VETH_PAIRS) await inNetns(ns, '/usr/sbin/ip', 'link', 'add', a, 'type', 'veth', 'peer', 'name', b);
  const names = await interfaces(source);
  const indexes = new Map([...names].map(([i, n]) => [n, i]));
  const reader = Nftables.open({ netns: source });
  const writer = Nftables.open({ netns: target });
  const differences: string[] = [];
  let loaded = 0;
  try {
    for (const file of examples) {
      await nft(source, 'flush', 'ruleset');
      try { await nft(source, '-f', path.join(EXAMPLES, file)); } catch { continue; } // refused by nft here (see fixtures/nftables/reference/refused.json)
      loaded++;
      const doc = JSON.parse(JSON.stringify(rulesetToNftJson(await reader.listRulesetWithObjects(), { ifname: (i) => names.get(i) }))) as unknown;
      try {
        await writer.apply(nftJsonToTransaction(doc, { flush: true, ifindex: (n) => indexes.get(n) }));
      } catch (e) {
        differences.push(`${file}: our JSON does not apply: ${(e as Error).message}`);
        continue;
      }
      const [a, b] = [await nft(source, 'list', 'ruleset'), await nft(target, 'list', 'ruleset')];
      if (a !== b) differences.push(`${file}: after the round trip nft lists\n${b}\ninstead of\n${a}`);
    }
  } finally {
    reader.close();
    writer.close();
  }
  t.log(`${examples.length} examples, ${loaded} loaded by nft, ${differences.length} differences`);
  t.true(loaded >= 15);
  t.deepEqual(differences, []);
});
