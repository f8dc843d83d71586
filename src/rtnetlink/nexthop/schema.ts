// RTM_NEWNEXTHOP / DELNEXTHOP / GETNEXTHOP described once: struct nhmsg and the NHA_* attributes (nexthop.h).
import { hostCodec, parseAttributes } from '../../netlink/attributes.js';
import type { AttrPolicy } from '../../netlink/describe.js';
import { NetlinkDecodeError } from '../../netlink/errors.js';
import { attributes, messageSchema, rowsFor, kinds, type CustomCodec } from '../../netlink/schema/index.js';
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES, NHA_RES_GROUP, RTM_F, flagBits, flagList } from '../constants.js';
import { familyName, familyValue, protocolName, protocolNumber, scopeName, scopeNumber } from '../common.js';
import { NHMSG } from '../headers.js';
import type { Nexthop, NexthopGroupMember, ResilientGroup } from './model.js';

/** USER_HZ: clock_t values in NHA_RES_GROUP count hundredths of a second. */
const USER_HZ = 100;
const NEXTHOP_GRP_SIZE = 8; // sizeof(struct nexthop_grp): id u32, weight u8, weight_high u8, resvd2 u16

const raw = kinds.lenient;

// NHA_GROUP: an array of struct nexthop_grp; the kernel stores weight - 1.
const group: CustomCodec<Nexthop> = {
  decode(c, m) {
    const n = c.length;
    if (n % NEXTHOP_GRP_SIZE !== 0) throw new NetlinkDecodeError('NHA_GROUP', 0, `${n} bytes is not a whole number of 8-byte struct nexthop_grp`);
    const members: NexthopGroupMember[] = [];
    for (let o = c.valueStart; o + NEXTHOP_GRP_SIZE <= c.valueEnd; o += NEXTHOP_GRP_SIZE) members.push({ id: c.buf.readUInt32LE(o), weight: c.buf[o + 4]! + 1 });
    m.group = members;
  },
  encode(w, m, type) {
    if (!m.group) return;
    const b = Buffer.alloc(NEXTHOP_GRP_SIZE * m.group.length);
    m.group.forEach((g, i) => { b.writeUInt32LE(g.id, NEXTHOP_GRP_SIZE * i); b[NEXTHOP_GRP_SIZE * i + 4] = g.weight - 1; });
    w.bytes(type, b);
  },
};

const groupType: CustomCodec<Nexthop> = {
  decode(c, m) { const t = c.u16(); m.groupType = t === NEXTHOP_GRP_TYPE_MPATH ? 'mpath' : t === NEXTHOP_GRP_TYPE_RES ? 'resilient' : t; },
  encode(w, m, type) {
    const t = m.groupType;
    if (t !== undefined) w.u16(type, t === 'mpath' ? NEXTHOP_GRP_TYPE_MPATH : t === 'resilient' ? NEXTHOP_GRP_TYPE_RES : t);
  },
};

// NHA_RES_GROUP: timers in seconds as ip prints them (the kernel sends clock_t).
const resilient: CustomCodec<Nexthop> = {
  decode(c, m) {
    const out: ResilientGroup = {};
    const v = c.value();
    for (const a of parseAttributes(v, 0, v.length, 'NHA_RES_GROUP')) {
      if (a.type === NHA_RES_GROUP.BUCKETS) out.buckets = hostCodec.u16(a);
      else if (a.type === NHA_RES_GROUP.IDLE_TIMER) out.idleTimer = Math.floor(hostCodec.u32(a) / USER_HZ);
      else if (a.type === NHA_RES_GROUP.UNBALANCED_TIMER) out.unbalancedTimer = Math.floor(hostCodec.u32(a) / USER_HZ);
      else if (a.type === NHA_RES_GROUP.UNBALANCED_TIME) out.unbalancedTime = Math.floor(Number(hostCodec.u64(a)) / USER_HZ);
    }
    m.resilient = out;
  },
  encode(w, m, type) {
    const r = m.resilient;
    if (!r) return;
    w.nested(type, (n) => {
      if (r.buckets !== undefined) n.u16(NHA_RES_GROUP.BUCKETS, r.buckets);
      if (r.idleTimer !== undefined) n.u32(NHA_RES_GROUP.IDLE_TIMER, r.idleTimer * USER_HZ);
      if (r.unbalancedTimer !== undefined) n.u32(NHA_RES_GROUP.UNBALANCED_TIMER, r.unbalancedTimer * USER_HZ);
      if (r.unbalancedTime !== undefined) n.u64(NHA_RES_GROUP.UNBALANCED_TIME, r.unbalancedTime * USER_HZ);
    }, true);
  },
};

const resGroupPolicy: AttrPolicy = {
  [NHA_RES_GROUP.BUCKETS]: { name: 'NHA_RES_GROUP_BUCKETS', kind: 'u16' },
  [NHA_RES_GROUP.IDLE_TIMER]: { name: 'NHA_RES_GROUP_IDLE_TIMER', kind: 'u32' },
  [NHA_RES_GROUP.UNBALANCED_TIMER]: { name: 'NHA_RES_GROUP_UNBALANCED_TIMER', kind: 'u32' },
  [NHA_RES_GROUP.UNBALANCED_TIME]: { name: 'NHA_RES_GROUP_UNBALANCED_TIME', kind: 'u64' },
};

const n = rowsFor<Nexthop>();
export const nexthopAttributes = attributes<Nexthop>({
  1: n.u32('NHA_ID', 'id'),
  2: n.custom('NHA_GROUP', kinds.bytes, group),
  3: n.custom('NHA_GROUP_TYPE', kinds.u16, groupType),
  4: n.flag('NHA_BLACKHOLE', 'blackhole'),
  5: n.u32('NHA_OIF', 'oif'),
  6: n.ip('NHA_GATEWAY', 'gateway'),
  7: n.named('NHA_ENCAP_TYPE', raw(kinds.u16)),
  8: n.named('NHA_ENCAP', raw(kinds.bytes), { nested: {} }),
  9: n.named('NHA_GROUPS', raw(kinds.flag)),
  10: n.named('NHA_MASTER', raw(kinds.u32)),
  11: n.flag('NHA_FDB', 'fdb'),
  12: n.custom('NHA_RES_GROUP', kinds.bytes, resilient, { nested: resGroupPolicy }),
  13: n.named('NHA_RES_BUCKET', raw(kinds.bytes), { nested: {} }),
});

const numberOr = <T>(text: string, byName: (s: string) => T, byNumber: (n: number) => T): T => (/^\d+$/.test(text) ? byNumber(Number(text)) : byName(text));

export const nexthopSchema = messageSchema({
  context: 'nexthop attributes',
  header: NHMSG,
  attributes: nexthopAttributes,
  fromHeader: (h): Nexthop => ({
    id: 0, family: familyName(h.family), scope: scopeName(h.scope), protocol: protocolName(h.protocol), flags: h.flags === 0 ? [] : flagList(h.flags, RTM_F), unknown: [],
  }),
  toHeader: (m) => ({
    family: familyValue(m.family), scope: numberOr(m.scope, scopeNumber, (x) => x), protocol: numberOr(m.protocol, protocolNumber, (x) => x),
    flags: flagBits(m.flags, RTM_F) ?? 0,
  }),
  describeHeader: { family: familyName, scope: scopeName, protocol: protocolName, flags: (v: number) => flagList(v, RTM_F) },
});
