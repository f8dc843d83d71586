// A conntrack entry ("flow"): the model, its validation and its encoder. Decoding is the view's
// (cursor.ts: FlowCursor, whose toModel() makes a Flow).
import {
  AF_INET6, ValidationError, ipv4ToBytes, ipv6ToBytes, netfilterCodec, type Attribute, type AttributeWriter,
} from '../../netlink/core.js';
import { isIPv4 as isV4, isIPv6 as isV6 } from './net.js';
import {
  CTA, CTA_HELP, CTA_NAT, CTA_PROTOINFO, CTA_PROTOINFO_DCCP, CTA_PROTOINFO_SCTP, CTA_PROTOINFO_TCP, CTA_PROTONAT, CTA_SEQADJ,
  CTA_SYNPROXY, ZONE_MAX,
} from './constants.js';
import { validateTuple, writeTuple, type Tuple } from './tuple.js';

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

// The one decoder is the view's: decodeFlow is FlowCursor.load() + toModel().
export { decodeFlow, decodeFlowAt } from './cursor.js';

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

