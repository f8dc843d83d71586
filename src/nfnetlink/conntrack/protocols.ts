// The layer-4 protocols conntrack tracks with a module of its own (the kernel's nf_conntrack_l4proto ones),
// by the names conntrack-tools gives them; any other protocol is tracked generically ("unknown" in its lines).
// Names and numbers come from the one protocol table, src/netlink/ip-protocols.ts.
import { IPPROTO, toolProtocolName } from '../../netlink/ip-protocols.js';

/** Protocols with a conntrack module: tcp, udp, udplite, sctp, dccp, icmp, icmpv6, gre. */
export const TRACKED_PROTOCOLS: readonly number[] = [
  IPPROTO.TCP, IPPROTO.UDP, IPPROTO.UDPLITE, IPPROTO.SCTP, IPPROTO.DCCP, IPPROTO.ICMP, IPPROTO.ICMPV6, IPPROTO.GRE,
];

/** conntrack-tools' name of a tracked protocol ('icmpv6'); undefined for the others. */
export function trackedProtocolName(n: number): string | undefined {
  return TRACKED_NAMES.get(n);
}
const TRACKED_NAMES: ReadonlyMap<number, string> = new Map(TRACKED_PROTOCOLS.map((n) => [n, toolProtocolName(n)!]));

/** A tracked protocol by conntrack-tools' name for it ('icmpv6' -> 58); undefined for other words. */
export function trackedProtocolNumber(name: string): number | undefined {
  for (const [n, known] of TRACKED_NAMES) if (known === name) return n;
  return undefined;
}
