// The neighbour model (RTM_NEWNEIGH, `ip neigh`) and what the neighbour requests take.
import type { Attribute } from '../../netlink/attributes.js';
import type { FamilyName } from '../common.js';

/** A neighbour (ARP / NDP) entry as `ip neigh` lists it. */
export interface Neighbour {
  family: FamilyName; // ndm_family
  index: number; // ndm_ifindex
  /** ndm_state by name ('REACHABLE', 'PERMANENT', ...); [] for NUD_NONE. */
  state: string[];
  /** ndm_flags by name ('router', 'proxy', 'extern_learn', ...). */
  flags: string[];
  type: number; // ndm_type
  dst?: string; // NDA_DST
  lladdr?: string; // NDA_LLADDR ('02:00:00:00:00:01')
  probes?: number; // NDA_PROBES
  /** NDA_CACHEINFO: hundredths of a second since the entry was last confirmed, used and updated; references. */
  cacheinfo?: { confirmed: number; used: number; updated: number; refcnt: number };
  protocol?: number; // NDA_PROTOCOL
  unknown: Attribute[];
}

/** A neighbour entry to add, replace or delete. */
export interface NeighbourSpec {
  /** The neighbour's IP address. */
  dst: string;
  /** Its link-layer address; omitted for states that have none (e.g. 'INCOMPLETE' probes). */
  lladdr?: string;
  /** NUD state names (default ['PERMANENT'], as `ip neigh add`). */
  state?: string[];
  /** NTF flag names ('router', 'proxy', 'extern_learn', ...). */
  flags?: string[];
}

/** How a neighbour entry is written. */
export type NeighbourWrite = 'add' | 'replace' | 'delete';
