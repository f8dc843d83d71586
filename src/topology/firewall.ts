// The firewall part of the topology, as one nftables table of its own (family ip):
//   chain zones: raw-priority prerouting, `ct zone set Z` for the client<->proxy leg (absent without zones)
//   chain nat:   srcnat postrouting, masquerade client traffic leaving through the uplink
// It is replaced in one transaction, so no other table is ever touched and no half state is ever visible.
import {
  type Chain, type Rule, type Ruleset, type Table, Transaction, match, parsePriority, renderRuleset,
} from '../nfnetlink/nftables/index.js';
import type { Step } from './engine.js';
import type { TopologyContext } from './context.js';
import { type TopologySpec, clientNet } from './spec.js';

/** The table, chains and rules the spec asks for. */
export function desiredFirewall(spec: TopologySpec): Ruleset {
  const table = spec.firewallTable;
  const net = clientNet(spec);
  const t: Table = { family: 'ip', name: table };
  const chains: Chain[] = [];
  const rules: Rule[] = [];
  if (spec.zones !== false) {
    const zone = spec.zones.zone;
    chains.push({ family: 'ip', table, name: 'zones', type: 'filter', hook: { hook: 'prerouting', priority: parsePriority('raw', 'ip') }, policy: 'accept' });
    rules.push(
      { family: 'ip', table, chain: 'zones', expressions: match.rule(match.iifname(spec.client.hostIfName), match.ctZoneSet(zone)) },
      { family: 'ip', table, chain: 'zones', expressions: match.rule(match.iifname(spec.proxy.hostIfName), match.ipDaddr(net), match.ctZoneSet(zone)) },
    );
  }
  chains.push({ family: 'ip', table, name: 'nat', type: 'nat', hook: { hook: 'postrouting', priority: parsePriority('srcnat', 'ip') }, policy: 'accept' });
  rules.push({
    family: 'ip', table, chain: 'nat',
    expressions: match.rule(match.ipSaddr(net), match.ipDaddr(net, { negate: true }), match.oifname(spec.uplink.ifName), match.masquerade()),
  });
  return { tables: [t], chains, rules, sets: [] };
}

/** Only our table's part of a ruleset. */
function ours(rs: Ruleset, table: string): Ruleset {
  const mine = <T extends { family: string; table?: string; name?: string }>(x: T, key: 'table' | 'name'): boolean => x.family === 'ip' && x[key] === table;
  return {
    tables: rs.tables.filter((t) => mine(t, 'name')),
    chains: rs.chains.filter((c) => mine(c, 'table')),
    rules: rs.rules.filter((r) => mine(r, 'table')),
    sets: rs.sets.filter((s) => mine(s, 'table')),
  };
}

function transactionFor(rs: Ruleset, replaceExisting: boolean): Transaction {
  const tx = new Transaction();
  const t = rs.tables[0]!;
  // Adding the table first makes the delete valid whether or not it exists; then it starts empty.
  if (replaceExisting) tx.addTable({ family: 'ip', name: t.name }).deleteTable('ip', t.name);
  tx.addTable({ family: t.family, name: t.name, ...(t.flags ? { flags: t.flags } : {}) });
  for (const c of rs.chains) {
    const { handle: _h, use: _u, ...chain } = c;
    tx.addChain(chain);
  }
  for (const r of rs.rules) tx.addRule({ family: r.family, table: r.table, chain: r.chain, expressions: r.expressions, ...(r.comment ? { comment: r.comment } : {}) });
  return tx;
}

export function firewallStep(spec: TopologySpec): Step<TopologyContext> {
  const want = desiredFirewall(spec);
  const wantText = renderRuleset(want);
  return {
    title: `nftables table ip ${spec.firewallTable} (${spec.zones === false ? 'masquerade only, no zones' : `zone ${spec.zones.zone} for the client<->proxy leg, masquerade`})`,
    owned: true,
    async inspect(ctx) {
      const current = ours(await ctx.nft.listRuleset(), spec.firewallTable);
      if (current.tables.length === 0) return 'absent';
      return renderRuleset(current) === wantText ? 'present' : 'different';
    },
    async apply(ctx, state) {
      const before = state === 'different' ? ours(await ctx.nft.listRuleset(), spec.firewallTable) : undefined;
      await ctx.nft.apply(transactionFor(want, state === 'different'));
      return async () => {
        if (before) await ctx.nft.apply(transactionFor(before, true));
        else await ctx.nft.transaction((tx) => tx.deleteTable('ip', spec.firewallTable));
      };
    },
    async remove(ctx) { await ctx.nft.transaction((tx) => tx.deleteTable('ip', spec.firewallTable)); },
  };
}

export { ours as firewallPart };
