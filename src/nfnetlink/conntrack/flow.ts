// A conntrack entry ("flow"): the model and its codec pair. decodeFlow is the hot path of every dump:
// one pass over the attributes, reading the received buffer at offsets, no intermediate Attribute objects
// except for attributes it does not know (kept, re-emitted by encodeFlow).
import {
  AF_INET6, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NetlinkDecodeError, ValidationError, ipv4ToBytes, ipv6ToBytes,
  netfilterCodec, type Attribute, type AttributeWriter,
} from '../../netlink/core.js';
import { isIPv4 as isV4, isIPv6 as isV6 } from './net.js';
import {
  CTA, CTA_COUNTERS, CTA_HELP, CTA_NAT, CTA_PROTOINFO, CTA_PROTOINFO_DCCP, CTA_PROTOINFO_SCTP, CTA_PROTOINFO_TCP,
  CTA_PROTONAT, CTA_SECCTX, CTA_SEQADJ, CTA_SYNPROXY, CTA_TIMESTAMP, ZONE_MAX,
} from './constants.js';
import { decodeTuple, ipv4Text, ipv6Text, validateTuple, writeTuple, type Tuple } from './tuple.js';

/** TCP window flags (struct nf_ct_tcp_flags). */
export interface TcpFlags { flags: number; mask: number } // struct nf_ct_tcp_flags

/** TCP protocol state (CTA_PROTOINFO_TCP). */
export interface TcpInfo {
  state?: number; // CTA_PROTOINFO_TCP_STATE (enum tcp_conntrack)
  wscaleOriginal?: number; // CTA_PROTOINFO_TCP_WSCALE_ORIGINAL
  wscaleReply?: number; // CTA_PROTOINFO_TCP_WSCALE_REPLY
  flagsOriginal?: TcpFlags; // CTA_PROTOINFO_TCP_FLAGS_ORIGINAL
  flagsReply?: TcpFlags; // CTA_PROTOINFO_TCP_FLAGS_REPLY
}
/** SCTP protocol state (CTA_PROTOINFO_SCTP). */
export interface SctpInfo {
  state?: number; // CTA_PROTOINFO_SCTP_STATE
  vtagOriginal?: number; // CTA_PROTOINFO_SCTP_VTAG_ORIGINAL
  vtagReply?: number; // CTA_PROTOINFO_SCTP_VTAG_REPLY
}
/** DCCP protocol state (CTA_PROTOINFO_DCCP). */
export interface DccpInfo {
  state?: number; // CTA_PROTOINFO_DCCP_STATE
  role?: number; // CTA_PROTOINFO_DCCP_ROLE
  handshakeSeq?: bigint; // CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ
}
/** Packet and byte counters of one direction (CTA_COUNTERS_*). */
export interface Counters { packets: number; bytes: number } // CTA_COUNTERS_PACKETS / _BYTES
/** Sequence adjustment of one direction (CTA_SEQADJ_*). */
export interface SeqAdj { correctionPos: number; offsetBefore: number; offsetAfter: number } // CTA_SEQADJ_*
/** SYN proxy state (CTA_SYNPROXY_*). */
export interface Synproxy { isn: number; its: number; tsoff: number } // CTA_SYNPROXY_*
/** A NAT range for create (CTA_NAT_SRC / CTA_NAT_DST). */
export interface NatRange {
  minIp: string; // CTA_NAT_V4_MINIP / CTA_NAT_V6_MINIP
  maxIp?: string; // CTA_NAT_V4_MAXIP / CTA_NAT_V6_MAXIP
  minPort?: number; // CTA_PROTONAT_PORT_MIN
  maxPort?: number; // CTA_PROTONAT_PORT_MAX
}

/** One conntrack entry: both tuples, protocol state, status, timeout, mark, zone, counters, NAT and more. */
export interface Flow {
  family: number; // nfgen_family (AF_INET, AF_INET6)
  original: Tuple; // CTA_TUPLE_ORIG
  reply?: Tuple; // CTA_TUPLE_REPLY
  master?: Tuple; // CTA_TUPLE_MASTER
  status?: number; // CTA_STATUS (Status bits; statusNames() for names)
  timeout?: number; // CTA_TIMEOUT, seconds
  mark?: number; // CTA_MARK
  markMask?: number; // CTA_MARK_MASK (update only)
  secmark?: number; // CTA_SECMARK
  use?: number; // CTA_USE
  id?: number; // CTA_ID
  zone?: number; // CTA_ZONE
  tcp?: TcpInfo; // CTA_PROTOINFO_TCP
  sctp?: SctpInfo; // CTA_PROTOINFO_SCTP
  dccp?: DccpInfo; // CTA_PROTOINFO_DCCP
  countersOriginal?: Counters; // CTA_COUNTERS_ORIG
  countersReply?: Counters; // CTA_COUNTERS_REPLY
  timestampStart?: bigint; // CTA_TIMESTAMP_START, ns (CLOCK_REALTIME)
  timestampStop?: bigint; // CTA_TIMESTAMP_STOP
  timestampEvent?: bigint; // CTA_TIMESTAMP_EVENT
  seqAdjOriginal?: SeqAdj; // CTA_SEQ_ADJ_ORIG
  seqAdjReply?: SeqAdj; // CTA_SEQ_ADJ_REPLY
  helper?: string; // CTA_HELP_NAME
  helperInfo?: Buffer; // CTA_HELP_INFO
  secctx?: string; // CTA_SECCTX_NAME
  labels?: Buffer; // CTA_LABELS (128-bit bitmap)
  labelsMask?: Buffer; // CTA_LABELS_MASK
  synproxy?: Synproxy; // CTA_SYNPROXY
  natSrc?: NatRange; // CTA_NAT_SRC (create only; the kernel does not report it)
  natDst?: NatRange; // CTA_NAT_DST
  /** Attributes this decoder does not know, kept as received and re-emitted by encodeFlow. */
  unknown?: Attribute[];
}

const TYPE_MASK = 0x3fff;

function fail(context: string, offset: number, reason: string): never {
  throw new NetlinkDecodeError(context, offset, reason);
}

// The decoders below walk attributes with plain loops over the buffer (no callback per nest: a closure per
// nest per flow is measurable on a table of 250k entries). `base` is where the payload starts in `buf`;
// error offsets are relative to it, as if the payload were its own buffer.

/** Reads nla_len at `at`, checking it fits [at, end); returns it. */
function attrLen(buf: Buffer, at: number, end: number, ctx: string, base: number): number {
  const len = buf[at]! | (buf[at + 1]! << 8);
  if (len < 4 || at + len > end) fail(ctx, at - base, `nla_len ${len} out of bounds`);
  return len;
}
const attrType = (buf: Buffer, at: number): number => (buf[at + 2]! | (buf[at + 3]! << 8)) & TYPE_MASK;
const u32 = (b: Buffer, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const u64 = (b: Buffer, o: number): number => u32(b, o) * 0x100000000 + u32(b, o + 4);

function need(len: number, bytes: number, name: string, at: number): void {
  if (len - 4 < bytes) fail(name, at, `needs ${bytes} bytes, got ${len - 4}`);
}

function tail(at: number, end: number, ctx: string, base: number): void {
  if (at < end) fail(ctx, at - base, 'trailing bytes shorter than an attribute header');
}

function decodeCounters(buf: Buffer, v: number, vend: number, base: number): Counters {
  const c: Counters = { packets: 0, bytes: 0 };
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_COUNTERS', base);
    const s = at + 4;
    switch (attrType(buf, at)) {
      case CTA_COUNTERS.PACKETS: need(len, 8, 'CTA_COUNTERS_PACKETS', at - base); c.packets = u64(buf, s); break;
      case CTA_COUNTERS.BYTES: need(len, 8, 'CTA_COUNTERS_BYTES', at - base); c.bytes = u64(buf, s); break;
      case CTA_COUNTERS.PACKETS32: need(len, 4, 'CTA_COUNTERS32_PACKETS', at - base); c.packets = u32(buf, s); break;
      case CTA_COUNTERS.BYTES32: need(len, 4, 'CTA_COUNTERS32_BYTES', at - base); c.bytes = u32(buf, s); break;
      default: break;
    }
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_COUNTERS', base);
  return c;
}

function decodeTcp(buf: Buffer, v: number, vend: number, base: number): TcpInfo {
  const t: TcpInfo = {};
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_PROTOINFO_TCP', base);
    const ts = at + 4;
    switch (attrType(buf, at)) {
      case CTA_PROTOINFO_TCP.STATE: need(len, 1, 'CTA_PROTOINFO_TCP_STATE', at - base); t.state = buf[ts]!; break;
      case CTA_PROTOINFO_TCP.WSCALE_ORIGINAL: need(len, 1, 'CTA_PROTOINFO_TCP_WSCALE_ORIGINAL', at - base); t.wscaleOriginal = buf[ts]!; break;
      case CTA_PROTOINFO_TCP.WSCALE_REPLY: need(len, 1, 'CTA_PROTOINFO_TCP_WSCALE_REPLY', at - base); t.wscaleReply = buf[ts]!; break;
      case CTA_PROTOINFO_TCP.FLAGS_ORIGINAL: need(len, 2, 'CTA_PROTOINFO_TCP_FLAGS_ORIGINAL', at - base); t.flagsOriginal = { flags: buf[ts]!, mask: buf[ts + 1]! }; break;
      case CTA_PROTOINFO_TCP.FLAGS_REPLY: need(len, 2, 'CTA_PROTOINFO_TCP_FLAGS_REPLY', at - base); t.flagsReply = { flags: buf[ts]!, mask: buf[ts + 1]! }; break;
      default: break;
    }
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_PROTOINFO_TCP', base);
  return t;
}

function decodeSctp(buf: Buffer, v: number, vend: number, base: number): SctpInfo {
  const t: SctpInfo = {};
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_PROTOINFO_SCTP', base);
    const ts = at + 4;
    const tt = attrType(buf, at);
    if (tt === CTA_PROTOINFO_SCTP.STATE) { need(len, 1, 'CTA_PROTOINFO_SCTP_STATE', at - base); t.state = buf[ts]!; }
    else if (tt === CTA_PROTOINFO_SCTP.VTAG_ORIGINAL) { need(len, 4, 'CTA_PROTOINFO_SCTP_VTAG_ORIGINAL', at - base); t.vtagOriginal = u32(buf, ts); }
    else if (tt === CTA_PROTOINFO_SCTP.VTAG_REPLY) { need(len, 4, 'CTA_PROTOINFO_SCTP_VTAG_REPLY', at - base); t.vtagReply = u32(buf, ts); }
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_PROTOINFO_SCTP', base);
  return t;
}

function decodeDccp(buf: Buffer, v: number, vend: number, base: number): DccpInfo {
  const t: DccpInfo = {};
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_PROTOINFO_DCCP', base);
    const ts = at + 4;
    const tt = attrType(buf, at);
    if (tt === CTA_PROTOINFO_DCCP.STATE) { need(len, 1, 'CTA_PROTOINFO_DCCP_STATE', at - base); t.state = buf[ts]!; }
    else if (tt === CTA_PROTOINFO_DCCP.ROLE) { need(len, 1, 'CTA_PROTOINFO_DCCP_ROLE', at - base); t.role = buf[ts]!; }
    else if (tt === CTA_PROTOINFO_DCCP.HANDSHAKE_SEQ) { need(len, 8, 'CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ', at - base); t.handshakeSeq = buf.readBigUInt64BE(ts); }
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_PROTOINFO_DCCP', base);
  return t;
}

function decodeProtoinfo(buf: Buffer, v: number, vend: number, f: Flow, base: number): void {
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_PROTOINFO', base);
    const s = at + 4;
    const e = at + len;
    switch (attrType(buf, at)) {
      case CTA_PROTOINFO.TCP: f.tcp = decodeTcp(buf, s, e, base); break;
      case CTA_PROTOINFO.SCTP: f.sctp = decodeSctp(buf, s, e, base); break;
      case CTA_PROTOINFO.DCCP: f.dccp = decodeDccp(buf, s, e, base); break;
      default: break;
    }
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_PROTOINFO', base);
}

function decodeSeqAdj(buf: Buffer, v: number, vend: number, base: number): SeqAdj {
  const s: SeqAdj = { correctionPos: 0, offsetBefore: 0, offsetAfter: 0 };
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_SEQ_ADJ', base);
    need(len, 4, 'CTA_SEQADJ', at - base);
    const t = attrType(buf, at);
    if (t === CTA_SEQADJ.CORRECTION_POS) s.correctionPos = u32(buf, at + 4);
    else if (t === CTA_SEQADJ.OFFSET_BEFORE) s.offsetBefore = buf.readInt32BE(at + 4);
    else if (t === CTA_SEQADJ.OFFSET_AFTER) s.offsetAfter = buf.readInt32BE(at + 4);
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_SEQ_ADJ', base);
  return s;
}

function decodeSynproxy(buf: Buffer, v: number, vend: number, base: number): Synproxy {
  const s: Synproxy = { isn: 0, its: 0, tsoff: 0 };
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_SYNPROXY', base);
    need(len, 4, 'CTA_SYNPROXY', at - base);
    const t = attrType(buf, at);
    if (t === CTA_SYNPROXY.ISN) s.isn = u32(buf, at + 4);
    else if (t === CTA_SYNPROXY.ITS) s.its = u32(buf, at + 4);
    else if (t === CTA_SYNPROXY.TSOFF) s.tsoff = u32(buf, at + 4);
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_SYNPROXY', base);
  return s;
}

function decodeTimestamp(buf: Buffer, v: number, vend: number, f: Flow, base: number): void {
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_TIMESTAMP', base);
    const t = attrType(buf, at);
    if (t === CTA_TIMESTAMP.START) { need(len, 8, 'CTA_TIMESTAMP_START', at - base); f.timestampStart = buf.readBigUInt64BE(at + 4); }
    else if (t === CTA_TIMESTAMP.STOP) { need(len, 8, 'CTA_TIMESTAMP_STOP', at - base); f.timestampStop = buf.readBigUInt64BE(at + 4); }
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_TIMESTAMP', base);
}

function decodeHelp(buf: Buffer, v: number, vend: number, f: Flow, base: number): void {
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_HELP', base);
    const t = attrType(buf, at);
    if (t === CTA_HELP.NAME) f.helper = nulString(buf, at + 4, at + len);
    else if (t === CTA_HELP.INFO) f.helperInfo = Buffer.from(buf.subarray(at + 4, at + len));
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_HELP', base);
}

function decodeSecctx(buf: Buffer, v: number, vend: number, f: Flow, base: number): void {
  let at = v;
  while (at + 4 <= vend) {
    const len = attrLen(buf, at, vend, 'CTA_SECCTX', base);
    if (attrType(buf, at) === CTA_SECCTX.NAME) f.secctx = nulString(buf, at + 4, at + len);
    at += (len + 3) & ~3;
  }
  tail(at, vend, 'CTA_SECCTX', base);
}

function nulString(buf: Buffer, s: number, e: number): string {
  let end = s;
  while (end < e && buf[end] !== 0) end++;
  return buf.toString('utf8', s, end);
}

function decodeNat(buf: Buffer, v: number, vend: number, base: number): NatRange {
  const n: NatRange = { minIp: '' };
  let at = v;
  while (at + 4 <= vend) {
    const alen = attrLen(buf, at, vend, 'CTA_NAT', base);
    const t = attrType(buf, at);
    const s = at + 4;
    const e = at + alen;
    const len = e - s;
    if (t === CTA_NAT.V4_MINIP || t === CTA_NAT.V4_MAXIP || t === CTA_NAT.V6_MINIP || t === CTA_NAT.V6_MAXIP) {
      const want = t === CTA_NAT.V4_MINIP || t === CTA_NAT.V4_MAXIP ? 4 : 16;
      if (len !== want) fail('CTA_NAT address', at - base, `needs ${want} bytes`);
      const text = want === 4 ? ipv4Text(buf, s) : ipv6Text(buf, s);
      if (t === CTA_NAT.V4_MINIP || t === CTA_NAT.V6_MINIP) n.minIp = text; else n.maxIp = text;
    } else if (t === CTA_NAT.PROTO) {
      let pat = s;
      while (pat + 4 <= e) {
        const plen = attrLen(buf, pat, e, 'CTA_NAT_PROTO', base);
        need(plen, 2, 'CTA_PROTONAT_PORT', pat - base);
        const pt = attrType(buf, pat);
        if (pt === CTA_PROTONAT.PORT_MIN) n.minPort = (buf[pat + 4]! << 8) | buf[pat + 5]!;
        else if (pt === CTA_PROTONAT.PORT_MAX) n.maxPort = (buf[pat + 4]! << 8) | buf[pat + 5]!;
        pat += (plen + 3) & ~3;
      }
      tail(pat, e, 'CTA_NAT_PROTO', base);
    }
    at += (alen + 3) & ~3;
  }
  tail(at, vend, 'CTA_NAT', base);
  return n;
}

/**
 * Decodes an IPCTNL_MSG_CT_NEW / _DELETE message payload (nfgenmsg + attributes).
 * Throws NetlinkDecodeError (and nothing else) on malformed input.
 */
export function decodeFlow(payload: Buffer): Flow {
  return decodeFlowAt(payload, 0, payload.length);
}

/**
 * decodeFlow for the payload at buf[start, end) (a message inside a received datagram, without making a
 * view of it first). Error offsets are relative to `start`. Unknown attributes' values are views of `buf`.
 */
export function decodeFlowAt(buf: Buffer, start: number, end: number): Flow {
  if (end - start < 4) fail('conntrack message', 0, `payload of ${end - start} bytes is shorter than nfgenmsg`);
  const base = start;
  const f: Flow = { family: buf[start]!, original: EMPTY_TUPLE };
  let at = start + 4;
  let sawOriginal = false;
  while (at + 4 <= end) {
    const len = buf[at]! | (buf[at + 1]! << 8);
    const rawType = buf[at + 2]! | (buf[at + 3]! << 8);
    if (len < 4 || at + len > end) fail('conntrack attribute', at - base, `nla_len ${len} out of bounds (${end - at} bytes left)`);
    const v = at + 4;
    const vend = at + len;
    const rel = at - base;
    switch (rawType & TYPE_MASK) {
      case CTA.TUPLE_ORIG: f.original = decodeTuple(buf, v, vend, base); sawOriginal = true; break;
      case CTA.TUPLE_REPLY: f.reply = decodeTuple(buf, v, vend, base); break;
      case CTA.STATUS: need(len, 4, 'CTA_STATUS', rel); f.status = u32(buf, v); break;
      case CTA.TIMEOUT: need(len, 4, 'CTA_TIMEOUT', rel); f.timeout = u32(buf, v); break;
      case CTA.MARK: need(len, 4, 'CTA_MARK', rel); f.mark = u32(buf, v); break;
      case CTA.USE: need(len, 4, 'CTA_USE', rel); f.use = u32(buf, v); break;
      case CTA.ID: need(len, 4, 'CTA_ID', rel); f.id = u32(buf, v); break;
      case CTA.ZONE: need(len, 2, 'CTA_ZONE', rel); f.zone = (buf[v]! << 8) | buf[v + 1]!; break;
      case CTA.PROTOINFO: decodeProtoinfo(buf, v, vend, f, base); break;
      case CTA.COUNTERS_ORIG: f.countersOriginal = decodeCounters(buf, v, vend, base); break;
      case CTA.COUNTERS_REPLY: f.countersReply = decodeCounters(buf, v, vend, base); break;
      case CTA.SYNPROXY: f.synproxy = decodeSynproxy(buf, v, vend, base); break;
      case CTA.TIMESTAMP: decodeTimestamp(buf, v, vend, f, base); break;
      case CTA.TIMESTAMP_EVENT: need(len, 8, 'CTA_TIMESTAMP_EVENT', rel); f.timestampEvent = buf.readBigUInt64BE(v); break;
      case CTA.TUPLE_MASTER: f.master = decodeTuple(buf, v, vend, base); break;
      case CTA.SEQ_ADJ_ORIG: f.seqAdjOriginal = decodeSeqAdj(buf, v, vend, base); break;
      case CTA.SEQ_ADJ_REPLY: f.seqAdjReply = decodeSeqAdj(buf, v, vend, base); break;
      case CTA.SECMARK: need(len, 4, 'CTA_SECMARK', rel); f.secmark = u32(buf, v); break;
      case CTA.HELP: decodeHelp(buf, v, vend, f, base); break;
      case CTA.SECCTX: decodeSecctx(buf, v, vend, f, base); break;
      case CTA.LABELS: f.labels = Buffer.from(buf.subarray(v, vend)); break;
      case CTA.LABELS_MASK: f.labelsMask = Buffer.from(buf.subarray(v, vend)); break;
      case CTA.MARK_MASK: need(len, 4, 'CTA_MARK_MASK', rel); f.markMask = u32(buf, v); break;
      case CTA.NAT_SRC: f.natSrc = decodeNat(buf, v, vend, base); break;
      case CTA.NAT_DST: f.natDst = decodeNat(buf, v, vend, base); break;
      default:
        (f.unknown ??= []).push({
          type: rawType & TYPE_MASK, nested: (rawType & NLA_F_NESTED) !== 0, netByteOrder: (rawType & NLA_F_NET_BYTEORDER) !== 0,
          value: buf.subarray(v, vend),
        });
    }
    at += (len + 3) & ~3;
  }
  if (at < end) fail('conntrack message', at - base, 'trailing bytes shorter than an attribute header');
  if (!sawOriginal) f.original = { src: '', dst: '', protocol: 0 };
  return f;
}

const EMPTY_TUPLE: Tuple = Object.freeze({ src: '', dst: '', protocol: 0 }) as Tuple;

// ---- encoding ----

function checkU32(v: number | undefined, field: string): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 0xffffffff)) throw new ValidationError(field, `${v} is not a 32-bit unsigned integer`);
}

/** Validates what the kernel would refuse anyway, before anything is sent. Returns the address family. */
export function validateFlow(f: Partial<Flow> & { original: Tuple }, options: { needReply?: boolean } = {}): number {
  const family = validateTuple(f.original, 'original tuple');
  if (f.reply) {
    const rf = validateTuple(f.reply, 'reply tuple');
    if (rf !== family) throw new ValidationError('reply tuple', 'address family differs from the original tuple');
    if (f.reply.protocol !== f.original.protocol) throw new ValidationError('reply tuple', 'protocol differs from the original tuple');
  } else if (options.needReply) {
    throw new ValidationError('reply tuple', 'missing');
  }
  if (f.zone !== undefined && (!Number.isInteger(f.zone) || f.zone < 0 || f.zone > ZONE_MAX)) {
    throw new ValidationError('zone', `${f.zone} is outside 0..${ZONE_MAX}`);
  }
  checkU32(f.timeout, 'timeout');
  checkU32(f.mark, 'mark');
  checkU32(f.markMask, 'mark mask');
  checkU32(f.status, 'status');
  for (const [nat, name] of [[f.natSrc, 'source NAT'], [f.natDst, 'destination NAT']] as const) {
    if (!nat) continue;
    for (const ip of [nat.minIp, nat.maxIp]) {
      if (ip === undefined) continue;
      const ok = family === AF_INET6 ? isV6(ip) : isV4(ip);
      if (!ok) throw new ValidationError(name, `'${ip}' is not an ${family === AF_INET6 ? 'IPv6' : 'IPv4'} address`);
    }
    for (const p of [nat.minPort, nat.maxPort]) if (p !== undefined && (!Number.isInteger(p) || p < 0 || p > 0xffff)) throw new ValidationError(name, `port ${p} outside 0..65535`);
  }
  return family;
}

function writeNat(w: AttributeWriter, type: number, n: NatRange, family: number): void {
  w.nested(type, (nw) => {
    if (family === AF_INET6) {
      nw.bytes(CTA_NAT.V6_MINIP, ipv6ToBytes(n.minIp));
      if (n.maxIp !== undefined) nw.bytes(CTA_NAT.V6_MAXIP, ipv6ToBytes(n.maxIp));
    } else {
      nw.bytes(CTA_NAT.V4_MINIP, ipv4ToBytes(n.minIp));
      if (n.maxIp !== undefined) nw.bytes(CTA_NAT.V4_MAXIP, ipv4ToBytes(n.maxIp));
    }
    if (n.minPort !== undefined || n.maxPort !== undefined) {
      nw.nested(CTA_NAT.PROTO, (pw) => {
        const lo = n.minPort ?? n.maxPort!;
        pw.u16(CTA_PROTONAT.PORT_MIN, lo);
        pw.u16(CTA_PROTONAT.PORT_MAX, n.maxPort ?? lo);
      });
    }
  });
}

function writeSeqAdj(w: AttributeWriter, type: number, s: SeqAdj): void {
  w.nested(type, (sw) => {
    sw.u32(CTA_SEQADJ.CORRECTION_POS, s.correctionPos);
    sw.s32(CTA_SEQADJ.OFFSET_BEFORE, s.offsetBefore);
    sw.s32(CTA_SEQADJ.OFFSET_AFTER, s.offsetAfter);
  });
}

/**
 * Writes a flow's attributes in the order conntrack-tools (libnetfilter_conntrack) sends them, so a create,
 * update or get built from the same fields has the same bytes: ORIG, REPLY, MASTER, STATUS, TIMEOUT, MARK,
 * MARK_MASK, PROTOINFO, NAT_SRC, NAT_DST, SEQ_ADJ, HELP, SECMARK, ZONE, LABELS, LABELS_MASK, SYNPROXY, then
 * unknown attributes as received. Read-only attributes (USE, ID, COUNTERS, TIMESTAMP) are not written.
 */
export function writeFlow(w: AttributeWriter, f: Partial<Flow> & { original: Tuple }, family: number): void {
  w.nested(CTA.TUPLE_ORIG, (tw) => writeTuple(tw, f.original, family));
  if (f.reply) w.nested(CTA.TUPLE_REPLY, (tw) => writeTuple(tw, f.reply!, family));
  if (f.master) w.nested(CTA.TUPLE_MASTER, (tw) => writeTuple(tw, f.master!, family));
  if (f.status !== undefined) w.u32(CTA.STATUS, f.status);
  if (f.timeout !== undefined) w.u32(CTA.TIMEOUT, f.timeout);
  if (f.mark !== undefined) w.u32(CTA.MARK, f.mark);
  if (f.markMask !== undefined) w.u32(CTA.MARK_MASK, f.markMask);
  if (f.tcp || f.sctp || f.dccp) {
    w.nested(CTA.PROTOINFO, (pw) => {
      const t = f.tcp;
      if (t) {
        pw.nested(CTA_PROTOINFO.TCP, (x) => {
          if (t.state !== undefined) x.u8(CTA_PROTOINFO_TCP.STATE, t.state);
          if (t.flagsOriginal) x.bytes(CTA_PROTOINFO_TCP.FLAGS_ORIGINAL, Buffer.from([t.flagsOriginal.flags, t.flagsOriginal.mask]));
          if (t.flagsReply) x.bytes(CTA_PROTOINFO_TCP.FLAGS_REPLY, Buffer.from([t.flagsReply.flags, t.flagsReply.mask]));
          if (t.wscaleOriginal !== undefined) x.u8(CTA_PROTOINFO_TCP.WSCALE_ORIGINAL, t.wscaleOriginal);
          if (t.wscaleReply !== undefined) x.u8(CTA_PROTOINFO_TCP.WSCALE_REPLY, t.wscaleReply);
        });
      }
      const s = f.sctp;
      if (s) {
        pw.nested(CTA_PROTOINFO.SCTP, (x) => {
          if (s.state !== undefined) x.u8(CTA_PROTOINFO_SCTP.STATE, s.state);
          if (s.vtagOriginal !== undefined) x.u32(CTA_PROTOINFO_SCTP.VTAG_ORIGINAL, s.vtagOriginal);
          if (s.vtagReply !== undefined) x.u32(CTA_PROTOINFO_SCTP.VTAG_REPLY, s.vtagReply);
        });
      }
      const d = f.dccp;
      if (d) {
        pw.nested(CTA_PROTOINFO.DCCP, (x) => {
          if (d.state !== undefined) x.u8(CTA_PROTOINFO_DCCP.STATE, d.state);
          if (d.role !== undefined) x.u8(CTA_PROTOINFO_DCCP.ROLE, d.role);
          if (d.handshakeSeq !== undefined) x.u64(CTA_PROTOINFO_DCCP.HANDSHAKE_SEQ, d.handshakeSeq);
        });
      }
    });
  }
  if (f.natSrc) writeNat(w, CTA.NAT_SRC, f.natSrc, family);
  if (f.natDst) writeNat(w, CTA.NAT_DST, f.natDst, family);
  if (f.seqAdjOriginal) writeSeqAdj(w, CTA.SEQ_ADJ_ORIG, f.seqAdjOriginal);
  if (f.seqAdjReply) writeSeqAdj(w, CTA.SEQ_ADJ_REPLY, f.seqAdjReply);
  if (f.helper !== undefined) {
    w.nested(CTA.HELP, (hw) => {
      hw.string(CTA_HELP.NAME, f.helper!);
      if (f.helperInfo) hw.bytes(CTA_HELP.INFO, f.helperInfo);
    });
  }
  if (f.secmark !== undefined) w.u32(CTA.SECMARK, f.secmark);
  if (f.zone !== undefined) w.u16(CTA.ZONE, f.zone);
  if (f.labels) w.bytes(CTA.LABELS, f.labels);
  if (f.labelsMask) w.bytes(CTA.LABELS_MASK, f.labelsMask);
  if (f.synproxy) {
    const s = f.synproxy;
    w.nested(CTA.SYNPROXY, (sw) => { sw.u32(CTA_SYNPROXY.ISN, s.isn); sw.u32(CTA_SYNPROXY.ITS, s.its); sw.u32(CTA_SYNPROXY.TSOFF, s.tsoff); });
  }
  for (const a of f.unknown ?? []) w.attribute(a);
}

/** nfgenmsg + the flow's attributes (the payload of IPCTNL_MSG_CT_NEW and friends). */
export function encodeFlow(f: Partial<Flow> & { original: Tuple }, family?: number): Buffer {
  const fam = family ?? validateFlow(f);
  const w = netfilterCodec.writer(256);
  writeFlow(w, f, fam);
  const attrs = w.finish();
  const out = Buffer.alloc(4 + attrs.length);
  out[0] = fam;
  out.set(attrs, 4);
  return out;
}

