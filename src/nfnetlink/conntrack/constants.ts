// ctnetlink constants. Follows /usr/include/linux/netfilter/nfnetlink_conntrack.h,
// nf_conntrack_common.h, nf_conntrack_tcp.h, nf_conntrack_sctp.h and nfnetlink_compat/nfnetlink.h.
// Kernel names are kept in comments next to the TypeScript names.
import type { CpuCounterName } from './stats.js';

/** enum cntl_msg_types (subsystem NFNL_SUBSYS_CTNETLINK). */
export const CtMsg = {
  NEW: 0, // IPCTNL_MSG_CT_NEW
  GET: 1, // IPCTNL_MSG_CT_GET
  DELETE: 2, // IPCTNL_MSG_CT_DELETE
  GET_CTRZERO: 3, // IPCTNL_MSG_CT_GET_CTRZERO
  GET_STATS_CPU: 4, // IPCTNL_MSG_CT_GET_STATS_CPU
  GET_STATS: 5, // IPCTNL_MSG_CT_GET_STATS
  GET_DYING: 6, // IPCTNL_MSG_CT_GET_DYING
  GET_UNCONFIRMED: 7, // IPCTNL_MSG_CT_GET_UNCONFIRMED
} as const;

/** enum ctnl_exp_msg_types (subsystem NFNL_SUBSYS_CTNETLINK_EXP). */
export const ExpMsg = {
  NEW: 0, // IPCTNL_MSG_EXP_NEW
  GET: 1, // IPCTNL_MSG_EXP_GET
  DELETE: 2, // IPCTNL_MSG_EXP_DELETE
  GET_STATS_CPU: 3, // IPCTNL_MSG_EXP_GET_STATS_CPU
} as const;

/** enum ctattr_type. */
export const CTA = {
  TUPLE_ORIG: 1, // CTA_TUPLE_ORIG
  TUPLE_REPLY: 2, // CTA_TUPLE_REPLY
  STATUS: 3, // CTA_STATUS
  PROTOINFO: 4, // CTA_PROTOINFO
  HELP: 5, // CTA_HELP
  NAT_SRC: 6, // CTA_NAT_SRC
  TIMEOUT: 7, // CTA_TIMEOUT
  MARK: 8, // CTA_MARK
  COUNTERS_ORIG: 9, // CTA_COUNTERS_ORIG
  COUNTERS_REPLY: 10, // CTA_COUNTERS_REPLY
  USE: 11, // CTA_USE
  ID: 12, // CTA_ID
  NAT_DST: 13, // CTA_NAT_DST
  TUPLE_MASTER: 14, // CTA_TUPLE_MASTER
  SEQ_ADJ_ORIG: 15, // CTA_SEQ_ADJ_ORIG
  SEQ_ADJ_REPLY: 16, // CTA_SEQ_ADJ_REPLY
  SECMARK: 17, // CTA_SECMARK (obsolete)
  ZONE: 18, // CTA_ZONE
  SECCTX: 19, // CTA_SECCTX
  TIMESTAMP: 20, // CTA_TIMESTAMP
  MARK_MASK: 21, // CTA_MARK_MASK
  LABELS: 22, // CTA_LABELS
  LABELS_MASK: 23, // CTA_LABELS_MASK
  SYNPROXY: 24, // CTA_SYNPROXY
  FILTER: 25, // CTA_FILTER
  STATUS_MASK: 26, // CTA_STATUS_MASK
  TIMESTAMP_EVENT: 27, // CTA_TIMESTAMP_EVENT
} as const;

/** enum ctattr_tuple. */
export const CTA_TUPLE = {
  IP: 1, // CTA_TUPLE_IP
  PROTO: 2, // CTA_TUPLE_PROTO
  ZONE: 3, // CTA_TUPLE_ZONE
} as const;

/** enum ctattr_ip. */
export const CTA_IP = {
  V4_SRC: 1, // CTA_IP_V4_SRC
  V4_DST: 2, // CTA_IP_V4_DST
  V6_SRC: 3, // CTA_IP_V6_SRC
  V6_DST: 4, // CTA_IP_V6_DST
} as const;

/** enum ctattr_l4proto. */
export const CTA_PROTO = {
  NUM: 1, // CTA_PROTO_NUM
  SRC_PORT: 2, // CTA_PROTO_SRC_PORT
  DST_PORT: 3, // CTA_PROTO_DST_PORT
  ICMP_ID: 4, // CTA_PROTO_ICMP_ID
  ICMP_TYPE: 5, // CTA_PROTO_ICMP_TYPE
  ICMP_CODE: 6, // CTA_PROTO_ICMP_CODE
  ICMPV6_ID: 7, // CTA_PROTO_ICMPV6_ID
  ICMPV6_TYPE: 8, // CTA_PROTO_ICMPV6_TYPE
  ICMPV6_CODE: 9, // CTA_PROTO_ICMPV6_CODE
} as const;

/** enum ctattr_protoinfo. */
export const CTA_PROTOINFO = {
  TCP: 1, // CTA_PROTOINFO_TCP
  DCCP: 2, // CTA_PROTOINFO_DCCP
  SCTP: 3, // CTA_PROTOINFO_SCTP
} as const;

/** enum ctattr_protoinfo_tcp. */
export const CTA_PROTOINFO_TCP = {
  STATE: 1, // CTA_PROTOINFO_TCP_STATE
  WSCALE_ORIGINAL: 2, // CTA_PROTOINFO_TCP_WSCALE_ORIGINAL
  WSCALE_REPLY: 3, // CTA_PROTOINFO_TCP_WSCALE_REPLY
  FLAGS_ORIGINAL: 4, // CTA_PROTOINFO_TCP_FLAGS_ORIGINAL (struct nf_ct_tcp_flags)
  FLAGS_REPLY: 5, // CTA_PROTOINFO_TCP_FLAGS_REPLY
} as const;

/** enum ctattr_protoinfo_dccp. */
export const CTA_PROTOINFO_DCCP = {
  STATE: 1, // CTA_PROTOINFO_DCCP_STATE
  ROLE: 2, // CTA_PROTOINFO_DCCP_ROLE
  HANDSHAKE_SEQ: 3, // CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ
} as const;

/** enum ctattr_protoinfo_sctp. */
export const CTA_PROTOINFO_SCTP = {
  STATE: 1, // CTA_PROTOINFO_SCTP_STATE
  VTAG_ORIGINAL: 2, // CTA_PROTOINFO_SCTP_VTAG_ORIGINAL
  VTAG_REPLY: 3, // CTA_PROTOINFO_SCTP_VTAG_REPLY
} as const;

/** enum ctattr_counters. */
export const CTA_COUNTERS = {
  PACKETS: 1, // CTA_COUNTERS_PACKETS
  BYTES: 2, // CTA_COUNTERS_BYTES
  PACKETS32: 3, // CTA_COUNTERS32_PACKETS
  BYTES32: 4, // CTA_COUNTERS32_BYTES
} as const;

/** enum ctattr_tstamp. */
export const CTA_TIMESTAMP = {
  START: 1, // CTA_TIMESTAMP_START
  STOP: 2, // CTA_TIMESTAMP_STOP
} as const;

/** enum ctattr_nat. */
export const CTA_NAT = {
  V4_MINIP: 1, // CTA_NAT_V4_MINIP
  V4_MAXIP: 2, // CTA_NAT_V4_MAXIP
  PROTO: 3, // CTA_NAT_PROTO
  V6_MINIP: 4, // CTA_NAT_V6_MINIP
  V6_MAXIP: 5, // CTA_NAT_V6_MAXIP
} as const;

/** enum ctattr_protonat. */
export const CTA_PROTONAT = {
  PORT_MIN: 1, // CTA_PROTONAT_PORT_MIN
  PORT_MAX: 2, // CTA_PROTONAT_PORT_MAX
} as const;

/** enum ctattr_seqadj. */
export const CTA_SEQADJ = {
  CORRECTION_POS: 1, // CTA_SEQADJ_CORRECTION_POS
  OFFSET_BEFORE: 2, // CTA_SEQADJ_OFFSET_BEFORE
  OFFSET_AFTER: 3, // CTA_SEQADJ_OFFSET_AFTER
} as const;

/** enum ctattr_synproxy. */
export const CTA_SYNPROXY = {
  ISN: 1, // CTA_SYNPROXY_ISN
  ITS: 2, // CTA_SYNPROXY_ITS
  TSOFF: 3, // CTA_SYNPROXY_TSOFF
} as const;

/** enum ctattr_help. */
export const CTA_HELP = {
  NAME: 1, // CTA_HELP_NAME
  INFO: 2, // CTA_HELP_INFO
} as const;

/** enum ctattr_secctx. */
export const CTA_SECCTX = { NAME: 1 } as const; // CTA_SECCTX_NAME

/** enum ctattr_filter. */
export const CTA_FILTER = {
  ORIG_FLAGS: 1, // CTA_FILTER_ORIG_FLAGS
  REPLY_FLAGS: 2, // CTA_FILTER_REPLY_FLAGS
} as const;

/**
 * Bits of CTA_FILTER_ORIG_FLAGS / CTA_FILTER_REPLY_FLAGS. Not in the UAPI header; these are the values
 * net/netfilter/nf_conntrack_netlink.c defines (CTA_FILTER_FLAG(...) = 1 << n), part of the kernel ABI.
 */
export const FilterFlag = {
  IP_SRC: 1 << 0, // CTA_FILTER_FLAG(CTA_IP_SRC)
  IP_DST: 1 << 1, // CTA_FILTER_FLAG(CTA_IP_DST)
  TUPLE_ZONE: 1 << 2, // CTA_FILTER_FLAG(CTA_TUPLE_ZONE)
  PROTO_NUM: 1 << 3, // CTA_FILTER_FLAG(CTA_PROTO_NUM)
  PROTO_SRC_PORT: 1 << 4, // CTA_FILTER_FLAG(CTA_PROTO_SRC_PORT)
  PROTO_DST_PORT: 1 << 5, // CTA_FILTER_FLAG(CTA_PROTO_DST_PORT)
  ICMP_TYPE: 1 << 6, // CTA_FILTER_FLAG(CTA_PROTO_ICMP_TYPE)
  ICMP_CODE: 1 << 7, // CTA_FILTER_FLAG(CTA_PROTO_ICMP_CODE)
  ICMP_ID: 1 << 8, // CTA_FILTER_FLAG(CTA_PROTO_ICMP_ID)
  ICMPV6_TYPE: 1 << 9, // CTA_FILTER_FLAG(CTA_PROTO_ICMPV6_TYPE)
  ICMPV6_CODE: 1 << 10, // CTA_FILTER_FLAG(CTA_PROTO_ICMPV6_CODE)
  ICMPV6_ID: 1 << 11, // CTA_FILTER_FLAG(CTA_PROTO_ICMPV6_ID)
} as const;

/** enum ctattr_stats_cpu. */
export const CTA_STATS = {
  SEARCHED: 1, // CTA_STATS_SEARCHED
  FOUND: 2, // CTA_STATS_FOUND
  NEW: 3, // CTA_STATS_NEW
  INVALID: 4, // CTA_STATS_INVALID
  IGNORE: 5, // CTA_STATS_IGNORE
  DELETE: 6, // CTA_STATS_DELETE
  DELETE_LIST: 7, // CTA_STATS_DELETE_LIST
  INSERT: 8, // CTA_STATS_INSERT
  INSERT_FAILED: 9, // CTA_STATS_INSERT_FAILED
  DROP: 10, // CTA_STATS_DROP
  EARLY_DROP: 11, // CTA_STATS_EARLY_DROP
  ERROR: 12, // CTA_STATS_ERROR
  SEARCH_RESTART: 13, // CTA_STATS_SEARCH_RESTART
  CLASH_RESOLVE: 14, // CTA_STATS_CLASH_RESOLVE
  CHAIN_TOOLONG: 15, // CTA_STATS_CHAIN_TOOLONG
} as const;

/** Attribute type -> field, in attribute order (the order conntrack -S prints them). */
export const CPU_STAT_FIELDS: ReadonlyArray<readonly [number, CpuCounterName, string]> = [
  [CTA_STATS.SEARCHED, 'searched', 'searched'],
  [CTA_STATS.FOUND, 'found', 'found'],
  [CTA_STATS.NEW, 'new', 'new'],
  [CTA_STATS.INVALID, 'invalid', 'invalid'],
  [CTA_STATS.IGNORE, 'ignore', 'ignore'],
  [CTA_STATS.DELETE, 'delete', 'delete'],
  [CTA_STATS.DELETE_LIST, 'deleteList', 'delete_list'],
  [CTA_STATS.INSERT, 'insert', 'insert'],
  [CTA_STATS.INSERT_FAILED, 'insertFailed', 'insert_failed'],
  [CTA_STATS.DROP, 'drop', 'drop'],
  [CTA_STATS.EARLY_DROP, 'earlyDrop', 'early_drop'],
  [CTA_STATS.ERROR, 'error', 'error'],
  [CTA_STATS.SEARCH_RESTART, 'searchRestart', 'search_restart'],
  [CTA_STATS.CLASH_RESOLVE, 'clashResolve', 'clash_resolve'],
  [CTA_STATS.CHAIN_TOOLONG, 'chainTooLong', 'chaintoolong'],
];

/** enum ctattr_stats_global. */
export const CTA_STATS_GLOBAL = {
  ENTRIES: 1, // CTA_STATS_GLOBAL_ENTRIES
  MAX_ENTRIES: 2, // CTA_STATS_GLOBAL_MAX_ENTRIES
} as const;

/** enum ctattr_expect. */
export const CTA_EXPECT = {
  MASTER: 1, // CTA_EXPECT_MASTER
  TUPLE: 2, // CTA_EXPECT_TUPLE
  MASK: 3, // CTA_EXPECT_MASK
  TIMEOUT: 4, // CTA_EXPECT_TIMEOUT
  ID: 5, // CTA_EXPECT_ID
  HELP_NAME: 6, // CTA_EXPECT_HELP_NAME
  ZONE: 7, // CTA_EXPECT_ZONE
  FLAGS: 8, // CTA_EXPECT_FLAGS
  CLASS: 9, // CTA_EXPECT_CLASS
  NAT: 10, // CTA_EXPECT_NAT
  FN: 11, // CTA_EXPECT_FN
} as const;

/** enum ctattr_expect_nat. */
export const CTA_EXPECT_NAT = {
  DIR: 1, // CTA_EXPECT_NAT_DIR
  TUPLE: 2, // CTA_EXPECT_NAT_TUPLE
} as const;

/** enum ctattr_expect_stats. */
export const CTA_STATS_EXP = {
  NEW: 1, // CTA_STATS_EXP_NEW
  CREATE: 2, // CTA_STATS_EXP_CREATE
  DELETE: 3, // CTA_STATS_EXP_DELETE
} as const;

/** enum ip_conntrack_status (nf_conntrack_common.h), by name. */
export const Status = {
  EXPECTED: 1 << 0, // IPS_EXPECTED
  SEEN_REPLY: 1 << 1, // IPS_SEEN_REPLY
  ASSURED: 1 << 2, // IPS_ASSURED
  CONFIRMED: 1 << 3, // IPS_CONFIRMED
  SRC_NAT: 1 << 4, // IPS_SRC_NAT
  DST_NAT: 1 << 5, // IPS_DST_NAT
  SEQ_ADJUST: 1 << 6, // IPS_SEQ_ADJUST
  SRC_NAT_DONE: 1 << 7, // IPS_SRC_NAT_DONE
  DST_NAT_DONE: 1 << 8, // IPS_DST_NAT_DONE
  DYING: 1 << 9, // IPS_DYING
  FIXED_TIMEOUT: 1 << 10, // IPS_FIXED_TIMEOUT
  TEMPLATE: 1 << 11, // IPS_TEMPLATE
  UNTRACKED: 1 << 12, // IPS_UNTRACKED
  HELPER: 1 << 13, // IPS_HELPER
  OFFLOAD: 1 << 14, // IPS_OFFLOAD
  HW_OFFLOAD: 1 << 15, // IPS_HW_OFFLOAD
} as const;
/** A status bit name (IPS_*), such as 'ASSURED'. */
export type StatusName = keyof typeof Status;

/** Bits user space may not change (IPS_UNCHANGEABLE_MASK). */
export const STATUS_UNCHANGEABLE = Status.SRC_NAT_DONE | Status.DST_NAT_DONE | Status.SRC_NAT | Status.DST_NAT
  | Status.EXPECTED | Status.CONFIRMED | Status.DYING | Status.SEQ_ADJUST | Status.TEMPLATE | Status.UNTRACKED
  | Status.OFFLOAD | Status.HW_OFFLOAD;

/** Status bits as names, lowest bit first; unknown bits as 'BIT_n'. */
export function statusNames(status: number): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    if (!(status & (1 << bit))) continue;
    const name = Object.entries(Status).find(([, v]) => v === 1 << bit)?.[0];
    out.push(name ?? `BIT_${bit}`);
  }
  return out;
}

/** enum tcp_conntrack (nf_conntrack_tcp.h). Index = value. */
export const TCP_STATES = [
  'NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2',
] as const;
/** A TCP conntrack state name as conntrack(8) prints it, such as 'ESTABLISHED'. */
export type TcpState = (typeof TCP_STATES)[number];

/** enum sctp_conntrack (nf_conntrack_sctp.h). */
export const SCTP_STATES = [
  'NONE', 'CLOSED', 'COOKIE_WAIT', 'COOKIE_ECHOED', 'ESTABLISHED', 'SHUTDOWN_SENT', 'SHUTDOWN_RECD',
  'SHUTDOWN_ACK_SENT', 'HEARTBEAT_SENT', 'HEARTBEAT_ACKED',
] as const;

/** enum ct_dccp_states (linux/netfilter/nf_conntrack_dccp.h would have them; DCCP_CONNTRACK_*). */
export const DCCP_STATES = [
  'NONE', 'REQUEST', 'RESPOND', 'PARTOPEN', 'OPEN', 'CLOSEREQ', 'CLOSING', 'TIMEWAIT', 'IGNORE', 'INVALID',
] as const;

/** struct nf_ct_tcp_flags bits (IP_CT_TCP_FLAG_*). */
export const TcpFlag = {
  WINDOW_SCALE: 0x01, // IP_CT_TCP_FLAG_WINDOW_SCALE
  SACK_PERM: 0x02, // IP_CT_TCP_FLAG_SACK_PERM
  CLOSE_INIT: 0x04, // IP_CT_TCP_FLAG_CLOSE_INIT
  BE_LIBERAL: 0x08, // IP_CT_TCP_FLAG_BE_LIBERAL
  DATA_UNACKNOWLEDGED: 0x10, // IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED
  MAXACK_SET: 0x20, // IP_CT_TCP_FLAG_MAXACK_SET
  CHALLENGE_ACK: 0x40, // IP_CT_EXP_CHALLENGE_ACK
  SIMULTANEOUS_OPEN: 0x80, // IP_CT_TCP_SIMULTANEOUS_OPEN
} as const;

// IP protocol numbers (IPPROTO_*): the one table is src/netlink/ip-protocols.ts.
export { IPPROTO } from '../../netlink/ip-protocols.js';

/** Event multicast groups (enum nfnetlink_groups) for conntrack. */
export const CtGroup = {
  NEW: 1, // NFNLGRP_CONNTRACK_NEW
  UPDATE: 2, // NFNLGRP_CONNTRACK_UPDATE
  DESTROY: 3, // NFNLGRP_CONNTRACK_DESTROY
  EXP_NEW: 4, // NFNLGRP_CONNTRACK_EXP_NEW
  EXP_UPDATE: 5, // NFNLGRP_CONNTRACK_EXP_UPDATE
  EXP_DESTROY: 6, // NFNLGRP_CONNTRACK_EXP_DESTROY
} as const;

/** Zones are u16 (struct nf_conntrack_zone.id). */
export const ZONE_MAX = 0xffff;
