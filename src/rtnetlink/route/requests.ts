// Route requests as `ip route add|replace|append|del`, `ip route show` and `ip route get` send them.
import { AF_INET, AF_UNSPEC, Flags } from '../../netlink/constants.js';
import { ValidationError } from '../../netlink/errors.js';
import { addressToBytes, familyOf, type PrefixValue } from '../../netlink/address.js';
import { hostCodec, type AttributeWriter } from '../../netlink/attributes.js';
import type { Request } from '../../netlink/connection.js';
import {
  ROUTE_TYPES, RTAX_CC_ALGO, RTAX_NAMES, RTA, RTM, RTM_F_FIB_MATCH, RTM_F_LOOKUP_TABLE, RTNH_F_ONLINK, RTPROT_BOOT, RT_SCOPE_HOST,
  RT_SCOPE_LINK, RT_SCOPE_NOWHERE, RT_SCOPE_UNIVERSE, RT_TABLE,
} from '../constants.js';
import {
  checkRange, checkU32, familyNumber, prefixArg, prefixArgValue, protocolNumber, routeTypeNumber, scopeNumber, tableNumber, type ParsedPrefix,
} from '../common.js';
import { RTMSG, RTNEXTHOP } from '../headers.js';
import { writeGateway } from './nexthops.js';
import type { ResolvedRoute, RouteGetOptions, RouteListFilter, RouteSpec, RouteWrite } from './model.js';

const PREF: Record<NonNullable<RouteSpec['pref']>, number> = { low: 3, medium: 0, high: 1 }; // ICMPV6_ROUTER_PREF_*

export function routeFamily(s: ResolvedRoute | RouteSpec): { family: number; to: ParsedPrefix & PrefixValue; from?: ParsedPrefix } {
  let family = s.family === undefined ? AF_UNSPEC : familyNumber(s.family);
  const isDefault = s.to === 'default' || s.to === 'all' || s.to === 'any';
  if (!isDefault) {
    // A prefix fixes the family, and parsing it again with that family would give the same result.
    const to = prefixArgValue(s.to, 'to', family || undefined);
    return { family: to.family, to, from: s.from === undefined ? undefined : prefixArg(s.from, 'from', to.family) };
  }
  if (family === AF_UNSPEC && s.via) family = familyOf(s.via, 'via');
  if (family === AF_UNSPEC && s.src) family = familyOf(s.src, 'src');
  if (family === AF_UNSPEC && s.nexthops?.[0]?.via) family = familyOf(s.nexthops[0].via, 'nexthops[0].via');
  if (family === AF_UNSPEC) family = AF_INET;
  const to = prefixArgValue(s.to, 'to', family);
  const from = s.from === undefined ? undefined : prefixArg(s.from, 'from', family);
  return { family, to, from };
}

export function routeLabel(s: ResolvedRoute | RouteSpec): string {
  return [s.type && s.type !== 'unicast' ? s.type : '', s.to, s.via ? `via ${s.via}` : '', s.dev !== undefined ? `dev ${s.dev}` : '',
    s.metric !== undefined ? `metric ${s.metric}` : '', s.table !== undefined ? `table ${s.table}` : ''].filter(Boolean).join(' ');
}

/**
 * RTM_NEWROUTE / RTM_DELROUTE as `ip route add|replace|append|del` sends them: tables below 256 in rtm_table,
 * larger ones as RTA_TABLE; the header defaults ip uses (protocol boot, scope link for gateway-less unicast,
 * wildcard protocol/scope/type on delete); attributes in ip's order for the usual argument order.
 */
export function routeRequest(kind: RouteWrite, s: ResolvedRoute): Request {
  const w = hostCodec.writer(128);
  writeRoutePayload(w, kind, s, s.dev, s.nexthops?.map((n) => n.dev));
  const payload = w.finish();
  return { type: routeMessageType(kind), flags: routeFlags(kind), payload, operation: `${kind} route ${routeLabel(s)}` };
}

export const routeMessageType = (kind: RouteWrite): number => (kind === 'delete' ? RTM.DELROUTE : RTM.NEWROUTE);
export const routeFlags = (kind: RouteWrite): number => (kind === 'add' ? Flags.ACK | Flags.CREATE | Flags.EXCL
  : kind === 'replace' ? Flags.ACK | Flags.CREATE | Flags.REPLACE
  : kind === 'append' ? Flags.ACK | Flags.CREATE | Flags.APPEND
  : Flags.ACK);

/**
 * routeRequest's encoder: writes the RTM_NEWROUTE / RTM_DELROUTE payload into `w` (empty). Links come as
 * `dev` / `nexthopDevs` (ifindexes, or placeholders that the caller patches later); when `linkSlots` is
 * given, it receives the payload offset of each ifindex written, in the order dev, then the next hops'.
 * Returns the route's address family.
 */
export function writeRoutePayload(
  w: AttributeWriter, kind: RouteWrite, s: RouteSpec | ResolvedRoute, dev: number | undefined,
  nexthopDevs: ReadonlyArray<number | undefined> | undefined, linkSlots?: number[],
): number {
  const { family, to, from } = routeFamily(s);
  const del = kind === 'delete';
  const table = s.table === undefined ? RT_TABLE.MAIN : tableNumber(s.table);
  // ip's defaults: any type (RTN_UNSPEC) on delete, else unicast; the scope follows the type.
  const type = s.type === undefined ? (del ? ROUTE_TYPES.indexOf('unspec') : ROUTE_TYPES.indexOf('unicast')) : routeTypeNumber(s.type);
  const typeName = ROUTE_TYPES[type];
  let scope: number;
  if (s.scope !== undefined) scope = scopeNumber(s.scope);
  else if (del) scope = RT_SCOPE_NOWHERE;
  else if (typeName === 'local' || typeName === 'nat') scope = RT_SCOPE_HOST;
  else if (typeName === 'broadcast' || typeName === 'anycast' || typeName === 'multicast') scope = RT_SCOPE_LINK;
  else if (typeName === 'unicast' && !s.via && !s.nexthops?.length && s.nhid === undefined) scope = RT_SCOPE_LINK;
  else scope = RT_SCOPE_UNIVERSE;
  const protocol = s.protocol !== undefined ? protocolNumber(s.protocol) : del ? 0 : RTPROT_BOOT;

  w.space(RTMSG.size); // struct rtmsg, written last (its checks come after the attributes')
  if (to.prefixLength > 0) {
    if (to.v6) w.bytes(RTA.DST, to.v6); else w.u32be(RTA.DST, to.v4);
  }
  if (from && from.prefixLength > 0) w.bytes(RTA.SRC, addressToBytes(from.address, 'from'));
  if (s.nhid !== undefined) {
    if (s.via !== undefined || s.dev !== undefined || s.nexthops?.length) throw new ValidationError('nhid', 'a route through a nexthop object takes no via, dev or nexthops of its own');
    w.u32(RTA.NH_ID, checkRange(s.nhid, 'nhid', 1, 0xffffffff));
  }
  if (s.via !== undefined) writeGateway(w, s.via, family, 'via');
  if (s.src !== undefined) {
    if (familyOf(s.src, 'src') !== family) throw new ValidationError('src', `'${s.src}' is not of the route's family`);
    w.bytes(RTA.PREFSRC, addressToBytes(s.src, 'src'));
  }
  if (s.metric !== undefined) w.u32(RTA.PRIORITY, checkU32(s.metric, 'metric'));
  if (table > 255) w.u32(RTA.TABLE, table);
  if (s.pref !== undefined) {
    if (!(s.pref in PREF)) throw new ValidationError('pref', `'${s.pref}' is not low, medium or high`);
    w.u8(RTA.PREF, PREF[s.pref]);
  }
  if (s.expires !== undefined) w.u32(RTA.EXPIRES, checkU32(s.expires, 'expires'));
  if (dev !== undefined) {
    linkSlots?.push(w.length + 4);
    w.u32(RTA.OIF, dev);
  }
  if (s.metrics && Object.keys(s.metrics).length) {
    const metrics = s.metrics;
    w.nested(RTA.METRICS, (n) => {
      for (const [name, value] of Object.entries(metrics)) {
        const t = (RTAX_NAMES as readonly string[]).indexOf(name);
        if (t <= 0) throw new ValidationError('metrics', `unknown metric '${name}'`);
        if (t === RTAX_CC_ALGO) n.string(t, String(value));
        else n.u32(t, checkU32(Number(value), `metrics.${name}`));
      }
    });
  }
  if (s.nexthops?.length) {
    const parts: Buffer[] = [];
    const slots: number[] = []; // offsets of rtnh_ifindex within the RTA_MULTIPATH value
    let at = 0;
    s.nexthops.forEach((nh, i) => {
      const aw = hostCodec.writer(32);
      if (nh.via !== undefined) writeGateway(aw, nh.via, family, `nexthops[${i}].via`);
      const attrs = aw.finish();
      const nhDev = nexthopDevs?.[i];
      const head = RTNEXTHOP.write({
        length: RTNEXTHOP.size + attrs.length, flags: nh.onlink ? RTNH_F_ONLINK : 0,
        hops: (nh.weight === undefined ? 1 : checkRange(nh.weight, `nexthops[${i}].weight`, 1, 256)) - 1, index: nhDev ?? 0,
      });
      if (nhDev !== undefined) slots.push(at + RTNEXTHOP.offsets.index);
      parts.push(head, attrs);
      at += head.length + attrs.length;
    });
    const value = w.length + 4;
    for (const slot of slots) linkSlots?.push(value + slot);
    w.bytes(RTA.MULTIPATH, Buffer.concat(parts));
  }
  const header = {
    family, dstLength: to.prefixLength, srcLength: from?.prefixLength ?? 0, tos: s.tos === undefined ? 0 : checkRange(s.tos, 'tos', 0, 255),
    table: table > 255 ? RT_TABLE.UNSPEC : table, protocol, scope, type, flags: s.onlink ? RTNH_F_ONLINK : 0,
  };
  RTMSG.writeInto(w.finish(), 0, header);
  return family;
}

/** RTM_GETROUTE dump; table, oif, protocol and type are filters the kernel applies under strict checking. */
export function dumpRoutesRequest(filter: RouteListFilter = {}): Request {
  const w = hostCodec.writer(16);
  if (filter.table !== undefined && filter.table !== 'all') w.u32(RTA.TABLE, tableNumber(filter.table));
  if (filter.oif !== undefined) w.u32(RTA.OIF, filter.oif);
  const header = RTMSG.write({
    family: filter.family === undefined ? AF_UNSPEC : familyNumber(filter.family),
    protocol: filter.protocol === undefined ? 0 : protocolNumber(filter.protocol),
    type: filter.type === undefined ? 0 : routeTypeNumber(filter.type),
  });
  return { type: RTM.GETROUTE, flags: 0, payload: Buffer.concat([header, w.finish()]), operation: `dump routes${filter.table !== undefined ? ` table ${filter.table}` : ''}` };
}

/**
 * RTM_GETROUTE for one destination (`ip route get ADDR`). IPv4 sets RTM_F_LOOKUP_TABLE so that rtm_table names
 * the table; IPv6 refuses every flag but RTM_F_FIB_MATCH ("Invalid flags for get route request") and names
 * the table anyway. ip does the same.
 */
export function getRouteRequest(to: string, options: RouteGetOptions = {}): Request {
  const dst = prefixArg(to, 'to');
  const w = hostCodec.writer(64);
  w.bytes(RTA.DST, addressToBytes(dst.address, 'to'));
  const from = options.from === undefined ? undefined : prefixArg(options.from, 'from', dst.family);
  if (from) w.bytes(RTA.SRC, addressToBytes(from.address, 'from'));
  if (options.iif !== undefined) w.u32(RTA.IIF, options.iif);
  if (options.oif !== undefined) w.u32(RTA.OIF, options.oif);
  if (options.mark !== undefined) w.u32(RTA.MARK, checkU32(options.mark, 'mark'));
  if (options.uid !== undefined) w.u32(RTA.UID, checkU32(options.uid, 'uid'));
  const header = RTMSG.write({
    family: dst.family, dstLength: dst.prefixLength, srcLength: from?.prefixLength ?? 0,
    flags: (dst.family === AF_INET ? RTM_F_LOOKUP_TABLE : 0) | (options.fibMatch ? RTM_F_FIB_MATCH : 0),
  });
  return { type: RTM.GETROUTE, flags: 0, payload: Buffer.concat([header, w.finish()]), operation: `get route to ${to}` };
}
