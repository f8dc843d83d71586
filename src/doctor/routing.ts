// Policy routing as the kernel's fib lookup does it (fib_rules.c, fib_trie.c), on a snapshot: rules by
// priority, the table each one names, the longest matching prefix there. Enough to follow a forwarded
// IPv4 packet (with the mark prerouting gave it); rules on uid, ports, ip protocol, tos or oif never match
// here (a forwarded packet carries no uid and no oif at lookup time; ports and protocol depend on the
// traffic, and the doctor probes none).
import type { Rule as RoutingRule, Route } from '../rtnetlink/index.js';
import { contains, isV4, v4, v4Prefix } from './ipv4.js';
import type { HostSnapshot } from './snapshot.js';

/** A packet as routing sees it. `iif` 'lo' stands for locally generated. `mark`: its fwmark (0 when absent). */
export interface Probe { src: string; dst: string; iif: string; mark?: number }

export type Decision =
  | { kind: 'forward'; rule?: RoutingRule; table: number; route: Route; oif: string; gateway?: string }
  | { kind: 'local'; rule?: RoutingRule; table: number; route: Route }
  | { kind: 'unreachable'; rule?: RoutingRule; table?: number; route?: Route };

const RT_TABLE_MAIN = 254; // RT_TABLE_MAIN
const DEFAULT_RULES: RoutingRule[] = [0, 32766, 32767].map((priority, i) => ({
  family: 'inet', priority, table: [255, 254, 253][i]!, action: 'to_tbl', tos: 0, not: false, flags: [], unknown: [],
}));

function ruleMatches(r: RoutingRule, p: Probe, src: number, dst: number): boolean {
  let m = true;
  if (r.iif !== undefined && (r.iif !== p.iif || r.flags.includes('iif_detached'))) m = false;
  if (r.oif !== undefined || r.tos !== 0 || r.ipProto !== undefined || r.sport || r.dport || r.uidRange || r.l3mdev) m = false;
  if (r.fwmark !== undefined && (((p.mark ?? 0) ^ r.fwmark) & (r.fwmask ?? 0xffffffff)) !== 0) m = false;
  if (m && r.from !== undefined && isV4(r.from) && !contains(v4Prefix(r.from), src)) m = false;
  if (m && r.to !== undefined && isV4(r.to) && !contains(v4Prefix(r.to), dst)) m = false;
  return r.not ? !m : m;
}

/** The longest-prefix route of one table for `dst` (lowest metric on a tie), or undefined. */
export function tableLookup(routes: readonly Route[], table: number, dst: number, suppressPrefixLength?: number): Route | undefined {
  let best: Route | undefined;
  let bestLen = -1;
  for (const r of routes) {
    if (r.table !== table || r.family !== 'inet' || r.tos !== 0 || r.flags.includes('dead')) continue;
    const p = v4Prefix(r.dst);
    if (!contains(p, dst)) continue;
    if (p.length > bestLen || (p.length === bestLen && (r.metric ?? 0) < (best!.metric ?? 0))) {
      best = r;
      bestLen = p.length;
    }
  }
  if (best && suppressPrefixLength !== undefined && bestLen <= suppressPrefixLength) return undefined;
  return best;
}

export function sortedRules(s: HostSnapshot): RoutingRule[] {
  const rules = s.rules.filter((r) => r.family === 'inet');
  return (rules.length > 0 ? rules : DEFAULT_RULES).slice().sort((a, b) => a.priority - b.priority);
}

/** Where the host sends this packet: rule by rule, table by table. */
export function route(s: HostSnapshot, p: Probe): Decision {
  const src = v4(p.src);
  const dst = v4(p.dst);
  const names = new Map(s.links.map((l) => [l.index, l.name]));
  const rules = sortedRules(s);
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (!ruleMatches(r, p, src, dst)) continue;
    if (r.action === 'nop') continue;
    if (r.action === 'goto') {
      const at = rules.findIndex((x) => x.priority >= (r.goto ?? Infinity));
      if (at <= i) return { kind: 'unreachable', rule: r };
      i = at - 1;
      continue;
    }
    if (r.action !== 'to_tbl') return { kind: 'unreachable', rule: r };
    const found = tableLookup(s.routes, r.table, dst, r.suppressPrefixLength);
    if (!found || found.type === 'throw') continue;
    if (found.type === 'local' || found.type === 'broadcast' || found.type === 'multicast') return { kind: 'local', rule: r, table: r.table, route: found };
    if (found.type !== 'unicast') return { kind: 'unreachable', rule: r, table: r.table, route: found };
    const hop = found.nexthops?.[0];
    const oifIndex = found.oif ?? hop?.oif;
    const oif = oifIndex === undefined ? undefined : names.get(oifIndex);
    if (oif === undefined) continue;
    const gateway = found.gateway ?? hop?.gateway;
    return { kind: 'forward', rule: r, table: r.table, route: found, oif, ...(gateway !== undefined ? { gateway } : {}) };
  }
  return { kind: 'unreachable' };
}

/** The rule chose a table other than main by something more than the default rules. */
export const isPolicyChoice = (d: Decision): boolean => d.rule !== undefined && (d.rule.table !== RT_TABLE_MAIN || d.rule.iif !== undefined || d.rule.from !== undefined);
