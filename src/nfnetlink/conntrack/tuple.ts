// A connection tuple (CTA_TUPLE_ORIG / CTA_TUPLE_REPLY / CTA_TUPLE_MASTER): its model, a tight decoder
// that reads the received buffer at offsets, an encoder, validation and inversion.
import {
  AF_INET, AF_INET6, NetlinkDecodeError, ValidationError, formatIPv6, ipv4ToBytes, ipv6ToBytes,
  type AttributeWriter,
} from '../../netlink/core.js';
import { isIPv4, isIPv6 } from './net.js';
import { CTA_IP, CTA_PROTO, CTA_TUPLE, IPPROTO, ZONE_MAX } from './constants.js';

/** A connection tuple: addresses, protocol, ports or ICMP fields, and zone. */
export interface Tuple {
  src: string; // CTA_IP_V4_SRC / CTA_IP_V6_SRC
  dst: string; // CTA_IP_V4_DST / CTA_IP_V6_DST
  protocol: number; // CTA_PROTO_NUM
  sport?: number; // CTA_PROTO_SRC_PORT
  dport?: number; // CTA_PROTO_DST_PORT
  icmpId?: number; // CTA_PROTO_ICMP_ID / CTA_PROTO_ICMPV6_ID
  icmpType?: number; // CTA_PROTO_ICMP_TYPE / CTA_PROTO_ICMPV6_TYPE
  icmpCode?: number; // CTA_PROTO_ICMP_CODE / CTA_PROTO_ICMPV6_CODE
  zone?: number; // CTA_TUPLE_ZONE
}

const NLA_TYPE_MASK = 0x3fff;

function fail(context: string, offset: number, reason: string): never {
  throw new NetlinkDecodeError(context, offset, reason);
}

// Address text is made through small direct-mapped caches keyed by the address bytes: a table repeats
// addresses a lot (the reply tuple mirrors the original, servers and NAT addresses recur), and a hit costs
// no string. A slot always holds a matching (key, text) pair, so a hit needs no "filled" flag.
const V4_SLOTS = 4096;
const v4Keys = new Int32Array(V4_SLOTS);
const v4Text: string[] = new Array<string>(V4_SLOTS).fill('0.0.0.0');
const V6_SLOTS = 1024;
const v6Keys = new Int32Array(V6_SLOTS * 4);
const v6Text: string[] = new Array<string>(V6_SLOTS).fill('::');

// Misses are common too (every client address once): the text is then made from a cached "a.b.c." prefix
// (hosts of one /24 share it) and the last octet, one concatenation instead of seven.
const PREFIX_SLOTS = 1024;
const prefixKeys = new Int32Array(PREFIX_SLOTS);
const prefixText: string[] = new Array<string>(PREFIX_SLOTS).fill('0.0.0.');
const DECIMAL: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** Text of the IPv4 address at buf[at, at + 4) ('192.0.2.1'). */
export function ipv4Text(buf: Uint8Array, at: number): string {
  const k = (buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!;
  const slot = (k ^ (k >>> 13)) & (V4_SLOTS - 1);
  if (v4Keys[slot] === k) return v4Text[slot]!;
  const p = k >>> 8;
  const ps = (p ^ (p >>> 10)) & (PREFIX_SLOTS - 1);
  let prefix = prefixText[ps]!;
  if (prefixKeys[ps] !== p) {
    prefix = DECIMAL[buf[at]!] + '.' + DECIMAL[buf[at + 1]!] + '.' + DECIMAL[buf[at + 2]!] + '.';
    prefixKeys[ps] = p;
    prefixText[ps] = prefix;
  }
  const text = prefix + DECIMAL[buf[at + 3]!];
  v4Keys[slot] = k;
  v4Text[slot] = text;
  return text;
}

const be32 = (b: Uint8Array, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;

/** RFC 5952 text of the IPv6 address at buf[at, at + 16). */
export function ipv6Text(buf: Uint8Array, at: number): string {
  const a = be32(buf, at);
  const b = be32(buf, at + 4);
  const c = be32(buf, at + 8);
  const d = be32(buf, at + 12);
  const h = a ^ b ^ c ^ d;
  const slot = (h ^ (h >>> 10) ^ (h >>> 20)) & (V6_SLOTS - 1);
  const k = slot * 4;
  if (v6Keys[k] === a && v6Keys[k + 1] === b && v6Keys[k + 2] === c && v6Keys[k + 3] === d) return v6Text[slot]!;
  const text = formatIPv6(buf, at);
  v6Keys[k] = a;
  v6Keys[k + 1] = b;
  v6Keys[k + 2] = c;
  v6Keys[k + 3] = d;
  v6Text[slot] = text;
  return text;
}

/** Decodes the content of a tuple nest, buf[start, end). Error offsets are relative to `base`. */
export function decodeTuple(buf: Buffer, start: number, end: number, base = 0): Tuple {
  return usualTuple(buf, start, end) ?? anyTuple(buf, start, end, base);
}

const u16be = (b: Buffer, o: number): number => (b[o]! << 8) | b[o + 1]!;
/** nla_len and nla_type (flags masked) of the attribute at o, as one number. */
const head = (b: Buffer, o: number): number => (b[o]! | (b[o + 1]! << 8)) * 0x10000 + ((b[o + 2]! | (b[o + 3]! << 8)) & NLA_TYPE_MASK);
const H = (len: number, type: number): number => len * 0x10000 + type;

/**
 * The tuple exactly as the kernel lays it out: an IP nest with the source and destination address, a PROTO
 * nest with the protocol number and then either the ports or the ICMP id, type and code, nothing else.
 * Decoded with each object made at once with all its fields (no property added afterwards); undefined for
 * any other layout, which anyTuple decodes (and reports if malformed).
 */
function usualTuple(buf: Buffer, start: number, end: number): Tuple | undefined {
  if (end - start < 4) return undefined;
  let src: string;
  let dst: string;
  let p: number;
  const ip = head(buf, start);
  // The IP nest must lie inside [start, end): a cut message would otherwise be read past its end.
  if (ip === H(20, CTA_TUPLE.IP) && end - start >= 20 && head(buf, start + 4) === H(8, CTA_IP.V4_SRC) && head(buf, start + 12) === H(8, CTA_IP.V4_DST)) {
    src = ipv4Text(buf, start + 8);
    dst = ipv4Text(buf, start + 16);
    p = start + 20;
  } else if (ip === H(44, CTA_TUPLE.IP) && end - start >= 44 && head(buf, start + 4) === H(20, CTA_IP.V6_SRC) && head(buf, start + 24) === H(20, CTA_IP.V6_DST)) {
    src = ipv6Text(buf, start + 8);
    dst = ipv6Text(buf, start + 28);
    p = start + 44;
  } else {
    return undefined;
  }
  if (end - p < 12 || head(buf, p + 4) !== H(5, CTA_PROTO.NUM)) return undefined;
  const protocol = buf[p + 8]!;
  const proto = head(buf, p);
  if (proto === H(28, CTA_TUPLE.PROTO) && p + 28 === end && head(buf, p + 12) === H(6, CTA_PROTO.SRC_PORT) && head(buf, p + 20) === H(6, CTA_PROTO.DST_PORT)) {
    return { src, dst, protocol, sport: u16be(buf, p + 16), dport: u16be(buf, p + 24) };
  }
  if (proto === H(36, CTA_TUPLE.PROTO) && p + 36 === end) {
    const v6 = head(buf, p + 12) === H(6, CTA_PROTO.ICMPV6_ID);
    if (v6 || head(buf, p + 12) === H(6, CTA_PROTO.ICMP_ID)) {
      if (head(buf, p + 20) === H(5, v6 ? CTA_PROTO.ICMPV6_TYPE : CTA_PROTO.ICMP_TYPE) && head(buf, p + 28) === H(5, v6 ? CTA_PROTO.ICMPV6_CODE : CTA_PROTO.ICMP_CODE)) {
        return { src, dst, protocol, icmpId: u16be(buf, p + 16), icmpType: buf[p + 24]!, icmpCode: buf[p + 32]! };
      }
    }
    return undefined;
  }
  if (proto === H(12, CTA_TUPLE.PROTO) && p + 12 === end) return { src, dst, protocol };
  return undefined;
}

/** Any layout, attribute by attribute, with every check. */
function anyTuple(buf: Buffer, start: number, end: number, base: number): Tuple {
  const t: Tuple = { src: '', dst: '', protocol: 0 };
  let at = start;
  while (at + 4 <= end) {
    const len = buf[at]! | (buf[at + 1]! << 8);
    const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & NLA_TYPE_MASK;
    if (len < 4 || at + len > end) fail('CTA_TUPLE', at - base, `nla_len ${len} out of bounds`);
    const v = at + 4;
    const vend = at + len;
    if (type === CTA_TUPLE.IP) decodeIp(buf, v, vend, t, base);
    else if (type === CTA_TUPLE.PROTO) decodeProto(buf, v, vend, t, base);
    else if (type === CTA_TUPLE.ZONE) {
      if (len < 6) fail('CTA_TUPLE_ZONE', at - base, 'needs 2 bytes');
      t.zone = (buf[v]! << 8) | buf[v + 1]!;
    }
    at += (len + 3) & ~3;
  }
  if (at < end) fail('CTA_TUPLE', at - base, 'trailing bytes shorter than an attribute header');
  return t;
}

function decodeIp(buf: Buffer, start: number, end: number, t: Tuple, base: number): void {
  let at = start;
  while (at + 4 <= end) {
    const len = buf[at]! | (buf[at + 1]! << 8);
    const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & NLA_TYPE_MASK;
    if (len < 4 || at + len > end) fail('CTA_TUPLE_IP', at - base, `nla_len ${len} out of bounds`);
    const v = at + 4;
    switch (type) {
      case CTA_IP.V4_SRC: if (len !== 8) fail('CTA_IP_V4_SRC', at - base, 'needs 4 bytes'); t.src = ipv4Text(buf, v); break;
      case CTA_IP.V4_DST: if (len !== 8) fail('CTA_IP_V4_DST', at - base, 'needs 4 bytes'); t.dst = ipv4Text(buf, v); break;
      case CTA_IP.V6_SRC: if (len !== 20) fail('CTA_IP_V6_SRC', at - base, 'needs 16 bytes'); t.src = ipv6Text(buf, v); break;
      case CTA_IP.V6_DST: if (len !== 20) fail('CTA_IP_V6_DST', at - base, 'needs 16 bytes'); t.dst = ipv6Text(buf, v); break;
      default: break;
    }
    at += (len + 3) & ~3;
  }
}

function decodeProto(buf: Buffer, start: number, end: number, t: Tuple, base: number): void {
  let at = start;
  while (at + 4 <= end) {
    const len = buf[at]! | (buf[at + 1]! << 8);
    const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & NLA_TYPE_MASK;
    if (len < 4 || at + len > end) fail('CTA_TUPLE_PROTO', at - base, `nla_len ${len} out of bounds`);
    const v = at + 4;
    switch (type) {
      case CTA_PROTO.NUM: if (len < 5) fail('CTA_PROTO_NUM', at - base, 'needs 1 byte'); t.protocol = buf[v]!; break;
      case CTA_PROTO.SRC_PORT: if (len < 6) fail('CTA_PROTO_SRC_PORT', at - base, 'needs 2 bytes'); t.sport = (buf[v]! << 8) | buf[v + 1]!; break;
      case CTA_PROTO.DST_PORT: if (len < 6) fail('CTA_PROTO_DST_PORT', at - base, 'needs 2 bytes'); t.dport = (buf[v]! << 8) | buf[v + 1]!; break;
      case CTA_PROTO.ICMP_ID: case CTA_PROTO.ICMPV6_ID:
        if (len < 6) fail('CTA_PROTO_ICMP_ID', at - base, 'needs 2 bytes'); t.icmpId = (buf[v]! << 8) | buf[v + 1]!; break;
      case CTA_PROTO.ICMP_TYPE: case CTA_PROTO.ICMPV6_TYPE:
        if (len < 5) fail('CTA_PROTO_ICMP_TYPE', at - base, 'needs 1 byte'); t.icmpType = buf[v]!; break;
      case CTA_PROTO.ICMP_CODE: case CTA_PROTO.ICMPV6_CODE:
        if (len < 5) fail('CTA_PROTO_ICMP_CODE', at - base, 'needs 1 byte'); t.icmpCode = buf[v]!; break;
      default: break;
    }
    at += (len + 3) & ~3;
  }
}

/** AF_INET or AF_INET6 for a tuple's addresses; a ValidationError when they are missing or disagree. */
export function tupleFamily(t: Tuple, field = 'tuple'): number {
  const v4 = isIPv4(t.src) && isIPv4(t.dst);
  const v6 = isIPv6(t.src) && isIPv6(t.dst);
  if (v4) return AF_INET;
  if (v6) return AF_INET6;
  if ((isIPv4(t.src) || isIPv6(t.src)) && (isIPv4(t.dst) || isIPv6(t.dst))) throw new ValidationError(field, `mixed address families (${t.src}, ${t.dst})`);
  const bad = isIPv4(t.src) || isIPv6(t.src) ? t.dst : t.src;
  throw new ValidationError(field, `'${bad}' is not an IPv4 or IPv6 address`);
}

const isIcmp = (p: number): boolean => p === IPPROTO.ICMP || p === IPPROTO.ICMPV6;
const hasPorts = (p: number): boolean => p === IPPROTO.TCP || p === IPPROTO.UDP || p === IPPROTO.UDPLITE || p === IPPROTO.SCTP || p === IPPROTO.DCCP;

function checkInt(v: number | undefined, max: number, field: string): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < 0 || v > max) throw new ValidationError(field, `${v} is not an integer in 0..${max}`);
}

/** Checks a tuple is one the kernel can take: addresses of one family, protocol, ports/ICMP fields in range. */
export function validateTuple(t: Tuple, field = 'tuple'): number {
  const family = tupleFamily(t, field);
  checkInt(t.protocol, 255, `${field} protocol`);
  checkInt(t.sport, 0xffff, `${field} source port`);
  checkInt(t.dport, 0xffff, `${field} destination port`);
  checkInt(t.icmpId, 0xffff, `${field} ICMP id`);
  checkInt(t.icmpType, 255, `${field} ICMP type`);
  checkInt(t.icmpCode, 255, `${field} ICMP code`);
  checkInt(t.zone, ZONE_MAX, `${field} zone`);
  if (t.protocol === IPPROTO.ICMP && family !== AF_INET) throw new ValidationError(field, 'ICMP with IPv6 addresses (use ICMPv6)');
  if (t.protocol === IPPROTO.ICMPV6 && family !== AF_INET6) throw new ValidationError(field, 'ICMPv6 with IPv4 addresses');
  if (isIcmp(t.protocol) && (t.sport !== undefined || t.dport !== undefined)) throw new ValidationError(field, 'ICMP has no ports');
  if (hasPorts(t.protocol) && (t.icmpId !== undefined || t.icmpType !== undefined || t.icmpCode !== undefined)) {
    throw new ValidationError(field, 'ICMP fields on a port-based protocol');
  }
  return family;
}

/**
 * Writes a tuple nest's content (CTA_TUPLE_IP, CTA_TUPLE_PROTO, CTA_TUPLE_ZONE), in the order
 * conntrack-tools sends it (ICMP: code, type, id).
 */
export function writeTuple(w: AttributeWriter, t: Tuple, family: number): void {
  w.nested(CTA_TUPLE.IP, (ip) => {
    if (family === AF_INET6) {
      if (t.src) ip.bytes(CTA_IP.V6_SRC, ipv6ToBytes(t.src));
      if (t.dst) ip.bytes(CTA_IP.V6_DST, ipv6ToBytes(t.dst));
    } else {
      if (t.src) ip.bytes(CTA_IP.V4_SRC, ipv4ToBytes(t.src));
      if (t.dst) ip.bytes(CTA_IP.V4_DST, ipv4ToBytes(t.dst));
    }
  });
  w.nested(CTA_TUPLE.PROTO, (p) => {
    p.u8(CTA_PROTO.NUM, t.protocol);
    if (t.sport !== undefined) p.u16(CTA_PROTO.SRC_PORT, t.sport);
    if (t.dport !== undefined) p.u16(CTA_PROTO.DST_PORT, t.dport);
    const v6 = t.protocol === IPPROTO.ICMPV6;
    if (t.icmpCode !== undefined) p.u8(v6 ? CTA_PROTO.ICMPV6_CODE : CTA_PROTO.ICMP_CODE, t.icmpCode);
    if (t.icmpType !== undefined) p.u8(v6 ? CTA_PROTO.ICMPV6_TYPE : CTA_PROTO.ICMP_TYPE, t.icmpType);
    if (t.icmpId !== undefined) p.u16(v6 ? CTA_PROTO.ICMPV6_ID : CTA_PROTO.ICMP_ID, t.icmpId);
  });
  if (t.zone !== undefined) w.u16(CTA_TUPLE.ZONE, t.zone);
}

// ICMP request/reply pairs the kernel inverts (nf_conntrack_proto_icmp.c / icmpv6.c invmap).
const ICMP_INVERSE: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };
const ICMPV6_INVERSE: Record<number, number> = { 128: 129, 129: 128, 139: 140, 140: 139 };

/** The reply tuple of an un-NATed connection: addresses and ports swapped, ICMP request type mapped to its reply. */
export function invertTuple(t: Tuple): Tuple {
  const r: Tuple = { src: t.dst, dst: t.src, protocol: t.protocol };
  if (t.dport !== undefined) r.sport = t.dport;
  if (t.sport !== undefined) r.dport = t.sport;
  if (t.icmpType !== undefined) {
    const map = t.protocol === IPPROTO.ICMPV6 ? ICMPV6_INVERSE : ICMP_INVERSE;
    r.icmpType = map[t.icmpType] ?? t.icmpType;
  }
  if (t.icmpCode !== undefined) r.icmpCode = t.icmpCode;
  if (t.icmpId !== undefined) r.icmpId = t.icmpId;
  return r;
}
