// nfnetlink framing shared by conntrack and nf_tables. Follows /usr/include/linux/netfilter/nfnetlink.h.

/** nfgenmsg.version of every message (NFNETLINK_V0). */
export const NFNETLINK_V0 = 0;

/** Subsystem ids: the high byte of nlmsg_type. */
export const Subsystem = {
  NONE: 0, // NFNL_SUBSYS_NONE
  CTNETLINK: 1, // NFNL_SUBSYS_CTNETLINK
  CTNETLINK_EXP: 2, // NFNL_SUBSYS_CTNETLINK_EXP
  QUEUE: 3, // NFNL_SUBSYS_QUEUE
  ULOG: 4, // NFNL_SUBSYS_ULOG
  OSF: 5, // NFNL_SUBSYS_OSF
  IPSET: 6, // NFNL_SUBSYS_IPSET
  ACCT: 7, // NFNL_SUBSYS_ACCT
  CTNETLINK_TIMEOUT: 8, // NFNL_SUBSYS_CTNETLINK_TIMEOUT
  CTHELPER: 9, // NFNL_SUBSYS_CTHELPER
  NFTABLES: 10, // NFNL_SUBSYS_NFTABLES
  NFT_COMPAT: 11, // NFNL_SUBSYS_NFT_COMPAT
  HOOK: 12, // NFNL_SUBSYS_HOOK
} as const;

/** Batch delimiters (message types below NLMSG_MIN_TYPE + subsystem 0). */
export const NFNL_MSG_BATCH_BEGIN = 0x10; // NLMSG_MIN_TYPE
/** Message type that ends a batch (NFNL_MSG_BATCH_END). */
export const NFNL_MSG_BATCH_END = 0x11; // NLMSG_MIN_TYPE + 1

/** Batch attributes (enum nfnl_batch_attributes). */
export const NFNL_BATCH_GENID = 1; // NFNL_BATCH_GENID

/** nfnetlink multicast groups (enum nfnetlink_groups). */
export const NfnlGroup = {
  CONNTRACK_NEW: 1, // NFNLGRP_CONNTRACK_NEW
  CONNTRACK_UPDATE: 2, // NFNLGRP_CONNTRACK_UPDATE
  CONNTRACK_DESTROY: 3, // NFNLGRP_CONNTRACK_DESTROY
  CONNTRACK_EXP_NEW: 4, // NFNLGRP_CONNTRACK_EXP_NEW
  CONNTRACK_EXP_UPDATE: 5, // NFNLGRP_CONNTRACK_EXP_UPDATE
  CONNTRACK_EXP_DESTROY: 6, // NFNLGRP_CONNTRACK_EXP_DESTROY
  NFTABLES: 7, // NFNLGRP_NFTABLES
  ACCT_QUOTA: 8, // NFNLGRP_ACCT_QUOTA
  NFTRACE: 9, // NFNLGRP_NFTRACE
} as const;

/** The nlmsg_type of a subsystem's message (NFNL_SUBSYS_ID << 8 | message). */
export const messageType = (subsystem: number, message: number): number => ((subsystem & 0xff) << 8) | (message & 0xff);
/** The subsystem of an nfnetlink message type. */
export const subsystemOf = (type: number): number => type >> 8;
/** The subsystem's message number of an nfnetlink message type. */
export const messageOf = (type: number): number => type & 0xff;
