// The address model (RTM_NEWADDR) and the options of the address requests.
import type { Attribute } from '../../netlink/attributes.js';
import type { FamilyName, IpFamily, LinkRef } from '../common.js';

/** ifa_cacheinfo lifetimes: seconds, or 'forever' (0xffffffff). */
export type Lifetime = number | 'forever';

/** An interface address as `ip address` lists it. */
export interface Address {
  family: FamilyName; // ifa_family
  index: number; // ifa_index
  prefixLength: number; // ifa_prefixlen
  scope: string; // ifa_scope ('global', 'link', 'host', ...)
  /** ifa_flags, extended by IFA_FLAGS, by name ('permanent', 'nodad', ...). */
  flags: string[];
  address?: string; // IFA_ADDRESS (prefix address, or the peer on point-to-point links)
  local?: string; // IFA_LOCAL
  label?: string; // IFA_LABEL
  broadcast?: string; // IFA_BROADCAST
  anycast?: string; // IFA_ANYCAST
  multicast?: string; // IFA_MULTICAST
  preferredLifetime?: Lifetime; // IFA_CACHEINFO ifa_prefered
  validLifetime?: Lifetime; // IFA_CACHEINFO ifa_valid
  created?: number; // IFA_CACHEINFO cstamp (hundredths of a second since boot)
  updated?: number; // IFA_CACHEINFO tstamp
  metric?: number; // IFA_RT_PRIORITY
  protocol?: number; // IFA_PROTO
  /** The address with its prefix length: local (or address) + '/' + prefixLength. */
  cidr: string;
  unknown: Attribute[];
}

/** Options of `ip addr add`. */
export interface AddressOptions {
  /** Point-to-point peer prefix (IFA_ADDRESS instead of the local address). */
  peer?: string;
  /** IPv4 broadcast address (IFA_BROADCAST). */
  broadcast?: string;
  label?: string;
  scope?: string | number;
  /** 'nodad', 'noprefixroute', 'mngtmpaddr', 'autojoin', 'home', 'optimistic'. */
  flags?: string[];
  validLifetime?: Lifetime;
  preferredLifetime?: Lifetime;
  /** Metric of the prefix route (IFA_RT_PRIORITY). */
  metric?: number;
}

/** Which addresses to list. */
export interface AddressListFilter {
  family?: IpFamily;
  /** Only this link's addresses (ifa_index, filtered by the kernel under strict checking). */
  index?: number;
}

export interface AddressItem extends AddressOptions {
  link: LinkRef;
  address: string;
}
