// The allocation-light way through a large dump: a FlowCursor walks the conntrack messages of raw dump
// chunks (FlowDump.cursors(), or any buffer of nlmsghdr-framed messages) and exposes the current entry as
// numbers and buffer offsets in one reused record; nothing is allocated per entry. It is what `nlts conntrack
// -L` formats from. flow() decodes the current entry into the typed Flow model when a consumer wants it.
//
// What it reads it checks as decodeFlow does (framing of every top-level attribute and of the nests it reads,
// lengths of the values it reads); an entry decodeFlow accepts, the cursor accepts with the same values.
// Attributes it does not need (NAT, sequence adjustment, synproxy, labels, master tuple, unknown ones) are
// skipped without looking inside. Malformed input throws NetlinkDecodeError.
import { AF_UNSPEC, MessageCursor, NetlinkDecodeError, ipv4ToBytes, ipv6ToBytes } from '../../netlink/core.js';
import {
  CTA, CTA_COUNTERS, CTA_HELP, CTA_IP, CTA_PROTO, CTA_PROTOINFO, CTA_PROTOINFO_DCCP, CTA_PROTOINFO_SCTP,
  CTA_PROTOINFO_TCP, CTA_SECCTX, CTA_TIMESTAMP, CTA_TUPLE, CtMsg,
} from './constants.js';
import { decodeFlowAt, type Flow } from './flow.js';
import type { FlowFilter, TupleMatch } from './filter.js';
import { ipv4Text, ipv6Text } from './tuple.js';

const TYPE_MASK = 0x3fff;
const EMPTY = Buffer.alloc(0);

function fail(context: string, offset: number, reason: string): never {
  throw new NetlinkDecodeError(context, offset, reason);
}

/**
 * One tuple of the current entry (CTA_TUPLE_ORIG / CTA_TUPLE_REPLY). Numbers are -1 where the attribute
 * was absent; addresses are offsets into `buf` (length 4 for IPv4, 16 for IPv6, 0 when absent).
 */
export class TupleView {
  buf: Buffer = EMPTY;
  /** The message carried this tuple. */
  present = false;
  srcAt = 0; // CTA_IP_V4_SRC / CTA_IP_V6_SRC value offset
  srcLen = 0;
  dstAt = 0; // CTA_IP_V4_DST / CTA_IP_V6_DST
  dstLen = 0;
  protocol = 0; // CTA_PROTO_NUM (0 when absent, as decodeFlow)
  sport = -1; // CTA_PROTO_SRC_PORT
  dport = -1; // CTA_PROTO_DST_PORT
  icmpId = -1; // CTA_PROTO_ICMP_ID / CTA_PROTO_ICMPV6_ID
  icmpType = -1; // CTA_PROTO_ICMP_TYPE / CTA_PROTO_ICMPV6_TYPE
  icmpCode = -1; // CTA_PROTO_ICMP_CODE / CTA_PROTO_ICMPV6_CODE
  zone = -1; // CTA_TUPLE_ZONE

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
  }

  /** Source address text ('' when absent), as the Tuple model has it. */
  get src(): string {
    return addressText(this.buf, this.srcAt, this.srcLen);
  }
  get dst(): string {
    return addressText(this.buf, this.dstAt, this.dstLen);
  }

  /** Parses the nest's content buf[start, end) (decodeTuple's checks); error offsets relative to base. */
  parse(buf: Buffer, start: number, end: number, base: number): void {
    this.clear();
    this.buf = buf;
    this.present = true;
    let at = start;
    while (at + 4 <= end) {
      const len = buf[at]! | (buf[at + 1]! << 8);
      const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK;
      if (len < 4 || at + len > end) fail('CTA_TUPLE', at - base, `nla_len ${len} out of bounds`);
      const v = at + 4;
      const vend = at + len;
      if (type === CTA_TUPLE.IP) this.parseIp(buf, v, vend, base);
      else if (type === CTA_TUPLE.PROTO) this.parseProto(buf, v, vend, base);
      else if (type === CTA_TUPLE.ZONE) {
        if (len < 6) fail('CTA_TUPLE_ZONE', at - base, 'needs 2 bytes');
        this.zone = (buf[v]! << 8) | buf[v + 1]!;
      }
      at += (len + 3) & ~3;
    }
    if (at < end) fail('CTA_TUPLE', at - base, 'trailing bytes shorter than an attribute header');
  }

  private parseIp(buf: Buffer, start: number, end: number, base: number): void {
    let at = start;
    while (at + 4 <= end) {
      const len = buf[at]! | (buf[at + 1]! << 8);
      const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK;
      if (len < 4 || at + len > end) fail('CTA_TUPLE_IP', at - base, `nla_len ${len} out of bounds`);
      switch (type) {
        case CTA_IP.V4_SRC: if (len !== 8) fail('CTA_IP_V4_SRC', at - base, 'needs 4 bytes'); this.srcAt = at + 4; this.srcLen = 4; break;
        case CTA_IP.V4_DST: if (len !== 8) fail('CTA_IP_V4_DST', at - base, 'needs 4 bytes'); this.dstAt = at + 4; this.dstLen = 4; break;
        case CTA_IP.V6_SRC: if (len !== 20) fail('CTA_IP_V6_SRC', at - base, 'needs 16 bytes'); this.srcAt = at + 4; this.srcLen = 16; break;
        case CTA_IP.V6_DST: if (len !== 20) fail('CTA_IP_V6_DST', at - base, 'needs 16 bytes'); this.dstAt = at + 4; this.dstLen = 16; break;
        default: break;
      }
      at += (len + 3) & ~3;
    }
  }

  private parseProto(buf: Buffer, start: number, end: number, base: number): void {
    let at = start;
    while (at + 4 <= end) {
      const len = buf[at]! | (buf[at + 1]! << 8);
      const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK;
      if (len < 4 || at + len > end) fail('CTA_TUPLE_PROTO', at - base, `nla_len ${len} out of bounds`);
      const v = at + 4;
      switch (type) {
        case CTA_PROTO.NUM: if (len < 5) fail('CTA_PROTO_NUM', at - base, 'needs 1 byte'); this.protocol = buf[v]!; break;
        case CTA_PROTO.SRC_PORT: if (len < 6) fail('CTA_PROTO_SRC_PORT', at - base, 'needs 2 bytes'); this.sport = (buf[v]! << 8) | buf[v + 1]!; break;
        case CTA_PROTO.DST_PORT: if (len < 6) fail('CTA_PROTO_DST_PORT', at - base, 'needs 2 bytes'); this.dport = (buf[v]! << 8) | buf[v + 1]!; break;
        case CTA_PROTO.ICMP_ID: case CTA_PROTO.ICMPV6_ID:
          if (len < 6) fail('CTA_PROTO_ICMP_ID', at - base, 'needs 2 bytes'); this.icmpId = (buf[v]! << 8) | buf[v + 1]!; break;
        case CTA_PROTO.ICMP_TYPE: case CTA_PROTO.ICMPV6_TYPE:
          if (len < 5) fail('CTA_PROTO_ICMP_TYPE', at - base, 'needs 1 byte'); this.icmpType = buf[v]!; break;
        case CTA_PROTO.ICMP_CODE: case CTA_PROTO.ICMPV6_CODE:
          if (len < 5) fail('CTA_PROTO_ICMP_CODE', at - base, 'needs 1 byte'); this.icmpCode = buf[v]!; break;
        default: break;
      }
      at += (len + 3) & ~3;
    }
  }
}

function addressText(buf: Buffer, at: number, len: number): string {
  return len === 4 ? ipv4Text(buf, at) : len === 16 ? ipv6Text(buf, at) : '';
}

/** A FlowFilter turned into numbers and address bytes, for testing entries without decoding them. */
interface CompiledTupleMatch {
  src?: Buffer;
  dst?: Buffer;
  srcMask?: Buffer;
  dstMask?: Buffer;
  sport: number;
  dport: number;
  icmpType: number;
  icmpCode: number;
  icmpId: number;
  zone: number;
}
interface CompiledFilter {
  family: number;
  zone: number;
  mark: number;
  markMask: number;
  status: number;
  statusMask: number;
  protocol: number;
  state: number;
  original?: CompiledTupleMatch;
  reply?: CompiledTupleMatch;
}

const opt = (v: number | undefined): number => (v === undefined ? -1 : v);

function compileTuple(m: TupleMatch | undefined): CompiledTupleMatch | undefined {
  if (!m) return undefined;
  const addr = (a: string | undefined): Buffer | undefined => (a === undefined ? undefined : a.includes(':') ? ipv6ToBytes(a) : ipv4ToBytes(a));
  return {
    src: addr(m.src), dst: addr(m.dst), srcMask: addr(m.srcMask), dstMask: addr(m.dstMask), sport: opt(m.sport), dport: opt(m.dport), icmpType: opt(m.icmpType),
    icmpCode: opt(m.icmpCode), icmpId: opt(m.icmpId), zone: opt(m.zone),
  };
}

/** Compiles a validated filter (validateFilter) for FlowCursor; matchFlow's rules, on the record. */
function compileFilter(f: FlowFilter): CompiledFilter {
  return {
    family: f.family === undefined || f.family === AF_UNSPEC ? -1 : f.family,
    zone: opt(f.zone),
    mark: f.mark === undefined ? -1 : f.mark >>> 0,
    markMask: (f.markMask ?? 0xffffffff) >>> 0,
    status: f.status === undefined ? -1 : f.status >>> 0,
    statusMask: (f.statusMask ?? f.status ?? 0) >>> 0,
    protocol: opt(f.protocol),
    state: opt(f.state),
    original: compileTuple(f.original),
    reply: compileTuple(f.reply),
  };
}

function sameBytes(buf: Buffer, at: number, len: number, want: Buffer): boolean {
  if (len !== want.length) return false;
  for (let i = 0; i < len; i++) if (buf[at + i] !== want[i]) return false;
  return true;
}

/** (buf[at, at+len) & mask) == (want & mask). */
function sameMaskedBytes(buf: Buffer, at: number, len: number, want: Buffer, mask: Buffer): boolean {
  if (len !== want.length || len !== mask.length) return false;
  for (let i = 0; i < len; i++) if ((buf[at + i]! & mask[i]!) !== (want[i]! & mask[i]!)) return false;
  return true;
}

function tupleMatches(t: TupleView, m: CompiledTupleMatch): boolean {
  if (!t.present) return false;
  if (m.src && !(m.srcMask ? sameMaskedBytes(t.buf, t.srcAt, t.srcLen, m.src, m.srcMask) : sameBytes(t.buf, t.srcAt, t.srcLen, m.src))) return false;
  if (m.dst && !(m.dstMask ? sameMaskedBytes(t.buf, t.dstAt, t.dstLen, m.dst, m.dstMask) : sameBytes(t.buf, t.dstAt, t.dstLen, m.dst))) return false;
  if (m.sport >= 0 && t.sport !== m.sport) return false;
  if (m.dport >= 0 && t.dport !== m.dport) return false;
  if (m.icmpType >= 0 && t.icmpType !== m.icmpType) return false;
  if (m.icmpCode >= 0 && t.icmpCode !== m.icmpCode) return false;
  if (m.icmpId >= 0 && t.icmpId !== m.icmpId) return false;
  if (m.zone >= 0 && (t.zone < 0 ? 0 : t.zone) !== m.zone) return false;
  return true;
}

/** Counters a cursor keeps for a filtered dump (FlowDump.report). */
export interface CursorCounts {
  received: number;
  matched: number;
  filteredLocally: number;
}

/**
 * Walks conntrack entries (IPCTNL_MSG_CT_NEW messages) in raw chunks. After next() returns true the fields
 * describe the current entry: numbers are -1 where the attribute was absent (all of them are unsigned).
 * Everything is overwritten by the next call; copy what must outlive it, or call flow().
 */
export class FlowCursor {
  /** The chunk being walked. */
  buf: Buffer = EMPTY;
  /** The nlmsghdr walk: type, flags, seq, pid, offset and length of the current message. */
  readonly message = new MessageCursor();
  family = 0; // nfgen_family
  readonly original = new TupleView(); // CTA_TUPLE_ORIG (present: false, protocol 0 when absent)
  readonly reply = new TupleView(); // CTA_TUPLE_REPLY
  status = -1; // CTA_STATUS
  timeout = -1; // CTA_TIMEOUT
  mark = -1; // CTA_MARK
  secmark = -1; // CTA_SECMARK
  use = -1; // CTA_USE
  id = -1; // CTA_ID
  zone = -1; // CTA_ZONE
  tcpState = -1; // CTA_PROTOINFO_TCP_STATE
  sctpState = -1; // CTA_PROTOINFO_SCTP_STATE
  dccpState = -1; // CTA_PROTOINFO_DCCP_STATE
  hasCountersOriginal = false; // CTA_COUNTERS_ORIG
  packetsOriginal = 0;
  bytesOriginal = 0;
  hasCountersReply = false; // CTA_COUNTERS_REPLY
  packetsReply = 0;
  bytesReply = 0;
  /** Offset of the 8-byte big-endian CTA_TIMESTAMP_START / _STOP value, -1 when absent. */
  timestampStartAt = -1;
  timestampStopAt = -1;
  /** CTA_HELP_NAME bytes buf[helperAt, helperEnd) without the NUL; helperAt -1 when absent. */
  helperAt = -1;
  helperEnd = -1;
  /** CTA_SECCTX_NAME bytes, as the helper's. */
  secctxAt = -1;
  secctxEnd = -1;
  /** The CTA_TUPLE_ORIG attribute, header included: buf[originalAttrAt, originalAttrEnd) (-1 when absent). */
  originalAttrAt = -1;
  originalAttrEnd = -1;

  private readonly filter: CompiledFilter | undefined;
  private context = 'conntrack dump';

  /**
   * `filter` (validated, see validateFilter): next() skips entries it does not match, as matchFlow would,
   * counting them in `counts` (filteredLocally) with the entries seen (received) and passed (matched).
   */
  constructor(filter?: FlowFilter, readonly counts: CursorCounts = { received: 0, matched: 0, filteredLocally: 0 }) {
    this.filter = filter ? compileFilter(filter) : undefined;
  }

  /** Starts on a buffer of whole netlink messages (a dump chunk, a datagram). */
  reset(chunk: Buffer, context = 'conntrack dump'): this {
    this.buf = chunk;
    this.context = context;
    this.message.reset(chunk, 0, chunk.length, context);
    return this;
  }

  /** Moves to the next entry (that passes the filter); false at the end of the buffer. */
  next(): boolean {
    const m = this.message;
    while (m.next()) {
      if ((m.type & 0xff) !== CtMsg.NEW) continue;
      this.parse(m.payloadStart, m.payloadEnd);
      this.counts.received++;
      if (this.filter && !this.matches(this.filter)) {
        this.counts.filteredLocally++;
        continue;
      }
      this.counts.matched++;
      return true;
    }
    return false;
  }

  /** The current entry's payload (nfgenmsg + attributes), a view of the chunk. */
  payload(): Buffer {
    return this.buf.subarray(this.message.payloadStart, this.message.payloadEnd);
  }

  /** The current entry as the typed model (decodeFlow of the payload). */
  flow(): Flow {
    return decodeFlowAt(this.buf, this.message.payloadStart, this.message.payloadEnd);
  }

  /** CTA_TIMESTAMP_START / _STOP in ns, undefined when absent. */
  timestampStart(): bigint | undefined {
    return this.timestampStartAt < 0 ? undefined : this.buf.readBigUInt64BE(this.timestampStartAt);
  }
  timestampStop(): bigint | undefined {
    return this.timestampStopAt < 0 ? undefined : this.buf.readBigUInt64BE(this.timestampStopAt);
  }

  private matches(f: CompiledFilter): boolean {
    if (f.family >= 0 && this.family !== f.family) return false;
    if (f.zone >= 0 && (this.zone < 0 ? 0 : this.zone) !== f.zone) return false;
    if (f.mark >= 0 && (((this.mark < 0 ? 0 : this.mark) & f.markMask) >>> 0) !== f.mark) return false;
    if (f.status >= 0 && (((this.status < 0 ? 0 : this.status) & f.statusMask) >>> 0) !== ((f.status & f.statusMask) >>> 0)) return false;
    if (f.protocol >= 0 && this.original.protocol !== f.protocol) return false;
    if (f.state >= 0 && this.protocolState() !== f.state) return false;
    if (f.original && !tupleMatches(this.original, f.original)) return false;
    if (f.reply && !tupleMatches(this.reply, f.reply)) return false;
    return true;
  }

  /** The TCP, SCTP or DCCP state of the current entry (by its protocol), -1 when it has none. */
  protocolState(): number {
    switch (this.original.protocol) {
      case 6: return this.tcpState; // IPPROTO_TCP
      case 132: return this.sctpState; // IPPROTO_SCTP
      case 33: return this.dccpState; // IPPROTO_DCCP
      default: return -1;
    }
  }

  /** Parses the payload buf[start, end): decodeFlow's checks for what it reads. */
  private parse(start: number, end: number): void {
    const buf = this.buf;
    if (end - start < 4) fail('conntrack message', 0, `payload of ${end - start} bytes is shorter than nfgenmsg`);
    const base = start;
    this.family = buf[start]!;
    this.original.clear();
    this.reply.clear();
    this.status = -1;
    this.timeout = -1;
    this.mark = -1;
    this.secmark = -1;
    this.use = -1;
    this.id = -1;
    this.zone = -1;
    this.tcpState = -1;
    this.sctpState = -1;
    this.dccpState = -1;
    this.hasCountersOriginal = false;
    this.hasCountersReply = false;
    this.timestampStartAt = -1;
    this.timestampStopAt = -1;
    this.helperAt = -1;
    this.secctxAt = -1;
    this.originalAttrAt = -1;
    let at = start + 4;
    while (at + 4 <= end) {
      const len = buf[at]! | (buf[at + 1]! << 8);
      const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK;
      if (len < 4 || at + len > end) fail('conntrack attribute', at - base, `nla_len ${len} out of bounds (${end - at} bytes left)`);
      const v = at + 4;
      const vend = at + len;
      switch (type) {
        case CTA.TUPLE_ORIG: this.original.parse(buf, v, vend, base); this.originalAttrAt = at; this.originalAttrEnd = vend; break;
        case CTA.TUPLE_REPLY: this.reply.parse(buf, v, vend, base); break;
        case CTA.STATUS: need(len, 4, 'CTA_STATUS', at - base); this.status = u32(buf, v); break;
        case CTA.TIMEOUT: need(len, 4, 'CTA_TIMEOUT', at - base); this.timeout = u32(buf, v); break;
        case CTA.MARK: need(len, 4, 'CTA_MARK', at - base); this.mark = u32(buf, v); break;
        case CTA.USE: need(len, 4, 'CTA_USE', at - base); this.use = u32(buf, v); break;
        case CTA.ID: need(len, 4, 'CTA_ID', at - base); this.id = u32(buf, v); break;
        case CTA.ZONE: need(len, 2, 'CTA_ZONE', at - base); this.zone = (buf[v]! << 8) | buf[v + 1]!; break;
        case CTA.SECMARK: need(len, 4, 'CTA_SECMARK', at - base); this.secmark = u32(buf, v); break;
        case CTA.MARK_MASK: need(len, 4, 'CTA_MARK_MASK', at - base); break;
        case CTA.TIMESTAMP_EVENT: need(len, 8, 'CTA_TIMESTAMP_EVENT', at - base); break;
        case CTA.PROTOINFO: this.parseProtoinfo(buf, v, vend, base); break;
        case CTA.COUNTERS_ORIG: this.parseCounters(buf, v, vend, base, true); break;
        case CTA.COUNTERS_REPLY: this.parseCounters(buf, v, vend, base, false); break;
        case CTA.TIMESTAMP: this.parseTimestamp(buf, v, vend, base); break;
        case CTA.HELP: this.parseNamed(buf, v, vend, base, 'CTA_HELP', CTA_HELP.NAME, true); break;
        case CTA.SECCTX: this.parseNamed(buf, v, vend, base, 'CTA_SECCTX', CTA_SECCTX.NAME, false); break;
        default: break;
      }
      at += (len + 3) & ~3;
    }
    if (at < end) fail('conntrack message', at - base, 'trailing bytes shorter than an attribute header');
  }

  private parseProtoinfo(buf: Buffer, v: number, vend: number, base: number): void {
    let at = v;
    while (at + 4 <= vend) {
      const len = attrLen(buf, at, vend, 'CTA_PROTOINFO', base);
      const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK;
      if (type === CTA_PROTOINFO.TCP) this.tcpState = stateOf(buf, at + 4, at + len, base, 'CTA_PROTOINFO_TCP', CTA_PROTOINFO_TCP.STATE, TCP_NEEDS);
      else if (type === CTA_PROTOINFO.SCTP) this.sctpState = stateOf(buf, at + 4, at + len, base, 'CTA_PROTOINFO_SCTP', CTA_PROTOINFO_SCTP.STATE, SCTP_NEEDS);
      else if (type === CTA_PROTOINFO.DCCP) this.dccpState = stateOf(buf, at + 4, at + len, base, 'CTA_PROTOINFO_DCCP', CTA_PROTOINFO_DCCP.STATE, DCCP_NEEDS);
      at += (len + 3) & ~3;
    }
    if (at < vend) fail('CTA_PROTOINFO', at - base, 'trailing bytes shorter than an attribute header');
  }

  private parseCounters(buf: Buffer, v: number, vend: number, base: number, original: boolean): void {
    let packets = 0;
    let bytes = 0;
    let at = v;
    while (at + 4 <= vend) {
      const len = attrLen(buf, at, vend, 'CTA_COUNTERS', base);
      const s = at + 4;
      switch ((buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK) {
        case CTA_COUNTERS.PACKETS: need(len, 8, 'CTA_COUNTERS_PACKETS', at - base); packets = u32(buf, s) * 0x100000000 + u32(buf, s + 4); break;
        case CTA_COUNTERS.BYTES: need(len, 8, 'CTA_COUNTERS_BYTES', at - base); bytes = u32(buf, s) * 0x100000000 + u32(buf, s + 4); break;
        case CTA_COUNTERS.PACKETS32: need(len, 4, 'CTA_COUNTERS32_PACKETS', at - base); packets = u32(buf, s); break;
        case CTA_COUNTERS.BYTES32: need(len, 4, 'CTA_COUNTERS32_BYTES', at - base); bytes = u32(buf, s); break;
        default: break;
      }
      at += (len + 3) & ~3;
    }
    if (at < vend) fail('CTA_COUNTERS', at - base, 'trailing bytes shorter than an attribute header');
    if (original) {
      this.hasCountersOriginal = true;
      this.packetsOriginal = packets;
      this.bytesOriginal = bytes;
    } else {
      this.hasCountersReply = true;
      this.packetsReply = packets;
      this.bytesReply = bytes;
    }
  }

  private parseTimestamp(buf: Buffer, v: number, vend: number, base: number): void {
    let at = v;
    while (at + 4 <= vend) {
      const len = attrLen(buf, at, vend, 'CTA_TIMESTAMP', base);
      const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK;
      if (type === CTA_TIMESTAMP.START) { need(len, 8, 'CTA_TIMESTAMP_START', at - base); this.timestampStartAt = at + 4; }
      else if (type === CTA_TIMESTAMP.STOP) { need(len, 8, 'CTA_TIMESTAMP_STOP', at - base); this.timestampStopAt = at + 4; }
      at += (len + 3) & ~3;
    }
    if (at < vend) fail('CTA_TIMESTAMP', at - base, 'trailing bytes shorter than an attribute header');
  }

  /** CTA_HELP / CTA_SECCTX: the NAME's bytes up to its NUL. */
  private parseNamed(buf: Buffer, v: number, vend: number, base: number, ctx: string, nameType: number, helper: boolean): void {
    let at = v;
    while (at + 4 <= vend) {
      const len = attrLen(buf, at, vend, ctx, base);
      if (((buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK) === nameType) {
        const s = at + 4;
        const e = at + len;
        let z = s;
        while (z < e && buf[z] !== 0) z++;
        if (helper) { this.helperAt = s; this.helperEnd = z; } else { this.secctxAt = s; this.secctxEnd = z; }
      }
      at += (len + 3) & ~3;
    }
    if (at < vend) fail(ctx, at - base, 'trailing bytes shorter than an attribute header');
  }
}

const u32 = (b: Buffer, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

function need(len: number, bytes: number, name: string, at: number): void {
  if (len - 4 < bytes) fail(name, at, `needs ${bytes} bytes, got ${len - 4}`);
}

function attrLen(buf: Buffer, at: number, end: number, ctx: string, base: number): number {
  const len = buf[at]! | (buf[at + 1]! << 8);
  if (len < 4 || at + len > end) fail(ctx, at - base, `nla_len ${len} out of bounds`);
  return len;
}

// Minimum value sizes of the protocol-info attributes decodeFlow checks: [type] = [bytes, name].
type Needs = ReadonlyArray<readonly [number, string] | undefined>;
const TCP_NEEDS: Needs = [
  undefined, [1, 'CTA_PROTOINFO_TCP_STATE'], [1, 'CTA_PROTOINFO_TCP_WSCALE_ORIGINAL'], [1, 'CTA_PROTOINFO_TCP_WSCALE_REPLY'],
  [2, 'CTA_PROTOINFO_TCP_FLAGS_ORIGINAL'], [2, 'CTA_PROTOINFO_TCP_FLAGS_REPLY'],
];
const SCTP_NEEDS: Needs = [undefined, [1, 'CTA_PROTOINFO_SCTP_STATE'], [4, 'CTA_PROTOINFO_SCTP_VTAG_ORIGINAL'], [4, 'CTA_PROTOINFO_SCTP_VTAG_REPLY']];
const DCCP_NEEDS: Needs = [undefined, [1, 'CTA_PROTOINFO_DCCP_STATE'], [1, 'CTA_PROTOINFO_DCCP_ROLE'], [8, 'CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ']];

/** A protocol-info nest's state (-1 when absent), checking its members' sizes as decodeFlow does. */
function stateOf(buf: Buffer, v: number, vend: number, base: number, ctx: string, stateType: number, needs: Needs): number {
  let state = -1;
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, ctx, base);
    const type = (buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK;
    const n = needs[type];
    if (n) need(len, n[0], n[1], at - base);
    if (type === stateType) state = buf[at + 4]!;
    at += (len + 3) & ~3;
  }
  if (at < vend) fail(ctx, at - base, 'trailing bytes shorter than an attribute header');
  return state;
}
