// rtnetlink constants. Follows /usr/include/linux/rtnetlink.h, if_link.h, if_addr.h, fib_rules.h, veth.h,
// if_arp.h and if.h (kernel 6.x uapi). Kernel names are in the comments.

/** Message types (enum in rtnetlink.h, RTM_BASE = 16). */
export const RTM = {
  NEWLINK: 16, // RTM_NEWLINK
  DELLINK: 17, // RTM_DELLINK
  GETLINK: 18, // RTM_GETLINK
  SETLINK: 19, // RTM_SETLINK
  NEWADDR: 20, // RTM_NEWADDR
  DELADDR: 21, // RTM_DELADDR
  GETADDR: 22, // RTM_GETADDR
  NEWROUTE: 24, // RTM_NEWROUTE
  DELROUTE: 25, // RTM_DELROUTE
  GETROUTE: 26, // RTM_GETROUTE
  NEWNEIGH: 28, // RTM_NEWNEIGH
  DELNEIGH: 29, // RTM_DELNEIGH
  GETNEIGH: 30, // RTM_GETNEIGH
  NEWRULE: 32, // RTM_NEWRULE
  DELRULE: 33, // RTM_DELRULE
  GETRULE: 34, // RTM_GETRULE
  NEWNSID: 88, // RTM_NEWNSID
  DELNSID: 89, // RTM_DELNSID
  GETNSID: 90, // RTM_GETNSID
  NEWNEXTHOP: 104, // RTM_NEWNEXTHOP
  DELNEXTHOP: 105, // RTM_DELNEXTHOP
  GETNEXTHOP: 106, // RTM_GETNEXTHOP
} as const;

/** struct nhmsg attributes (enum in linux/nexthop.h). */
export const NHA = {
  ID: 1, // NHA_ID (u32; 0 asks the kernel to pick one)
  GROUP: 2, // NHA_GROUP (array of struct nexthop_grp)
  GROUP_TYPE: 3, // NHA_GROUP_TYPE (u16, NEXTHOP_GRP_TYPE_*)
  BLACKHOLE: 4, // NHA_BLACKHOLE (flag)
  OIF: 5, // NHA_OIF
  GATEWAY: 6, // NHA_GATEWAY
  ENCAP_TYPE: 7, // NHA_ENCAP_TYPE
  ENCAP: 8, // NHA_ENCAP
  GROUPS: 9, // NHA_GROUPS (flag: dump groups only)
  MASTER: 10, // NHA_MASTER (dump filter)
  FDB: 11, // NHA_FDB (flag)
  RES_GROUP: 12, // NHA_RES_GROUP (nested)
  RES_BUCKET: 13, // NHA_RES_BUCKET (nested)
} as const;

/** NHA_RES_GROUP members (enum in linux/nexthop.h). */
export const NHA_RES_GROUP = {
  BUCKETS: 1, // NHA_RES_GROUP_BUCKETS (u16)
  IDLE_TIMER: 2, // NHA_RES_GROUP_IDLE_TIMER (clock_t as u32)
  UNBALANCED_TIMER: 3, // NHA_RES_GROUP_UNBALANCED_TIMER (clock_t as u32)
  UNBALANCED_TIME: 4, // NHA_RES_GROUP_UNBALANCED_TIME (clock_t as u64)
} as const;
export const NEXTHOP_GRP_TYPE_MPATH = 0; // NEXTHOP_GRP_TYPE_MPATH
export const NEXTHOP_GRP_TYPE_RES = 1; // NEXTHOP_GRP_TYPE_RES

/** struct ndmsg attributes (enum in linux/neighbour.h). */
export const NDA = {
  DST: 1, // NDA_DST
  LLADDR: 2, // NDA_LLADDR
  CACHEINFO: 3, // NDA_CACHEINFO (struct nda_cacheinfo)
  PROBES: 4, // NDA_PROBES
  VLAN: 5, // NDA_VLAN
  PORT: 6, // NDA_PORT
  VNI: 7, // NDA_VNI
  IFINDEX: 8, // NDA_IFINDEX (dump filter)
  MASTER: 9, // NDA_MASTER (dump filter)
  LINK_NETNSID: 10, // NDA_LINK_NETNSID
  SRC_VNI: 11, // NDA_SRC_VNI
  PROTOCOL: 12, // NDA_PROTOCOL
  NH_ID: 13, // NDA_NH_ID
  FDB_EXT_ATTRS: 14, // NDA_FDB_EXT_ATTRS
  FLAGS_EXT: 15, // NDA_FLAGS_EXT
} as const;

/** ndm_state (NUD_*), by the names ip prints, in ip's order. NUD_NONE is 0. */
export const NUD: ReadonlyArray<readonly [number, string]> = [
  [0x01, 'INCOMPLETE'], // NUD_INCOMPLETE
  [0x02, 'REACHABLE'], // NUD_REACHABLE
  [0x04, 'STALE'], // NUD_STALE
  [0x08, 'DELAY'], // NUD_DELAY
  [0x10, 'PROBE'], // NUD_PROBE
  [0x20, 'FAILED'], // NUD_FAILED
  [0x40, 'NOARP'], // NUD_NOARP
  [0x80, 'PERMANENT'], // NUD_PERMANENT
];
export const NUD_NOARP = 0x40;
export const NUD_PERMANENT = 0x80;

/** ndm_flags (NTF_*). */
export const NTF: ReadonlyArray<readonly [number, string]> = [
  [0x01, 'use'], // NTF_USE
  [0x02, 'self'], // NTF_SELF
  [0x04, 'master'], // NTF_MASTER
  [0x08, 'proxy'], // NTF_PROXY
  [0x10, 'extern_learn'], // NTF_EXT_LEARNED
  [0x20, 'offload'], // NTF_OFFLOADED
  [0x40, 'sticky'], // NTF_STICKY
  [0x80, 'router'], // NTF_ROUTER
];

/** RTM_*NSID attributes (enum in linux/net_namespace.h). */
export const NETNSA = {
  NSID: 1, // NETNSA_NSID (s32; NETNSA_NSID_NOT_ASSIGNED = -1)
  PID: 2, // NETNSA_PID
  FD: 3, // NETNSA_FD
  TARGET_NSID: 4, // NETNSA_TARGET_NSID
  CURRENT_NSID: 5, // NETNSA_CURRENT_NSID
} as const;
export const NETNSA_NSID_NOT_ASSIGNED = -1;

/** Multicast groups (enum rtnetlink_groups). */
export const RTNLGRP = {
  LINK: 1, // RTNLGRP_LINK
  NOTIFY: 2, // RTNLGRP_NOTIFY
  NEIGH: 3, // RTNLGRP_NEIGH
  IPV4_IFADDR: 5, // RTNLGRP_IPV4_IFADDR
  IPV4_ROUTE: 7, // RTNLGRP_IPV4_ROUTE
  IPV4_RULE: 8, // RTNLGRP_IPV4_RULE
  IPV6_IFADDR: 9, // RTNLGRP_IPV6_IFADDR
  IPV6_ROUTE: 11, // RTNLGRP_IPV6_ROUTE
  IPV6_RULE: 19, // RTNLGRP_IPV6_RULE
  NEXTHOP: 32, // RTNLGRP_NEXTHOP
} as const;

/** struct ifinfomsg attributes (enum in if_link.h). */
export const IFLA = {
  ADDRESS: 1, // IFLA_ADDRESS
  BROADCAST: 2, // IFLA_BROADCAST
  IFNAME: 3, // IFLA_IFNAME
  MTU: 4, // IFLA_MTU
  LINK: 5, // IFLA_LINK
  QDISC: 6, // IFLA_QDISC
  STATS: 7, // IFLA_STATS
  MASTER: 10, // IFLA_MASTER
  TXQLEN: 13, // IFLA_TXQLEN
  OPERSTATE: 16, // IFLA_OPERSTATE
  LINKMODE: 17, // IFLA_LINKMODE
  LINKINFO: 18, // IFLA_LINKINFO
  NET_NS_PID: 19, // IFLA_NET_NS_PID
  IFALIAS: 20, // IFLA_IFALIAS
  STATS64: 23, // IFLA_STATS64
  AF_SPEC: 26, // IFLA_AF_SPEC
  GROUP: 27, // IFLA_GROUP
  NET_NS_FD: 28, // IFLA_NET_NS_FD
  EXT_MASK: 29, // IFLA_EXT_MASK
  PROMISCUITY: 30, // IFLA_PROMISCUITY
  NUM_TX_QUEUES: 31, // IFLA_NUM_TX_QUEUES
  NUM_RX_QUEUES: 32, // IFLA_NUM_RX_QUEUES
  CARRIER: 33, // IFLA_CARRIER
  CARRIER_CHANGES: 35, // IFLA_CARRIER_CHANGES
  LINK_NETNSID: 37, // IFLA_LINK_NETNSID
  PROTO_DOWN: 39, // IFLA_PROTO_DOWN
  GSO_MAX_SEGS: 40, // IFLA_GSO_MAX_SEGS
  GSO_MAX_SIZE: 41, // IFLA_GSO_MAX_SIZE
  XDP: 43, // IFLA_XDP
  NEW_NETNSID: 45, // IFLA_NEW_NETNSID
  TARGET_NETNSID: 46, // IFLA_TARGET_NETNSID (IFLA_IF_NETNSID)
  CARRIER_UP_COUNT: 47, // IFLA_CARRIER_UP_COUNT
  CARRIER_DOWN_COUNT: 48, // IFLA_CARRIER_DOWN_COUNT
  NEW_IFINDEX: 49, // IFLA_NEW_IFINDEX
  MIN_MTU: 50, // IFLA_MIN_MTU
  MAX_MTU: 51, // IFLA_MAX_MTU
  PROP_LIST: 52, // IFLA_PROP_LIST
  ALT_IFNAME: 53, // IFLA_ALT_IFNAME
  PERM_ADDRESS: 54, // IFLA_PERM_ADDRESS
  PARENT_DEV_NAME: 56, // IFLA_PARENT_DEV_NAME
  PARENT_DEV_BUS_NAME: 57, // IFLA_PARENT_DEV_BUS_NAME
  GRO_MAX_SIZE: 58, // IFLA_GRO_MAX_SIZE
  TSO_MAX_SIZE: 59, // IFLA_TSO_MAX_SIZE
  TSO_MAX_SEGS: 60, // IFLA_TSO_MAX_SEGS
  ALLMULTI: 61, // IFLA_ALLMULTI
} as const;

/** IFLA_LINKINFO nest. */
export const IFLA_INFO = {
  KIND: 1, // IFLA_INFO_KIND
  DATA: 2, // IFLA_INFO_DATA
  XSTATS: 3, // IFLA_INFO_XSTATS
  SLAVE_KIND: 4, // IFLA_INFO_SLAVE_KIND
  SLAVE_DATA: 5, // IFLA_INFO_SLAVE_DATA
} as const;

export const VETH_INFO_PEER = 1; // VETH_INFO_PEER (veth.h): struct ifinfomsg followed by IFLA_* attributes
export const IFLA_VLAN_ID = 1; // IFLA_VLAN_ID
export const IFLA_PROP_LIST_ALT_IFNAME = IFLA.ALT_IFNAME;

/** IFLA_EXT_MASK bits (RTEXT_FILTER_*). */
export const RTEXT_FILTER = {
  VF: 1 << 0, // RTEXT_FILTER_VF
  BRVLAN: 1 << 1, // RTEXT_FILTER_BRVLAN
  SKIP_STATS: 1 << 3, // RTEXT_FILTER_SKIP_STATS
} as const;

/** Interface flags (enum net_device_flags, if.h). */
export const IFF: ReadonlyArray<readonly [number, string]> = [
  [1 << 0, 'UP'], // IFF_UP
  [1 << 1, 'BROADCAST'], // IFF_BROADCAST
  [1 << 2, 'DEBUG'], // IFF_DEBUG
  [1 << 3, 'LOOPBACK'], // IFF_LOOPBACK
  [1 << 4, 'POINTOPOINT'], // IFF_POINTOPOINT
  [1 << 5, 'NOTRAILERS'], // IFF_NOTRAILERS
  [1 << 6, 'RUNNING'], // IFF_RUNNING
  [1 << 7, 'NOARP'], // IFF_NOARP
  [1 << 8, 'PROMISC'], // IFF_PROMISC
  [1 << 9, 'ALLMULTI'], // IFF_ALLMULTI
  [1 << 10, 'MASTER'], // IFF_MASTER
  [1 << 11, 'SLAVE'], // IFF_SLAVE
  [1 << 12, 'MULTICAST'], // IFF_MULTICAST
  [1 << 13, 'PORTSEL'], // IFF_PORTSEL
  [1 << 14, 'AUTOMEDIA'], // IFF_AUTOMEDIA
  [1 << 15, 'DYNAMIC'], // IFF_DYNAMIC
  [1 << 16, 'LOWER_UP'], // IFF_LOWER_UP
  [1 << 17, 'DORMANT'], // IFF_DORMANT
  [1 << 18, 'ECHO'], // IFF_ECHO
];
export const IFF_UP = 1; // IFF_UP

/** IFLA_OPERSTATE values (RFC 2863, if.h IF_OPER_*). */
export const OPERSTATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'] as const;

/** ARPHRD_* (if_arp.h), the common ones. */
export const ARPHRD: Readonly<Record<number, string>> = {
  0: 'netrom', // ARPHRD_NETROM
  1: 'ether', // ARPHRD_ETHER
  512: 'ppp', // ARPHRD_PPP
  768: 'ipip', // ARPHRD_TUNNEL
  769: 'tunnel6', // ARPHRD_TUNNEL6
  772: 'loopback', // ARPHRD_LOOPBACK
  776: 'sit', // ARPHRD_SIT
  778: 'gre', // ARPHRD_IPGRE
  823: 'ip6gre', // ARPHRD_IP6GRE
  65534: 'none', // ARPHRD_NONE
  65535: 'void', // ARPHRD_VOID
};

/** struct ifaddrmsg attributes (if_addr.h). */
export const IFA = {
  ADDRESS: 1, // IFA_ADDRESS
  LOCAL: 2, // IFA_LOCAL
  LABEL: 3, // IFA_LABEL
  BROADCAST: 4, // IFA_BROADCAST
  ANYCAST: 5, // IFA_ANYCAST
  CACHEINFO: 6, // IFA_CACHEINFO
  MULTICAST: 7, // IFA_MULTICAST
  FLAGS: 8, // IFA_FLAGS
  RT_PRIORITY: 9, // IFA_RT_PRIORITY
  TARGET_NETNSID: 10, // IFA_TARGET_NETNSID
  PROTO: 11, // IFA_PROTO
} as const;

/** Address flags (IFA_F_*, if_addr.h), by the names `ip` prints. */
export const IFA_F: ReadonlyArray<readonly [number, string]> = [
  [0x01, 'secondary'], // IFA_F_SECONDARY (IFA_F_TEMPORARY for IPv6)
  [0x02, 'nodad'], // IFA_F_NODAD
  [0x04, 'optimistic'], // IFA_F_OPTIMISTIC
  [0x08, 'dadfailed'], // IFA_F_DADFAILED
  [0x10, 'home'], // IFA_F_HOMEADDRESS
  [0x20, 'deprecated'], // IFA_F_DEPRECATED
  [0x40, 'tentative'], // IFA_F_TENTATIVE
  [0x80, 'permanent'], // IFA_F_PERMANENT
  [0x100, 'mngtmpaddr'], // IFA_F_MANAGETEMPADDR
  [0x200, 'noprefixroute'], // IFA_F_NOPREFIXROUTE
  [0x400, 'autojoin'], // IFA_F_MCAUTOJOIN
  [0x800, 'stable-privacy'], // IFA_F_STABLE_PRIVACY
];
export const IFA_F_PERMANENT = 0x80; // IFA_F_PERMANENT

/** struct rtmsg attributes (enum rtattr_type_t). */
export const RTA = {
  DST: 1, // RTA_DST
  SRC: 2, // RTA_SRC
  IIF: 3, // RTA_IIF
  OIF: 4, // RTA_OIF
  GATEWAY: 5, // RTA_GATEWAY
  PRIORITY: 6, // RTA_PRIORITY
  PREFSRC: 7, // RTA_PREFSRC
  METRICS: 8, // RTA_METRICS
  MULTIPATH: 9, // RTA_MULTIPATH
  FLOW: 11, // RTA_FLOW
  CACHEINFO: 12, // RTA_CACHEINFO
  TABLE: 15, // RTA_TABLE
  MARK: 16, // RTA_MARK
  MFC_STATS: 17, // RTA_MFC_STATS
  VIA: 18, // RTA_VIA
  NEWDST: 19, // RTA_NEWDST
  PREF: 20, // RTA_PREF
  ENCAP_TYPE: 21, // RTA_ENCAP_TYPE
  ENCAP: 22, // RTA_ENCAP
  EXPIRES: 23, // RTA_EXPIRES
  PAD: 24, // RTA_PAD
  UID: 25, // RTA_UID
  TTL_PROPAGATE: 26, // RTA_TTL_PROPAGATE
  IP_PROTO: 27, // RTA_IP_PROTO
  SPORT: 28, // RTA_SPORT
  DPORT: 29, // RTA_DPORT
  NH_ID: 30, // RTA_NH_ID
} as const;

/** rtm_type values (RTN_*). Index = value. */
export const ROUTE_TYPES = [
  'unspec', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve',
] as const;
/** A route type name (unicast, local, blackhole, ...). */
export type RouteTypeName = (typeof ROUTE_TYPES)[number];

/** rtm_scope values (enum rt_scope_t). */
export const SCOPES: Readonly<Record<string, number>> = {
  universe: 0, // RT_SCOPE_UNIVERSE (ip prints 'global')
  global: 0,
  site: 200, // RT_SCOPE_SITE
  link: 253, // RT_SCOPE_LINK
  host: 254, // RT_SCOPE_HOST
  nowhere: 255, // RT_SCOPE_NOWHERE
};
export const RT_SCOPE_UNIVERSE = 0;
export const RT_SCOPE_LINK = 253;
export const RT_SCOPE_HOST = 254;
export const RT_SCOPE_NOWHERE = 255;

/** rtm_protocol values (RTPROT_*), as /etc/iproute2/rt_protos names them. */
export const PROTOCOLS: Readonly<Record<string, number>> = {
  unspec: 0, // RTPROT_UNSPEC
  redirect: 1, // RTPROT_REDIRECT
  kernel: 2, // RTPROT_KERNEL
  boot: 3, // RTPROT_BOOT
  static: 4, // RTPROT_STATIC
  gated: 8, // RTPROT_GATED
  ra: 9, // RTPROT_RA
  mrt: 10, // RTPROT_MRT
  zebra: 11, // RTPROT_ZEBRA
  bird: 12, // RTPROT_BIRD
  dnrouted: 13, // RTPROT_DNROUTED
  xorp: 14, // RTPROT_XORP
  ntk: 15, // RTPROT_NTK
  dhcp: 16, // RTPROT_DHCP
  mrouted: 17, // RTPROT_MROUTED
  keepalived: 18, // RTPROT_KEEPALIVED
  babel: 42, // RTPROT_BABEL
  openr: 99, // RTPROT_OPENR
  bgp: 186, // RTPROT_BGP
  isis: 187, // RTPROT_ISIS
  ospf: 188, // RTPROT_OSPF
  rip: 189, // RTPROT_RIP
  eigrp: 192, // RTPROT_EIGRP
};
export const RTPROT_UNSPEC = 0;
export const RTPROT_BOOT = 3;

/** Routing table ids (enum rt_class_t). */
export const RT_TABLE = {
  UNSPEC: 0, // RT_TABLE_UNSPEC
  COMPAT: 252, // RT_TABLE_COMPAT
  DEFAULT: 253, // RT_TABLE_DEFAULT
  MAIN: 254, // RT_TABLE_MAIN
  LOCAL: 255, // RT_TABLE_LOCAL
} as const;
/** Routing table names and numbers (/etc/iproute2/rt_tables). */
export const TABLE_NAMES: Readonly<Record<string, number>> = { default: 253, main: 254, local: 255 };

/** rtm_flags (RTM_F_*) and the low byte shared with next-hop flags (RTNH_F_*). */
export const RTM_F: ReadonlyArray<readonly [number, string]> = [
  [0x1, 'dead'], // RTNH_F_DEAD
  [0x2, 'pervasive'], // RTNH_F_PERVASIVE
  [0x4, 'onlink'], // RTNH_F_ONLINK
  [0x8, 'offload'], // RTNH_F_OFFLOAD
  [0x10, 'linkdown'], // RTNH_F_LINKDOWN
  [0x20, 'unresolved'], // RTNH_F_UNRESOLVED
  [0x40, 'trap'], // RTNH_F_TRAP
  [0x100, 'notify'], // RTM_F_NOTIFY
  [0x200, 'cloned'], // RTM_F_CLONED
  [0x400, 'equalize'], // RTM_F_EQUALIZE
  [0x800, 'prefix'], // RTM_F_PREFIX
  [0x1000, 'lookup-table'], // RTM_F_LOOKUP_TABLE
  [0x2000, 'fib-match'], // RTM_F_FIB_MATCH
  [0x4000, 'rt_offload'], // RTM_F_OFFLOAD
  [0x8000, 'rt_trap'], // RTM_F_TRAP
  [0x20000000, 'rt_offload_failed'], // RTM_F_OFFLOAD_FAILED
];
export const RTM_F_LOOKUP_TABLE = 0x1000; // RTM_F_LOOKUP_TABLE
export const RTM_F_FIB_MATCH = 0x2000; // RTM_F_FIB_MATCH
export const RTNH_F_ONLINK = 0x4; // RTNH_F_ONLINK

/** RTA_METRICS nest members (RTAX_*), by the names `ip` prints. Index = type. */
export const RTAX_NAMES = [
  'unspec', 'lock', 'mtu', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'advmss', 'reordering', 'hoplimit',
  'initcwnd', 'features', 'rto_min', 'initrwnd', 'quickack', 'congctl', 'fastopen_no_cookie',
] as const;
export const RTAX_CC_ALGO = 16; // RTAX_CC_ALGO (a string)

/** struct fib_rule_hdr attributes (fib_rules.h). */
export const FRA = {
  DST: 1, // FRA_DST
  SRC: 2, // FRA_SRC
  IIFNAME: 3, // FRA_IIFNAME
  GOTO: 4, // FRA_GOTO
  PRIORITY: 6, // FRA_PRIORITY
  FWMARK: 10, // FRA_FWMARK
  FLOW: 11, // FRA_FLOW
  TUN_ID: 12, // FRA_TUN_ID
  SUPPRESS_IFGROUP: 13, // FRA_SUPPRESS_IFGROUP
  SUPPRESS_PREFIXLEN: 14, // FRA_SUPPRESS_PREFIXLEN
  TABLE: 15, // FRA_TABLE
  FWMASK: 16, // FRA_FWMASK
  OIFNAME: 17, // FRA_OIFNAME
  PAD: 18, // FRA_PAD
  L3MDEV: 19, // FRA_L3MDEV
  UID_RANGE: 20, // FRA_UID_RANGE (struct fib_rule_uid_range)
  PROTOCOL: 21, // FRA_PROTOCOL
  IP_PROTO: 22, // FRA_IP_PROTO
  SPORT_RANGE: 23, // FRA_SPORT_RANGE (struct fib_rule_port_range)
  DPORT_RANGE: 24, // FRA_DPORT_RANGE
} as const;

/** fib_rule_hdr.action (FR_ACT_*). Index = value. */
export const RULE_ACTIONS = ['unspec', 'to_tbl', 'goto', 'nop', 'res3', 'res4', 'blackhole', 'unreachable', 'prohibit'] as const;
/** A rule action name (table, goto, blackhole, ...). */
export type RuleActionName = (typeof RULE_ACTIONS)[number];

/** fib_rule_hdr.flags (FIB_RULE_*). */
export const FIB_RULE: ReadonlyArray<readonly [number, string]> = [
  [0x1, 'permanent'], // FIB_RULE_PERMANENT
  [0x2, 'invert'], // FIB_RULE_INVERT
  [0x4, 'unresolved'], // FIB_RULE_UNRESOLVED
  [0x8, 'iif_detached'], // FIB_RULE_IIF_DETACHED
  [0x10, 'oif_detached'], // FIB_RULE_OIF_DETACHED
  [0x10000, 'find_saddr'], // FIB_RULE_FIND_SADDR
];
export const FIB_RULE_INVERT = 0x2; // FIB_RULE_INVERT

/** Names of flag bits present in `value`; unknown bits as hex. */
export function flagList(value: number, table: ReadonlyArray<readonly [number, string]>): string[] {
  const out: string[] = [];
  let rest = value >>> 0;
  for (const [bit, name] of table) {
    if (value & bit) { out.push(name); rest = (rest & ~bit) >>> 0; } // unsigned: bit 31 must not print as '0x-80000000'
  }
  if (rest) out.push(`0x${rest.toString(16)}`);
  return out;
}

/** The inverse of flagList for names (unknown names are refused by the caller's validation). */
export function flagBits(names: readonly string[], table: ReadonlyArray<readonly [number, string]>): number | undefined {
  let v = 0;
  for (const n of names) {
    const hit = table.find(([, name]) => name === n);
    if (!hit) return undefined;
    v |= hit[0];
  }
  return v >>> 0;
}
