// `nlts nft list ruleset | list table FAMILY NAME | list chain FAMILY TABLE CHAIN | apply FILE.json`.
import * as fs from 'node:fs';
import {
  Nftables, isNftJson, nftJsonToTransaction, renderRuleset, renderTable, rulesetFromJson, rulesetToNftJson, type Family, type Ruleset,
} from '../../nfnetlink/nftables/index.js';
import type { FormatOptions } from '../../nfnetlink/nftables/render/datatypes.js';
import { RtNetlink } from '../../rtnetlink/index.js';
import { parseOptions } from '../options.js';
import { UsageError, type Command } from '../io.js';
import { formatNftJson } from '../format/nftables.js';

const FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];
const family = (f: string | undefined): Family => {
  if (!f || !FAMILIES.includes(f)) throw new UsageError(`unknown family '${f ?? ''}' (${FAMILIES.join(', ')})`);
  return f as Family;
};

function narrow(rs: Ruleset, fam: Family, table: string, chain?: string): Ruleset {
  const inTable = <T extends { family: Family; table: string }>(x: T): boolean => x.family === fam && x.table === table;
  return {
    tables: rs.tables.filter((t) => t.family === fam && t.name === table),
    // A chain listing still needs the table's sets to print anonymous ones inline; named ones are not printed.
    sets: chain ? rs.sets.filter((s) => inTable(s) && (s.flags & 1) !== 0) : rs.sets.filter(inTable),
    chains: rs.chains.filter((c) => inTable(c) && (!chain || c.name === chain)),
    rules: rs.rules.filter((r) => inTable(r) && (!chain || r.chain === chain)),
    // A table listing shows its stateful objects; a chain listing does not.
    ...(chain ? {} : { objects: (rs.objects ?? []).filter(inTable) }),
  };
}

/** Interface names of the namespace (for meta iif/oif), read over rtnetlink; none when that fails. */
async function interfaceNames(netns: string | undefined): Promise<Map<number, string>> {
  let rt: RtNetlink | undefined;
  try {
    rt = RtNetlink.open(netns !== undefined ? { netns } : {});
    return await rt.links.names();
  } catch {
    return new Map();
  } finally {
    rt?.close();
  }
}

export const command: Command = {
  summary: 'list the nftables ruleset or apply one from JSON (like nft)',
  usage: [
    'usage: nlts nft [--netns NAME] [--json] list ruleset',
    '       nlts nft [--netns NAME] [--json] list table FAMILY NAME',
    '       nlts nft [--netns NAME] [--json] list chain FAMILY TABLE CHAIN',
    '       nlts nft [--netns NAME] apply FILE.json [--flush]   (atomically; FILE in `nft -j` schema, as `list --json` prints)',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, { manners: 'nlts', options: [{ key: 'netns', names: ['--netns'], arity: 1 }, { key: 'json', names: ['--json', '-j'] }, { key: 'flush', names: ['--flush'] }] });
    const [verb, what, ...rest] = args.positional;
    const netns = args.get('netns');
    // Arguments are checked before anything is opened.
    if (verb === 'apply') {
      if (!what) throw new UsageError('apply needs a FILE');
      if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
      if (args.has('json')) throw new UsageError('--json is for list');
    } else if (verb === 'list') {
      if (what === 'table') {
        if (rest.length !== 2) throw new UsageError('list table FAMILY NAME');
        family(rest[0]);
      } else if (what === 'chain') {
        if (rest.length !== 3) throw new UsageError('list chain FAMILY TABLE CHAIN');
        family(rest[0]);
      } else if (what !== 'ruleset') {
        throw new UsageError(`list ruleset | table | chain, not '${what ?? ''}'`);
      } else if (rest.length) {
        throw new UsageError(`unexpected argument '${rest[0]}'`);
      }
      if (args.has('flush')) throw new UsageError('--flush is for apply');
    } else {
      throw new UsageError(`unknown verb '${verb ?? ''}' (list, apply)`);
    }

    if (verb === 'apply') {
      let doc: unknown;
      try { doc = JSON.parse(fs.readFileSync(what!, 'utf8')); } catch (e) { throw new UsageError(`cannot read ${what}: ${(e as Error).message}`); }
      const flush = args.has('flush');
      let tx;
      if (isNftJson(doc)) {
        const names = await interfaceNames(netns);
        const byName = new Map([...names].map(([i, n]) => [n, i]));
        tx = nftJsonToTransaction(doc, { flush, ifindex: (n) => byName.get(n) });
      } else {
        tx = rulesetFromJson(doc, { flush });
      }
      const client = Nftables.open(netns !== undefined ? { netns } : {});
      try {
        await client.apply(tx);
      } finally {
        client.close();
      }
      return 0;
    }

    const client = Nftables.open(netns !== undefined ? { netns } : {});
    let rs: Ruleset;
    try {
      rs = await client.listRulesetWithObjects();
    } finally {
      client.close();
    }
    if (what === 'table') {
      rs = narrow(rs, rest[0] as Family, rest[1]!);
      if (rs.tables.length === 0) { io.stderr(`nlts nft: no table ${rest[0]} ${rest[1]}\n`); return 1; }
    } else if (what === 'chain') {
      rs = narrow(rs, rest[0] as Family, rest[1]!, rest[2]);
      if (rs.chains.length === 0) { io.stderr(`nlts nft: no chain ${rest.join(' ')}\n`); return 1; }
    }
    const needsNames = rs.rules.some((r) => r.expressions.some((e) => e.kind === 'meta' && (e.key === 'iif' || e.key === 'oif' || e.key === 'sdif')))
      || rs.sets.some((s) => s.keyType === 20);
    const names = needsNames ? await interfaceNames(netns) : new Map<number, string>();
    const fmt: FormatOptions = { ifname: (i) => names.get(i) };
    if (args.has('json')) io.stdout(formatNftJson(rulesetToNftJson(rs, fmt)));
    else io.stdout(what === 'ruleset' ? renderRuleset(rs, fmt) : rs.tables.map((t) => renderTable(t, rs, fmt)).join(''));
    return 0;
  },
};
