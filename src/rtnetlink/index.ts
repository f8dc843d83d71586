/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
/**
 * `nlts/rtnetlink`: links, addresses, rules, routes, neighbours, nexthops and namespace ids over
 * NETLINK_ROUTE, and their events. Start with {@link RtNetlink.open}.
 *
 * Curated: the zero-copy route/link views, fixed-header readers and writers and argument checkers used by
 * the CLI's fast paths stay inside the package.
 * @module nlts/rtnetlink
 */

// The client and its operation groups.
export { RtNetlink, type SubscribeOptions, type EventTransportFactory } from './client.js';
export type { RtNetlinkOptions, LinkRef, FamilyName, IpFamily, TableRef, ParsedPrefix } from './common.js';
export type { BulkOutcome, BulkFailure } from './bulk.js';
export { Subscription, decodeEvent, groupNumbers, type EventGroup, type EventAction, type RtEvent } from './events.js';

// Links.
export {
  LinkOps, decodeLink, encodeLink,
  type Link, type LinkInfo, type LinkSummary, type LinkAttributes, type LinkListFilter, type LinkNetns, type NetnsTarget,
  type VethOptions, type CreateOptions, type LinkChange,
} from './link.js';
export { LINK_STATS64_FIELDS, type LinkStats, type IfaCacheInfo } from './headers.js';
// Addresses.
export { AddressOps, decodeAddress, encodeAddress, type Address, type AddressOptions, type AddressListFilter, type AddressItem, type Lifetime } from './address.js';
// Policy routing rules.
export { RuleOps, decodeRule, encodeRule, type Rule, type RuleSpec, type RuleAction, type PortRange } from './rule.js';
// Routes.
export {
  RouteOps, decodeRoute, encodeRoute,
  type Route, type RouteSpec, type NextHop, type NextHopSpec, type RouteListFilter, type RouteGetOptions, type RouteGetQuery,
  type RouteTypeInput, type MetricName, type RouteWrite, type ResolvedRoute,
} from './route.js';
// Neighbours (ARP / NDP).
export { NeighbourOps, decodeNeighbour, type Neighbour, type NeighbourSpec, type NeighbourWrite } from './neighbour.js';
// Nexthop objects and groups.
export {
  NexthopOps, decodeNexthop,
  type Nexthop, type NexthopSpec, type NexthopWrite, type NexthopListFilter, type NexthopGroupMember, type ResilientGroup, type ResolvedNexthop,
} from './nexthop.js';
// Namespace ids.
export { NsidOps, decodeNsid, type NsidTarget, type NsidReply } from './nsid.js';

// Names and numbers as ip(8) prints and takes them.
export {
  familyName, familyNumber, tableNumber, scopeName, scopeNumber, protocolName, protocolNumber, routeTypeName, routeTypeNumber,
  hwAddressText, hwAddressBytes, prefixText,
} from './common.js';
// Kernel constants (linux/rtnetlink.h, if_link.h, if_addr.h, fib_rules.h, neighbour.h, nexthop.h, net_namespace.h).
export {
  RTM, IFLA, IFLA_INFO, IFA, IFA_F, RTA, FRA, NDA, NUD, NTF, NHA, NETNSA, RTNLGRP, RTEXT_FILTER, IFF, ARPHRD, OPERSTATES,
  ROUTE_TYPES, SCOPES, PROTOCOLS, RT_TABLE, TABLE_NAMES, RTM_F, RTAX_NAMES, RULE_ACTIONS, FIB_RULE,
  flagList, flagBits, type RouteTypeName, type RuleActionName,
} from './constants.js';
