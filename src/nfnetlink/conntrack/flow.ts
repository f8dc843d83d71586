// A conntrack entry ("flow"): the model and its codec pair. decodeFlow is the hot path of every dump:
// one pass over the attributes, reading the received buffer at offsets, no intermediate Attribute objects
// except for attributes it does not know (kept, re-emitted by encodeFlow).
import {
  AF_INET, AF_INET6, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NetlinkDecodeError, ValidationError, ipv4ToBytes, ipv6ToBytes,
  formatIPv6 as formatV6, netfilterCodec, type Attribute, type AttributeWriter,
} from '../../netlink/index.js';
import { isIPv4 as isV4, isIPv6 as isV6 } from 'node:net';
import {
  CTA, CTA_COUNTERS, CTA_HELP, CTA_NAT, CTA_PROTOINFO, CTA_PROTOINFO_DCCP, CTA_PROTOINFO_SCTP, CTA_PROTOINFO_TCP,
  CTA_PROTONAT, CTA_SECCTX, CTA_SEQADJ, CTA_SYNPROXY, CTA_TIMESTAMP, ZONE_MAX,
} from './constants.js';
import { decodeTuple, validateTuple, writeTuple, type Tuple } from './tuple.js';

export interface TcpFlags { flags: number; mask: number } // struct nf_ct_tcp_flags

export interface TcpInfo {
  state?: number; // CTA_PROTOINFO_TCP_STATE (enum tcp_conntrack)
  wscaleOriginal?: number; // CTA_PROTOINFO_TCP_WSCALE_ORIGINAL
  wscaleReply?: number; // CTA_PROTOINFO_TCP_WSCALE_REPLY
  flagsOriginal?: TcpFlags; // CTA_PROTOINFO_TCP_FLAGS_ORIGINAL
  flagsReply?: TcpFlags; // CTA_PROTOINFO_TCP_FLAGS_REPLY
}
export interface SctpInfo {
  state?: number; // CTA_PROTOINFO_SCTP_STATE
  vtagOriginal?: number; // CTA_PROTOINFO_SCTP_VTAG_ORIGINAL
  vtagReply?: number; // CTA_PROTOINFO_SCTP_VTAG_REPLY
}
export interface DccpInfo {
  state?: number; // CTA_PROTOINFO_DCCP_STATE
  role?: number; // CTA_PROTOINFO_DCCP_ROLE
  handshakeSeq?: bigint; // CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ
}
export interface Counters { packets: number; bytes: number } // CTA_COUNTERS_PACKETS / _BYTES
export interface SeqAdj { correctionPos: number; offsetBefore: number; offsetAfter: number } // CTA_SEQADJ_*
export interface Synproxy { isn: number; its: number; tsoff: number } // CTA_SYNPROXY_*
/** A NAT range for create (CTA_NAT_SRC / CTA_NAT_DST). */
export interface NatRange {
  minIp: string; // CTA_NAT_V4_MINIP / CTA_NAT_V6_MINIP
  maxIp?: string; // CTA_NAT_V4_MAXIP / CTA_NAT_V6_MAXIP
  minPort?: number; // CTA_PROTONAT_PORT_MIN
  maxPort?: number; // CTA_PROTONAT_PORT_MAX
}

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

function need(len: number, bytes: number, name: string, at: number): void {
  if (len - 4 < bytes) fail(name, at, `needs ${bytes} bytes, got ${len - 4}`);
}

function u64(buf: Buffer, at: number): number {
  return buf.readUInt32BE(at) * 0x100000000 + buf.readUInt32BE(at + 4);
}

/** Calls fn(type, valueStart, valueEnd, attrStart) for each attribute in buf[start, end). */
function eachAttr(buf: Buffer, start: number, end: number, ctx: string, fn: (type: number, v: number, vend: number, at: number) => void): void {
  let at = start;
  while (at + 4 <= end) {
    const len = buf.readUInt16LE(at);
    if (len < 4 || at + len > end) fail(ctx, at, `nla_len ${len} out of bounds`);
    fn(buf.readUInt16LE(at + 2) & TYPE_MASK, at + 4, at + len, at);
    at += (len + 3) & ~3;
  }
  if (at < end) fail(ctx, at, 'trailing bytes shorter than an attribute header');
}

function decodeCounters(buf: Buffer, v: number, vend: number): Counters {
  const c: Counters = { packets: 0, bytes: 0 };
  eachAttr(buf, v, vend, 'CTA_COUNTERS', (type, s, e, at) => {
    if (type === CTA_COUNTERS.PACKETS) { need(e - s + 4, 8, 'CTA_COUNTERS_PACKETS', at); c.packets = u64(buf, s); }
    else if (type === CTA_COUNTERS.BYTES) { need(e - s + 4, 8, 'CTA_COUNTERS_BYTES', at); c.bytes = u64(buf, s); }
    else if (type === CTA_COUNTERS.PACKETS32) { need(e - s + 4, 4, 'CTA_COUNTERS32_PACKETS', at); c.packets = buf.readUInt32BE(s); }
    else if (type === CTA_COUNTERS.BYTES32) { need(e - s + 4, 4, 'CTA_COUNTERS32_BYTES', at); c.bytes = buf.readUInt32BE(s); }
  });
  return c;
}

function decodeProtoinfo(buf: Buffer, v: number, vend: number, f: Flow): void {
  eachAttr(buf, v, vend, 'CTA_PROTOINFO', (type, s, e) => {
    if (type === CTA_PROTOINFO.TCP) {
      const t: TcpInfo = {};
      eachAttr(buf, s, e, 'CTA_PROTOINFO_TCP', (tt, ts, te, at) => {
        const len = te - ts + 4;
        switch (tt) {
          case CTA_PROTOINFO_TCP.STATE: need(len, 1, 'CTA_PROTOINFO_TCP_STATE', at); t.state = buf[ts]!; break;
          case CTA_PROTOINFO_TCP.WSCALE_ORIGINAL: need(len, 1, 'CTA_PROTOINFO_TCP_WSCALE_ORIGINAL', at); t.wscaleOriginal = buf[ts]!; break;
          case CTA_PROTOINFO_TCP.WSCALE_REPLY: need(len, 1, 'CTA_PROTOINFO_TCP_WSCALE_REPLY', at); t.wscaleReply = buf[ts]!; break;
          case CTA_PROTOINFO_TCP.FLAGS_ORIGINAL: need(len, 2, 'CTA_PROTOINFO_TCP_FLAGS_ORIGINAL', at); t.flagsOriginal = { flags: buf[ts]!, mask: buf[ts + 1]! }; break;
          case CTA_PROTOINFO_TCP.FLAGS_REPLY: need(len, 2, 'CTA_PROTOINFO_TCP_FLAGS_REPLY', at); t.flagsReply = { flags: buf[ts]!, mask: buf[ts + 1]! }; break;
          default: break;
        }
      });
      f.tcp = t;
    } else if (type === CTA_PROTOINFO.SCTP) {
      const t: SctpInfo = {};
      eachAttr(buf, s, e, 'CTA_PROTOINFO_SCTP', (tt, ts, te, at) => {
        const len = te - ts + 4;
        if (tt === CTA_PROTOINFO_SCTP.STATE) { need(len, 1, 'CTA_PROTOINFO_SCTP_STATE', at); t.state = buf[ts]!; }
        else if (tt === CTA_PROTOINFO_SCTP.VTAG_ORIGINAL) { need(len, 4, 'CTA_PROTOINFO_SCTP_VTAG_ORIGINAL', at); t.vtagOriginal = buf.readUInt32BE(ts); }
        else if (tt === CTA_PROTOINFO_SCTP.VTAG_REPLY) { need(len, 4, 'CTA_PROTOINFO_SCTP_VTAG_REPLY', at); t.vtagReply = buf.readUInt32BE(ts); }
      });
      f.sctp = t;
    } else if (type === CTA_PROTOINFO.DCCP) {
      const t: DccpInfo = {};
      eachAttr(buf, s, e, 'CTA_PROTOINFO_DCCP', (tt, ts, te, at) => {
        const len = te - ts + 4;
        if (tt === CTA_PROTOINFO_DCCP.STATE) { need(len, 1, 'CTA_PROTOINFO_DCCP_STATE', at); t.state = buf[ts]!; }
        else if (tt === CTA_PROTOINFO_DCCP.ROLE) { need(len, 1, 'CTA_PROTOINFO_DCCP_ROLE', at); t.role = buf[ts]!; }
        else if (tt === CTA_PROTOINFO_DCCP.HANDSHAKE_SEQ) { need(len, 8, 'CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ', at); t.handshakeSeq = buf.readBigUInt64BE(ts); }
      });
      f.dccp = t;
    }
  });
}

function decodeSeqAdj(buf: Buffer, v: number, vend: number): SeqAdj {
  const s: SeqAdj = { correctionPos: 0, offsetBefore: 0, offsetAfter: 0 };
  eachAttr(buf, v, vend, 'CTA_SEQ_ADJ', (t, a, e, at) => {
    need(e - a + 4, 4, 'CTA_SEQADJ', at);
    if (t === CTA_SEQADJ.CORRECTION_POS) s.correctionPos = buf.readUInt32BE(a);
    else if (t === CTA_SEQADJ.OFFSET_BEFORE) s.offsetBefore = buf.readInt32BE(a);
    else if (t === CTA_SEQADJ.OFFSET_AFTER) s.offsetAfter = buf.readInt32BE(a);
  });
  return s;
}

function nulString(buf: Buffer, s: number, e: number): string {
  let end = s;
  while (end < e && buf[end] !== 0) end++;
  return buf.toString('utf8', s, end);
}

function decodeNat(buf: Buffer, v: number, vend: number): NatRange {
  const n: NatRange = { minIp: '' };
  eachAttr(buf, v, vend, 'CTA_NAT', (t, s, e, at) => {
    const len = e - s;
    if (t === CTA_NAT.V4_MINIP || t === CTA_NAT.V4_MAXIP || t === CTA_NAT.V6_MINIP || t === CTA_NAT.V6_MAXIP) {
      const want = t === CTA_NAT.V4_MINIP || t === CTA_NAT.V4_MAXIP ? 4 : 16;
      if (len !== want) fail('CTA_NAT address', at, `needs ${want} bytes`);
      const text = want === 4 ? `${buf[s]}.${buf[s + 1]}.${buf[s + 2]}.${buf[s + 3]}` : formatV6(buf, s);
      if (t === CTA_NAT.V4_MINIP || t === CTA_NAT.V6_MINIP) n.minIp = text; else n.maxIp = text;
    } else if (t === CTA_NAT.PROTO) {
      eachAttr(buf, s, e, 'CTA_NAT_PROTO', (pt, ps, pe, pat) => {
        need(pe - ps + 4, 2, 'CTA_PROTONAT_PORT', pat);
        if (pt === CTA_PROTONAT.PORT_MIN) n.minPort = buf.readUInt16BE(ps);
        else if (pt === CTA_PROTONAT.PORT_MAX) n.maxPort = buf.readUInt16BE(ps);
      });
    }
  });
  return n;
}

/**
 * Decodes an IPCTNL_MSG_CT_NEW / _DELETE message payload (nfgenmsg + attributes).
 * Throws NetlinkDecodeError (and nothing else) on malformed input.
 */
export function decodeFlow(payload: Buffer): Flow {
  const end = payload.length;
  if (end < 4) fail('conntrack message', 0, `payload of ${end} bytes is shorter than nfgenmsg`);
  const f: Flow = { family: payload[0]!, original: EMPTY_TUPLE };
  let at = 4;
  let sawOriginal = false;
  while (at + 4 <= end) {
    const len = payload.readUInt16LE(at);
    const rawType = payload.readUInt16LE(at + 2);
    if (len < 4 || at + len > end) fail('conntrack attribute', at, `nla_len ${len} out of bounds (${end - at} bytes left)`);
    const v = at + 4;
    const vend = at + len;
    switch (rawType & TYPE_MASK) {
      case CTA.TUPLE_ORIG: f.original = decodeTuple(payload, v, vend); sawOriginal = true; break;
      case CTA.TUPLE_REPLY: f.reply = decodeTuple(payload, v, vend); break;
      case CTA.STATUS: need(len, 4, 'CTA_STATUS', at); f.status = payload.readUInt32BE(v); break;
      case CTA.TIMEOUT: need(len, 4, 'CTA_TIMEOUT', at); f.timeout = payload.readUInt32BE(v); break;
      case CTA.MARK: need(len, 4, 'CTA_MARK', at); f.mark = payload.readUInt32BE(v); break;
      case CTA.USE: need(len, 4, 'CTA_USE', at); f.use = payload.readUInt32BE(v); break;
      case CTA.ID: need(len, 4, 'CTA_ID', at); f.id = payload.readUInt32BE(v); break;
      case CTA.ZONE: need(len, 2, 'CTA_ZONE', at); f.zone = payload.readUInt16BE(v); break;
      case CTA.PROTOINFO: decodeProtoinfo(payload, v, vend, f); break;
      case CTA.COUNTERS_ORIG: f.countersOriginal = decodeCounters(payload, v, vend); break;
      case CTA.COUNTERS_REPLY: f.countersReply = decodeCounters(payload, v, vend); break;
      case CTA.SYNPROXY: {
        const s: Synproxy = { isn: 0, its: 0, tsoff: 0 };
        eachAttr(payload, v, vend, 'CTA_SYNPROXY', (t, a, e, aat) => {
          need(e - a + 4, 4, 'CTA_SYNPROXY', aat);
          if (t === CTA_SYNPROXY.ISN) s.isn = payload.readUInt32BE(a);
          else if (t === CTA_SYNPROXY.ITS) s.its = payload.readUInt32BE(a);
          else if (t === CTA_SYNPROXY.TSOFF) s.tsoff = payload.readUInt32BE(a);
        });
        f.synproxy = s;
        break;
      }
      case CTA.TIMESTAMP:
        eachAttr(payload, v, vend, 'CTA_TIMESTAMP', (t, a, e, aat) => {
          if (t === CTA_TIMESTAMP.START) { need(e - a + 4, 8, 'CTA_TIMESTAMP_START', aat); f.timestampStart = payload.readBigUInt64BE(a); }
          else if (t === CTA_TIMESTAMP.STOP) { need(e - a + 4, 8, 'CTA_TIMESTAMP_STOP', aat); f.timestampStop = payload.readBigUInt64BE(a); }
        });
        break;
      case CTA.TIMESTAMP_EVENT: need(len, 8, 'CTA_TIMESTAMP_EVENT', at); f.timestampEvent = payload.readBigUInt64BE(v); break;
      case CTA.TUPLE_MASTER: f.master = decodeTuple(payload, v, vend); break;
      case CTA.SEQ_ADJ_ORIG: f.seqAdjOriginal = decodeSeqAdj(payload, v, vend); break;
      case CTA.SEQ_ADJ_REPLY: f.seqAdjReply = decodeSeqAdj(payload, v, vend); break;
      case CTA.SECMARK: need(len, 4, 'CTA_SECMARK', at); f.secmark = payload.readUInt32BE(v); break;
      case CTA.HELP:
        eachAttr(payload, v, vend, 'CTA_HELP', (t, a, e) => {
          if (t === CTA_HELP.NAME) f.helper = nulString(payload, a, e);
          else if (t === CTA_HELP.INFO) f.helperInfo = Buffer.from(payload.subarray(a, e));
        });
        break;
      case CTA.SECCTX:
        eachAttr(payload, v, vend, 'CTA_SECCTX', (t, a, e) => { if (t === CTA_SECCTX.NAME) f.secctx = nulString(payload, a, e); });
        break;
      case CTA.LABELS: f.labels = Buffer.from(payload.subarray(v, vend)); break;
      case CTA.LABELS_MASK: f.labelsMask = Buffer.from(payload.subarray(v, vend)); break;
      case CTA.MARK_MASK: need(len, 4, 'CTA_MARK_MASK', at); f.markMask = payload.readUInt32BE(v); break;
      case CTA.NAT_SRC: f.natSrc = decodeNat(payload, v, vend); break;
      case CTA.NAT_DST: f.natDst = decodeNat(payload, v, vend); break;
      default:
        (f.unknown ??= []).push({
          type: rawType & TYPE_MASK, nested: (rawType & NLA_F_NESTED) !== 0, netByteOrder: (rawType & NLA_F_NET_BYTEORDER) !== 0,
          value: payload.subarray(v, vend),
        });
    }
    at += (len + 3) & ~3;
  }
  if (at < end) fail('conntrack message', at, 'trailing bytes shorter than an attribute header');
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

