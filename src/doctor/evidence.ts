// Conntrack evidence for a double-pass finding: entries of the subnet, in the first pass's zone, whose
// reply tuple is addressed to the original source, i.e. no source NAT happened although the flow left
// through an interface with a masquerade rule. Evidence strengthens a finding; its absence clears none.
import type { Flow } from '../nfnetlink/conntrack/index.js';
import { ipProtocolText } from '../netlink/ip-protocols.js';
import { type V4Prefix, contains, isV4, v4 } from './ipv4.js';
import type { Evidence } from './findings.js';
import type { HostSnapshot } from './snapshot.js';

function flowText(f: Flow): string {
  const o = f.original;
  const ports = o.sport !== undefined ? ` sport=${o.sport} dport=${o.dport}` : o.icmpId !== undefined ? ` id=${o.icmpId}` : '';
  const r = f.reply;
  return `${ipProtocolText(o.protocol)} src=${o.src} dst=${o.dst}${ports} zone=${f.zone ?? 0}${r ? ` reply src=${r.src} dst=${r.dst}` : ''}`;
}

export function untranslated(flows: readonly Flow[], subnet: V4Prefix, zone: number): Flow[] {
  return flows.filter((f) => {
    const o = f.original;
    if (!isV4(o.src) || !isV4(o.dst) || !f.reply || (f.zone ?? 0) !== zone) return false;
    return contains(subnet, v4(o.src)) && !contains(subnet, v4(o.dst)) && f.reply.dst === o.src;
  });
}

export function conntrackEvidence(s: HostSnapshot, subnet: V4Prefix, zone: number): Evidence | undefined {
  if (!s.flows) return undefined;
  const hits = untranslated(s.flows, subnet, zone);
  const out: Evidence = { untranslatedEntries: hits.length, examples: hits.slice(0, 3).map(flowText) };
  if (s.conntrackStats) {
    const sum = (k: 'invalid' | 'insertFailed' | 'drop'): number => s.conntrackStats!.reduce((n, c) => n + (c[k] ?? 0), 0);
    out.counters = { invalid: sum('invalid'), insertFailed: sum('insertFailed'), drop: sum('drop') };
  }
  return out;
}
