// Fixed headers of rtnetlink messages, each declared once as a layout (src/netlink/schema/layout.ts): the
// offsets, sizes, readers and writers below all come from those declarations. test/helpers/layouts.ts
// declares the same structs with buffer-layout as an independent check.
import { layout } from '../netlink/schema/layout.js';

/** struct ifinfomsg (rtnetlink.h). */
export const IFINFOMSG = layout('struct ifinfomsg', [
  ['family', 'u8', 'ifi_family'], ['pad', 'pad8', '__ifi_pad'], ['type', 'u16', 'ifi_type'], ['index', 's32', 'ifi_index'],
  ['flags', 'u32', 'ifi_flags'], ['change', 'u32', 'ifi_change'],
]);
/** struct ifaddrmsg (if_addr.h). */
export const IFADDRMSG = layout('struct ifaddrmsg', [
  ['family', 'u8', 'ifa_family'], ['prefixLength', 'u8', 'ifa_prefixlen'], ['flags', 'u8', 'ifa_flags'], ['scope', 'u8', 'ifa_scope'], ['index', 'u32', 'ifa_index'],
]);
/** struct rtmsg (rtnetlink.h). */
export const RTMSG = layout('struct rtmsg', [
  ['family', 'u8', 'rtm_family'], ['dstLength', 'u8', 'rtm_dst_len'], ['srcLength', 'u8', 'rtm_src_len'], ['tos', 'u8', 'rtm_tos'],
  ['table', 'u8', 'rtm_table'], ['protocol', 'u8', 'rtm_protocol'], ['scope', 'u8', 'rtm_scope'], ['type', 'u8', 'rtm_type'], ['flags', 'u32', 'rtm_flags'],
]);
/** struct fib_rule_hdr (fib_rules.h). */
export const FIB_RULE_HDR = layout('struct fib_rule_hdr', [
  ['family', 'u8', 'family'], ['dstLength', 'u8', 'dst_len'], ['srcLength', 'u8', 'src_len'], ['tos', 'u8', 'tos'], ['table', 'u8', 'table'],
  ['res1', 'pad8', 'res1'], ['res2', 'pad8', 'res2'], ['action', 'u8', 'action'], ['flags', 'u32', 'flags'],
]);
/** struct ndmsg (neighbour.h). */
export const NDMSG = layout('struct ndmsg', [
  ['family', 'u8', 'ndm_family'], ['pad1', 'pad8', 'ndm_pad1'], ['pad2', 'pad16', 'ndm_pad2'], ['index', 's32', 'ndm_ifindex'],
  ['state', 'u16', 'ndm_state'], ['flags', 'u8', 'ndm_flags'], ['type', 'u8', 'ndm_type'],
]);
/** struct nhmsg (nexthop.h). */
export const NHMSG = layout('struct nhmsg', [
  ['family', 'u8', 'nh_family'], ['scope', 'u8', 'nh_scope'], ['protocol', 'u8', 'nh_protocol'], ['resvd', 'pad8', 'resvd'], ['flags', 'u32', 'nh_flags'],
]);
/** struct rtnexthop (rtnetlink.h), one element of RTA_MULTIPATH, followed by its own RTA_* attributes. */
export const RTNEXTHOP = layout('struct rtnexthop', [
  ['length', 'u16', 'rtnh_len'], ['flags', 'u8', 'rtnh_flags'], ['hops', 'u8', 'rtnh_hops'], ['index', 's32', 'rtnh_ifindex'],
]);
/** struct ifa_cacheinfo (if_addr.h). */
export const IFA_CACHEINFO = layout('struct ifa_cacheinfo', [
  ['preferred', 'u32', 'ifa_prefered'], ['valid', 'u32', 'ifa_valid'], ['created', 'u32', 'cstamp'], ['updated', 'u32', 'tstamp'],
]);
/** struct nda_cacheinfo (neighbour.h). */
export const NDA_CACHEINFO = layout('struct nda_cacheinfo', [
  ['confirmed', 'u32', 'ndm_confirmed'], ['used', 'u32', 'ndm_used'], ['updated', 'u32', 'ndm_updated'], ['refcnt', 'u32', 'ndm_refcnt'],
]);

/** struct ifinfomsg (rtnetlink.h). */
export interface IfInfoMsg {
  family: number; // ifi_family
  pad: number; // __ifi_pad
  type: number; // ifi_type (ARPHRD_*)
  index: number; // ifi_index
  flags: number; // ifi_flags (IFF_*)
  change: number; // ifi_change
}
export const IFINFOMSG_OFFSETS = IFINFOMSG.offsets;
export const IFINFOMSG_SIZE = IFINFOMSG.size;

/** struct ifaddrmsg (if_addr.h). */
export interface IfAddrMsg {
  family: number; // ifa_family
  prefixLength: number; // ifa_prefixlen
  flags: number; // ifa_flags
  scope: number; // ifa_scope
  index: number; // ifa_index
}
export const IFADDRMSG_OFFSETS = IFADDRMSG.offsets;
export const IFADDRMSG_SIZE = IFADDRMSG.size;

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
export const RTMSG_OFFSETS = RTMSG.offsets;
export const RTMSG_SIZE = RTMSG.size;

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
export const FIB_RULE_HDR_OFFSETS = FIB_RULE_HDR.offsets;
export const FIB_RULE_HDR_SIZE = FIB_RULE_HDR.size;

/** struct rtnexthop (rtnetlink.h), one element of RTA_MULTIPATH, followed by its own RTA_* attributes. */
export interface RtNextHop {
  length: number; // rtnh_len
  flags: number; // rtnh_flags
  hops: number; // rtnh_hops (weight - 1)
  index: number; // rtnh_ifindex
}
export const RTNEXTHOP_SIZE = RTNEXTHOP.size;

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

export function readIfInfoMsg(p: Buffer): IfInfoMsg {
  return { ...IFINFOMSG.read(p), pad: 0 };
}
export function writeIfInfoMsg(h: Partial<IfInfoMsg>): Buffer {
  return IFINFOMSG.write(h);
}

export function readIfAddrMsg(p: Buffer): IfAddrMsg {
  return IFADDRMSG.read(p);
}
export function writeIfAddrMsg(h: Partial<IfAddrMsg>): Buffer {
  return IFADDRMSG.write(h);
}

export function readRtMsg(p: Buffer): RtMsg {
  return RTMSG.read(p);
}
export function writeRtMsg(h: Partial<RtMsg>): Buffer {
  return RTMSG.write(h);
}
/** writeRtMsg into an existing buffer at `at`. */
export function writeRtMsgInto(b: Buffer, at: number, h: Partial<RtMsg>): void {
  RTMSG.writeInto(b, at, h);
}

export function readFibRuleHdr(p: Buffer): FibRuleHdr {
  return { ...FIB_RULE_HDR.read(p), res1: 0, res2: 0 };
}
export function writeFibRuleHdr(h: Partial<FibRuleHdr>): Buffer {
  return FIB_RULE_HDR.write(h);
}

/** struct ndmsg (neighbour.h). */
export interface NdMsg {
  family: number; // ndm_family
  index: number; // ndm_ifindex
  state: number; // ndm_state (NUD_*)
  flags: number; // ndm_flags (NTF_*)
  type: number; // ndm_type
}
export const NDMSG_OFFSETS = NDMSG.offsets;
export const NDMSG_SIZE = NDMSG.size;

export function readNdMsg(p: Buffer): NdMsg {
  return NDMSG.read(p);
}
export function writeNdMsg(h: Partial<NdMsg>): Buffer {
  return NDMSG.write(h);
}

/** struct nhmsg (nexthop.h). */
export interface NhMsg {
  family: number; // nh_family
  scope: number; // nh_scope (returned only)
  protocol: number; // nh_protocol
  flags: number; // nh_flags (RTNH_F_*)
}
export const NHMSG_OFFSETS = NHMSG.offsets;
export const NHMSG_SIZE = NHMSG.size;

export function readNhMsg(p: Buffer): NhMsg {
  return NHMSG.read(p);
}
export function writeNhMsg(h: Partial<NhMsg>): Buffer {
  return NHMSG.write(h);
}
