// RTM_NEWLINK / DELLINK / GETLINK / SETLINK described once: struct ifinfomsg and the IFLA_* attributes
// (if_link.h). decodeLink, encodeLink, the listing view and `nlts decode` all read these rows.
import { hostCodec } from '../../netlink/attributes.js';
import type { AttrPolicy } from '../../netlink/describe.js';
import { attributes, messageSchema, rowsFor, kinds, type AttributeTable, type CustomCodec, type ValueKind } from '../../netlink/schema/index.js';
import { ARPHRD, IFF, IFF_UP, IFLA, OPERSTATES, flagList } from '../constants.js';
import { familyName, hwAddressBytes } from '../common.js';
import { IFINFOMSG, LINK_STATS64_FIELDS, type LinkStats } from '../headers.js';
import { decodeLinkInfo, encodeLinkInfo, linkInfoPolicy } from './info.js';
import type { Link } from './model.js';

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** buf[start, end) as a hardware address ('02:00:00:00:00:01'; '' when empty), with a table (a hot path). */
export function hwText(b: Buffer, start: number, end: number): string {
  if (end <= start) return '';
  let s = HEX2[b[start]!]!;
  for (let i = start + 1; i < end; i++) s += ':' + HEX2[b[i]!]!;
  return s;
}

/** A hardware address attribute. */
export const hw: ValueKind<string> = {
  policy: 'hex', min: 0,
  read: (c) => hwText(c.buf, c.valueStart, c.valueEnd),
  write: (w, t, v) => { w.bytes(t, v ? hwAddressBytes(v) : Buffer.alloc(0)); },
};

/** A u8 read as a boolean (IFLA_CARRIER, IFLA_PROTO_DOWN). */
const bool8 = kinds.bool8;

/** The same kind for an attribute the model keeps raw: its length is decode's to judge, not the view's. */
const raw = kinds.lenient;

/** IFLA_OPERSTATE by name ('up', 'down', ...; IF_OPER_*), or the number as text. */
export const operstateName = (st: number): string => OPERSTATES[st] ?? String(st);

const operstate: CustomCodec<Link> = {
  decode(c, m) { m.operstate = operstateName(c.u8()); },
  encode(w, m, type) {
    if (m.operstate === undefined) return;
    const i = (OPERSTATES as readonly string[]).indexOf(m.operstate);
    w.u8(type, i >= 0 ? i : Number(m.operstate));
  },
};

// struct rtnl_link_stats64: u64 counters in LINK_STATS64_FIELDS order; missing ones (a shorter struct) are 0.
// One literal in that order: an object of fixed shape (built key by key it was the slowest part of a decode).
function readStats(v: Buffer, start: number, end: number): LinkStats {
  const f = (i: number): number => {
    const at = start + i * 8;
    return at + 8 <= end ? v.readUInt32LE(at + 4) * 0x100000000 + v.readUInt32LE(at) : 0;
  };
  return {
    rxPackets: f(0), txPackets: f(1), rxBytes: f(2), txBytes: f(3), rxErrors: f(4), txErrors: f(5), rxDropped: f(6), txDropped: f(7),
    multicast: f(8), collisions: f(9), rxLengthErrors: f(10), rxOverErrors: f(11), rxCrcErrors: f(12), rxFrameErrors: f(13),
    rxFifoErrors: f(14), rxMissedErrors: f(15), txAbortedErrors: f(16), txCarrierErrors: f(17), txFifoErrors: f(18),
    txHeartbeatErrors: f(19), txWindowErrors: f(20), rxCompressed: f(21), txCompressed: f(22), rxNohandler: f(23),
  };
}

const stats: CustomCodec<Link> = {
  decode(c, m) { m.stats = readStats(c.buf, c.valueStart, c.valueEnd); },
  encode(w, m, type) {
    const s = m.stats;
    if (!s) return;
    const b = Buffer.alloc(LINK_STATS64_FIELDS.length * 8);
    LINK_STATS64_FIELDS.forEach((name, i) => b.writeBigUInt64LE(BigInt(s[name]), i * 8));
    w.bytes(type, b);
  },
};

// IFLA_PROP_LIST: a nest of IFLA_ALT_IFNAME strings.
const propList: CustomCodec<Link> = {
  decode(c, m) { for (const p of hostCodec.nested(c.attribute(), 'IFLA_PROP_LIST')) if (p.type === IFLA.ALT_IFNAME) m.altNames.push(hostCodec.string(p)); },
  encode(w, m, type) { if (m.altNames.length) w.nested(type, (n) => { for (const a of m.altNames) n.string(IFLA.ALT_IFNAME, a); }); },
};

// The peer of a veth is described with the link's own rows (built on first use: the table refers to itself).
let peerPolicy: AttrPolicy | undefined;

const l = rowsFor<Link>();
export const linkAttributes: AttributeTable<Link> = attributes<Link>({
  1: l.value(hw, 'IFLA_ADDRESS', 'address'),
  2: l.value(hw, 'IFLA_BROADCAST', 'broadcast'),
  3: l.string('IFLA_IFNAME', 'name'),
  4: l.u32('IFLA_MTU', 'mtu'),
  5: l.u32('IFLA_LINK', 'link'),
  6: l.string('IFLA_QDISC', 'qdisc'),
  7: l.named('IFLA_STATS', raw(kinds.bytes)),
  10: l.u32('IFLA_MASTER', 'master'),
  13: l.u32('IFLA_TXQLEN', 'txqlen'),
  16: l.custom('IFLA_OPERSTATE', kinds.u8, operstate, { render: (v) => OPERSTATES[Number(v)] ?? v }),
  17: l.u8('IFLA_LINKMODE', 'linkmode'),
  18: l.custom('IFLA_LINKINFO', kinds.bytes, { decode: decodeLinkInfo, encode: encodeLinkInfo }, { nested: linkInfoPolicy((): AttrPolicy => peerPolicy ??= linkAttributes.policy()) }),
  19: l.named('IFLA_NET_NS_PID', raw(kinds.u32)),
  20: l.string('IFLA_IFALIAS', 'alias'),
  23: l.custom('IFLA_STATS64', kinds.bytes, stats),
  26: l.named('IFLA_AF_SPEC', raw(kinds.bytes), { nested: {} }),
  27: l.u32('IFLA_GROUP', 'group'),
  28: l.named('IFLA_NET_NS_FD', raw(kinds.u32)),
  29: l.named('IFLA_EXT_MASK', raw(kinds.u32)),
  30: l.u32('IFLA_PROMISCUITY', 'promiscuity'),
  31: l.u32('IFLA_NUM_TX_QUEUES', 'numTxQueues'),
  32: l.u32('IFLA_NUM_RX_QUEUES', 'numRxQueues'),
  33: l.value(bool8, 'IFLA_CARRIER', 'carrier'),
  35: l.u32('IFLA_CARRIER_CHANGES', 'carrierChanges'),
  37: l.s32('IFLA_LINK_NETNSID', 'linkNetnsId'),
  39: l.value(bool8, 'IFLA_PROTO_DOWN', 'protoDown'),
  40: l.u32('IFLA_GSO_MAX_SEGS', 'gsoMaxSegs'),
  41: l.u32('IFLA_GSO_MAX_SIZE', 'gsoMaxSize'),
  43: l.named('IFLA_XDP', raw(kinds.bytes), { nested: {} }),
  45: l.named('IFLA_NEW_NETNSID', raw(kinds.s32)),
  46: l.named('IFLA_TARGET_NETNSID', raw(kinds.s32)),
  47: l.u32('IFLA_CARRIER_UP_COUNT', 'carrierUpCount'),
  48: l.u32('IFLA_CARRIER_DOWN_COUNT', 'carrierDownCount'),
  49: l.named('IFLA_NEW_IFINDEX', raw(kinds.s32)),
  50: l.u32('IFLA_MIN_MTU', 'minMtu'),
  51: l.u32('IFLA_MAX_MTU', 'maxMtu'),
  52: l.custom('IFLA_PROP_LIST', kinds.bytes, propList, { nested: { [IFLA.ALT_IFNAME]: { name: 'IFLA_ALT_IFNAME', kind: 'string' } } }),
  53: l.named('IFLA_ALT_IFNAME', raw(kinds.string)),
  54: l.value(hw, 'IFLA_PERM_ADDRESS', 'permAddress'),
  56: l.string('IFLA_PARENT_DEV_NAME', 'parentDevName'),
  57: l.string('IFLA_PARENT_DEV_BUS_NAME', 'parentBusName'),
  58: l.u32('IFLA_GRO_MAX_SIZE', 'groMaxSize'),
  59: l.u32('IFLA_TSO_MAX_SIZE', 'tsoMaxSize'),
  60: l.u32('IFLA_TSO_MAX_SEGS', 'tsoMaxSegs'),
  61: l.u32('IFLA_ALLMULTI', 'allmulti'),
  64: l.u32('IFLA_GRO_IPV4_MAX_SIZE', 'groIpv4MaxSize'),
});

/** ifi_type by name ('ether'), or the number as text. */
export const typeName = (t: number): string => ARPHRD[t] ?? String(t);

function typeNumber(name: string): number {
  for (const [k, v] of Object.entries(ARPHRD)) if (v === name) return Number(k);
  return /^\d+$/.test(name) ? Number(name) : 0;
}

export const linkSchema = messageSchema({
  context: 'link attributes',
  header: IFINFOMSG,
  attributes: linkAttributes,
  fromHeader: (h): Link => ({
    index: h.index, name: '', family: h.family, type: typeName(h.type), flags: flagList(h.flags, IFF), up: (h.flags & IFF_UP) !== 0,
    altNames: [], rawFlags: h.flags, change: h.change, unknown: [],
  }),
  toHeader: (m) => ({ family: m.family, type: typeNumber(m.type), index: m.index, flags: m.rawFlags, change: m.change }),
  describeHeader: { family: familyName, type: (v: number) => ARPHRD[v] ?? v, flags: (v: number) => flagList(v, IFF) },
});
