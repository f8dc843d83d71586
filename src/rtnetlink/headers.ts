// Fixed headers of rtnetlink messages as plain offsets and read/write functions (host byte order, little-endian
// hosts). Decoding needs no layout library at start-up; structs.ts declares the same structs with buffer-layout,
// and the codec tests check these offsets against those layouts.
import { NetlinkDecodeError } from '../netlink/errors.js';

/** struct ifinfomsg (rtnetlink.h). */
export interface IfInfoMsg {
  family: number; // ifi_family
  pad: number; // __ifi_pad
  type: number; // ifi_type (ARPHRD_*)
  index: number; // ifi_index
  flags: number; // ifi_flags (IFF_*)
  change: number; // ifi_change
}
export const IFINFOMSG_OFFSETS = { family: 0, pad: 1, type: 2, index: 4, flags: 8, change: 12 } as const;
const IFI = IFINFOMSG_OFFSETS;
export const IFINFOMSG_SIZE = 16;

/** struct ifaddrmsg (if_addr.h). */
export interface IfAddrMsg {
  family: number; // ifa_family
  prefixLength: number; // ifa_prefixlen
  flags: number; // ifa_flags
  scope: number; // ifa_scope
  index: number; // ifa_index
}
export const IFADDRMSG_OFFSETS = { family: 0, prefixLength: 1, flags: 2, scope: 3, index: 4 } as const;
const IFA_O = IFADDRMSG_OFFSETS;
export const IFADDRMSG_SIZE = 8;

/** struct rtmsg (rtnetlink.h). */
export interface RtMsg {
  family: number; // rtm_family
  dstLength: number; // rtm_dst_len
  srcLength: number; // rtm_src_len
  tos: number; // rtm_tos
  table: number; // rtm_table
  protocol: number; // rtm_protocol
  scope: number; // rtm_scope
  type: number; // rtm_type
  flags: number; // rtm_flags
}
export const RTMSG_OFFSETS = { family: 0, dstLength: 1, srcLength: 2, tos: 3, table: 4, protocol: 5, scope: 6, type: 7, flags: 8 } as const;
const RTM_O = RTMSG_OFFSETS;
export const RTMSG_SIZE = 12;

/** struct fib_rule_hdr (fib_rules.h). */
export interface FibRuleHdr {
  family: number;
  dstLength: number; // dst_len
  srcLength: number; // src_len
  tos: number;
  table: number;
  res1: number;
  res2: number;
  action: number; // FR_ACT_*
  flags: number; // FIB_RULE_*
}
export const FIB_RULE_HDR_OFFSETS = { family: 0, dstLength: 1, srcLength: 2, tos: 3, table: 4, res1: 5, res2: 6, action: 7, flags: 8 } as const;
const FRH = FIB_RULE_HDR_OFFSETS;
export const FIB_RULE_HDR_SIZE = 12;

/** struct rtnexthop (rtnetlink.h), one element of RTA_MULTIPATH, followed by its own RTA_* attributes. */
export interface RtNextHop {
  length: number; // rtnh_len
  flags: number; // rtnh_flags
  hops: number; // rtnh_hops (weight - 1)
  index: number; // rtnh_ifindex
}
export const RTNEXTHOP_SIZE = 8;

/** struct ifa_cacheinfo (if_addr.h). */
export interface IfaCacheInfo {
  preferred: number; // ifa_prefered
  valid: number; // ifa_valid
  created: number; // cstamp
  updated: number; // tstamp
}

/** struct rtnl_link_stats64 (if_link.h): the counters we name, in order; later fields stay in `unknown` order only. */
export const LINK_STATS64_FIELDS = [
  'rxPackets', 'txPackets', 'rxBytes', 'txBytes', 'rxErrors', 'txErrors', 'rxDropped', 'txDropped', 'multicast', 'collisions',
  'rxLengthErrors', 'rxOverErrors', 'rxCrcErrors', 'rxFrameErrors', 'rxFifoErrors', 'rxMissedErrors',
  'txAbortedErrors', 'txCarrierErrors', 'txFifoErrors', 'txHeartbeatErrors', 'txWindowErrors', 'rxCompressed', 'txCompressed', 'rxNohandler',
] as const;
/** A link's 64-bit statistics (IFLA_STATS64), by field name. */
export type LinkStats = Record<(typeof LINK_STATS64_FIELDS)[number], number>;

function need(buf: Buffer, size: number, what: string): void {
  if (buf.length < size) throw new NetlinkDecodeError(what, 0, `payload of ${buf.length} bytes is shorter than its ${size}-byte header`);
}

export function readIfInfoMsg(p: Buffer): IfInfoMsg {
  need(p, IFINFOMSG_SIZE, 'struct ifinfomsg');
  return { family: p[IFI.family]!, pad: 0, type: p.readUInt16LE(IFI.type), index: p.readInt32LE(IFI.index), flags: p.readUInt32LE(IFI.flags), change: p.readUInt32LE(IFI.change) };
}
export function writeIfInfoMsg(h: Partial<IfInfoMsg>): Buffer {
  const b = Buffer.alloc(IFINFOMSG_SIZE);
  b[IFI.family] = h.family ?? 0;
  b.writeUInt16LE(h.type ?? 0, IFI.type);
  b.writeInt32LE(h.index ?? 0, IFI.index);
  b.writeUInt32LE((h.flags ?? 0) >>> 0, IFI.flags);
  b.writeUInt32LE((h.change ?? 0) >>> 0, IFI.change);
  return b;
}

export function readIfAddrMsg(p: Buffer): IfAddrMsg {
  need(p, IFADDRMSG_SIZE, 'struct ifaddrmsg');
  return { family: p[IFA_O.family]!, prefixLength: p[IFA_O.prefixLength]!, flags: p[IFA_O.flags]!, scope: p[IFA_O.scope]!, index: p.readUInt32LE(IFA_O.index) };
}
export function writeIfAddrMsg(h: Partial<IfAddrMsg>): Buffer {
  const b = Buffer.alloc(IFADDRMSG_SIZE);
  b[IFA_O.family] = h.family ?? 0;
  b[IFA_O.prefixLength] = h.prefixLength ?? 0;
  b[IFA_O.flags] = h.flags ?? 0;
  b[IFA_O.scope] = h.scope ?? 0;
  b.writeUInt32LE((h.index ?? 0) >>> 0, IFA_O.index);
  return b;
}

export function readRtMsg(p: Buffer): RtMsg {
  need(p, RTMSG_SIZE, 'struct rtmsg');
  return {
    family: p[RTM_O.family]!, dstLength: p[RTM_O.dstLength]!, srcLength: p[RTM_O.srcLength]!, tos: p[RTM_O.tos]!, table: p[RTM_O.table]!,
    protocol: p[RTM_O.protocol]!, scope: p[RTM_O.scope]!, type: p[RTM_O.type]!, flags: p.readUInt32LE(RTM_O.flags),
  };
}
export function writeRtMsg(h: Partial<RtMsg>): Buffer {
  const b = Buffer.allocUnsafe(RTMSG_SIZE); // every byte is written below
  writeRtMsgInto(b, 0, h);
  return b;
}

/** writeRtMsg into an existing buffer at `at`. */
export function writeRtMsgInto(b: Buffer, at: number, h: Partial<RtMsg>): void {
  b[at + RTM_O.family] = h.family ?? 0;
  b[at + RTM_O.dstLength] = h.dstLength ?? 0;
  b[at + RTM_O.srcLength] = h.srcLength ?? 0;
  b[at + RTM_O.tos] = h.tos ?? 0;
  b[at + RTM_O.table] = h.table ?? 0;
  b[at + RTM_O.protocol] = h.protocol ?? 0;
  b[at + RTM_O.scope] = h.scope ?? 0;
  b[at + RTM_O.type] = h.type ?? 0;
  b.writeUInt32LE((h.flags ?? 0) >>> 0, at + RTM_O.flags);
}

export function readFibRuleHdr(p: Buffer): FibRuleHdr {
  need(p, FIB_RULE_HDR_SIZE, 'struct fib_rule_hdr');
  return {
    family: p[FRH.family]!, dstLength: p[FRH.dstLength]!, srcLength: p[FRH.srcLength]!, tos: p[FRH.tos]!, table: p[FRH.table]!,
    res1: 0, res2: 0, action: p[FRH.action]!, flags: p.readUInt32LE(FRH.flags),
  };
}
export function writeFibRuleHdr(h: Partial<FibRuleHdr>): Buffer {
  const b = Buffer.alloc(FIB_RULE_HDR_SIZE);
  b[FRH.family] = h.family ?? 0;
  b[FRH.dstLength] = h.dstLength ?? 0;
  b[FRH.srcLength] = h.srcLength ?? 0;
  b[FRH.tos] = h.tos ?? 0;
  b[FRH.table] = h.table ?? 0;
  b[FRH.action] = h.action ?? 0;
  b.writeUInt32LE((h.flags ?? 0) >>> 0, FRH.flags);
  return b;
}

/** struct ndmsg (neighbour.h). */
export interface NdMsg {
  family: number; // ndm_family
  index: number; // ndm_ifindex
  state: number; // ndm_state (NUD_*)
  flags: number; // ndm_flags (NTF_*)
  type: number; // ndm_type
}
export const NDMSG_OFFSETS = { family: 0, pad1: 1, pad2: 2, index: 4, state: 8, flags: 10, type: 11 } as const;
const NDM = NDMSG_OFFSETS;
export const NDMSG_SIZE = 12;

export function readNdMsg(p: Buffer): NdMsg {
  need(p, NDMSG_SIZE, 'struct ndmsg');
  return { family: p[NDM.family]!, index: p.readInt32LE(NDM.index), state: p.readUInt16LE(NDM.state), flags: p[NDM.flags]!, type: p[NDM.type]! };
}
export function writeNdMsg(h: Partial<NdMsg>): Buffer {
  const b = Buffer.alloc(NDMSG_SIZE);
  b[NDM.family] = h.family ?? 0;
  b.writeInt32LE(h.index ?? 0, NDM.index);
  b.writeUInt16LE(h.state ?? 0, NDM.state);
  b[NDM.flags] = h.flags ?? 0;
  b[NDM.type] = h.type ?? 0;
  return b;
}

/** struct nhmsg (nexthop.h). */
export interface NhMsg {
  family: number; // nh_family
  scope: number; // nh_scope (returned only)
  protocol: number; // nh_protocol
  flags: number; // nh_flags (RTNH_F_*)
}
export const NHMSG_OFFSETS = { family: 0, scope: 1, protocol: 2, resvd: 3, flags: 4 } as const;
const NHM = NHMSG_OFFSETS;
export const NHMSG_SIZE = 8;

export function readNhMsg(p: Buffer): NhMsg {
  need(p, NHMSG_SIZE, 'struct nhmsg');
  return { family: p[NHM.family]!, scope: p[NHM.scope]!, protocol: p[NHM.protocol]!, flags: p.readUInt32LE(NHM.flags) };
}
export function writeNhMsg(h: Partial<NhMsg>): Buffer {
  const b = Buffer.alloc(NHMSG_SIZE);
  b[NHM.family] = h.family ?? 0;
  b[NHM.scope] = h.scope ?? 0;
  b[NHM.protocol] = h.protocol ?? 0;
  b.writeUInt32LE((h.flags ?? 0) >>> 0, NHM.flags);
  return b;
}
