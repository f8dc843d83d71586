// RTM_NEWNEIGH / DELNEIGH / GETNEIGH described once: struct ndmsg and the NDA_* attributes (neighbour.h).
import { attributes, messageSchema, rowsFor, kinds, type CustomCodec } from '../../netlink/schema/index.js';
import { NTF, NUD, flagBits, flagList } from '../constants.js';
import { familyName, familyValue, protocolName, routeTypeName } from '../common.js';
import { NDA_CACHEINFO, NDMSG } from '../headers.js';
import type { Neighbour } from './model.js';

// NDA_CACHEINFO: struct nda_cacheinfo; a short one is kept as unknown.
const cacheInfo: CustomCodec<Neighbour> = {
  decode(c, m) {
    if (c.length < NDA_CACHEINFO.size) return false;
    m.cacheinfo = NDA_CACHEINFO.read(c.buf, c.valueStart);
    return true;
  },
  encode(w, m, type) {
    if (m.cacheinfo !== undefined) w.bytes(type, NDA_CACHEINFO.write(m.cacheinfo));
  },
};

const a = rowsFor<Neighbour>();
export const neighbourAttributes = attributes<Neighbour>({
  1: a.ip('NDA_DST', 'dst'),
  2: a.lladdr('NDA_LLADDR', 'lladdr'),
  3: a.custom('NDA_CACHEINFO', kinds.bytes, cacheInfo),
  4: a.u32('NDA_PROBES', 'probes'),
  5: a.named('NDA_VLAN', kinds.u16),
  6: a.named('NDA_PORT', kinds.u16be),
  7: a.named('NDA_VNI', kinds.u32),
  8: a.named('NDA_IFINDEX', kinds.u32),
  9: a.named('NDA_MASTER', kinds.u32),
  10: a.named('NDA_LINK_NETNSID', kinds.s32),
  11: a.named('NDA_SRC_VNI', kinds.u32),
  12: a.u8('NDA_PROTOCOL', 'protocol', (v) => protocolName(Number(v))),
  13: a.named('NDA_NH_ID', kinds.u32),
  15: a.named('NDA_FLAGS_EXT', kinds.u32),
});


export const neighbourSchema = messageSchema({
  context: 'neighbour attributes',
  header: NDMSG,
  attributes: neighbourAttributes,
  fromHeader: (h): Neighbour => ({ family: familyName(h.family), index: h.index, state: flagList(h.state, NUD), flags: flagList(h.flags, NTF), type: h.type, unknown: [] }),
  toHeader: (m) => ({ family: familyValue(m.family), index: m.index, state: flagBits(m.state, NUD) ?? 0, flags: flagBits(m.flags, NTF) ?? 0, type: m.type }),
  describeHeader: { family: familyName, state: (v: number) => flagList(v, NUD), flags: (v: number) => flagList(v, NTF), type: routeTypeName },
});
