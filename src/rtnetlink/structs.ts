// Fixed headers of rtnetlink messages, declared with buffer-layout (host byte order, little-endian hosts).
// Hot paths read and write at the offsets these layouts define (see src/netlink/structs.ts).
import * as BL from '@solana/buffer-layout';
import { NetlinkDecodeError } from '../netlink/index.js';

const off = <T>(layout: BL.Structure<T>, field: keyof T & string): number => {
  const o = layout.offsetOf(field);
  if (o === undefined) throw new Error(`layout has no field ${field}`);
  return o;
};

/** struct ifinfomsg (rtnetlink.h). */
export interface IfInfoMsg {
  family: number; // ifi_family
  pad: number; // __ifi_pad
  type: number; // ifi_type (ARPHRD_*)
  index: number; // ifi_index
  flags: number; // ifi_flags (IFF_*)
  change: number; // ifi_change
}
export const ifinfomsgLayout = BL.struct<IfInfoMsg>([BL.u8('family'), BL.u8('pad'), BL.u16('type'), BL.s32('index'), BL.u32('flags'), BL.u32('change')]);
const IFI = {
  family: off(ifinfomsgLayout, 'family'), type: off(ifinfomsgLayout, 'type'), index: off(ifinfomsgLayout, 'index'),
  flags: off(ifinfomsgLayout, 'flags'), change: off(ifinfomsgLayout, 'change'),
};
export const IFINFOMSG_SIZE = ifinfomsgLayout.span;

/** struct ifaddrmsg (if_addr.h). */
export interface IfAddrMsg {
  family: number; // ifa_family
  prefixLength: number; // ifa_prefixlen
  flags: number; // ifa_flags
  scope: number; // ifa_scope
  index: number; // ifa_index
}
export const ifaddrmsgLayout = BL.struct<IfAddrMsg>([BL.u8('family'), BL.u8('prefixLength'), BL.u8('flags'), BL.u8('scope'), BL.u32('index')]);
const IFA_O = {
  family: off(ifaddrmsgLayout, 'family'), prefixLength: off(ifaddrmsgLayout, 'prefixLength'), flags: off(ifaddrmsgLayout, 'flags'),
  scope: off(ifaddrmsgLayout, 'scope'), index: off(ifaddrmsgLayout, 'index'),
};
export const IFADDRMSG_SIZE = ifaddrmsgLayout.span;

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
export const rtmsgLayout = BL.struct<RtMsg>([
  BL.u8('family'), BL.u8('dstLength'), BL.u8('srcLength'), BL.u8('tos'), BL.u8('table'), BL.u8('protocol'), BL.u8('scope'), BL.u8('type'), BL.u32('flags'),
]);
const RTM_O = {
  family: off(rtmsgLayout, 'family'), dstLength: off(rtmsgLayout, 'dstLength'), srcLength: off(rtmsgLayout, 'srcLength'), tos: off(rtmsgLayout, 'tos'),
  table: off(rtmsgLayout, 'table'), protocol: off(rtmsgLayout, 'protocol'), scope: off(rtmsgLayout, 'scope'), type: off(rtmsgLayout, 'type'),
  flags: off(rtmsgLayout, 'flags'),
};
export const RTMSG_SIZE = rtmsgLayout.span;

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
export const fibRuleHdrLayout = BL.struct<FibRuleHdr>([
  BL.u8('family'), BL.u8('dstLength'), BL.u8('srcLength'), BL.u8('tos'), BL.u8('table'), BL.u8('res1'), BL.u8('res2'), BL.u8('action'), BL.u32('flags'),
]);
const FRH = {
  family: off(fibRuleHdrLayout, 'family'), dstLength: off(fibRuleHdrLayout, 'dstLength'), srcLength: off(fibRuleHdrLayout, 'srcLength'),
  tos: off(fibRuleHdrLayout, 'tos'), table: off(fibRuleHdrLayout, 'table'), action: off(fibRuleHdrLayout, 'action'), flags: off(fibRuleHdrLayout, 'flags'),
};
export const FIB_RULE_HDR_SIZE = fibRuleHdrLayout.span;

/** struct rtnexthop (rtnetlink.h), one element of RTA_MULTIPATH, followed by its own RTA_* attributes. */
export interface RtNextHop {
  length: number; // rtnh_len
  flags: number; // rtnh_flags
  hops: number; // rtnh_hops (weight - 1)
  index: number; // rtnh_ifindex
}
export const rtnexthopLayout = BL.struct<RtNextHop>([BL.u16('length'), BL.u8('flags'), BL.u8('hops'), BL.s32('index')]);
export const RTNEXTHOP_SIZE = rtnexthopLayout.span;

/** struct ifa_cacheinfo (if_addr.h). */
export interface IfaCacheInfo {
  preferred: number; // ifa_prefered
  valid: number; // ifa_valid
  created: number; // cstamp
  updated: number; // tstamp
}
export const ifaCacheInfoLayout = BL.struct<IfaCacheInfo>([BL.u32('preferred'), BL.u32('valid'), BL.u32('created'), BL.u32('updated')]);

/** struct fib_rule_uid_range / fib_rule_port_range (fib_rules.h). */
export const uidRangeLayout = BL.struct<{ start: number; end: number }>([BL.u32('start'), BL.u32('end')]);
export const portRangeLayout = BL.struct<{ start: number; end: number }>([BL.u16('start'), BL.u16('end')]);

/** struct rtnl_link_stats64 (if_link.h): the counters we name, in order; later fields stay in `unknown` order only. */
export const LINK_STATS64_FIELDS = [
  'rxPackets', 'txPackets', 'rxBytes', 'txBytes', 'rxErrors', 'txErrors', 'rxDropped', 'txDropped', 'multicast', 'collisions',
  'rxLengthErrors', 'rxOverErrors', 'rxCrcErrors', 'rxFrameErrors', 'rxFifoErrors', 'rxMissedErrors',
  'txAbortedErrors', 'txCarrierErrors', 'txFifoErrors', 'txHeartbeatErrors', 'txWindowErrors', 'rxCompressed', 'txCompressed', 'rxNohandler',
] as const;
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
  const b = Buffer.alloc(RTMSG_SIZE);
  b[RTM_O.family] = h.family ?? 0;
  b[RTM_O.dstLength] = h.dstLength ?? 0;
  b[RTM_O.srcLength] = h.srcLength ?? 0;
  b[RTM_O.tos] = h.tos ?? 0;
  b[RTM_O.table] = h.table ?? 0;
  b[RTM_O.protocol] = h.protocol ?? 0;
  b[RTM_O.scope] = h.scope ?? 0;
  b[RTM_O.type] = h.type ?? 0;
  b.writeUInt32LE((h.flags ?? 0) >>> 0, RTM_O.flags);
  return b;
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
