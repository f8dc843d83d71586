// The route model (RTM_NEWROUTE) and what the route requests take.
import type { Attribute } from '../../netlink/attributes.js';
import type { RTAX_NAMES } from '../constants.js';
import type { FamilyName, IpFamily, LinkRef, TableRef } from '../common.js';

/** One path of a multipath route (RTA_MULTIPATH). */
export interface NextHop {
  gateway?: string; // RTA_GATEWAY or RTA_VIA inside the rtnexthop
  oif: number; // rtnh_ifindex
  weight: number; // rtnh_hops + 1
  flags: string[]; // rtnh_flags (RTNH_F_*)
  unknown: Attribute[];
}

/** A route as the kernel reports it. */
export interface Route {
  family: FamilyName; // rtm_family
  table: number; // RTA_TABLE, else rtm_table
  /** 'default' or 'address/length' (RTA_DST, rtm_dst_len). */
  dst: string;
  src?: string; // RTA_SRC/rtm_src_len (source-specific routes)
  tos: number; // rtm_tos
  protocol: string; // rtm_protocol by name ('boot', 'kernel', 'static', ...) or number
  scope: string; // rtm_scope ('global', 'link', 'host', ...)
  type: string; // rtm_type ('unicast', 'local', 'blackhole', ...)
  flags: string[]; // rtm_flags by name
  gateway?: string; // RTA_GATEWAY or RTA_VIA
  oif?: number; // RTA_OIF
  iif?: number; // RTA_IIF
  prefsrc?: string; // RTA_PREFSRC
  metric?: number; // RTA_PRIORITY
  metrics?: Record<string, number | string>; // RTA_METRICS (RTAX_* by name)
  nexthops?: NextHop[]; // RTA_MULTIPATH
  pref?: number; // RTA_PREF (IPv6 router preference)
  expires?: number; // RTA_EXPIRES
  mark?: number; // RTA_MARK
  uid?: number; // RTA_UID
  nhId?: number; // RTA_NH_ID
  unknown: Attribute[];
}

/** A route type as ip(8) takes it. */
export type RouteTypeInput = 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat';
/** A route metric name (RTAX_*) as ip(8) writes it. */
export type MetricName = Exclude<(typeof RTAX_NAMES)[number], 'unspec' | 'congctl'>;

/** One path of a multipath route to write. */
export interface NextHopSpec {
  via?: string;
  dev?: LinkRef;
  /** 1..256 (rtnh_hops + 1). */
  weight?: number;
  onlink?: boolean;
}

/** A route to add, replace or delete (delete matches on what is given). */
export interface RouteSpec {
  /** 'default' or a prefix ('10.10.1.0/24', '2001:db8::/64', or a bare address for a host route). */
  to: string;
  family?: IpFamily;
  /** Gateway (RTA_GATEWAY; RTA_VIA when its family differs from the route's). */
  via?: string;
  dev?: LinkRef;
  /** Preferred source address (RTA_PREFSRC, `ip route ... src`). */
  src?: string;
  /** Source prefix for source-specific routes (RTA_SRC, `ip route ... from`). */
  from?: string;
  /** Any table number, or 'main' / 'local' / 'default'. Default: main. */
  table?: TableRef;
  metric?: number;
  protocol?: string | number;
  scope?: string | number;
  type?: RouteTypeInput;
  tos?: number;
  onlink?: boolean;
  metrics?: Partial<Record<MetricName, number>> & { congctl?: string };
  nexthops?: NextHopSpec[];
  /** A nexthop object (RtNetlink.nexthops) by id, instead of via/dev/nexthops (RTA_NH_ID). */
  nhid?: number;
  /** IPv6 router preference. */
  pref?: 'low' | 'medium' | 'high';
  expires?: number;
}

/** A RouteSpec whose links are ifindexes. */
export interface ResolvedRoute extends Omit<RouteSpec, 'dev' | 'nexthops'> {
  dev?: number;
  nexthops?: Array<Omit<NextHopSpec, 'dev'> & { dev?: number }>;
}

/** How a route is written. */
export type RouteWrite = 'add' | 'replace' | 'append' | 'delete';

/** Which routes to list. */
export interface RouteListFilter {
  family?: IpFamily;
  /** A table number or name, or 'all' (the default). Filtered in the kernel. */
  table?: TableRef | 'all';
  /** Only routes through this ifindex (RTA_OIF, filtered in the kernel). */
  oif?: number;
  protocol?: string | number;
  type?: RouteTypeInput;
}

/** What `ip route get` looks up: destination and optional source, input interface, mark, ... */
export interface RouteGetOptions {
  from?: string;
  iif?: number;
  oif?: number;
  mark?: number;
  uid?: number;
  /** Return the FIB entry that matched rather than the resolved route (RTM_F_FIB_MATCH). */
  fibMatch?: boolean;
}

/** A route lookup query as the client takes it (links by name or index). */
export interface RouteGetQuery extends Omit<RouteGetOptions, 'iif' | 'oif'> {
  iif?: LinkRef;
  oif?: LinkRef;
}
