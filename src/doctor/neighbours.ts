// The classic neighbours of the double-pass pitfall, met while following the same paths: forwarding
// switched off where a path enters, strict rp_filter on a returning pass, a nat rule whose oifname names
// no interface, a policy rule whose iif names no interface, a zone set after conntrack has run.
import type { Finding, PathStep } from './findings.js';
import type { LocalSubnet } from './analyse.js';
import { prefixText } from './ipv4.js';
import { lateZoneRules, natRules } from './netfilter.js';
import { route } from './routing.js';
import type { HostSnapshot } from './snapshot.js';
import { ruleText } from './texts.js';

/** Forwarding off on the input interface of any of these passes. */
export function forwardingFinding(s: HostSnapshot, sub: LocalSubnet, path: PathStep[]): Finding | undefined {
  const off = path.filter((p) => s.links.find((l) => l.name === p.iif)?.forwarding === false);
  if (off.length === 0) return undefined;
  const names = off.map((p) => p.iif);
  const subnet = prefixText(sub.prefix);
  return {
    code: 'forwarding-off', severity: 'error', subnet,
    summary: `forwarding is off on ${names.join(', ')}: traffic from ${subnet} entering there is not forwarded`,
    why: `The kernel forwards an IPv4 packet only when forwarding is on for the interface it came in on (net.ipv4.conf.<if>.forwarding; net.ipv4.ip_forward is ${s.ipForward ? 1 : 0}). `
      + `Routing sends ${subnet} ${path.map((p) => `from ${p.iif} out of ${p.oif}`).join(', then ')}, so these packets are dropped where forwarding is off.`,
    interfaces: names, path,
    hint: names.map((n) => `sysctl -w net.ipv4.conf.${n}.forwarding=1`).join('; '),
  };
}

/** Strict rp_filter on a pass whose source address the host routes back out of another interface. */
export function rpFilterFinding(s: HostSnapshot, sub: LocalSubnet, path: PathStep[], src: string, dst: string): Finding | undefined {
  for (const p of path) {
    const link = s.links.find((l) => l.name === p.iif);
    const mode = Math.max(s.rpFilterAll, link?.rpFilter ?? 0);
    if (mode !== 1 || !link || link.addresses.length === 0) continue; // no address on the interface: the kernel lets it pass
    // fib_validate_source looks the source up as a destination, with the forward route's output interface
    // as input interface (so `iif` rules for replies apply), and wants the input interface back.
    const back = route(s, { src: dst, dst: src, iif: p.oif });
    if (back.kind === 'forward' && back.oif === p.iif) continue;
    const subnet = prefixText(sub.prefix);
    return {
      code: 'rp-filter-drop', severity: 'error', subnet,
      summary: `strict rp_filter on ${p.iif} drops pass ${p.pass} of traffic from ${subnet}: its source is routed ${back.kind === 'forward' ? `out of ${back.oif}` : 'nowhere'}`,
      why: `With rp_filter=1 (strict; the kernel uses the larger of net.ipv4.conf.all.rp_filter=${s.rpFilterAll} and net.ipv4.conf.${p.iif}.rp_filter=${link?.rpFilter ?? 0}) a packet is dropped `
        + `unless the route back to its source leaves through the interface it came in on. Packets from ${subnet} come in on ${p.iif}, but the host routes ${subnet} ${back.kind === 'forward' ? `out of ${back.oif}` : 'nowhere'} (looked up as a reply would be, coming in on ${p.oif}).`,
      interfaces: [p.iif], path,
      hint: `loose mode for this interface: sysctl -w net.ipv4.conf.${p.iif}.rp_filter=2${s.rpFilterAll === 1 ? ' net.ipv4.conf.all.rp_filter=2' : ''}`,
    };
  }
  return undefined;
}

/** Levenshtein distance, to name the interface a typo probably meant. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length]!;
}

function closest(name: string, s: HostSnapshot): string | undefined {
  const best = s.links.map((l) => ({ n: l.name, d: distance(name, l.name) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 4)) ? best.n : undefined;
}

export function neighbourFindings(s: HostSnapshot): Finding[] {
  const out: Finding[] = [];
  const exists = (n: string): boolean => s.links.some((l) => l.name === n);
  for (const r of natRules(s.ruleset)) {
    for (const c of r.conditions) {
      if (c.field !== 'oifname' || c.negate || c.wildcard || c.names.some(exists)) continue;
      const guess = closest(c.names[0]!, s);
      out.push({
        code: 'nat-oifname-missing', severity: 'error',
        summary: `the nat rule "${r.text}" matches nothing: no interface is called ${c.names.map((n) => `"${n}"`).join(' or ')}${guess ? ` (did you mean "${guess}"?)` : ''}`,
        why: 'oifname compares the name of the output interface as text; a name no interface has never matches, so this rule translates nothing and traffic leaves with its private source address. '
          + '(An interface created later with that name would match; `oif` by index would have been refused when the rule was added.)',
        interfaces: c.names,
        natRule: { family: r.rule.family, table: r.rule.table, chain: r.rule.chain, ...(r.rule.handle !== undefined ? { handle: r.rule.handle } : {}), text: r.text },
        ...(guess ? { hint: `replace oifname "${c.names[0]}" with oifname "${guess}"` } : {}),
      });
    }
  }
  for (const r of s.rules) {
    if (r.family !== 'inet' || r.iif === undefined || (exists(r.iif) && !r.flags.includes('iif_detached'))) continue;
    const guess = closest(r.iif, s);
    out.push({
      code: 'rule-iif-missing', severity: 'warning',
      summary: `policy rule "${ruleText(r)}" names iif ${r.iif}, which does not exist: the rule never matches${guess ? ` (did you mean ${guess}?)` : ''}`,
      why: 'A rule with iif matches only packets that came in on an interface of that name; the kernel keeps the rule but marks it detached while no such interface exists, so the traffic it was meant for uses the next rules (usually the main table).',
      interfaces: [r.iif], routingRule: ruleText(r),
      ...(guess ? { hint: `ip rule del pref ${r.priority}; then add it again with iif ${guess}` } : {}),
    });
  }
  for (const r of lateZoneRules(s.ruleset)) {
    out.push({
      code: 'zone-set-too-late', severity: 'warning',
      summary: `"${r.text}" (${r.rule.family} ${r.rule.table} ${r.rule.chain}) sets a conntrack zone after conntrack has looked the packet up`,
      why: 'conntrack looks a packet up in prerouting at priority -200 (NF_IP_PRI_CONNTRACK); a zone set in a chain of that priority or later comes too late to choose the entry. Zone rules belong in a chain of priority raw (-300).',
      interfaces: r.conditions.flatMap((c) => (c.field === 'iifname' ? c.names : [])),
      hint: 'move the rule into a chain "type filter hook prerouting priority raw"',
    });
  }
  return out;
}
