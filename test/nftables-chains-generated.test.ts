// Base chains generated from nft(8) (ADDRESS FAMILIES, CHAINS, the standard priority names and their
// family/hook matrix): every family x hook x chain type x priority (names, names with offsets, numbers,
// an unknown name). Each combination becomes chain c<i> of table t, created by the real nft in one
// namespace and by the library in another. The verdicts (accepted or refused) must agree, nft must list
// our chains exactly as its own, and we must render nft's chains as nft lists them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { liveTest } from './helpers/live.js';
import { nft } from './helpers/nftables.js';
import { Nftables, Transaction, renderRuleset, type ChainType, type Family, type HookName } from '../src/nfnetlink/nftables/index.js';

const FAMILIES: Family[] = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];
const HOOKS: HookName[] = ['prerouting', 'input', 'forward', 'output', 'postrouting', 'ingress', 'egress'];
const TYPES: ChainType[] = ['filter', 'nat', 'route'];
const PRIORITIES: Array<string | number> = ['raw', 'mangle', 'dstnat', 'filter', 'security', 'srcnat', 'out', 'filter + 5', 'dstnat - 3', 'srcnat + 10', -150, 100, 0, 'bogus'];
/** nft processes at once: the kernel serialises the transactions, the processes' start-up overlaps. */
const PARALLEL = 4;

interface Case { name: string; hook: HookName; type: ChainType; priority: string | number }
const needsDevice = (h: HookName): boolean => h === 'ingress' || h === 'egress';
const casesOf = (): Case[] => HOOKS.flatMap((hook) => TYPES.flatMap((type) => PRIORITIES.map((priority) => ({ hook, type, priority }))))
  .map((c, i) => ({ ...c, name: `c${i}` }));
const label = (f: Family, c: Case): string => `${f} ${c.type} hook ${c.hook} priority ${c.priority}`;

async function byNft(ns: string, f: Family, c: Case): Promise<boolean> {
  const file = path.join('/tmp', `${ns}-${c.name}.nft`);
  fs.writeFileSync(file, `add chain ${f} t ${c.name} { type ${c.type} hook ${c.hook}${needsDevice(c.hook) ? ' device "lo"' : ''} priority ${c.priority}; }\n`);
  try { await nft(ns, '-f', file); return true; } catch { return false; } finally { fs.rmSync(file, { force: true }); }
}

async function byUs(client: Nftables, f: Family, c: Case): Promise<boolean> {
  try {
    await client.apply(new Transaction().addChain({
      family: f, table: 't', name: c.name, type: c.type, policy: 'accept', hook: { hook: c.hook, priority: c.priority, ...(needsDevice(c.hook) ? { device: 'lo' } : {}) },
    }));
    return true;
  } catch {
    return false;
  }
}

/** `chain NAME { ... }` blocks of a listing, by name. */
function chainBlocks(text: string): Map<string, string> {
  return new Map([...text.matchAll(/\tchain (\S+) \{\n[\s\S]*?\n\t\}\n/g)].map((m) => [m[1]!, m[0]]));
}

for (const family of FAMILIES) {
  liveTest(`nft(8) base chains of family ${family}: hook x type x priority agree with nft (verdict, nft's listing of ours, our listing of nft's)`, async (t, env) => {
    const theirs = env.netns(`ch-nft-${family}`);
    const ours = env.netns(`ch-us-${family}`);
    await nft(theirs, 'add', 'table', family, 't');
    const client = Nftables.open({ netns: ours });
    const differences: string[] = [];
    const cases = casesOf();
    try {
      await client.apply(new Transaction().addTable({ family, name: 't' }));
      const verdicts = new Map<string, boolean>();
      for (let i = 0; i < cases.length; i += PARALLEL) {
        const group = cases.slice(i, i + PARALLEL);
        const got = await Promise.all(group.map((c) => byNft(theirs, family, c)));
        group.forEach((c, j) => verdicts.set(c.name, got[j]!));
      }
      for (const c of cases) {
        const b = await byUs(client, family, c);
        if (verdicts.get(c.name) !== b) differences.push(`${label(family, c)}: nft ${b ? 'refuses' : 'accepts'}, we ${b ? 'accept' : 'refuse'}`);
      }
      const nftText = await nft(theirs, 'list', 'ruleset');
      const nftOfOurs = chainBlocks(await nft(ours, 'list', 'ruleset'));
      const rendered = Nftables.open({ netns: theirs });
      const ourText = renderRuleset(await rendered.listRuleset(), { ifname: (i) => (i === 1 ? 'lo' : undefined) });
      rendered.close();
      const accepted = cases.filter((c) => verdicts.get(c.name));
      for (const [name, block] of chainBlocks(nftText)) {
        const c = cases.find((x) => x.name === name)!;
        if (nftOfOurs.get(name) !== undefined && nftOfOurs.get(name) !== block) differences.push(`${label(family, c)}: nft lists our chain as\n${nftOfOurs.get(name)}and its own as\n${block}`);
      }
      if (ourText !== nftText) differences.push(`our rendering of nft's chains differs from nft's listing:\n--- ours\n${ourText}\n--- nft\n${nftText}`);
      t.log(`${cases.length} combinations, ${accepted.length} accepted by nft, ${differences.length} differences`);
      t.true(accepted.length >= 5, `only ${accepted.length} combinations accepted: the generator lost its valid cases`);
      t.true(accepted.length < cases.length, 'nothing refused: the generator lost its invalid cases');
    } finally {
      client.close();
    }
    t.deepEqual(differences, []);
  });
}
