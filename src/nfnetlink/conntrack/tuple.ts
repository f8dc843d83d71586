// A connection tuple (CTA_TUPLE_ORIG / CTA_TUPLE_REPLY / CTA_TUPLE_MASTER): its model, its view (the one
// decoder: the model comes from the view), an encoder, validation and inversion.
import {
  AF_INET, AF_INET6, AttributeCursor, ValidationError, attributeHeader, ipv4ToBytes, ipv6ToBytes, netfilterCodec, type AttributeWriter,
} from '../../netlink/core.js';
import { ipv4Text, ipv6Text } from './address-text.js';
import { isIPv4, isIPv6 } from './net.js';
import { CTA_IP, CTA_PROTO, CTA_TUPLE, IPPROTO, ZONE_MAX } from './constants.js';

export { ipv4Text, ipv6Text };

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

// The optional fields of a Tuple, numbered to record the order they arrive in (the model's keys follow it).
const SPORT = 1;
const DPORT = 2;
const ICMP_ID = 3;
const ICMP_TYPE = 4;
const ICMP_CODE = 5;
const ZONE = 6;
const ORDER_PORTS = SPORT * 8 + DPORT; // the kernel's layout: ports
const ORDER_ICMP = (ICMP_ID * 8 + ICMP_TYPE) * 8 + ICMP_CODE; // the kernel's layout: id, type, code

/**
 * The view of one tuple nest (CTA_TUPLE_ORIG / _REPLY / _MASTER): one walk through the core's cursor records
 * numbers and address offsets; toModel() makes the Tuple. Numbers are -1 where the attribute was absent;
 * addresses are offsets into `buf` (length 4 for IPv4, 16 for IPv6, 0 when absent).
 */
export class TupleView {
  buf: Buffer = EMPTY;
  /** The message carried this tuple. */
  present = false;
  srcAt = 0; // CTA_IP_V4_SRC / CTA_IP_V6_SRC value offset
  srcLen = 0;
  dstAt = 0; // CTA_IP_V4_DST / CTA_IP_V6_DST
  dstLen = 0;
  protocol = 0; // CTA_PROTO_NUM (0 when absent)
  sport = -1; // CTA_PROTO_SRC_PORT
  dport = -1; // CTA_PROTO_DST_PORT
  icmpId = -1; // CTA_PROTO_ICMP_ID / CTA_PROTO_ICMPV6_ID
  icmpType = -1; // CTA_PROTO_ICMP_TYPE / CTA_PROTO_ICMPV6_TYPE
  icmpCode = -1; // CTA_PROTO_ICMP_CODE / CTA_PROTO_ICMPV6_CODE
  zone = -1; // CTA_TUPLE_ZONE
  private order = 0; // optional fields' ids, first arrival first, 3 bits each
  private seen = 0;
  private readonly outer = new AttributeCursor(netfilterCodec);
  private readonly inner = new AttributeCursor(netfilterCodec);

  clear(): void {
    this.present = false;
    this.srcLen = 0;
    this.dstLen = 0;
    this.protocol = 0;
    this.sport = -1;
    this.dport = -1;
    this.icmpId = -1;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.zone = -1;
    this.order = 0;
    this.seen = 0;
  }

  /** Source address text ('' when absent), as the Tuple model has it. */
  get src(): string {
    return addressText(this.buf, this.srcAt, this.srcLen);
  }
  get dst(): string {
    return addressText(this.buf, this.dstAt, this.dstLen);
  }

  private saw(id: number): void {
    if ((this.seen & (1 << id)) !== 0) return;
    this.seen |= 1 << id;
    this.order = (this.order << 3) | id;
  }

  /** Parses the nest's content buf[start, end); error offsets relative to base. */
  parse(buf: Buffer, start: number, end: number, base: number): this {
    this.clear();
    this.buf = buf;
    this.present = true;
    if (this.kernelLayout(buf, start, end)) return this;
    const c = this.outer.reset(buf, start, end, 'CTA_TUPLE', base);
    while (c.next()) {
      switch (c.type) {
        // The IP and PROTO nests end at a tail shorter than a header, as the kernel's nla_parse does.
        case CTA_TUPLE.IP: this.parseIp(c.child(this.inner, 'CTA_TUPLE_IP', true)); break;
        case CTA_TUPLE.PROTO: this.parseProto(c.child(this.inner, 'CTA_TUPLE_PROTO', true)); break;
        case CTA_TUPLE.ZONE: this.zone = c.u16be('CTA_TUPLE_ZONE'); this.saw(ZONE); break;
        default: break;
      }
    }
    return this;
  }

  /**
   * The tuple exactly as the kernel lays it out (ctnetlink_dump_tuples): an IP nest with source and destination,
   * a PROTO nest with the protocol number and then the ports, or ICMP id, type and code, or nothing. Matched
   * by its headers and read at fixed offsets: most of a dump's time would otherwise go into walking these
   * small nests. False (nothing recorded) for any other layout, which the cursor walk reads and checks.
   */
  private kernelLayout(buf: Buffer, start: number, end: number): boolean {
    const H = attributeHeader.of;
    if (end - start < 4) return false;
    const ip = attributeHeader(buf, start);
    let p: number;
    let len: number;
    // The IP nest must lie inside [start, end): a cut message would otherwise be read past its end.
    if (ip === H(20, CTA_TUPLE.IP) && end - start >= 20 && attributeHeader(buf, start + 4) === H(8, CTA_IP.V4_SRC) && attributeHeader(buf, start + 12) === H(8, CTA_IP.V4_DST)) {
      len = 4;
      p = start + 20;
    } else if (ip === H(44, CTA_TUPLE.IP) && end - start >= 44 && attributeHeader(buf, start + 4) === H(20, CTA_IP.V6_SRC) && attributeHeader(buf, start + 24) === H(20, CTA_IP.V6_DST)) {
      len = 16;
      p = start + 44;
    } else {
      return false;
    }
    if (end - p < 12 || attributeHeader(buf, p + 4) !== H(5, CTA_PROTO.NUM)) return false;
    const proto = attributeHeader(buf, p);
    if (proto === H(28, CTA_TUPLE.PROTO) && p + 28 === end && attributeHeader(buf, p + 12) === H(6, CTA_PROTO.SRC_PORT) && attributeHeader(buf, p + 20) === H(6, CTA_PROTO.DST_PORT)) {
      this.sport = (buf[p + 16]! << 8) | buf[p + 17]!;
      this.dport = (buf[p + 24]! << 8) | buf[p + 25]!;
      this.order = ORDER_PORTS;
    } else if (proto === H(36, CTA_TUPLE.PROTO) && p + 36 === end) {
      const v6 = attributeHeader(buf, p + 12) === H(6, CTA_PROTO.ICMPV6_ID);
      if (!v6 && attributeHeader(buf, p + 12) !== H(6, CTA_PROTO.ICMP_ID)) return false;
      if (attributeHeader(buf, p + 20) !== H(5, v6 ? CTA_PROTO.ICMPV6_TYPE : CTA_PROTO.ICMP_TYPE)) return false;
      if (attributeHeader(buf, p + 28) !== H(5, v6 ? CTA_PROTO.ICMPV6_CODE : CTA_PROTO.ICMP_CODE)) return false;
      this.icmpId = (buf[p + 16]! << 8) | buf[p + 17]!;
      this.icmpType = buf[p + 24]!;
      this.icmpCode = buf[p + 32]!;
      this.order = ORDER_ICMP;
    } else if (!(proto === H(12, CTA_TUPLE.PROTO) && p + 12 === end)) {
      return false;
    }
    this.srcAt = start + 8;
    this.srcLen = len;
    this.dstAt = start + 12 + len;
    this.dstLen = len;
    this.protocol = buf[p + 8]!;
    return true;
  }

  private parseIp(c: AttributeCursor): void {
    while (c.next()) {
      switch (c.type) {
        case CTA_IP.V4_SRC: c.expectExactly(4, 'CTA_IP_V4_SRC'); this.srcAt = c.valueStart; this.srcLen = 4; break;
        case CTA_IP.V4_DST: c.expectExactly(4, 'CTA_IP_V4_DST'); this.dstAt = c.valueStart; this.dstLen = 4; break;
        case CTA_IP.V6_SRC: c.expectExactly(16, 'CTA_IP_V6_SRC'); this.srcAt = c.valueStart; this.srcLen = 16; break;
        case CTA_IP.V6_DST: c.expectExactly(16, 'CTA_IP_V6_DST'); this.dstAt = c.valueStart; this.dstLen = 16; break;
        default: break;
      }
    }
  }

  private parseProto(c: AttributeCursor): void {
    while (c.next()) {
      switch (c.type) {
        case CTA_PROTO.NUM: this.protocol = c.expect(1, 'CTA_PROTO_NUM').buf[c.valueStart]!; break;
        case CTA_PROTO.SRC_PORT: this.sport = c.u16be('CTA_PROTO_SRC_PORT'); this.saw(SPORT); break;
        case CTA_PROTO.DST_PORT: this.dport = c.u16be('CTA_PROTO_DST_PORT'); this.saw(DPORT); break;
        case CTA_PROTO.ICMP_ID: case CTA_PROTO.ICMPV6_ID: this.icmpId = c.u16be('CTA_PROTO_ICMP_ID'); this.saw(ICMP_ID); break;
        case CTA_PROTO.ICMP_TYPE: case CTA_PROTO.ICMPV6_TYPE: this.icmpType = c.expect(1, 'CTA_PROTO_ICMP_TYPE').buf[c.valueStart]!; this.saw(ICMP_TYPE); break;
        case CTA_PROTO.ICMP_CODE: case CTA_PROTO.ICMPV6_CODE: this.icmpCode = c.expect(1, 'CTA_PROTO_ICMP_CODE').buf[c.valueStart]!; this.saw(ICMP_CODE); break;
        default: break;
      }
    }
  }

  /** The Tuple model: src, dst, protocol, then the optional fields in the order their attributes came. */
  toModel(): Tuple {
    const src = this.src;
    const dst = this.dst;
    const protocol = this.protocol;
    // The kernel's layouts make each object at once with all its fields (one shape, no property added later).
    switch (this.order) {
      case ORDER_PORTS: return { src, dst, protocol, sport: this.sport, dport: this.dport };
      case ORDER_ICMP: return { src, dst, protocol, icmpId: this.icmpId, icmpType: this.icmpType, icmpCode: this.icmpCode };
      case 0: return { src, dst, protocol };
      default: break;
    }
    const t: Tuple = { src, dst, protocol };
    for (let shift = 15; shift >= 0; shift -= 3) {
      switch ((this.order >>> shift) & 7) {
        case SPORT: t.sport = this.sport; break;
        case DPORT: t.dport = this.dport; break;
        case ICMP_ID: t.icmpId = this.icmpId; break;
        case ICMP_TYPE: t.icmpType = this.icmpType; break;
        case ICMP_CODE: t.icmpCode = this.icmpCode; break;
        case ZONE: t.zone = this.zone; break;
        default: break;
      }
    }
    return t;
  }
}

const EMPTY = Buffer.alloc(0);

function addressText(buf: Buffer, at: number, len: number): string {
  return len === 4 ? ipv4Text(buf, at) : len === 16 ? ipv6Text(buf, at) : '';
}

/** Decodes the content of a tuple nest, buf[start, end). Error offsets are relative to `base`. */
export function decodeTuple(buf: Buffer, start: number, end: number, base = 0): Tuple {
  return new TupleView().parse(buf, start, end, base).toModel();
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
