// The analysis: follows a packet from each local IPv4 subnet out to the world, rule by rule and table by
// table, and looks for the write-up's shape (client -> host -> next hop -> host -> uplink with NAT, both
// passes in one conntrack zone), plus the pitfalls met on the way. Pure: a snapshot in, findings out.
import { type V4Prefix, contains, covers, isV4, prefixText, v4, v4Prefix, v4Text } from './ipv4.js';
import { type Decision, type Probe, route } from './routing.js';
import type { HostSnapshot } from './snapshot.js';
import { type HookPacket, markAtPrerouting, sourceNat, zoneAtPrerouting, type ZoneOutcome } from './netfilter.js';
import type { DoctorReport, Finding, PathStep } from './findings.js';
import { ruleText, routeText } from './texts.js';
import { conntrackEvidence } from './evidence.js';
import { fixFor, zonesInUse } from './fix.js';
import { neighbourFindings, rpFilterFinding, forwardingFinding } from './neighbours.js';

export interface LocalSubnet { link: string; prefix: V4Prefix; hostAddress: number }

/** Subnets of the host's IPv4 addresses (not loopback, not /32). */
export function localSubnets(s: HostSnapshot): LocalSubnet[] {
  const out: LocalSubnet[] = [];
  for (const l of s.links) {
    if (l.name === 'lo') continue;
    for (const a of l.addresses) {
      const p = v4Prefix(a);
      if (p.length >= 31) continue;
      out.push({ link: l.name, prefix: p, hostAddress: v4(a.split('/')[0]!) });
    }
  }
  return out;
}

const hostAddresses = (s: HostSnapshot): Set<number> => new Set(s.links.flatMap((l) => l.addresses.map((a) => v4(a.split('/')[0]!))));

/** A stand-in client: the first address of the subnet that is not the host's own. */
function clientIn(sub: LocalSubnet, own: Set<number>): number {
  for (let a = sub.prefix.network + 1; a < sub.prefix.network + 2 ** (32 - sub.prefix.length) - 1; a++) if (!own.has(a)) return a;
  return sub.prefix.network + 1;
}

/** A stand-in destination on the internet: documentation addresses, the first that no local subnet holds. */
function outsideAddress(subnets: LocalSubnet[]): number {
  const candidates = ['203.0.113.77', '198.51.100.77', '192.0.2.77', '100.64.77.77'].map(v4);
  return candidates.find((a) => !subnets.some((s) => contains(s.prefix, a))) ?? candidates[0]!;
}

function step(s: HostSnapshot, pass: number, probe: Probe, d: Decision & { kind: 'forward' }, zone: ZoneOutcome): PathStep {
  return {
    pass, iif: probe.iif, oif: d.oif, ...(d.gateway !== undefined ? { gateway: d.gateway } : {}), table: d.table,
    ...(d.rule ? { rule: ruleText(d.rule) } : {}), route: routeText(d.route, s), zone: zone.zone, ...(probe.mark ? { mark: probe.mark } : {}),
  };
}

/** Why the host expects the flow back from the next hop: a rule with iif X for the subnet, or the replies' route. */
function returnReason(s: HostSnapshot, sub: LocalSubnet, x: string, replyFrom: Probe): string | undefined {
  const rule = s.rules.find((r) => r.family === 'inet' && r.iif === x && r.action === 'to_tbl'
    && ((r.from !== undefined && isV4(r.from) && covers(v4Prefix(r.from), sub.prefix)) || (r.to !== undefined && isV4(r.to) && covers(v4Prefix(r.to), sub.prefix))));
  if (rule) return `rule ${ruleText(rule)} handles the subnet's traffic coming back from ${x}`;
  const reply = route(s, replyFrom);
  if (reply.kind === 'forward' && reply.oif === x) return `replies from the internet to ${prefixText(sub.prefix)} are routed to ${x} too (${reply.rule ? ruleText(reply.rule) : 'main table'})`;
  return undefined;
}

export function diagnoseSnapshot(s: HostSnapshot, netns?: string): DoctorReport {
  const subnets = localSubnets(s);
  const own = hostAddresses(s);
  const dst = outsideAddress(subnets);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const used = zonesInUse(s);
  const reported = new Set<string>();
  // Forwarding and rp_filter are per interface: one finding each, for the first subnet that meets it.
  const report = (f: Finding): void => {
    const key = `${f.code}\0${f.interfaces.join(',')}`;
    if (reported.has(key)) return;
    reported.add(key);
    findings.push(f);
  };
  for (const sub of subnets) {
    const src = clientIn(sub, own);
    const pkt = (iif: string, oif = ''): HookPacket => ({ iif, oif, src, dst });
    const probe = (iif: string, from = src, to = dst): Probe =>
      ({ src: v4Text(from), dst: v4Text(to), iif, mark: markAtPrerouting(s.ruleset, { iif, oif: '', src: from, dst: to }) });
    const probe1 = probe(sub.link);
    const first = route(s, probe1);
    if (first.kind !== 'forward' || first.oif === sub.link) continue;
    const zone1 = zoneAtPrerouting(s.ruleset, pkt(sub.link));
    const step1 = step(s, 1, probe1, first, zone1);
    const forwarding = forwardingFinding(s, sub, [step1]);
    if (forwarding) report(forwarding);
    if (sourceNat(s.ruleset, pkt(sub.link, first.oif))) continue; // translated on the way out: no second pass of the same tuple
    const x = first.oif;
    if (first.gateway === undefined || own.has(v4(first.gateway))) continue;
    const probe2 = probe(x);
    const second = route(s, probe2);
    if (second.kind !== 'forward' || second.oif === x) continue;
    const nat = sourceNat(s.ruleset, pkt(x, second.oif));
    if (!nat) continue;
    const why = returnReason(s, sub, x, probe(second.oif, dst, src));
    if (!why) continue;
    if (!nat.certain) notes.push(`cannot evaluate every match of nat rule "${nat.rule.text}"; assumed to match traffic from ${prefixText(sub.prefix)} leaving ${second.oif}`);
    const zone2 = zoneAtPrerouting(s.ruleset, pkt(x));
    const step2 = step(s, 2, probe2, second, zone2);
    const path = [step1, step2];
    const rp = rpFilterFinding(s, sub, path, v4Text(src), v4Text(dst));
    if (rp) report(rp);
    const forwarding2 = forwardingFinding(s, sub, [step2]);
    if (forwarding2) report(forwarding2);
    for (const r of [...zone1.uncertain, ...zone2.uncertain]) notes.push(`cannot evaluate the match of zone rule "${r.text}" (${r.rule.family} ${r.rule.table} ${r.rule.chain}); assumed not to match`);
    const split = zone1.notrack || (zone1.zone !== zone2.zone && !zone2.notrack);
    if (split) continue;
    const natRule = nat.rule.rule;
    const natKind = nat.rule.actions.some((a) => a.kind === 'masquerade') ? 'masquerade' : 'snat';
    const subnet = prefixText(sub.prefix);
    findings.push({
      code: 'conntrack-double-pass',
      severity: 'error',
      subnet,
      summary: `traffic from ${subnet} crosses this host twice (${sub.link} -> ${x} -> ${second.oif}) in conntrack zone ${zone1.zone}: the ${natKind} on ${second.oif} never applies`,
      why: `Policy routing sends ${subnet} from ${sub.link} to ${first.gateway} on ${x}, and ${why}; the next hop sends the flow back in and the host forwards it out of ${second.oif}. `
        + `Both passes carry the same 5-tuple in the same conntrack zone (${zone1.zone}), so they share one conntrack entry, created on the first pass. `
        + `The nat table is consulted only for a connection's first packet (state NEW), which was on the first pass, where no nat rule matched; `
        + `on the second pass the entry already exists, so "${nat.rule.text}" is skipped and the packets leave ${second.oif} with the private source address.`,
      interfaces: [sub.link, x, second.oif],
      path,
      returnsVia: why,
      natRule: { family: natRule.family, table: natRule.table, chain: natRule.chain, ...(natRule.handle !== undefined ? { handle: natRule.handle } : {}), text: nat.rule.text },
      evidence: conntrackEvidence(s, sub.prefix, zone1.zone),
      fix: fixFor(sub.link, x, subnet, used),
    });
  }
  findings.push(...neighbourFindings(s));
  return { ...(netns !== undefined ? { netns } : {}), subnets: subnets.map((x) => `${prefixText(x.prefix)} (${x.link})`), zonesInUse: [...used].sort((a, b) => a - b), findings, notes };
}
