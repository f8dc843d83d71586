// The link model (RTM_NEWLINK) and the options of the link requests.
import type { Attribute } from '../../netlink/attributes.js';
import type { NetnsRef } from '../../netlink/netns.js';
import type { LinkRef } from '../common.js';
import type { LinkStats } from '../headers.js';

/** IFLA_LINKINFO, decoded. */
export interface LinkInfo {
  kind?: string; // IFLA_INFO_KIND
  slaveKind?: string; // IFLA_INFO_SLAVE_KIND
  vlanId?: number; // IFLA_INFO_DATA > IFLA_VLAN_ID when kind is vlan
  /** IFLA_INFO_DATA members (kind-specific), kept as attributes. */
  data?: Attribute[];
  slaveData?: Attribute[]; // IFLA_INFO_SLAVE_DATA
  unknown: Attribute[];
}

/** A link as the kernel reports it. */
export interface Link {
  index: number; // ifi_index
  name: string; // IFLA_IFNAME
  family: number; // ifi_family
  /** Hardware type by name ('ether', 'loopback', 'none'), or the ARPHRD number as text. */
  type: string; // ifi_type
  flags: string[]; // ifi_flags by name (IFF_*)
  up: boolean; // IFF_UP
  mtu?: number; // IFLA_MTU
  minMtu?: number; // IFLA_MIN_MTU
  maxMtu?: number; // IFLA_MAX_MTU
  operstate?: string; // IFLA_OPERSTATE
  linkmode?: number; // IFLA_LINKMODE
  address?: string; // IFLA_ADDRESS
  broadcast?: string; // IFLA_BROADCAST
  permAddress?: string; // IFLA_PERM_ADDRESS
  txqlen?: number; // IFLA_TXQLEN
  qdisc?: string; // IFLA_QDISC
  master?: number; // IFLA_MASTER
  /** IFLA_LINK: the peer (veth) or parent (vlan) ifindex, in the namespace `linkNetnsId` names when given. */
  link?: number;
  linkNetnsId?: number; // IFLA_LINK_NETNSID
  group?: number; // IFLA_GROUP
  promiscuity?: number; // IFLA_PROMISCUITY
  allmulti?: number; // IFLA_ALLMULTI
  numTxQueues?: number; // IFLA_NUM_TX_QUEUES
  numRxQueues?: number; // IFLA_NUM_RX_QUEUES
  carrier?: boolean; // IFLA_CARRIER
  carrierChanges?: number; // IFLA_CARRIER_CHANGES
  carrierUpCount?: number; // IFLA_CARRIER_UP_COUNT
  carrierDownCount?: number; // IFLA_CARRIER_DOWN_COUNT
  protoDown?: boolean; // IFLA_PROTO_DOWN
  gsoMaxSegs?: number; // IFLA_GSO_MAX_SEGS
  gsoMaxSize?: number; // IFLA_GSO_MAX_SIZE
  groMaxSize?: number; // IFLA_GRO_MAX_SIZE
  tsoMaxSize?: number; // IFLA_TSO_MAX_SIZE
  tsoMaxSegs?: number; // IFLA_TSO_MAX_SEGS
  groIpv4MaxSize?: number; // IFLA_GRO_IPV4_MAX_SIZE
  alias?: string; // IFLA_IFALIAS
  altNames: string[]; // IFLA_PROP_LIST > IFLA_ALT_IFNAME
  parentDevName?: string; // IFLA_PARENT_DEV_NAME
  parentBusName?: string; // IFLA_PARENT_DEV_BUS_NAME
  info?: LinkInfo; // IFLA_LINKINFO
  /** Shorthand for info.kind ('veth', 'bridge', ...). */
  kind?: string; // IFLA_LINKINFO > IFLA_INFO_KIND
  stats?: LinkStats; // IFLA_STATS64
  /** Raw ifi_flags / ifi_change, for re-encoding. */
  rawFlags: number;
  change: number;
  /** Attributes this model does not name (IFLA_AF_SPEC, IFLA_XDP, IFLA_STATS, ...), kept and re-emitted. */
  unknown: Attribute[];
}

/** What a one-line listing (`ip -o link`) shows of a link. */
export type LinkSummary = Pick<Link,
  'index' | 'name' | 'family' | 'type' | 'flags' | 'up' | 'mtu' | 'operstate' | 'linkmode' | 'address' | 'broadcast' | 'txqlen' | 'qdisc' |
  'master' | 'link' | 'linkNetnsId' | 'group' | 'rawFlags' | 'change'>;

/** Which links to list. */
export interface LinkListFilter {
  /** Only links enslaved to this master (IFLA_MASTER, filtered by the kernel). */
  master?: number;
  /** Only links of this kind (IFLA_LINKINFO > IFLA_INFO_KIND, filtered by the kernel). */
  kind?: string;
}

/** Attributes common to creating and changing a link. */
export interface LinkAttributes {
  mtu?: number;
  /** MAC address, '02:00:00:00:00:01'. */
  address?: string;
  txqlen?: number;
  alias?: string;
  group?: number;
}

/** Where a link goes: a namespace fd (IFLA_NET_NS_FD) or a process's namespace (IFLA_NET_NS_PID). */
export type NetnsTarget = { fd: number } | { pid: number };

/** A namespace to put a link in: anything `NetnsRef` names (name, path, fd, pid). */
export type LinkNetns = NetnsRef;

export interface ResolvedCreate extends LinkAttributes {
  name: string;
  kind: string;
  up?: boolean;
  /** IFLA_LINK: parent ifindex (vlan). */
  parent?: number;
  master?: number;
  netns?: NetnsTarget;
  vlanId?: number;
  veth?: { peer: string; peerNetns?: NetnsTarget; peerAddress?: string; peerMtu?: number };
}

export interface ResolvedChange extends LinkAttributes {
  up?: boolean;
  name?: string;
  /** ifindex of the new master; 0 removes the link from its master. */
  master?: number;
  netns?: NetnsTarget;
}

export interface VethOptions extends LinkAttributes {
  /** Name of the other end. */
  peer: string;
  /** Create the other end directly in this namespace. */
  peerNetns?: LinkNetns;
  /** Create this end in that namespace instead of the socket's. */
  netns?: LinkNetns;
  peerAddress?: string;
  peerMtu?: number;
  up?: boolean;
}

export interface CreateOptions extends LinkAttributes {
  up?: boolean;
  master?: LinkRef;
  netns?: LinkNetns;
}

export interface LinkChange extends LinkAttributes {
  up?: boolean;
  name?: string;
  /** New master, or null to release the link from its master. */
  master?: LinkRef | null;
  netns?: LinkNetns;
}
