// `nlts nft list ruleset | list table FAMILY NAME | list chain FAMILY TABLE CHAIN | apply FILE.json`.
import * as fs from 'node:fs';
import { Nftables, renderRuleset, renderTable, rulesetFromJson, rulesetToJson, type Family, type Ruleset } from '../../nfnetlink/nftables/index.js';
import { parseArgs } from '../args.js';
import { UsageError, type Command } from '../io.js';
import { formatRulesetJson } from '../format/nftables.js';

const FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];
const family = (f: string | undefined): Family => {
  if (!f || !FAMILIES.includes(f)) throw new UsageError(`unknown family '${f ?? ''}' (${FAMILIES.join(', ')})`);
  return f as Family;
};

function narrow(rs: Ruleset, fam: Family, table: string, chain?: string): Ruleset {
  const inTable = <T extends { family: Family; table: string }>(x: T): boolean => x.family === fam && x.table === table;
  return {
    tables: rs.tables.filter((t) => t.family === fam && t.name === table),
    sets: chain ? [] : rs.sets.filter(inTable),
    chains: rs.chains.filter((c) => inTable(c) && (!chain || c.name === chain)),
    rules: rs.rules.filter((r) => inTable(r) && (!chain || r.chain === chain)),
  };
}

export const command: Command = {
  summary: 'list the nftables ruleset or apply one from JSON (like nft)',
  usage: [
    'usage: nlts nft [--netns NAME] [--json] list ruleset',
    '       nlts nft [--netns NAME] [--json] list table FAMILY NAME',
    '       nlts nft [--netns NAME] [--json] list chain FAMILY TABLE CHAIN',
    '       nlts nft [--netns NAME] apply FILE.json [--flush]   (atomically; FILE from `list ruleset --json`)',
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, [{ name: 'netns', value: true }, { name: 'json', short: 'j' }, { name: 'flush' }]);
    const [verb, what, ...rest] = args.positional;
    const netns = args.get('netns');
    const client = Nftables.open(netns !== undefined ? { netns } : {});
    try {
      if (verb === 'apply') {
        if (!what) throw new UsageError('apply needs a FILE');
        let doc: unknown;
        try { doc = JSON.parse(fs.readFileSync(what, 'utf8')); } catch (e) { throw new UsageError(`cannot read ${what}: ${(e as Error).message}`); }
        await client.apply(rulesetFromJson(doc, { flush: args.has('flush') }));
        return 0;
      }
      if (verb !== 'list') throw new UsageError(`unknown verb '${verb ?? ''}'`);
      let rs = await client.listRuleset();
      if (what === 'table') {
        if (rest.length !== 2) throw new UsageError('list table FAMILY NAME');
        rs = narrow(rs, family(rest[0]), rest[1]!);
        if (rs.tables.length === 0) { io.stderr(`no table ${rest[0]} ${rest[1]}\n`); return 1; }
      } else if (what === 'chain') {
        if (rest.length !== 3) throw new UsageError('list chain FAMILY TABLE CHAIN');
        rs = narrow(rs, family(rest[0]), rest[1]!, rest[2]);
        if (rs.chains.length === 0) { io.stderr(`no chain ${rest.join(' ')}\n`); return 1; }
      } else if (what !== 'ruleset') {
        throw new UsageError(`list ruleset | table | chain, not '${what ?? ''}'`);
      }
      if (args.has('json')) io.stdout(formatRulesetJson(rulesetToJson(rs)));
      else io.stdout(what === 'ruleset' ? renderRuleset(rs) : rs.tables.map((t) => renderTable(t, rs)).join(''));
      return 0;
    } finally {
      client.close();
    }
  },
};
