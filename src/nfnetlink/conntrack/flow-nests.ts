// The nests of a conntrack entry, read through the core's cursor: the protocol-info nests' size checks and
// state (FlowCursor's parse) and the model of each nest (FlowCursor.toModel). Each function gets a cursor
// placed on the nest's content (AttributeCursor.child) and a spare one for the level below.
import type { AttributeCursor } from '../../netlink/core.js';
import {
  CTA_HELP, CTA_NAT, CTA_PROTOINFO, CTA_PROTOINFO_DCCP, CTA_PROTOINFO_SCTP, CTA_PROTOINFO_TCP, CTA_PROTONAT, CTA_SEQADJ, CTA_SYNPROXY,
} from './constants.js';
import { ipv4Text, ipv6Text } from './address-text.js';
import type { DccpInfo, Flow, NatRange, SctpInfo, SeqAdj, Synproxy, TcpInfo } from './flow.js';

// Minimum value sizes of the protocol-info attributes: [type] = [bytes, name].
type Needs = ReadonlyArray<readonly [number, string] | undefined>;
const TCP_NEEDS: Needs = [
  undefined, [1, 'CTA_PROTOINFO_TCP_STATE'], [1, 'CTA_PROTOINFO_TCP_WSCALE_ORIGINAL'], [1, 'CTA_PROTOINFO_TCP_WSCALE_REPLY'],
  [2, 'CTA_PROTOINFO_TCP_FLAGS_ORIGINAL'], [2, 'CTA_PROTOINFO_TCP_FLAGS_REPLY'],
];
const SCTP_NEEDS: Needs = [undefined, [1, 'CTA_PROTOINFO_SCTP_STATE'], [4, 'CTA_PROTOINFO_SCTP_VTAG_ORIGINAL'], [4, 'CTA_PROTOINFO_SCTP_VTAG_REPLY']];
const DCCP_NEEDS: Needs = [undefined, [1, 'CTA_PROTOINFO_DCCP_STATE'], [1, 'CTA_PROTOINFO_DCCP_ROLE'], [8, 'CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ']];

/** A protocol-info nest's state attribute (-1 when absent), checking its members' sizes. */
export function protocolState(c: AttributeCursor, needs: Needs, stateType: number): number {
  let state = -1;
  while (c.next()) {
    const n = needs[c.type];
    if (n) c.expect(n[0], n[1]);
    if (c.type === stateType) state = c.buf[c.valueStart]!;
  }
  return state;
}

/** States by protocol-info nest, as FlowCursor keeps them. */
export interface ProtocolStates { tcpState: number; sctpState: number; dccpState: number }

/** CTA_PROTOINFO's content (c on it): every member's size checked, the states into `into`. */
export function parseProtoinfo(c: AttributeCursor, inner: AttributeCursor, into: ProtocolStates): void {
  while (c.next()) {
    switch (c.type) {
      case CTA_PROTOINFO.TCP: into.tcpState = protocolState(c.child(inner, 'CTA_PROTOINFO_TCP'), TCP_NEEDS, CTA_PROTOINFO_TCP.STATE); break;
      case CTA_PROTOINFO.SCTP: into.sctpState = protocolState(c.child(inner, 'CTA_PROTOINFO_SCTP'), SCTP_NEEDS, CTA_PROTOINFO_SCTP.STATE); break;
      case CTA_PROTOINFO.DCCP: into.dccpState = protocolState(c.child(inner, 'CTA_PROTOINFO_DCCP'), DCCP_NEEDS, CTA_PROTOINFO_DCCP.STATE); break;
      default: break;
    }
  }
}

/** The models of CTA_PROTOINFO's nests (sizes checked by parseProtoinfo), in attribute order. */
export function protoinfoModel(c: AttributeCursor, inner: AttributeCursor, f: Flow): void {
  while (c.next()) {
    switch (c.type) {
      case CTA_PROTOINFO.TCP: f.tcp = tcpModel(c.child(inner, 'CTA_PROTOINFO_TCP')); break;
      case CTA_PROTOINFO.SCTP: f.sctp = sctpModel(c.child(inner, 'CTA_PROTOINFO_SCTP')); break;
      case CTA_PROTOINFO.DCCP: f.dccp = dccpModel(c.child(inner, 'CTA_PROTOINFO_DCCP')); break;
      default: break;
    }
  }
}

function tcpModel(c: AttributeCursor): TcpInfo {
  const t: TcpInfo = {};
  while (c.next()) {
    const b = c.buf;
    const v = c.valueStart;
    switch (c.type) {
      case CTA_PROTOINFO_TCP.STATE: t.state = b[v]!; break;
      case CTA_PROTOINFO_TCP.WSCALE_ORIGINAL: t.wscaleOriginal = b[v]!; break;
      case CTA_PROTOINFO_TCP.WSCALE_REPLY: t.wscaleReply = b[v]!; break;
      case CTA_PROTOINFO_TCP.FLAGS_ORIGINAL: t.flagsOriginal = { flags: b[v]!, mask: b[v + 1]! }; break; // struct nf_ct_tcp_flags
      case CTA_PROTOINFO_TCP.FLAGS_REPLY: t.flagsReply = { flags: b[v]!, mask: b[v + 1]! }; break;
      default: break;
    }
  }
  return t;
}

function sctpModel(c: AttributeCursor): SctpInfo {
  const t: SctpInfo = {};
  while (c.next()) {
    switch (c.type) {
      case CTA_PROTOINFO_SCTP.STATE: t.state = c.buf[c.valueStart]!; break;
      case CTA_PROTOINFO_SCTP.VTAG_ORIGINAL: t.vtagOriginal = c.u32be(); break;
      case CTA_PROTOINFO_SCTP.VTAG_REPLY: t.vtagReply = c.u32be(); break;
      default: break;
    }
  }
  return t;
}

function dccpModel(c: AttributeCursor): DccpInfo {
  const t: DccpInfo = {};
  while (c.next()) {
    switch (c.type) {
      case CTA_PROTOINFO_DCCP.STATE: t.state = c.buf[c.valueStart]!; break;
      case CTA_PROTOINFO_DCCP.ROLE: t.role = c.buf[c.valueStart]!; break;
      case CTA_PROTOINFO_DCCP.HANDSHAKE_SEQ: t.handshakeSeq = c.u64be(); break;
      default: break;
    }
  }
  return t;
}

/** CTA_SEQ_ADJ_ORIG / _REPLY: every member is 4 bytes (the kernel's policy: NLA_U32 each). */
export function seqAdjModel(c: AttributeCursor): SeqAdj {
  const s: SeqAdj = { correctionPos: 0, offsetBefore: 0, offsetAfter: 0 };
  while (c.next()) {
    c.expect(4, 'CTA_SEQADJ');
    if (c.type === CTA_SEQADJ.CORRECTION_POS) s.correctionPos = c.u32be();
    else if (c.type === CTA_SEQADJ.OFFSET_BEFORE) s.offsetBefore = c.s32be();
    else if (c.type === CTA_SEQADJ.OFFSET_AFTER) s.offsetAfter = c.s32be();
  }
  return s;
}

/** CTA_SYNPROXY: every member is 4 bytes. */
export function synproxyModel(c: AttributeCursor): Synproxy {
  const s: Synproxy = { isn: 0, its: 0, tsoff: 0 };
  while (c.next()) {
    c.expect(4, 'CTA_SYNPROXY');
    if (c.type === CTA_SYNPROXY.ISN) s.isn = c.u32be();
    else if (c.type === CTA_SYNPROXY.ITS) s.its = c.u32be();
    else if (c.type === CTA_SYNPROXY.TSOFF) s.tsoff = c.u32be();
  }
  return s;
}

/** CTA_HELP: the helper's name and its private data (copied). */
export function helpModel(c: AttributeCursor, f: Flow): void {
  while (c.next()) {
    if (c.type === CTA_HELP.NAME) f.helper = c.string();
    else if (c.type === CTA_HELP.INFO) f.helperInfo = Buffer.from(c.value());
  }
}

/** CTA_NAT_SRC / CTA_NAT_DST: an address range and, in CTA_NAT_PROTO, a port range. */
export function natModel(c: AttributeCursor, inner: AttributeCursor): NatRange {
  const n: NatRange = { minIp: '' };
  while (c.next()) {
    const t = c.type;
    if (t === CTA_NAT.V4_MINIP || t === CTA_NAT.V4_MAXIP) {
      const text = ipv4Text(c.expectExactly(4, 'CTA_NAT address').buf, c.valueStart);
      if (t === CTA_NAT.V4_MINIP) n.minIp = text; else n.maxIp = text;
    } else if (t === CTA_NAT.V6_MINIP || t === CTA_NAT.V6_MAXIP) {
      const text = ipv6Text(c.expectExactly(16, 'CTA_NAT address').buf, c.valueStart);
      if (t === CTA_NAT.V6_MINIP) n.minIp = text; else n.maxIp = text;
    } else if (t === CTA_NAT.PROTO) {
      const p = c.child(inner, 'CTA_NAT_PROTO');
      while (p.next()) {
        const port = p.u16be('CTA_PROTONAT_PORT');
        if (p.type === CTA_PROTONAT.PORT_MIN) n.minPort = port;
        else if (p.type === CTA_PROTONAT.PORT_MAX) n.maxPort = port;
      }
    }
  }
  return n;
}
