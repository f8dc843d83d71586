// The firewall part of the topology, as one nftables table of its own (family ip):
//   chain zones: raw-priority prerouting, `ct zone set Z` for the client<->proxy leg (absent without zones)
//   chain nat:   srcnat postrouting, masquerade client traffic leaving through the uplink
// It is replaced in one transaction, so no other table is ever touched and no half state is ever visible.
// The table carries our mark as its comment (NFTA_TABLE_USERDATA, shown by `nft list table`); a table of
// that name without it is someone else's and is never replaced unless adopted.
import {
  type Chain, type Rule, type Ruleset, type Table, Transaction, match, parsePriority, renderRuleset,
} from '../nfnetlink/nftables/index.js';
import { rulesetTransaction } from '../nfnetlink/nftables/json.js';
import { decodeComment, encodeComment } from '../nfnetlink/nftables/userdata.js';
import { type Step, isConflict } from './engine.js';
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

/** Replaces the table `rs` describes (or creates it) in one transaction: chains, rules and sets as given. */
function transactionFor(rs: Ruleset, replaceExisting: boolean): Transaction {
  const t = rs.tables[0]!;
  const tx = new Transaction();
  // Adding the table first makes the delete valid whether or not it exists; then it starts empty.
  if (replaceExisting) tx.addTable({ family: t.family, name: t.name }).deleteTable(t.family, t.name);
  tx.operations.push(...rulesetTransaction(rs).operations);
  return tx;
}

const tableComment = (t: Table | undefined): string | undefined => (t?.userdata === undefined ? undefined : decodeComment(t.userdata));

export function firewallStep(spec: TopologySpec): Step<TopologyContext> {
  const plain = desiredFirewall(spec);
  const wantText = renderRuleset(plain);
  const marked = (mark: string): Ruleset => ({ ...plain, tables: [{ ...plain.tables[0]!, userdata: encodeComment(mark) }] });
  const title = `nftables table ip ${spec.firewallTable} (${spec.zones === false ? 'masquerade only, no zones' : `zone ${spec.zones.zone} for the client<->proxy leg, masquerade`})`;
  const current = async (ctx: TopologyContext): Promise<Ruleset> => ours(await ctx.nft.listRuleset(), spec.firewallTable);
  const restore = (ctx: TopologyContext, before: Ruleset): Promise<void> => ctx.nft.apply(transactionFor(before, true));
  const drop = (ctx: TopologyContext): Promise<void> => ctx.nft.transaction((tx) => tx.deleteTable('ip', spec.firewallTable));
  return {
    title,
    owned: true,
    async inspect(ctx) {
      const now = await current(ctx);
      if (now.tables.length === 0) return 'absent';
      const same = renderRuleset(now) === wantText;
      if (tableComment(now.tables[0]) === ctx.mark) return same ? 'present' : 'different';
      if (same) return 'unmarked';
      return { conflict: `nftables table ip ${spec.firewallTable} already exists (${now.chains.length} chain(s), ${now.rules.length} rule(s), ${now.sets.length} set(s)), not created by nlts`, adoptable: true };
    },
    async apply(ctx, state) {
      const before = state === 'absent' ? undefined : await current(ctx);
      if (isConflict(state)) ctx.store.recordAdoption(title, before);
      await ctx.nft.apply(transactionFor(marked(ctx.mark), state !== 'absent'));
      return async () => {
        if (before) await restore(ctx, before);
        else await drop(ctx);
        if (isConflict(state)) ctx.store.forgetAdoption(title);
      };
    },
    async remove(ctx) {
      const adopted = ctx.store.adoption<Ruleset>(title);
      if (adopted) {
        await restore(ctx, adopted);
        ctx.store.forgetAdoption(title);
      } else {
        await drop(ctx);
      }
    },
  };
}

export { ours as firewallPart };
