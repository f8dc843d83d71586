// RTM_NEWROUTE / DELROUTE / GETROUTE described once: struct rtmsg and the RTA_* attributes (rtnetlink.h).
import type { AttrPolicy } from '../../netlink/describe.js';
import { addressToBytes } from '../../netlink/address.js';
import { AttributeCursor, hostCodec } from '../../netlink/attributes.js';
import { attributes, messageSchema, rowsFor, kinds, type CustomCodec } from '../../netlink/schema/index.js';
import { RTAX_CC_ALGO, RTAX_NAMES, RTM_F, RT_TABLE, flagList } from '../constants.js';
import {
  familyName, familyValue, prefixText, protocolName, protocolNumber, routeTypeName, routeTypeNumber, scopeName, scopeNumber,
} from '../common.js';
import { RTMSG } from '../headers.js';
import { decodeNextHops, encodeNextHops, viaAddress, writeGateway } from './nexthops.js';
import type { Route } from './model.js';

/** RTA_METRICS' nest (RTAX_*, by index). */
export const metricsPolicy: AttrPolicy = Object.fromEntries(RTAX_NAMES.map((n, i) => [i, { name: `RTAX_${n.toUpperCase()}`, kind: n === 'congctl' ? 'string' : 'u32' }]));

// RTA_DST and RTA_SRC: the model holds 'address/length' (the length is in the header); finish() joins them.
const dst: CustomCodec<Route> = {
  decode(c, m) { m.dst = c.ip(); },
  encode(w, m, type) { if (m.dst !== 'default') w.bytes(type, addressToBytes(m.dst.split('/')[0]!)); },
};
const src: CustomCodec<Route> = {
  decode(c, m) { m.src = c.ip(); },
  encode(w, m, type) { if (m.src !== undefined) w.bytes(type, addressToBytes(m.src.split('/')[0]!)); },
};
// RTA_GATEWAY, or RTA_VIA for a gateway of another family: both land in `gateway`.
const gateway: CustomCodec<Route> = {
  decode(c, m) { m.gateway = c.ip(); },
  encode(w, m) { if (m.gateway !== undefined) writeGateway(w, m.gateway, familyValue(m.family), 'gateway'); },
};
const via: CustomCodec<Route> = {
  decode(c, m) {
    if (c.length <= 2) return false;
    m.gateway = viaAddress(c.buf, c.valueStart, c.valueEnd);
    return true;
  },
  encode() { /* written by RTA_GATEWAY's row */ },
};
const metrics: CustomCodec<Route> = {
  decode(c, m) {
    const out: Record<string, number | string> = {};
    const inner = new AttributeCursor(hostCodec).reset(c.buf, c.valueStart, c.valueEnd, 'RTA_METRICS', c.valueStart);
    while (inner.next()) out[RTAX_NAMES[inner.type] ?? `rtax${inner.type}`] = inner.type === RTAX_CC_ALGO ? inner.string() : inner.u32();
    m.metrics = out;
  },
  encode(w, m, type) {
    const metrics = m.metrics;
    if (metrics === undefined) return;
    w.nested(type, (n) => {
      for (const [name, value] of Object.entries(metrics)) {
        const t = (RTAX_NAMES as readonly string[]).indexOf(name);
        const mt = t >= 0 ? t : Number(name.replace('rtax', ''));
        if (typeof value === 'string') n.string(mt, value); else n.u32(mt, value);
      }
    });
  },
};
const multipath: CustomCodec<Route> = {
  decode(c, m) { m.nexthops = decodeNextHops(c.buf, c.valueStart, c.valueEnd); },
  encode(w, m, type) { if (m.nexthops !== undefined) w.bytes(type, encodeNextHops(m.nexthops, familyValue(m.family))); },
};

const a = rowsFor<Route>();
export const routeAttributes = attributes<Route>({
  1: a.custom('RTA_DST', kinds.ip, dst),
  2: a.custom('RTA_SRC', kinds.ip, src),
  3: a.u32('RTA_IIF', 'iif'),
  4: a.u32('RTA_OIF', 'oif'),
  5: a.custom('RTA_GATEWAY', kinds.ip, gateway, { field: 'gateway' }),
  6: a.u32('RTA_PRIORITY', 'metric'),
  7: a.ip('RTA_PREFSRC', 'prefsrc'),
  8: a.custom('RTA_METRICS', kinds.bytes, metrics, { nested: metricsPolicy }),
  9: a.custom('RTA_MULTIPATH', kinds.bytes, multipath),
  11: a.named('RTA_FLOW', kinds.u32),
  12: a.named('RTA_CACHEINFO', kinds.bytes),
  15: a.u32('RTA_TABLE', 'table'),
  16: a.u32('RTA_MARK', 'mark'),
  17: a.named('RTA_MFC_STATS', kinds.bytes),
  18: a.custom('RTA_VIA', kinds.lladdr, via),
  19: a.named('RTA_NEWDST', kinds.lladdr),
  20: a.u8('RTA_PREF', 'pref'),
  21: a.named('RTA_ENCAP_TYPE', kinds.u16),
  22: a.named('RTA_ENCAP', kinds.bytes, { nested: {} }),
  23: a.u32('RTA_EXPIRES', 'expires'),
  24: a.named('RTA_PAD', kinds.bytes),
  25: a.u32('RTA_UID', 'uid'),
  26: a.named('RTA_TTL_PROPAGATE', kinds.u8),
  27: a.named('RTA_IP_PROTO', kinds.u8),
  28: a.named('RTA_SPORT', kinds.u16be),
  29: a.named('RTA_DPORT', kinds.u16be),
  30: a.u32('RTA_NH_ID', 'nhId'),
});

const numberOrName = (s: string, f: (x: string) => number): number => (/^\d+$/.test(s) ? Number(s) : f(s));

export const routeSchema = messageSchema({
  context: 'route attributes',
  header: RTMSG,
  attributes: routeAttributes,
  fromHeader: (h): Route => ({
    family: familyName(h.family), table: h.table, dst: 'default', tos: h.tos, protocol: protocolName(h.protocol), scope: scopeName(h.scope),
    type: routeTypeName(h.type), flags: h.flags === 0 ? [] : flagList(h.flags, RTM_F), unknown: [],
  }),
  finish: (m, h) => {
    m.dst = prefixText(m.dst === 'default' ? undefined : m.dst, h.dstLength, h.family);
    if (m.src !== undefined) m.src = `${m.src}/${h.srcLength}`;
  },
  toHeader: (m) => {
    let flags = 0;
    for (const [bit, name] of RTM_F) if (m.flags.includes(name)) flags |= bit;
    return {
      family: familyValue(m.family), dstLength: m.dst === 'default' ? 0 : Number(m.dst.split('/')[1]), srcLength: m.src ? Number(m.src.split('/')[1]) : 0,
      tos: m.tos, table: m.table > 255 ? RT_TABLE.UNSPEC : m.table, protocol: numberOrName(m.protocol, protocolNumber),
      scope: numberOrName(m.scope, scopeNumber), type: numberOrName(m.type, routeTypeNumber), flags,
    };
  },
  describeHeader: { family: familyName, protocol: protocolName, scope: scopeName, type: routeTypeName, flags: (v: number) => flagList(v, RTM_F) },
});
