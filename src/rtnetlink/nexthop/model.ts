// The nexthop model (RTM_NEWNEXTHOP, `ip nexthop`) and what the nexthop requests take.
import type { Attribute } from '../../netlink/attributes.js';
import type { FamilyName, LinkRef } from '../common.js';

/** One member of a group: a nexthop id and its weight (1..256; the kernel stores weight - 1). */
export interface NexthopGroupMember {
  id: number;
  weight: number;
}

/** A resilient group's parameters (NHA_RES_GROUP), timers in seconds as ip prints them. */
export interface ResilientGroup {
  buckets?: number;
  idleTimer?: number;
  unbalancedTimer?: number;
  unbalancedTime?: number;
}

/** A nexthop object or group as `ip nexthop` lists it. */
export interface Nexthop {
  id: number; // NHA_ID
  family: FamilyName; // nh_family ('unspec' for groups and blackholes of no family)
  scope: string; // nh_scope
  protocol: string; // nh_protocol
  /** nh_flags by name ('onlink', 'dead', 'linkdown', ...). */
  flags: string[];
  gateway?: string; // NHA_GATEWAY
  oif?: number; // NHA_OIF
  blackhole?: boolean; // NHA_BLACKHOLE
  fdb?: boolean; // NHA_FDB
  group?: NexthopGroupMember[]; // NHA_GROUP
  /** NHA_GROUP_TYPE: 'mpath' (hash-threshold, the default) or 'resilient'. */
  groupType?: 'mpath' | 'resilient' | number;
  resilient?: ResilientGroup; // NHA_RES_GROUP
  unknown: Attribute[];
}

/** A nexthop object or group to add or replace. */
export interface NexthopSpec {
  /** 1..2^32-1. */
  id: number;
  via?: string;
  dev?: LinkRef;
  onlink?: boolean;
  blackhole?: boolean;
  /** Members of a group, by id, with weights 1..256 (default 1). */
  group?: ReadonlyArray<{ id: number; weight?: number }>;
  /** A group's type: 'mpath' (default) or 'resilient' (with `buckets`). */
  groupType?: 'mpath' | 'resilient';
  buckets?: number;
  protocol?: string | number;
}

/** A NexthopSpec whose link is an ifindex. */
export type ResolvedNexthop = Omit<NexthopSpec, 'dev'> & { dev?: number };

/** How a nexthop is written. */
export type NexthopWrite = 'add' | 'replace';

/** Which nexthops to list. */
export interface NexthopListFilter {
  /** Only the nexthops using this link (NHA_OIF). */
  oif?: number;
  /** Only groups (NHA_GROUPS). */
  groups?: boolean;
}
