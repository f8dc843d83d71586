// A connection tuple (CTA_TUPLE_ORIG / CTA_TUPLE_REPLY / CTA_TUPLE_MASTER): its model, a tight decoder
// that reads the received buffer at offsets, an encoder, validation and inversion.
import {
  AF_INET, AF_INET6, NetlinkDecodeError, ValidationError, formatIPv4, formatIPv6, ipv4ToBytes, ipv6ToBytes,
  type AttributeWriter,
} from '../../netlink/index.js';
import { isIPv4, isIPv6 } from 'node:net';
import { CTA_IP, CTA_PROTO, CTA_TUPLE, IPPROTO, ZONE_MAX } from './constants.js';

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

/** Decodes the content of a tuple nest, buf[start, end). */
export function decodeTuple(buf: Buffer, start: number, end: number): Tuple {
  const t: Tuple = { src: '', dst: '', protocol: 0 };
  let at = start;
  while (at + 4 <= end) {
    const len = buf.readUInt16LE(at);
    const type = buf.readUInt16LE(at + 2) & NLA_TYPE_MASK;
    if (len < 4 || at + len > end) fail('CTA_TUPLE', at, `nla_len ${len} out of bounds`);
    const v = at + 4;
    const vend = at + len;
    if (type === CTA_TUPLE.IP) decodeIp(buf, v, vend, t);
    else if (type === CTA_TUPLE.PROTO) decodeProto(buf, v, vend, t);
    else if (type === CTA_TUPLE.ZONE) {
      if (len < 6) fail('CTA_TUPLE_ZONE', at, 'needs 2 bytes');
      t.zone = buf.readUInt16BE(v);
    }
    at += (len + 3) & ~3;
  }
  if (at < end) fail('CTA_TUPLE', at, 'trailing bytes shorter than an attribute header');
  return t;
}

function decodeIp(buf: Buffer, start: number, end: number, t: Tuple): void {
  let at = start;
  while (at + 4 <= end) {
    const len = buf.readUInt16LE(at);
    const type = buf.readUInt16LE(at + 2) & NLA_TYPE_MASK;
    if (len < 4 || at + len > end) fail('CTA_TUPLE_IP', at, `nla_len ${len} out of bounds`);
    const v = at + 4;
    switch (type) {
      case CTA_IP.V4_SRC: if (len !== 8) fail('CTA_IP_V4_SRC', at, 'needs 4 bytes'); t.src = formatIPv4(buf, v); break;
      case CTA_IP.V4_DST: if (len !== 8) fail('CTA_IP_V4_DST', at, 'needs 4 bytes'); t.dst = formatIPv4(buf, v); break;
      case CTA_IP.V6_SRC: if (len !== 20) fail('CTA_IP_V6_SRC', at, 'needs 16 bytes'); t.src = formatIPv6(buf, v); break;
      case CTA_IP.V6_DST: if (len !== 20) fail('CTA_IP_V6_DST', at, 'needs 16 bytes'); t.dst = formatIPv6(buf, v); break;
      default: break;
    }
    at += (len + 3) & ~3;
  }
}

function decodeProto(buf: Buffer, start: number, end: number, t: Tuple): void {
  let at = start;
  while (at + 4 <= end) {
    const len = buf.readUInt16LE(at);
    const type = buf.readUInt16LE(at + 2) & NLA_TYPE_MASK;
    if (len < 4 || at + len > end) fail('CTA_TUPLE_PROTO', at, `nla_len ${len} out of bounds`);
    const v = at + 4;
    switch (type) {
      case CTA_PROTO.NUM: if (len < 5) fail('CTA_PROTO_NUM', at, 'needs 1 byte'); t.protocol = buf[v]!; break;
      case CTA_PROTO.SRC_PORT: if (len < 6) fail('CTA_PROTO_SRC_PORT', at, 'needs 2 bytes'); t.sport = buf.readUInt16BE(v); break;
      case CTA_PROTO.DST_PORT: if (len < 6) fail('CTA_PROTO_DST_PORT', at, 'needs 2 bytes'); t.dport = buf.readUInt16BE(v); break;
      case CTA_PROTO.ICMP_ID: case CTA_PROTO.ICMPV6_ID:
        if (len < 6) fail('CTA_PROTO_ICMP_ID', at, 'needs 2 bytes'); t.icmpId = buf.readUInt16BE(v); break;
      case CTA_PROTO.ICMP_TYPE: case CTA_PROTO.ICMPV6_TYPE:
        if (len < 5) fail('CTA_PROTO_ICMP_TYPE', at, 'needs 1 byte'); t.icmpType = buf[v]!; break;
      case CTA_PROTO.ICMP_CODE: case CTA_PROTO.ICMPV6_CODE:
        if (len < 5) fail('CTA_PROTO_ICMP_CODE', at, 'needs 1 byte'); t.icmpCode = buf[v]!; break;
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
