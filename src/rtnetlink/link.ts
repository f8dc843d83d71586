// Links (RTM_NEWLINK/DELLINK/GETLINK): the model, its codec pair, request builders and operations.
import * as fs from 'node:fs';
import { Flags } from '../netlink/constants.js';
import { MessageCursor, type NetlinkMessage } from '../netlink/message.js';
import { NetlinkError, ValidationError } from '../netlink/errors.js';
import { flattenBatches, type DumpOptions, type NetlinkConnection, type Request } from '../netlink/connection.js';
import { hostCodec, type Attribute, type AttributeWriter } from '../netlink/attributes.js';
import { openNetns, type NetnsRef } from '../netlink/netns.js';
import {
  ARPHRD, IFF, IFF_UP, IFLA, IFLA_INFO, IFLA_VLAN_ID, OPERSTATES, RTEXT_FILTER, RTM, VETH_INFO_PEER, flagList,
} from './constants.js';
import { checkRange, checkU32, hwAddressBytes, keep, validateIfName, validateIndex, validateLinkRef, type LinkRef } from './common.js';
import { IFINFOMSG_OFFSETS, IFINFOMSG_SIZE, LINK_STATS64_FIELDS, readIfInfoMsg, writeIfInfoMsg, type LinkStats } from './headers.js';

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

// struct rtnl_link_stats64: u64 counters in LINK_STATS64_FIELDS order; missing ones (a shorter struct) are 0.
function decodeStats(v: Buffer, start = 0, end = v.length): LinkStats {
  const f = (i: number): number => {
    const at = start + i * 8;
    return at + 8 <= end ? v.readUInt32LE(at + 4) * 0x100000000 + v.readUInt32LE(at) : 0;
  };
  // One literal, in LINK_STATS64_FIELDS order: an object of fixed shape (built key by key it was the slowest
  // part of decoding a link).
  return {
    rxPackets: f(0), txPackets: f(1), rxBytes: f(2), txBytes: f(3), rxErrors: f(4), txErrors: f(5), rxDropped: f(6), txDropped: f(7),
    multicast: f(8), collisions: f(9), rxLengthErrors: f(10), rxOverErrors: f(11), rxCrcErrors: f(12), rxFrameErrors: f(13),
    rxFifoErrors: f(14), rxMissedErrors: f(15), txAbortedErrors: f(16), txCarrierErrors: f(17), txFifoErrors: f(18),
    txHeartbeatErrors: f(19), txWindowErrors: f(20), rxCompressed: f(21), txCompressed: f(22), rxNohandler: f(23),
  };
}

function decodeLinkInfo(a: Attribute): LinkInfo {
  const info: LinkInfo = { unknown: [] };
  const attrs = hostCodec.nested(a, 'IFLA_LINKINFO');
  let data: Attribute | undefined;
  for (const x of attrs) {
    switch (x.type) {
      case IFLA_INFO.KIND: info.kind = hostCodec.string(x); break;
      case IFLA_INFO.SLAVE_KIND: info.slaveKind = hostCodec.string(x); break;
      case IFLA_INFO.DATA: data = x; break;
      case IFLA_INFO.SLAVE_DATA: info.slaveData = hostCodec.nested(x, 'IFLA_INFO_SLAVE_DATA').map(keep); break;
      default: info.unknown.push(keep(x));
    }
  }
  if (data) {
    const members = hostCodec.nested(data, 'IFLA_INFO_DATA');
    info.data = members.map(keep);
    if (info.kind === 'vlan') for (const m of members) if (m.type === IFLA_VLAN_ID) info.vlanId = hostCodec.u16(m);
  }
  return info;
}

const typeName = (t: number): string => ARPHRD[t] ?? String(t);

// One cursor for every link decode: decoding is synchronous and never re-enters itself.
const cursor = hostCodec.cursor();

/** Decodes an RTM_NEWLINK / RTM_DELLINK payload. Throws NetlinkDecodeError on malformed input. */
export function decodeLink(payload: Buffer): Link {
  return decodeLinkAt(payload, 0, payload.length);
}

/** decodeLink on the payload at [start, end) of a larger buffer (a dump chunk); error offsets relative to `start`. */
export function decodeLinkAt(buf: Buffer, start: number, end: number): Link {
  if (end - start < IFINFOMSG_SIZE) readIfInfoMsg(buf.subarray(start, end)); // throws the short-header error
  const flags = buf.readUInt32LE(start + IFINFOMSG_OFFSETS.flags);
  const link: Link = {
    index: buf.readInt32LE(start + IFINFOMSG_OFFSETS.index), name: '', family: buf[start + IFINFOMSG_OFFSETS.family]!,
    type: typeName(buf.readUInt16LE(start + IFINFOMSG_OFFSETS.type)), flags: flagList(flags, IFF), up: (flags & IFF_UP) !== 0,
    altNames: [], rawFlags: flags, change: buf.readUInt32LE(start + IFINFOMSG_OFFSETS.change), unknown: [],
  };
  // Unknown attributes are kept as views of one copy of the message (one allocation, not one per attribute).
  let own: Buffer | undefined;
  const c = cursor.reset(buf, start + IFINFOMSG_SIZE, end, 'link attributes', start);
  while (c.next()) {
    switch (c.type) {
      case IFLA.IFNAME: link.name = c.string(); break;
      case IFLA.MTU: link.mtu = c.u32(); break;
      case IFLA.MIN_MTU: link.minMtu = c.u32(); break;
      case IFLA.MAX_MTU: link.maxMtu = c.u32(); break;
      case IFLA.OPERSTATE: { const st = c.u8(); link.operstate = OPERSTATES[st] ?? String(st); break; }
      case IFLA.LINKMODE: link.linkmode = c.u8(); break;
      case IFLA.ADDRESS: link.address = hwAddressAt(buf, c.valueStart, c.valueEnd); break;
      case IFLA.BROADCAST: link.broadcast = hwAddressAt(buf, c.valueStart, c.valueEnd); break;
      case IFLA.PERM_ADDRESS: link.permAddress = hwAddressAt(buf, c.valueStart, c.valueEnd); break;
      case IFLA.TXQLEN: link.txqlen = c.u32(); break;
      case IFLA.QDISC: link.qdisc = c.string(); break;
      case IFLA.MASTER: link.master = c.u32(); break;
      case IFLA.LINK: link.link = c.u32(); break;
      case IFLA.LINK_NETNSID: link.linkNetnsId = c.s32(); break;
      case IFLA.GROUP: link.group = c.u32(); break;
      case IFLA.PROMISCUITY: link.promiscuity = c.u32(); break;
      case IFLA.ALLMULTI: link.allmulti = c.u32(); break;
      case IFLA.NUM_TX_QUEUES: link.numTxQueues = c.u32(); break;
      case IFLA.NUM_RX_QUEUES: link.numRxQueues = c.u32(); break;
      case IFLA.CARRIER: link.carrier = c.u8() !== 0; break;
      case IFLA.CARRIER_CHANGES: link.carrierChanges = c.u32(); break;
      case IFLA.CARRIER_UP_COUNT: link.carrierUpCount = c.u32(); break;
      case IFLA.CARRIER_DOWN_COUNT: link.carrierDownCount = c.u32(); break;
      case IFLA.PROTO_DOWN: link.protoDown = c.u8() !== 0; break;
      case IFLA.GSO_MAX_SEGS: link.gsoMaxSegs = c.u32(); break;
      case IFLA.GSO_MAX_SIZE: link.gsoMaxSize = c.u32(); break;
      case IFLA.GRO_MAX_SIZE: link.groMaxSize = c.u32(); break;
      case IFLA.TSO_MAX_SIZE: link.tsoMaxSize = c.u32(); break;
      case IFLA.TSO_MAX_SEGS: link.tsoMaxSegs = c.u32(); break;
      case IFLA.IFALIAS: link.alias = c.string(); break;
      case IFLA.PARENT_DEV_NAME: link.parentDevName = c.string(); break;
      case IFLA.PARENT_DEV_BUS_NAME: link.parentBusName = c.string(); break;
      case IFLA.PROP_LIST: { const a = c.attribute(); for (const p of hostCodec.nested(a, 'IFLA_PROP_LIST')) if (p.type === IFLA.ALT_IFNAME) link.altNames.push(hostCodec.string(p)); break; }
      case IFLA.LINKINFO: link.info = decodeLinkInfo(c.attribute()); if (link.info.kind !== undefined) link.kind = link.info.kind; break;
      case IFLA.STATS64: link.stats = decodeStats(buf, c.valueStart, c.valueEnd); break;
      default: link.unknown.push(c.attributeIn(own ??= Buffer.from(buf.subarray(start, end)), start));
    }
  }
  return link;
}

/** What a one-line listing (`ip -o link`) shows of a link. */
export type LinkSummary = Pick<Link,
  'index' | 'name' | 'family' | 'type' | 'flags' | 'up' | 'mtu' | 'operstate' | 'linkmode' | 'address' | 'broadcast' | 'txqlen' | 'qdisc' |
  'master' | 'link' | 'linkNetnsId' | 'group' | 'rawFlags' | 'change'>;

/**
 * The LinkSummary fields of an RTM_NEWLINK payload at [start, end) of `buf`: what decodeLinkAt gives for
 * them, without building the rest (statistics, link info, kept unknown attributes). Framing is checked as
 * decodeLink checks it; of the attributes, only those the summary reads.
 */
export function decodeLinkSummaryAt(buf: Buffer, start: number, end: number): LinkSummary {
  if (end - start < IFINFOMSG_SIZE) readIfInfoMsg(buf.subarray(start, end)); // throws the short-header error
  const flags = buf.readUInt32LE(start + IFINFOMSG_OFFSETS.flags);
  const link: LinkSummary = {
    index: buf.readInt32LE(start + IFINFOMSG_OFFSETS.index), name: '', family: buf[start + IFINFOMSG_OFFSETS.family]!,
    type: typeName(buf.readUInt16LE(start + IFINFOMSG_OFFSETS.type)), flags: flagList(flags, IFF), up: (flags & IFF_UP) !== 0,
    rawFlags: flags, change: buf.readUInt32LE(start + IFINFOMSG_OFFSETS.change),
  };
  const c = cursor.reset(buf, start + IFINFOMSG_SIZE, end, 'link attributes', start);
  while (c.next()) {
    switch (c.type) {
      case IFLA.IFNAME: link.name = c.string(); break;
      case IFLA.MTU: link.mtu = c.u32(); break;
      case IFLA.OPERSTATE: { const st = c.u8(); link.operstate = OPERSTATES[st] ?? String(st); break; }
      case IFLA.LINKMODE: link.linkmode = c.u8(); break;
      case IFLA.ADDRESS: link.address = hwAddressAt(buf, c.valueStart, c.valueEnd); break;
      case IFLA.BROADCAST: link.broadcast = hwAddressAt(buf, c.valueStart, c.valueEnd); break;
      case IFLA.TXQLEN: link.txqlen = c.u32(); break;
      case IFLA.QDISC: link.qdisc = c.string(); break;
      case IFLA.MASTER: link.master = c.u32(); break;
      case IFLA.LINK: link.link = c.u32(); break;
      case IFLA.LINK_NETNSID: link.linkNetnsId = c.s32(); break;
      case IFLA.GROUP: link.group = c.u32(); break;
      default: break;
    }
  }
  return link;
}

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** hwAddressText of buf[start, end). */
function hwAddressAt(buf: Buffer, start: number, end: number): string {
  if (end <= start) return '';
  let s = HEX2[buf[start]!]!;
  for (let i = start + 1; i < end; i++) s += ':' + HEX2[buf[i]!]!;
  return s;
}

function typeNumber(name: string): number {
  for (const [k, v] of Object.entries(ARPHRD)) if (v === name) return Number(k);
  return /^\d+$/.test(name) ? Number(name) : 0;
}

function writeStats(s: LinkStats): Buffer {
  const b = Buffer.alloc(LINK_STATS64_FIELDS.length * 8);
  LINK_STATS64_FIELDS.forEach((name, i) => b.writeBigUInt64LE(BigInt(s[name]), i * 8));
  return b;
}

/** Encodes a Link back into an RTM_NEWLINK payload (every modelled field and every unknown attribute). */
export function encodeLink(l: Link): Buffer {
  const w = hostCodec.writer();
  w.string(IFLA.IFNAME, l.name);
  if (l.mtu !== undefined) w.u32(IFLA.MTU, l.mtu);
  if (l.minMtu !== undefined) w.u32(IFLA.MIN_MTU, l.minMtu);
  if (l.maxMtu !== undefined) w.u32(IFLA.MAX_MTU, l.maxMtu);
  if (l.operstate !== undefined) { const i = (OPERSTATES as readonly string[]).indexOf(l.operstate); w.u8(IFLA.OPERSTATE, i >= 0 ? i : Number(l.operstate)); }
  if (l.linkmode !== undefined) w.u8(IFLA.LINKMODE, l.linkmode);
  if (l.address !== undefined) w.bytes(IFLA.ADDRESS, l.address ? hwAddressBytes(l.address) : Buffer.alloc(0));
  if (l.broadcast !== undefined) w.bytes(IFLA.BROADCAST, l.broadcast ? hwAddressBytes(l.broadcast) : Buffer.alloc(0));
  if (l.permAddress !== undefined) w.bytes(IFLA.PERM_ADDRESS, l.permAddress ? hwAddressBytes(l.permAddress) : Buffer.alloc(0));
  if (l.txqlen !== undefined) w.u32(IFLA.TXQLEN, l.txqlen);
  if (l.qdisc !== undefined) w.string(IFLA.QDISC, l.qdisc);
  if (l.master !== undefined) w.u32(IFLA.MASTER, l.master);
  if (l.link !== undefined) w.u32(IFLA.LINK, l.link);
  if (l.linkNetnsId !== undefined) w.s32(IFLA.LINK_NETNSID, l.linkNetnsId);
  if (l.group !== undefined) w.u32(IFLA.GROUP, l.group);
  if (l.promiscuity !== undefined) w.u32(IFLA.PROMISCUITY, l.promiscuity);
  if (l.allmulti !== undefined) w.u32(IFLA.ALLMULTI, l.allmulti);
  if (l.numTxQueues !== undefined) w.u32(IFLA.NUM_TX_QUEUES, l.numTxQueues);
  if (l.numRxQueues !== undefined) w.u32(IFLA.NUM_RX_QUEUES, l.numRxQueues);
  if (l.carrier !== undefined) w.u8(IFLA.CARRIER, l.carrier ? 1 : 0);
  if (l.carrierChanges !== undefined) w.u32(IFLA.CARRIER_CHANGES, l.carrierChanges);
  if (l.carrierUpCount !== undefined) w.u32(IFLA.CARRIER_UP_COUNT, l.carrierUpCount);
  if (l.carrierDownCount !== undefined) w.u32(IFLA.CARRIER_DOWN_COUNT, l.carrierDownCount);
  if (l.protoDown !== undefined) w.u8(IFLA.PROTO_DOWN, l.protoDown ? 1 : 0);
  if (l.gsoMaxSegs !== undefined) w.u32(IFLA.GSO_MAX_SEGS, l.gsoMaxSegs);
  if (l.gsoMaxSize !== undefined) w.u32(IFLA.GSO_MAX_SIZE, l.gsoMaxSize);
  if (l.groMaxSize !== undefined) w.u32(IFLA.GRO_MAX_SIZE, l.groMaxSize);
  if (l.tsoMaxSize !== undefined) w.u32(IFLA.TSO_MAX_SIZE, l.tsoMaxSize);
  if (l.tsoMaxSegs !== undefined) w.u32(IFLA.TSO_MAX_SEGS, l.tsoMaxSegs);
  if (l.alias !== undefined) w.string(IFLA.IFALIAS, l.alias);
  if (l.parentDevName !== undefined) w.string(IFLA.PARENT_DEV_NAME, l.parentDevName);
  if (l.parentBusName !== undefined) w.string(IFLA.PARENT_DEV_BUS_NAME, l.parentBusName);
  if (l.altNames.length) w.nested(IFLA.PROP_LIST, (n) => { for (const a of l.altNames) n.string(IFLA.ALT_IFNAME, a); });
  if (l.info) {
    const info = l.info;
    w.nested(IFLA.LINKINFO, (n) => {
      if (info.kind !== undefined) n.string(IFLA_INFO.KIND, info.kind);
      if (info.data) n.nested(IFLA_INFO.DATA, (d) => { for (const a of info.data!) d.attribute(a); });
      if (info.slaveKind !== undefined) n.string(IFLA_INFO.SLAVE_KIND, info.slaveKind);
      if (info.slaveData) n.nested(IFLA_INFO.SLAVE_DATA, (d) => { for (const a of info.slaveData!) d.attribute(a); });
      for (const a of info.unknown) n.attribute(a);
    });
  }
  if (l.stats) w.bytes(IFLA.STATS64, writeStats(l.stats));
  for (const a of l.unknown) w.attribute(a);
  return Buffer.concat([writeIfInfoMsg({ family: l.family, type: typeNumber(l.type), index: l.index, flags: l.rawFlags, change: l.change }), w.finish()]);
}

// ---------------------------------------------------------------------------------------------------------
// Requests. Builders take resolved ifindexes and namespace fds so that they are pure (golden tests use them).

/** Where a link goes: a namespace fd (IFLA_NET_NS_FD) or a process's namespace (IFLA_NET_NS_PID). */
export type NetnsTarget = { fd: number } | { pid: number };

function writeNetns(w: AttributeWriter, t: NetnsTarget): void {
  if ('fd' in t) w.u32(IFLA.NET_NS_FD, t.fd);
  else w.u32(IFLA.NET_NS_PID, t.pid);
}

/** RTM_GETLINK for one link by name, as `ip` sends it (IFLA_EXT_MASK VF|SKIP_STATS, then IFLA_IFNAME). */
export function getLinkByNameRequest(name: string): Request {
  validateIfName(name);
  const attrs = hostCodec.writer(64).u32(IFLA.EXT_MASK, RTEXT_FILTER.VF | RTEXT_FILTER.SKIP_STATS).string(IFLA.IFNAME, name).finish();
  return { type: RTM.GETLINK, flags: 0, payload: Buffer.concat([writeIfInfoMsg({}), attrs]), operation: `get link ${name}` };
}

/** RTM_GETLINK for one link by index; `stats` leaves RTEXT_FILTER_SKIP_STATS out. */
export function getLinkByIndexRequest(index: number, stats = false): Request {
  validateIndex(index);
  const attrs = hostCodec.writer(16).u32(IFLA.EXT_MASK, RTEXT_FILTER.VF | (stats ? 0 : RTEXT_FILTER.SKIP_STATS)).finish();
  return { type: RTM.GETLINK, flags: 0, payload: Buffer.concat([writeIfInfoMsg({ index }), attrs]), operation: `get link ${index}` };
}

/** Which links to list. */
export interface LinkListFilter {
  /** Only links enslaved to this master (IFLA_MASTER, filtered by the kernel). */
  master?: number;
  /** Only links of this kind (IFLA_LINKINFO > IFLA_INFO_KIND, filtered by the kernel). */
  kind?: string;
}

/** The link dump names() sends: IFLA_EXT_MASK RTEXT_FILTER_SKIP_STATS keeps the counters out of every message. */
export function dumpLinkNamesRequest(): Request {
  const attrs = hostCodec.writer(8).u32(IFLA.EXT_MASK, RTEXT_FILTER.SKIP_STATS).finish();
  return { type: RTM.GETLINK, flags: 0, payload: Buffer.concat([writeIfInfoMsg({}), attrs]), operation: 'dump link names' };
}

export function dumpLinksRequest(filter: LinkListFilter = {}): Request {
  const w = hostCodec.writer(32);
  if (filter.master !== undefined) w.u32(IFLA.MASTER, filter.master);
  if (filter.kind !== undefined) w.nested(IFLA.LINKINFO, (n) => n.bytes(IFLA_INFO.KIND, Buffer.from(filter.kind!)));
  return { type: RTM.GETLINK, flags: 0, payload: Buffer.concat([writeIfInfoMsg({}), w.finish()]), operation: 'dump links' };
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

function writeLinkAttributes(w: AttributeWriter, a: LinkAttributes): void {
  if (a.mtu !== undefined) w.u32(IFLA.MTU, checkRange(a.mtu, 'mtu', 68, 0x7fffffff));
  if (a.address !== undefined) w.bytes(IFLA.ADDRESS, hwAddressBytes(a.address));
  if (a.txqlen !== undefined) w.u32(IFLA.TXQLEN, checkU32(a.txqlen, 'txqlen'));
  if (a.alias !== undefined) w.string(IFLA.IFALIAS, a.alias);
  if (a.group !== undefined) w.u32(IFLA.GROUP, checkU32(a.group, 'group'));
}

/** RTM_NEWLINK NLM_F_CREATE|NLM_F_EXCL: `ip link add [link PARENT] NAME [netns NS] type KIND ...`. */
export function createLinkRequest(spec: ResolvedCreate): Request {
  validateIfName(spec.name, 'name');
  const w = hostCodec.writer(128);
  if (spec.parent !== undefined) w.u32(IFLA.LINK, spec.parent);
  w.string(IFLA.IFNAME, spec.name);
  writeLinkAttributes(w, spec);
  if (spec.master !== undefined) w.u32(IFLA.MASTER, spec.master);
  if (spec.netns) writeNetns(w, spec.netns);
  w.nested(IFLA.LINKINFO, (info) => {
    info.bytes(IFLA_INFO.KIND, Buffer.from(spec.kind)); // no NUL, as ip sends it (NLA_STRING)
    if (spec.kind === 'veth' && spec.veth) {
      const peer = spec.veth;
      validateIfName(peer.peer, 'peer name');
      info.nested(IFLA_INFO.DATA, (data) => {
        const pw = hostCodec.writer(64);
        if (peer.peerNetns) writeNetns(pw, peer.peerNetns);
        pw.string(IFLA.IFNAME, peer.peer);
        if (peer.peerMtu !== undefined) pw.u32(IFLA.MTU, checkRange(peer.peerMtu, 'peer mtu', 68, 0x7fffffff));
        if (peer.peerAddress !== undefined) pw.bytes(IFLA.ADDRESS, hwAddressBytes(peer.peerAddress, 'peer address'));
        // VETH_INFO_PEER carries a struct ifinfomsg followed by the peer's attributes.
        data.bytes(VETH_INFO_PEER, Buffer.concat([writeIfInfoMsg({}), pw.finish()]));
      });
    } else if (spec.kind === 'vlan') {
      if (spec.vlanId === undefined) throw new ValidationError('vlanId', 'a vlan needs an id');
      info.nested(IFLA_INFO.DATA, (data) => data.u16(IFLA_VLAN_ID, checkRange(spec.vlanId!, 'vlanId', 0, 4094)));
    }
  });
  const up = spec.up ? IFF_UP : 0;
  return {
    type: RTM.NEWLINK, flags: Flags.ACK | Flags.CREATE | Flags.EXCL,
    payload: Buffer.concat([writeIfInfoMsg({ flags: up, change: up }), w.finish()]),
    operation: `create ${spec.kind} link ${spec.name}${spec.veth ? ` (peer ${spec.veth.peer})` : ''}`,
  };
}

export interface ResolvedChange extends LinkAttributes {
  up?: boolean;
  name?: string;
  /** ifindex of the new master; 0 removes the link from its master. */
  master?: number;
  netns?: NetnsTarget;
}

/** RTM_NEWLINK on an existing link (`ip link set`): flags through ifi_flags/ifi_change, the rest as attributes. */
export function changeLinkRequest(index: number, change: ResolvedChange, label: string = String(index)): Request {
  validateIndex(index);
  const w = hostCodec.writer(64);
  if (change.name !== undefined) { validateIfName(change.name, 'name'); w.string(IFLA.IFNAME, change.name); }
  writeLinkAttributes(w, change);
  if (change.master !== undefined) w.u32(IFLA.MASTER, change.master);
  if (change.netns) writeNetns(w, change.netns);
  const upBits = change.up === undefined ? { flags: 0, change: 0 } : { flags: change.up ? IFF_UP : 0, change: IFF_UP };
  const what = [
    change.up === undefined ? '' : change.up ? 'up' : 'down', change.mtu === undefined ? '' : `mtu ${change.mtu}`,
    change.name ? `name ${change.name}` : '', change.netns ? 'netns' : '', change.master !== undefined ? 'master' : '',
    change.address ? `address ${change.address}` : '',
  ].filter(Boolean).join(' ');
  return { type: RTM.NEWLINK, flags: Flags.ACK, payload: Buffer.concat([writeIfInfoMsg({ index, ...upBits }), w.finish()]), operation: `set link ${label} ${what}`.trim() };
}

export function deleteLinkRequest(index: number, label: string = String(index)): Request {
  validateIndex(index);
  return { type: RTM.DELLINK, flags: Flags.ACK, payload: writeIfInfoMsg({ index }), operation: `delete link ${label}` };
}

// ---------------------------------------------------------------------------------------------------------
// Operations.

/** A namespace to put a link in: anything `NetnsRef` names (name, path, fd, pid). */
export type LinkNetns = NetnsRef;

/** Opens the namespace for the duration of `fn` (IFLA_NET_NS_FD), or passes a pid (IFLA_NET_NS_PID). */
async function withNetnsTarget<T>(ns: LinkNetns | undefined, fn: (t: NetnsTarget | undefined) => Promise<T>): Promise<T> {
  if (ns === undefined) return fn(undefined);
  if (typeof ns === 'object' && 'pid' in ns) {
    if (!Number.isInteger(ns.pid) || ns.pid <= 0) throw new ValidationError('netns', `${ns.pid} is not a process id`);
    return fn({ pid: ns.pid });
  }
  const opened = openNetns(ns);
  try {
    return await fn({ fd: opened.fd });
  } finally {
    if (opened.owned) fs.closeSync(opened.fd);
  }
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

/** Links: list, get, create (veth, vlan, bridge, dummy...), change, move to a namespace, delete (`RtNetlink.links`). */
export class LinkOps {
  constructor(private readonly conn: NetlinkConnection) {}

  /** The ifindex of a link named or numbered; names are looked up with RTM_GETLINK + IFLA_IFNAME, as `ip` does. */
  async index(ref: LinkRef): Promise<number> {
    validateLinkRef(ref);
    if (typeof ref === 'number') return ref;
    const [reply] = await this.conn.request(getLinkByNameRequest(ref));
    if (!reply) throw new NetlinkError({ errno: 19, operation: `get link ${ref}` });
    return readIfInfoMsg(reply.payload).index;
  }

  /** One link by name or index (ENODEV as NetlinkError when there is none). */
  async get(ref: LinkRef, options: { stats?: boolean } = {}): Promise<Link> {
    validateLinkRef(ref);
    const req = typeof ref === 'number' ? getLinkByIndexRequest(ref, options.stats) : getLinkByNameRequest(ref);
    const [reply] = await this.conn.request(req);
    if (!reply) throw new NetlinkError({ errno: 19, operation: req.operation });
    return decodeLink(reply.payload);
  }

  /** Whether a link exists. */
  async exists(ref: LinkRef): Promise<boolean> {
    try {
      await this.index(ref);
      return true;
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENODEV') return false;
      throw e;
    }
  }

  /** Streams every link (one dump; memory bounded by one datagram's worth). */
  list(filter: LinkListFilter & DumpOptions = {}): AsyncGenerator<Link, void, undefined> {
    return flattenBatches(this.listBatches(filter));
  }

  /** Streams links one datagram's worth at a time. */
  async *listBatches(filter: LinkListFilter & DumpOptions = {}): AsyncGenerator<Link[], void, undefined> {
    const m = new MessageCursor();
    for await (const chunk of this.conn.dumpChunks(dumpLinksRequest(filter), { retry: filter.retry, signal: filter.signal })) {
      const out: Link[] = [];
      m.reset(chunk, 0, chunk.length, 'link dump');
      while (m.next()) if (m.type === RTM.NEWLINK) out.push(decodeLinkAt(chunk, m.payloadStart, m.payloadEnd));
      if (out.length > 0) yield out;
    }
  }

  /** Every link's LinkSummary (one dump, without statistics): for listings that show one line per link. */
  async summaries(filter: LinkListFilter = {}): Promise<LinkSummary[]> {
    const out: LinkSummary[] = [];
    const m = new MessageCursor();
    const req = dumpLinksRequest(filter);
    const skipStats = hostCodec.writer(8).u32(IFLA.EXT_MASK, RTEXT_FILTER.SKIP_STATS).finish();
    for await (const chunk of this.conn.dumpChunks({ ...req, payload: Buffer.concat([req.payload, skipStats]) })) {
      m.reset(chunk, 0, chunk.length, 'link dump');
      while (m.next()) if (m.type === RTM.NEWLINK) out.push(decodeLinkSummaryAt(chunk, m.payloadStart, m.payloadEnd));
    }
    return out;
  }

  /** All links at once. */
  async all(filter: LinkListFilter & DumpOptions = {}): Promise<Link[]> {
    const out: Link[] = [];
    for await (const batch of this.listBatches(filter)) for (const l of batch) out.push(l);
    return out;
  }

  /**
   * ifindex -> name of every link (one dump, without statistics). Reads only the header and IFLA_IFNAME of
   * each message, in place: much cheaper than decoding whole links when all a listing needs is names.
   */
  async names(options: DumpOptions = {}): Promise<Map<number, string>> {
    const m = new Map<number, string>();
    const msgs = new MessageCursor();
    const attrs = hostCodec.cursor();
    for await (const chunk of this.conn.dumpChunks(dumpLinkNamesRequest(), options)) {
      msgs.reset(chunk, 0, chunk.length, 'link dump');
      while (msgs.next()) {
        if (msgs.type !== RTM.NEWLINK) continue;
        const start = msgs.payloadStart;
        if (msgs.payloadEnd - start < IFINFOMSG_SIZE) readIfInfoMsg(chunk.subarray(start, msgs.payloadEnd)); // the short-header error
        let name = '';
        attrs.reset(chunk, start + IFINFOMSG_SIZE, msgs.payloadEnd, 'link attributes', start);
        while (attrs.next()) if (attrs.type === IFLA.IFNAME) name = attrs.string();
        m.set(chunk.readInt32LE(start + IFINFOMSG_OFFSETS.index), name);
      }
    }
    return m;
  }

  private async masterIndex(ref: LinkRef | null | undefined): Promise<number | undefined> {
    if (ref === undefined) return undefined;
    if (ref === null) return 0;
    return this.index(ref);
  }

  /** `ip link add NAME type veth peer name PEER [netns NS]`: both ends in one request. */
  async createVeth(name: string, options: VethOptions): Promise<void> {
    validateIfName(name, 'name');
    validateIfName(options.peer, 'peer name');
    await withNetnsTarget(options.peerNetns, (peerNetns) => withNetnsTarget(options.netns, async (netns) => {
      await this.conn.request(createLinkRequest({
        ...options, name, kind: 'veth', netns,
        veth: { peer: options.peer, peerNetns, peerAddress: options.peerAddress, peerMtu: options.peerMtu },
      }));
    }));
  }

  /** A bridge (`ip link add NAME type bridge`). */
  async createBridge(name: string, options: CreateOptions = {}): Promise<void> {
    await this.create(name, 'bridge', options);
  }

  /** An 802.1Q vlan on top of `parent` (needs the 8021q module). */
  async createVlan(name: string, options: CreateOptions & { parent: LinkRef; id: number }): Promise<void> {
    checkRange(options.id, 'vlan id', 0, 4094);
    const parent = await this.index(options.parent);
    await this.create(name, 'vlan', options, { parent, vlanId: options.id });
  }

  /** A link of any kind the kernel knows that needs no IFLA_INFO_DATA (dummy, bridge, ifb, ...). */
  async create(name: string, kind: string, options: CreateOptions = {}, extra: { parent?: number; vlanId?: number } = {}): Promise<void> {
    validateIfName(name, 'name');
    if (!/^[a-z0-9_-]{1,32}$/i.test(kind)) throw new ValidationError('kind', `'${kind}' is not a link kind`);
    const master = await this.masterIndex(options.master);
    await withNetnsTarget(options.netns, async (netns) => {
      await this.conn.request(createLinkRequest({ ...options, ...extra, name, kind, master, netns }));
    });
  }

  /** `ip link set`: up/down, mtu, name, master, address, netns, in one request. */
  async set(ref: LinkRef, change: LinkChange): Promise<void> {
    const index = change.address === undefined ? await this.index(ref) : await this.addressLengthChecked(ref, change.address);
    const master = await this.masterIndex(change.master);
    await withNetnsTarget(change.netns, async (netns) => {
      await this.conn.request(changeLinkRequest(index, { ...change, master, netns }, String(ref)));
    });
  }

  /**
   * The link's index, once the new address is known to have the device's length (dev->addr_len). The kernel
   * takes a longer IFLA_ADDRESS and keeps its first addr_len bytes; ip refuses ("Invalid address length 7 -
   * must be 6 bytes"), and so do we, before changing anything.
   */
  private async addressLengthChecked(ref: LinkRef, address: string): Promise<number> {
    const given = hwAddressBytes(address).length;
    const link = await this.get(ref);
    const wanted = link.address ? link.address.split(':').length : 0;
    if (given !== wanted) throw new ValidationError('address', `'${address}' is ${given} byte(s); ${link.name} takes ${wanted}-byte addresses`);
    return link.index;
  }

  /** Sets a link up. */
  setUp(ref: LinkRef): Promise<void> {
    return this.set(ref, { up: true });
  }

  /** Sets a link down. */
  setDown(ref: LinkRef): Promise<void> {
    return this.set(ref, { up: false });
  }

  /** Moves a link into another namespace (by name, path, fd or pid). */
  moveToNetns(ref: LinkRef, netns: LinkNetns): Promise<void> {
    return this.set(ref, { netns });
  }

  /** Deletes a link. */
  async delete(ref: LinkRef): Promise<void> {
    const index = await this.index(ref);
    await this.conn.request(deleteLinkRequest(index, String(ref)));
  }
}

export function isLinkMessage(m: NetlinkMessage): boolean {
  return m.type === RTM.NEWLINK || m.type === RTM.DELLINK;
}
