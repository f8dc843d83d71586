// A packet through the parts of the host's nftables ruleset the doctor cares about: the chains that
// run before conntrack in prerouting (zone and notrack: which conntrack entry the packet will meet),
// and the nat chains in postrouting (which masquerade/snat rule a NEW connection would get).
import type { Ruleset } from '../nfnetlink/nftables/index.js';
import { contains } from './ipv4.js';
import { type Condition, type ReadRule, baseChains } from './nft-rules.js';

/** A packet at a hook: input and output interface names ('' where the hook has none), IPv4 addresses. */
export interface HookPacket { iif: string; oif: string; src: number; dst: number }

export type Truth = 'yes' | 'no' | 'maybe';

const NF_IP_PRI_CONNTRACK = -200; // NF_IP_PRI_CONNTRACK: conntrack's lookup in prerouting and output

function test(c: Condition, p: HookPacket): Truth {
  let hit: boolean;
  switch (c.field) {
    case 'unknown': return 'maybe';
    case 'iifname':
    case 'oifname': {
      const name = c.field === 'iifname' ? p.iif : p.oif;
      hit = c.names.some((n) => (c.wildcard ? name.startsWith(n) : name === n));
      break;
    }
    case 'saddr': hit = contains(c.prefix, p.src); break;
    case 'daddr': hit = contains(c.prefix, p.dst); break;
  }
  return hit !== c.negate ? 'yes' : 'no';
}

export function ruleMatches(r: ReadRule, p: HookPacket): Truth {
  let out: Truth = 'yes';
  for (const c of r.conditions) {
    const t = test(c, p);
    if (t === 'no') return 'no';
    if (t === 'maybe') out = 'maybe';
  }
  return out;
}

export interface ZoneOutcome {
  /** The conntrack zone the packet is looked up in (0 unless a rule sets one). */
  zone: number;
  notrack: boolean;
  /** The rules that set it, in order. */
  rules: ReadRule[];
  /** Rules that would set a zone or notrack but match on something the doctor cannot evaluate. */
  uncertain: ReadRule[];
}

/** The zone conntrack will use for this packet in prerouting: chains of priority below -200, in order. */
export function zoneAtPrerouting(rs: Ruleset, p: HookPacket): ZoneOutcome {
  const out: ZoneOutcome = { zone: 0, notrack: false, rules: [], uncertain: [] };
  for (const { chain, rules } of baseChains(rs, 'prerouting')) {
    if (chain.hook.priority >= NF_IP_PRI_CONNTRACK) continue;
    for (const r of rules) {
      const t = ruleMatches(r, p);
      if (t === 'no') continue;
      const sets = r.actions.some((a) => a.kind === 'zone' || a.kind === 'notrack');
      if (t === 'maybe') {
        if (sets) out.uncertain.push(r);
        continue;
      }
      for (const a of r.actions) {
        if (a.kind === 'zone') out.zone = a.zone;
        else if (a.kind === 'notrack') out.notrack = true;
      }
      if (sets) out.rules.push(r);
      const verdict = r.actions.find((a) => a.kind === 'verdict');
      if (verdict?.kind === 'verdict' && verdict.code === 'drop') return out;
      if (verdict?.kind === 'verdict' && (verdict.code === 'accept' || verdict.code === 'return')) break; // on to the next chain
    }
  }
  return out;
}

/**
 * The packet's mark when routing decides (after the prerouting chains below NF_IP_PRI_MANGLE's successors;
 * in practice every prerouting chain, since routing runs after all of them): `meta mark set`, `-j MARK`.
 */
export function markAtPrerouting(rs: Ruleset, p: HookPacket): number {
  let mark = 0;
  for (const { rules } of baseChains(rs, 'prerouting')) {
    for (const r of rules) {
      if (ruleMatches(r, p) !== 'yes') continue;
      for (const a of r.actions) if (a.kind === 'mark') mark = ((mark & ~a.mask) ^ a.value) >>> 0;
      const verdict = r.actions.find((a) => a.kind === 'verdict');
      if (verdict?.kind === 'verdict' && verdict.code === 'drop') return mark;
      if (verdict?.kind === 'verdict' && (verdict.code === 'accept' || verdict.code === 'return')) break;
    }
  }
  return mark;
}

/** Zone-setting rules placed at or after conntrack's priority in prerouting: they come too late to matter. */
export function lateZoneRules(rs: Ruleset): ReadRule[] {
  return baseChains(rs, 'prerouting')
    .filter((c) => c.chain.hook.priority >= NF_IP_PRI_CONNTRACK)
    .flatMap((c) => c.rules.filter((r) => r.actions.some((a) => a.kind === 'zone')));
}

export interface NatRuleHit { rule: ReadRule; certain: boolean }

/** The first masquerade/snat rule of the postrouting nat chains that a NEW connection of this packet meets. */
export function sourceNat(rs: Ruleset, p: HookPacket): NatRuleHit | undefined {
  let maybe: NatRuleHit | undefined;
  for (const { chain, rules } of baseChains(rs, 'postrouting')) {
    if (chain.type !== 'nat') continue;
    for (const r of rules) {
      if (!r.actions.some((a) => a.kind === 'masquerade' || a.kind === 'snat')) continue;
      const t = ruleMatches(r, p);
      if (t === 'yes') return { rule: r, certain: true };
      if (t === 'maybe') maybe ??= { rule: r, certain: false };
    }
  }
  return maybe;
}

/** Every masquerade/snat rule in postrouting nat chains (for the oifname check). */
export function natRules(rs: Ruleset): ReadRule[] {
  return baseChains(rs, 'postrouting').filter((c) => c.chain.type === 'nat')
    .flatMap((c) => c.rules.filter((r) => r.actions.some((a) => a.kind === 'masquerade' || a.kind === 'snat')));
}
