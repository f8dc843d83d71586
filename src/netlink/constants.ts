// Netlink core constants. Follows /usr/include/linux/netlink.h and /usr/include/linux/socket.h.

/** Netlink protocol numbers (third argument of socket(2)). */
export const NetlinkProtocol = {
  ROUTE: 0, // NETLINK_ROUTE
  SOCK_DIAG: 4, // NETLINK_SOCK_DIAG
  NETFILTER: 12, // NETLINK_NETFILTER
  GENERIC: 16, // NETLINK_GENERIC
} as const;

/** Control message types every family shares (below NLMSG_MIN_TYPE). */
export const MessageType = {
  NOOP: 0x1, // NLMSG_NOOP
  ERROR: 0x2, // NLMSG_ERROR
  DONE: 0x3, // NLMSG_DONE
  OVERRUN: 0x4, // NLMSG_OVERRUN
  MIN_TYPE: 0x10, // NLMSG_MIN_TYPE
} as const;

/** nlmsghdr.nlmsg_flags. */
export const Flags = {
  REQUEST: 0x01, // NLM_F_REQUEST
  MULTI: 0x02, // NLM_F_MULTI
  ACK: 0x04, // NLM_F_ACK
  ECHO: 0x08, // NLM_F_ECHO
  DUMP_INTR: 0x10, // NLM_F_DUMP_INTR
  DUMP_FILTERED: 0x20, // NLM_F_DUMP_FILTERED
  // GET requests
  ROOT: 0x100, // NLM_F_ROOT
  MATCH: 0x200, // NLM_F_MATCH
  ATOMIC: 0x400, // NLM_F_ATOMIC
  DUMP: 0x300, // NLM_F_DUMP (ROOT|MATCH)
  // NEW requests
  REPLACE: 0x100, // NLM_F_REPLACE
  EXCL: 0x200, // NLM_F_EXCL
  CREATE: 0x400, // NLM_F_CREATE
  APPEND: 0x800, // NLM_F_APPEND
  // DELETE requests
  NONREC: 0x100, // NLM_F_NONREC
  BULK: 0x200, // NLM_F_BULK
  // ACK flags
  CAPPED: 0x100, // NLM_F_CAPPED
  ACK_TLVS: 0x200, // NLM_F_ACK_TLVS
} as const;

/** Extended ACK attributes appended to NLMSG_ERROR (enum nlmsgerr_attrs). */
export const ExtAckAttr = {
  MSG: 1, // NLMSGERR_ATTR_MSG
  OFFS: 2, // NLMSGERR_ATTR_OFFS
  COOKIE: 3, // NLMSGERR_ATTR_COOKIE
  POLICY: 4, // NLMSGERR_ATTR_POLICY
  MISS_TYPE: 5, // NLMSGERR_ATTR_MISS_TYPE
  MISS_NEST: 6, // NLMSGERR_ATTR_MISS_NEST
} as const;

/** Attribute header flag bits (struct nlattr.nla_type). */
export const NLA_F_NESTED = 1 << 15;
/** Attribute header flag: the value is in network byte order. */
export const NLA_F_NET_BYTEORDER = 1 << 14;
/** Mask of the attribute type bits (without NLA_F_NESTED and NLA_F_NET_BYTEORDER). */
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
/**
 * Deepest attribute nesting the decoders follow. The kernel's own policies nest a few levels
 * (MAX_POLICY_RECURSION_DEPTH is 10 in lib/nlattr.c); deeper input is refused as malformed instead of
 * recursing until the stack runs out.
 */
export const MAX_NEST_DEPTH = 64;

/** sizeof(struct nlmsghdr). */
export const NLMSG_HDRLEN = 16;
/** sizeof(struct nlattr). */
export const NLA_HDRLEN = 4;
export const NLMSG_ALIGNTO = 4;

/** Socket options at level SOL_NETLINK (270). */
export const SOL_NETLINK = 270;
export const NetlinkSockOpt = {
  ADD_MEMBERSHIP: 1, // NETLINK_ADD_MEMBERSHIP
  DROP_MEMBERSHIP: 2, // NETLINK_DROP_MEMBERSHIP
  PKTINFO: 3, // NETLINK_PKTINFO
  BROADCAST_ERROR: 4, // NETLINK_BROADCAST_ERROR
  NO_ENOBUFS: 5, // NETLINK_NO_ENOBUFS
  LISTEN_ALL_NSID: 8, // NETLINK_LISTEN_ALL_NSID
  CAP_ACK: 10, // NETLINK_CAP_ACK
  EXT_ACK: 11, // NETLINK_EXT_ACK
  GET_STRICT_CHK: 12, // NETLINK_GET_STRICT_CHK
} as const;

/** Generic socket level options (asm-generic/socket.h). */
export const SOL_SOCKET = 1;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_SNDBUFFORCE = 32;
export const SO_RCVBUFFORCE = 33;

export const AF_NETLINK = 16;
/** Address family IPv4 (linux/socket.h). */
export const AF_INET = 2;
/** Address family IPv6 (linux/socket.h). */
export const AF_INET6 = 10;
/** No address family (linux/socket.h). */
export const AF_UNSPEC = 0;
export const SOCK_RAW = 3;
export const SOCK_CLOEXEC = 0o2000000;
export const SOCK_NONBLOCK = 0o4000;
export const MSG_DONTWAIT = 0x40;
export const MSG_TRUNC = 0x20;
export const MSG_PEEK = 0x02;

export const alignTo4 = (n: number): number => (n + 3) & ~3;

// Byte offsets of the fixed kernel structs that hot paths read, as plain numbers, so that framing a message
// or opening a socket needs no layout library at start-up. The buffer-layout declarations in test/helpers/layouts.ts
// remain the reference: test/netlink-fastpath.test.ts checks these numbers against them.

/** struct nlmsghdr (linux/netlink.h): field offsets. */
export const NLMSGHDR_FIELDS = { len: 0, type: 4, flags: 6, seq: 8, pid: 12 } as const;

/** struct sockaddr_nl (linux/netlink.h): nl_family u16, nl_pad u16, nl_pid u32, nl_groups u32. */
export const SOCKADDR_NL = { size: 12, family: 0, pad: 2, pid: 4, groups: 8 } as const;
