// Dump filters: what to ask the kernel to filter (CTA_ZONE, CTA_MARK/CTA_MARK_MASK, CTA_STATUS/CTA_STATUS_MASK,
// nfgen_family, and tuple fields through CTA_FILTER), and the same test applied to each received flow, so
// a kernel that ignores part of a filter is detected and made up for on our side.
import {
  AF_INET, AF_INET6, AF_UNSPEC, ValidationError, formatIPv6 as formatCanonicalV6, ipv4ToBytes, ipv6ToBytes, netfilterCodec, type AttributeWriter,
} from '../../netlink/core.js';
import { isIPv4, isIPv6 } from './net.js';
import { CTA, CTA_FILTER, CTA_IP, CTA_PROTO, CTA_TUPLE, FilterFlag, IPPROTO, ZONE_MAX } from './constants.js';
import type { Flow } from './flow.js';
import type { Tuple } from './tuple.js';

/** Fields of one direction's tuple to match; absent fields match anything. */
export interface TupleMatch {
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  /** CTA_TUPLE_ZONE of that direction. */
  zone?: number;
  /**
   * Address masks (conntrack --mask-src / --mask-dst, or a CIDR prefix): the entry matches where
   * (address & mask) == (src & mask). Applied on our side: CTA_FILTER compares whole addresses.
   */
  srcMask?: string;
  dstMask?: string;
}

/** Which flows a dump, delete or event stream selects; the kernel filters what it can. */
export interface FlowFilter {
  /** AF_INET or AF_INET6 (nfgen_family of the dump request). */
  family?: number;
  /** Conntrack zone (CTA_ZONE); flows without CTA_ZONE are zone 0. */
  zone?: number;
  mark?: number; // CTA_MARK
  markMask?: number; // CTA_MARK_MASK (default 0xffffffff)
  status?: number; // CTA_STATUS
  statusMask?: number; // CTA_STATUS_MASK (default: status itself, i.e. "these bits set")
  /** Layer-4 protocol number (CTA_PROTO_NUM). */
  protocol?: number;
  /**
   * The protocol's state (CTA_PROTOINFO_TCP_STATE, _SCTP_STATE or _DCCP_STATE of `protocol`, which must be
   * TCP, SCTP or DCCP): the kernel has no such filter, so it is applied on our side.
   */
  state?: number;
  original?: TupleMatch; // CTA_FILTER + CTA_TUPLE_ORIG
  reply?: TupleMatch; // CTA_FILTER + CTA_TUPLE_REPLY
}

function checkRange(v: number | undefined, max: number, field: string): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < 0 || v > max) throw new ValidationError(field, `${v} is outside 0..${max}`);
}

function matchFamily(m: TupleMatch | undefined): number | undefined {
  for (const a of [m?.src, m?.dst]) {
    if (a === undefined) continue;
    if (isIPv4(a)) return AF_INET;
    if (isIPv6(a)) return AF_INET6;
    throw new ValidationError('filter address', `'${a}' is not an IPv4 or IPv6 address`);
  }
  return undefined;
}

/** Checks a filter and returns the family it implies (explicit, or from its addresses), or AF_UNSPEC. */
export function validateFilter(f: FlowFilter): number {
  checkRange(f.zone, ZONE_MAX, 'zone');
  checkRange(f.mark, 0xffffffff, 'mark');
  checkRange(f.markMask, 0xffffffff, 'mark mask');
  checkRange(f.status, 0xffffffff, 'status');
  checkRange(f.statusMask, 0xffffffff, 'status mask');
  checkRange(f.protocol, 255, 'protocol');
  checkRange(f.state, 255, 'state');
  if (f.state !== undefined && f.protocol !== IPPROTO.TCP && f.protocol !== IPPROTO.SCTP && f.protocol !== IPPROTO.DCCP) {
    throw new ValidationError('state', 'a state filter needs protocol TCP, SCTP or DCCP');
  }
  for (const [m, name] of [[f.original, 'original'], [f.reply, 'reply']] as const) {
    if (!m) continue;
    for (const [a, mask, what] of [[m.src, m.srcMask, 'source'], [m.dst, m.dstMask, 'destination']] as const) {
      if (mask === undefined) continue;
      if (a === undefined) throw new ValidationError(`${name} ${what} mask`, 'a mask needs the address it applies to');
      if (matchFamily({ src: a }) !== matchFamily({ src: mask })) throw new ValidationError(`${name} ${what} mask`, `'${mask}' is not of the family of '${a}'`);
    }
    checkRange(m.sport, 0xffff, `${name} source port`);
    checkRange(m.dport, 0xffff, `${name} destination port`);
    checkRange(m.icmpType, 255, `${name} ICMP type`);
    checkRange(m.icmpCode, 255, `${name} ICMP code`);
    checkRange(m.icmpId, 0xffff, `${name} ICMP id`);
    checkRange(m.zone, ZONE_MAX, `${name} zone`);
  }
  if (f.family !== undefined && f.family !== AF_INET && f.family !== AF_INET6 && f.family !== AF_UNSPEC) {
    throw new ValidationError('family', `${f.family} is not AF_INET or AF_INET6`);
  }
  const fams = [matchFamily(f.original), matchFamily(f.reply)].filter((x): x is number => x !== undefined);
  let family = f.family ?? AF_UNSPEC;
  for (const fam of fams) {
    if (family !== AF_UNSPEC && fam !== family) throw new ValidationError('filter', 'addresses of a different family than the filter');
    family = fam;
  }
  // ICMP with IPv6 addresses (or ICMPv6 with IPv4) is a filter that matches nothing, as conntrack -L takes it.
  return family;
}

/** Which parts of a filter went into the request (the rest is applied on our side only). */
export interface KernelFilterParts {
  family: boolean;
  zone: boolean;
  mark: boolean;
  status: boolean;
  tuple: boolean;
}

function tupleFlags(m: TupleMatch | undefined, protocol: number | undefined, family: number): number {
  let flags = 0;
  if (!m && protocol === undefined) return 0;
  if (m?.src !== undefined) flags |= FilterFlag.IP_SRC;
  if (m?.dst !== undefined) flags |= FilterFlag.IP_DST;
  if (m?.zone !== undefined) flags |= FilterFlag.TUPLE_ZONE;
  if (protocol !== undefined) flags |= FilterFlag.PROTO_NUM;
  if (m?.sport !== undefined) flags |= FilterFlag.PROTO_SRC_PORT;
  if (m?.dport !== undefined) flags |= FilterFlag.PROTO_DST_PORT;
  const v6 = protocol === IPPROTO.ICMPV6 || family === AF_INET6;
  if (m?.icmpType !== undefined) flags |= v6 ? FilterFlag.ICMPV6_TYPE : FilterFlag.ICMP_TYPE;
  if (m?.icmpCode !== undefined) flags |= v6 ? FilterFlag.ICMPV6_CODE : FilterFlag.ICMP_CODE;
  if (m?.icmpId !== undefined) flags |= v6 ? FilterFlag.ICMPV6_ID : FilterFlag.ICMP_ID;
  return flags;
}

function writeTupleMatch(w: AttributeWriter, type: number, m: TupleMatch | undefined, protocol: number, family: number): void {
  w.nested(type, (tw) => {
    if (m?.src !== undefined || m?.dst !== undefined) {
      tw.nested(CTA_TUPLE.IP, (iw) => {
        if (family === AF_INET6) {
          if (m.src !== undefined) iw.ipv6(CTA_IP.V6_SRC, m.src);
          if (m.dst !== undefined) iw.ipv6(CTA_IP.V6_DST, m.dst);
        } else {
          if (m.src !== undefined) iw.ipv4(CTA_IP.V4_SRC, m.src);
          if (m.dst !== undefined) iw.ipv4(CTA_IP.V4_DST, m.dst);
        }
      });
    }
    tw.nested(CTA_TUPLE.PROTO, (pw) => {
      pw.u8(CTA_PROTO.NUM, protocol);
      if (m?.sport !== undefined) pw.u16(CTA_PROTO.SRC_PORT, m.sport);
      if (m?.dport !== undefined) pw.u16(CTA_PROTO.DST_PORT, m.dport);
      const v6 = protocol === IPPROTO.ICMPV6;
      if (m?.icmpType !== undefined) pw.u8(v6 ? CTA_PROTO.ICMPV6_TYPE : CTA_PROTO.ICMP_TYPE, m.icmpType);
      if (m?.icmpCode !== undefined) pw.u8(v6 ? CTA_PROTO.ICMPV6_CODE : CTA_PROTO.ICMP_CODE, m.icmpCode);
      if (m?.icmpId !== undefined) pw.u16(v6 ? CTA_PROTO.ICMPV6_ID : CTA_PROTO.ICMP_ID, m.icmpId);
    });
    if (m?.zone !== undefined) tw.u16(CTA_TUPLE.ZONE, m.zone);
  });
}

export interface EncodedFilter {
  payload: Buffer; // nfgenmsg + attributes
  parts: KernelFilterParts;
}

/**
 * The payload of a filtered dump (or filtered flush) request. `tuple: false` leaves CTA_FILTER out (for
 * kernels that refuse it, and for flushes, which do not take it).
 */
export function encodeFilter(filter: FlowFilter, options: { tuple?: boolean } = {}): EncodedFilter {
  const family = validateFilter(filter);
  // Masked addresses stay on our side (CTA_FILTER compares whole addresses).
  const unmasked = (m: TupleMatch | undefined): TupleMatch | undefined => (m && (m.srcMask !== undefined || m.dstMask !== undefined)
    ? { ...m, src: m.srcMask === undefined ? m.src : undefined, dst: m.dstMask === undefined ? m.dst : undefined, srcMask: undefined, dstMask: undefined } : m);
  const f: FlowFilter = { ...filter, original: unmasked(filter.original), reply: unmasked(filter.reply) };
  const w = netfilterCodec.writer(128);
  const parts: KernelFilterParts = { family: family !== AF_UNSPEC, zone: false, mark: false, status: false, tuple: false };
  if (f.mark !== undefined) {
    w.u32(CTA.MARK, f.mark);
    w.u32(CTA.MARK_MASK, f.markMask ?? 0xffffffff);
    parts.mark = true;
  }
  if (f.zone !== undefined) {
    w.u16(CTA.ZONE, f.zone);
    parts.zone = true;
  }
  if (f.status !== undefined) {
    w.u32(CTA.STATUS, f.status);
    w.u32(CTA.STATUS_MASK, f.statusMask ?? f.status);
    parts.status = true;
  }
  const hasOrig = f.original !== undefined || f.protocol !== undefined;
  const hasReply = f.reply !== undefined;
  const tupleFields = (f.original && Object.values(f.original).some((v) => v !== undefined)) || (f.reply && Object.values(f.reply).some((v) => v !== undefined));
  // The kernel parses a tuple filter's protocol part only with CTA_PROTO_NUM, so port/ICMP fields need a protocol.
  const needsProto = tupleFields && f.protocol === undefined && [f.original, f.reply].some((m) => m && (m.sport ?? m.dport ?? m.icmpId ?? m.icmpType ?? m.icmpCode) !== undefined);
  if (options.tuple !== false && (hasOrig || hasReply) && !needsProto && (f.protocol !== undefined || tupleFields)) {
    const proto = f.protocol ?? 0;
    const origFlags = hasOrig ? tupleFlags(f.original, f.protocol, family) : 0;
    const replyFlags = hasReply ? tupleFlags(f.reply, f.protocol, family) : 0;
    const protoMask = f.protocol === undefined ? ~FilterFlag.PROTO_NUM : ~0;
    w.nested(CTA.FILTER, (fw) => {
      fw.u32(CTA_FILTER.ORIG_FLAGS, origFlags & protoMask);
      fw.u32(CTA_FILTER.REPLY_FLAGS, replyFlags & protoMask);
    });
    if (origFlags) writeTupleMatch(w, CTA.TUPLE_ORIG, f.original, proto, family);
    if (replyFlags) writeTupleMatch(w, CTA.TUPLE_REPLY, f.reply, proto, family);
    parts.tuple = true;
  }
  const attrs = w.finish();
  const payload = Buffer.alloc(4 + attrs.length);
  payload[0] = family;
  payload.set(attrs, 4);
  return { payload, parts };
}

/** (a & mask) == (b & mask), addresses as text of one family. */
export function maskedEqual(a: string, b: string, mask: string): boolean {
  const x = addressBytes(a);
  const y = addressBytes(b);
  const k = addressBytes(mask);
  if (x.length !== y.length || x.length !== k.length) return false;
  for (let i = 0; i < x.length; i++) if ((x[i]! & k[i]!) !== (y[i]! & k[i]!)) return false;
  return true;
}
const addressBytes = (a: string): Buffer => (a.includes(':') ? ipv6ToBytes(a) : ipv4ToBytes(a));

/** The mask of a prefix length: 24 -> 255.255.255.0, (64, IPv6) -> ffff:ffff:ffff:ffff::. */
export function prefixMask(bits: number, family: number): string {
  const b = Buffer.alloc(family === AF_INET6 ? 16 : 4);
  for (let i = 0; i < b.length; i++) b[i] = bits >= (i + 1) * 8 ? 0xff : bits <= i * 8 ? 0 : (0xff << (8 - (bits - i * 8))) & 0xff;
  return family === AF_INET6 ? formatCanonicalV6(b) : [...b].join('.');
}

function tupleMatches(t: Tuple | undefined, m: TupleMatch): boolean {
  if (!t) return false;
  if (m.src !== undefined && (m.srcMask === undefined ? t.src !== m.src : !maskedEqual(t.src, m.src, m.srcMask))) return false;
  if (m.dst !== undefined && (m.dstMask === undefined ? t.dst !== m.dst : !maskedEqual(t.dst, m.dst, m.dstMask))) return false;
  if (m.sport !== undefined && t.sport !== m.sport) return false;
  if (m.dport !== undefined && t.dport !== m.dport) return false;
  if (m.icmpType !== undefined && t.icmpType !== m.icmpType) return false;
  if (m.icmpCode !== undefined && t.icmpCode !== m.icmpCode) return false;
  if (m.icmpId !== undefined && t.icmpId !== m.icmpId) return false;
  if (m.zone !== undefined && (t.zone ?? 0) !== m.zone) return false;
  return true;
}

/** Canonical text of an address in a filter (so '2001:DB8::01' matches the kernel's '2001:db8::1'). */
export function normaliseFilter(f: FlowFilter): FlowFilter {
  const canon = (a: string | undefined): string | undefined => {
    if (a === undefined) return a;
    const b = isIPv6(a) ? netfilterCodec.writer(32).ipv6(1, a).finish().subarray(4, 20) : undefined;
    return b ? formatCanonicalV6(b) : a;
  };
  const m = (x: TupleMatch | undefined): TupleMatch | undefined => (x ? { ...x, src: canon(x.src), dst: canon(x.dst), srcMask: canon(x.srcMask), dstMask: canon(x.dstMask) } : x);
  return { ...f, original: m(f.original), reply: m(f.reply) };
}

/** The filter applied to one decoded flow, exactly as the kernel would apply it. */
export function matchFlow(flow: Flow, f: FlowFilter): boolean {
  if (f.family !== undefined && f.family !== AF_UNSPEC && flow.family !== f.family) return false;
  if (f.zone !== undefined && (flow.zone ?? 0) !== f.zone) return false;
  if (f.mark !== undefined && (((flow.mark ?? 0) & (f.markMask ?? 0xffffffff)) >>> 0) !== f.mark >>> 0) return false;
  if (f.status !== undefined) {
    const mask = f.statusMask ?? f.status;
    if ((((flow.status ?? 0) & mask) >>> 0) !== (f.status & mask) >>> 0) return false;
  }
  if (f.protocol !== undefined && flow.original.protocol !== f.protocol) return false;
  if (f.state !== undefined && stateOf(flow) !== f.state) return false;
  if (f.original && !tupleMatches(flow.original, f.original)) return false;
  if (f.reply && !tupleMatches(flow.reply, f.reply)) return false;
  return true;
}

/** The protocol state of a flow (TCP, SCTP or DCCP), undefined when it has none. */
function stateOf(flow: Flow): number | undefined {
  switch (flow.original.protocol) {
    case IPPROTO.TCP: return flow.tcp?.state;
    case IPPROTO.SCTP: return flow.sctp?.state;
    case IPPROTO.DCCP: return flow.dccp?.state;
    default: return undefined;
  }
}

/** True when the filter has nothing in it (a plain dump). */
export function isEmptyFilter(f: FlowFilter): boolean {
  return f.family === undefined && f.zone === undefined && f.mark === undefined && f.status === undefined && f.protocol === undefined && f.state === undefined
    && (!f.original || Object.values(f.original).every((v) => v === undefined))
    && (!f.reply || Object.values(f.reply).every((v) => v === undefined));
}
