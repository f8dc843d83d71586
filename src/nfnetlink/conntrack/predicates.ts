// Predicates over flows that the kernel has no filter for, as conntrack-tools applies them on its side: the
// NAT filters of -n / -g / -j, and whether a tuple match names one entry. (matchFlow in ./filter.ts is the
// side of the dump filters the kernel may not have applied.)
import { IPPROTO, PORT_PROTOCOLS } from '../../netlink/ip-protocols.js';
import type { TupleMatch } from './filter.js';
import type { Flow } from './flow.js';

/** An address and port a NAT must have used (either may be left out). */
export interface NatTarget { ip?: string; port?: number }

/** NATed entries (conntrack-tools' filter_nat): source NAT, destination NAT, or either (`any`). */
export interface NatFilter {
  src?: NatTarget;
  dst?: NatTarget;
  any: boolean;
}

/**
 * The test of a {@link NatFilter}, as conntrack-tools applies it: an entry is source-NATed when its reply
 * destination is not the original source (or the ports differ), destination-NATed when its reply source is
 * not the original destination; an address or port given must be the NAT's.
 */
export function natMatcher(n: NatFilter): (f: Flow) => boolean {
  const side = (f: Flow, want: NatTarget | undefined, which: 'src' | 'dst'): boolean => {
    const r = f.reply;
    if (!want || !r) return false;
    const o = f.original;
    const natIp = which === 'src' ? r.dst !== o.src : r.src !== o.dst;
    const ports = PORT_PROTOCOLS.has(o.protocol);
    const natPort = ports && (which === 'src' ? r.dport !== o.sport : r.sport !== o.dport);
    const ip = which === 'src' ? r.dst : r.src;
    const port = which === 'src' ? r.dport : r.sport;
    if (want.ip === undefined && want.port === undefined) return natIp || natPort;
    if (want.ip !== undefined && !(natIp && ip === want.ip)) return false;
    if (want.port !== undefined) return natPort && port === want.port;
    return true;
  };
  return (f) => {
    const s = side(f, n.src, 'src');
    const d = side(f, n.dst, 'dst');
    if (n.any) return s || d;
    if (n.src && n.dst) return s && d;
    return n.src ? s : d;
  };
}

/**
 * The match names one entry: both addresses (no masks), the protocol, and the protocol's own fields (ports,
 * GRE keys, or the ICMP type). What a get, or a delete or update without a dump, needs.
 */
export function isCompleteMatch(m: TupleMatch, protocol: number | undefined): boolean {
  if (m.src === undefined || m.dst === undefined || protocol === undefined || m.srcMask !== undefined || m.dstMask !== undefined) return false;
  if (protocol === IPPROTO.ICMP || protocol === IPPROTO.ICMPV6) return m.icmpType !== undefined;
  if (PORT_PROTOCOLS.has(protocol) || protocol === IPPROTO.GRE) return m.sport !== undefined && m.dport !== undefined;
  return true;
}
