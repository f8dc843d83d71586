// The fix for a double pass: put the first leg (client side, both directions) in a conntrack zone of its
// own at raw priority in prerouting, so the second pass is a NEW connection in zone 0 and gets NAT.
// As nft command lines, as the equivalent iptables raw-table lines, and as one nftables transaction in a
// table marked as ours (its comment), which --apply-fix sends.
import { ValidationError } from '../netlink/index.js';
import { type Ruleset, Transaction, match, parsePriority } from '../nfnetlink/nftables/index.js';
import { decodeComment, encodeComment } from '../nfnetlink/nftables/userdata.js';
import type { Finding, Fix } from './findings.js';
import { readRule } from './nft-rules.js';
import type { HostSnapshot } from './snapshot.js';

/** The table --apply-fix writes (family ip: the analysis and the fix are IPv4). */
export const FIX_TABLE = 'nlts_doctor';
export const FIX_CHAIN = 'zones';
/** The comment that marks the table as ours; a table of that name without it is never touched. */
export const FIX_MARK = 'nlts doctor: conntrack zone split (nlts doctor --apply-fix)';

/** Zones used by `ct zone set`/CT --zone rules and by conntrack entries. */
export function zonesInUse(s: HostSnapshot): Set<number> {
  const used = new Set<number>();
  for (const r of s.ruleset.rules) for (const a of readRule(r, s.ruleset.sets).actions) if (a.kind === 'zone') used.add(a.zone);
  for (const f of s.flows ?? []) if (f.zone !== undefined && f.zone !== 0) used.add(f.zone);
  return used;
}

export function freeZone(used: ReadonlySet<number>): number {
  let z = 1;
  while (used.has(z)) z++;
  return z;
}

const q = (name: string): string => `"${name}"`;

export function fixFor(clientIf: string, nextHopIf: string, subnet: string, used: ReadonlySet<number>): Fix {
  const zone = freeZone(used);
  return {
    zone,
    nft: [
      `add table ip ${FIX_TABLE} { comment ${q(FIX_MARK)} ; }`,
      `add chain ip ${FIX_TABLE} ${FIX_CHAIN} { type filter hook prerouting priority raw ; policy accept ; }`,
      `add rule ip ${FIX_TABLE} ${FIX_CHAIN} iifname ${q(clientIf)} ct zone set ${zone}`,
      `add rule ip ${FIX_TABLE} ${FIX_CHAIN} iifname ${q(nextHopIf)} ip daddr ${subnet} ct zone set ${zone}`,
    ],
    iptables: [
      `iptables -t raw -A PREROUTING -i ${clientIf} -j CT --zone ${zone}`,
      `iptables -t raw -A PREROUTING -i ${nextHopIf} -d ${subnet} -j CT --zone ${zone}`,
    ],
  };
}

/**
 * One transaction with the zone rules of every double-pass finding, in our table (created if absent).
 * Refuses a table of that name that is not ours (no mark) with a ValidationError.
 */
export function fixTransaction(findings: readonly Finding[], current: Ruleset): Transaction {
  const table = current.tables.find((t) => t.family === 'ip' && t.name === FIX_TABLE);
  if (table && (table.userdata === undefined || decodeComment(table.userdata) !== FIX_MARK)) {
    throw new ValidationError('table', `ip ${FIX_TABLE} exists and was not made by nlts doctor (its comment is not ours); nothing was changed`);
  }
  const tx = new Transaction();
  tx.addTable({ family: 'ip', name: FIX_TABLE, userdata: encodeComment(FIX_MARK) });
  tx.addChain({ family: 'ip', table: FIX_TABLE, name: FIX_CHAIN, type: 'filter', hook: { hook: 'prerouting', priority: parsePriority('raw', 'ip') }, policy: 'accept' });
  for (const f of findings) {
    if (f.code !== 'conntrack-double-pass' || !f.fix || !f.subnet) continue;
    const [clientIf, nextHopIf] = f.interfaces;
    const rule = (expressions: ReturnType<typeof match.rule>): void => { tx.addRule({ family: 'ip', table: FIX_TABLE, chain: FIX_CHAIN, expressions }); };
    rule(match.rule(match.iifname(clientIf!), match.ctZoneSet(f.fix.zone)));
    rule(match.rule(match.iifname(nextHopIf!), match.ipDaddr(f.subnet), match.ctZoneSet(f.fix.zone)));
  }
  return tx;
}
