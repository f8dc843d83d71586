// Routes (RTM_NEWROUTE/DELROUTE/GETROUTE): the model, its codec pair, request builders and operations.
import { AF_INET, AF_INET6, AF_UNSPEC, Flags } from '../netlink/constants.js';
import { MessageCursor } from '../netlink/message.js';
import { flattenBatches, type DumpOptions, type NetlinkConnection, type Request } from '../netlink/connection.js';
import { NetlinkError, ProtocolError, ValidationError } from '../netlink/errors.js';
import { addressToBytes, familyOf, formatAddress, parseIPv4PrefixPacked, type PrefixValue } from '../netlink/address.js';
import { hostCodec, parseAttributes, type Attribute, type AttributeWriter } from '../netlink/attributes.js';
import {
  RTAX_CC_ALGO, RTAX_NAMES, RTA, RTM, RTM_F, RTM_F_FIB_MATCH, RTM_F_LOOKUP_TABLE, RTNH_F_ONLINK, RTPROT_BOOT, RT_SCOPE_HOST,
  RT_SCOPE_LINK, RT_SCOPE_NOWHERE, RT_SCOPE_UNIVERSE, RT_TABLE, flagList,
} from './constants.js';
import {
  checkRange, checkU32, familyName, familyNumber, keep, prefixArg, prefixArgValue, prefixText, protocolName, protocolNumber, routeTypeName, routeTypeNumber,
  scopeName, scopeNumber, tableNumber, type FamilyName, type IpFamily, type LinkRef, type ParsedPrefix, type TableRef,
} from './common.js';
import type { LinkOps } from './link.js';
import { RTMSG_OFFSETS, RTMSG_SIZE, RTNEXTHOP_SIZE, readRtMsg, writeRtMsg, writeRtMsgInto } from './headers.js';
import { collectFailures, labelItem, type BulkOutcome } from './bulk.js';

/** One path of a multipath route (RTA_MULTIPATH). */
export interface NextHop {
  gateway?: string; // RTA_GATEWAY or RTA_VIA inside the rtnexthop
  oif: number; // rtnh_ifindex
  weight: number; // rtnh_hops + 1
  flags: string[]; // rtnh_flags (RTNH_F_*)
  unknown: Attribute[];
}

/** A route as the kernel reports it. */
export interface Route {
  family: FamilyName; // rtm_family
  table: number; // RTA_TABLE, else rtm_table
  /** 'default' or 'address/length' (RTA_DST, rtm_dst_len). */
  dst: string;
  src?: string; // RTA_SRC/rtm_src_len (source-specific routes)
  tos: number; // rtm_tos
  protocol: string; // rtm_protocol by name ('boot', 'kernel', 'static', ...) or number
  scope: string; // rtm_scope ('global', 'link', 'host', ...)
  type: string; // rtm_type ('unicast', 'local', 'blackhole', ...)
  flags: string[]; // rtm_flags by name
  gateway?: string; // RTA_GATEWAY or RTA_VIA
  oif?: number; // RTA_OIF
  iif?: number; // RTA_IIF
  prefsrc?: string; // RTA_PREFSRC
  metric?: number; // RTA_PRIORITY
  metrics?: Record<string, number | string>; // RTA_METRICS (RTAX_* by name)
  nexthops?: NextHop[]; // RTA_MULTIPATH
  pref?: number; // RTA_PREF (IPv6 router preference)
  expires?: number; // RTA_EXPIRES
  mark?: number; // RTA_MARK
  uid?: number; // RTA_UID
  nhId?: number; // RTA_NH_ID
  unknown: Attribute[];
}

function viaAddress(v: Buffer): string {
  // struct rtvia: u16 family, then the address.
  return formatAddress(v, 2, v.length - 2);
}

function decodeNextHops(v: Buffer): NextHop[] {
  const out: NextHop[] = [];
  let at = 0;
  while (at + RTNEXTHOP_SIZE <= v.length) {
    const len = v.readUInt16LE(at);
    if (len < RTNEXTHOP_SIZE || at + len > v.length) break;
    const nh: NextHop = { oif: v.readInt32LE(at + 4), weight: v[at + 3]! + 1, flags: flagList(v[at + 2]!, RTM_F), unknown: [] };
    for (const a of parseAttributes(v, at + RTNEXTHOP_SIZE, at + len, 'rtnexthop attributes')) {
      if (a.type === RTA.GATEWAY) nh.gateway = hostCodec.ip(a);
      else if (a.type === RTA.VIA && a.value.length > 2) nh.gateway = viaAddress(a.value);
      else nh.unknown.push(keep(a));
    }
    out.push(nh);
    at += (len + 3) & ~3;
  }
  return out;
}

function decodeMetrics(a: Attribute): Record<string, number | string> {
  const m: Record<string, number | string> = {};
  for (const x of hostCodec.nested(a, 'RTA_METRICS')) {
    const name = RTAX_NAMES[x.type] ?? `rtax${x.type}`;
    m[name] = x.type === RTAX_CC_ALGO ? hostCodec.string(x) : hostCodec.u32(x);
  }
  return m;
}

// One cursor for every route decode: decoding is synchronous and never re-enters itself.
const cursor = hostCodec.cursor();

/** Decodes an RTM_NEWROUTE / RTM_DELROUTE payload. Throws NetlinkDecodeError on malformed input. */
export function decodeRoute(payload: Buffer): Route {
  return decodeRouteAt(payload, 0, payload.length);
}

/**
 * decodeRoute on the payload at [start, end) of a larger buffer (a dump chunk), without a view per message.
 * Error offsets are relative to `start`, as decodeRoute's are to its payload.
 */
export function decodeRouteAt(buf: Buffer, start: number, end: number): Route {
  if (end - start < RTMSG_SIZE) readRtMsg(buf.subarray(start, end)); // throws the short-header error
  const family = buf[start + RTMSG_OFFSETS.family]!;
  const dstLength = buf[start + RTMSG_OFFSETS.dstLength]!;
  const srcLength = buf[start + RTMSG_OFFSETS.srcLength]!;
  const rtmFlags = buf.readUInt32LE(start + RTMSG_OFFSETS.flags);
  const r: Route = {
    family: familyName(family), table: buf[start + RTMSG_OFFSETS.table]!, dst: 'default', tos: buf[start + RTMSG_OFFSETS.tos]!,
    protocol: protocolName(buf[start + RTMSG_OFFSETS.protocol]!), scope: scopeName(buf[start + RTMSG_OFFSETS.scope]!),
    type: routeTypeName(buf[start + RTMSG_OFFSETS.type]!), flags: rtmFlags === 0 ? [] : flagList(rtmFlags, RTM_F), unknown: [],
  };
  let dst: string | undefined;
  let own: Buffer | undefined; // one copy of the message for every kept unknown attribute
  const c = cursor.reset(buf, start + RTMSG_SIZE, end, 'route attributes', start);
  while (c.next()) {
    switch (c.type) {
      case RTA.TABLE: r.table = c.u32(); break;
      case RTA.DST: dst = c.ip(); break;
      case RTA.SRC: r.src = `${c.ip()}/${srcLength}`; break;
      case RTA.GATEWAY: r.gateway = c.ip(); break;
      case RTA.VIA: if (c.length > 2) r.gateway = viaAddress(c.value()); else r.unknown.push(c.attributeIn(own ??= Buffer.from(buf.subarray(start, end)), start)); break;
      case RTA.OIF: r.oif = c.u32(); break;
      case RTA.IIF: r.iif = c.u32(); break;
      case RTA.PREFSRC: r.prefsrc = c.ip(); break;
      case RTA.PRIORITY: r.metric = c.u32(); break;
      case RTA.METRICS: r.metrics = decodeMetrics(c.attribute()); break;
      case RTA.MULTIPATH: r.nexthops = decodeNextHops(c.value()); break;
      case RTA.PREF: r.pref = c.u8(); break;
      case RTA.EXPIRES: r.expires = c.u32(); break;
      case RTA.MARK: r.mark = c.u32(); break;
      case RTA.UID: r.uid = c.u32(); break;
      case RTA.NH_ID: r.nhId = c.u32(); break;
      default: r.unknown.push(c.attributeIn(own ??= Buffer.from(buf.subarray(start, end)), start));
    }
  }
  r.dst = prefixText(dst, dstLength, family);
  return r;
}

/**
 * A route read in place, for listings that print text rather than keep Route objects: header fields as
 * numbers, and where an address attribute's value sits in `buf` (offset and length; -1 when absent).
 * One instance is refilled by scanRoutes for every route. Attributes it does not carry but a route listing
 * shows (RTA_VIA, RTA_METRICS, RTA_MULTIPATH) make `simple` false: then call decode() for the full Route.
 */
export class RouteView {
  buf: Buffer = Buffer.alloc(0);
  /** The payload is buf[start, end). */
  start = 0;
  end = 0;
  family = 0; // rtm_family
  dstLength = 0; // rtm_dst_len
  srcLength = 0; // rtm_src_len
  tos = 0; // rtm_tos
  table = 0; // RTA_TABLE, else rtm_table
  protocol = 0; // rtm_protocol
  scope = 0; // rtm_scope
  type = 0; // rtm_type
  flags = 0; // rtm_flags
  dst = -1; // RTA_DST value offset
  dstBytes = 0;
  src = -1; // RTA_SRC
  srcBytes = 0;
  gateway = -1; // RTA_GATEWAY
  gatewayBytes = 0;
  prefsrc = -1; // RTA_PREFSRC
  prefsrcBytes = 0;
  oif = -1; // RTA_OIF
  metric = -1; // RTA_PRIORITY
  pref = -1; // RTA_PREF
  simple = true;

  /** The full model (what decodeRoute returns for this payload). */
  decode(): Route {
    return decodeRouteAt(this.buf, this.start, this.end);
  }
}

const scanCursor = hostCodec.cursor();
const IP_LENGTH_OK = (n: number): boolean => n === 4 || n === 16;

/**
 * Fills `v` from the route payload at [start, end) of `buf`; fails on the input decodeRoute fails on.
 * The common case (well-formed attributes in host order) runs as one tight loop over local variables, which
 * matters in a short-lived CLI whose code mostly runs before the JIT has optimized it; anything unusual
 * (a short or flagged attribute) goes through the checked cursor walk, which also reports errors.
 */
export function scanRoute(buf: Buffer, start: number, end: number, v: RouteView): RouteView {
  if (end - start < RTMSG_SIZE) readRtMsg(buf.subarray(start, end)); // throws the short-header error
  let table = buf[start + 4]!; // rtm_table
  let dst = -1;
  let dstBytes = 0;
  let gateway = -1;
  let gatewayBytes = 0;
  let prefsrc = -1;
  let prefsrcBytes = 0;
  let oif = -1;
  let metric = -1;
  let unusual = false;
  let o = start + RTMSG_SIZE;
  while (o < end) {
    if (end - o < 4) { unusual = true; break; }
    const len = buf[o]! | (buf[o + 1]! << 8);
    const rawType = buf[o + 2]! | (buf[o + 3]! << 8);
    if (len < 4 || len > end - o || rawType > 0xff) { unusual = true; break; } // bad framing, NLA_F_* flags
    const n = len - 4;
    const at = o + 4;
    if (rawType === 15 /* RTA_TABLE */) {
      if (n < 4) { unusual = true; break; }
      table = (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
    } else if (rawType === 1 /* RTA_DST */) {
      if (n !== 4 && n !== 16) { unusual = true; break; }
      dst = at;
      dstBytes = n;
    } else if (rawType === 4 /* RTA_OIF */) {
      if (n < 4) { unusual = true; break; }
      oif = (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
    } else if (rawType === 5 /* RTA_GATEWAY */) {
      if (n !== 4 && n !== 16) { unusual = true; break; }
      gateway = at;
      gatewayBytes = n;
    } else if (rawType === 6 /* RTA_PRIORITY */) {
      if (n < 4) { unusual = true; break; }
      metric = (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
    } else if (rawType === 7 /* RTA_PREFSRC */) {
      if (n !== 4 && n !== 16) { unusual = true; break; }
      prefsrc = at;
      prefsrcBytes = n;
    } else if (rawType !== 12 /* RTA_CACHEINFO */) {
      unusual = true; // anything else: the general walk below
      break;
    }
    o += (len + 3) & ~3;
  }
  v.buf = buf;
  v.start = start;
  v.end = end;
  v.family = buf[start]!; // rtm_family
  v.dstLength = buf[start + 1]!;
  v.srcLength = buf[start + 2]!;
  v.tos = buf[start + 3]!;
  v.protocol = buf[start + 5]!;
  v.scope = buf[start + 6]!;
  v.type = buf[start + 7]!;
  v.flags = (buf[start + 8]! | (buf[start + 9]! << 8) | (buf[start + 10]! << 16) | (buf[start + 11]! << 24)) >>> 0;
  v.simple = true;
  v.src = v.pref = -1;
  if (!unusual) {
    v.prefsrc = prefsrc;
    v.prefsrcBytes = prefsrcBytes;
    v.table = table;
    v.dst = dst;
    v.dstBytes = dstBytes;
    v.gateway = gateway;
    v.gatewayBytes = gatewayBytes;
    v.oif = oif;
    v.metric = metric;
    return v;
  }
  return scanRouteAttributes(buf, start, end, v);
}

// The general (and checking) walk of scanRoute.
function scanRouteAttributes(buf: Buffer, start: number, end: number, v: RouteView): RouteView {
  v.table = buf[start + RTMSG_OFFSETS.table]!;
  v.dst = v.src = v.gateway = v.prefsrc = v.oif = v.metric = v.pref = -1;
  const c = scanCursor.reset(buf, start + RTMSG_SIZE, end, 'route attributes', start);
  while (c.next()) {
    switch (c.type) {
      case RTA.TABLE: v.table = c.u32(); break;
      case RTA.DST: if (!IP_LENGTH_OK(c.length)) c.ip(); v.dst = c.valueStart; v.dstBytes = c.length; break;
      case RTA.SRC: if (!IP_LENGTH_OK(c.length)) c.ip(); v.src = c.valueStart; v.srcBytes = c.length; break;
      case RTA.GATEWAY: if (!IP_LENGTH_OK(c.length)) c.ip(); v.gateway = c.valueStart; v.gatewayBytes = c.length; break;
      case RTA.PREFSRC: if (!IP_LENGTH_OK(c.length)) c.ip(); v.prefsrc = c.valueStart; v.prefsrcBytes = c.length; break;
      case RTA.OIF: v.oif = c.u32(); break;
      case RTA.PRIORITY: v.metric = c.u32(); break;
      case RTA.PREF: v.pref = c.u8(); break;
      case RTA.IIF: case RTA.EXPIRES: case RTA.MARK: c.u32(); break; // checked, not carried
      // Not carried (and printed by routeLine): decode() takes over from here, and reports whatever is wrong
      // from here on, in order.
      case RTA.VIA: case RTA.METRICS: case RTA.MULTIPATH: case RTA.UID: case RTA.NH_ID: v.simple = false; return v;
      default: break;
    }
  }
  return v;
}

/**
 * Calls `visit` with `view` refilled for each RTM_NEWROUTE in a chunk of messages (RouteOps.listChunks).
 * Framing is checked as MessageCursor checks it, with the same errors.
 */
export function scanRoutes(chunk: Buffer, view: RouteView, visit: (v: RouteView) => void): void {
  const end = chunk.length;
  let o = 0;
  while (o < end) {
    const len = end - o >= 16 ? (chunk[o]! | (chunk[o + 1]! << 8) | (chunk[o + 2]! << 16) | (chunk[o + 3]! << 24)) >>> 0 : 0;
    if (len < 16 || len > end - o) {
      // Let the checked walk name the problem.
      const m = new MessageCursor().reset(chunk, o, end, 'route dump');
      m.next();
      throw new ProtocolError('unreachable: a message the cursor accepted failed the quick check');
    }
    if ((chunk[o + 4]! | (chunk[o + 5]! << 8)) === RTM.NEWROUTE) visit(scanRoute(chunk, o + 16, o + len, view));
    o += (len + 3) & ~3;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Encoding.

/** A route type as ip(8) takes it. */
export type RouteTypeInput = 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat';
/** A route metric name (RTAX_*) as ip(8) writes it. */
export type MetricName = Exclude<(typeof RTAX_NAMES)[number], 'unspec' | 'congctl'>;

/** One path of a multipath route to write. */
export interface NextHopSpec {
  via?: string;
  dev?: LinkRef;
  /** 1..256 (rtnh_hops + 1). */
  weight?: number;
  onlink?: boolean;
}

/** A route to add, replace or delete (delete matches on what is given). */
export interface RouteSpec {
  /** 'default' or a prefix ('10.10.1.0/24', '2001:db8::/64', or a bare address for a host route). */
  to: string;
  family?: IpFamily;
  /** Gateway (RTA_GATEWAY; RTA_VIA when its family differs from the route's). */
  via?: string;
  dev?: LinkRef;
  /** Preferred source address (RTA_PREFSRC, `ip route ... src`). */
  src?: string;
  /** Source prefix for source-specific routes (RTA_SRC, `ip route ... from`). */
  from?: string;
  /** Any table number, or 'main' / 'local' / 'default'. Default: main. */
  table?: TableRef;
  metric?: number;
  protocol?: string | number;
  scope?: string | number;
  type?: RouteTypeInput;
  tos?: number;
  onlink?: boolean;
  metrics?: Partial<Record<MetricName, number>> & { congctl?: string };
  nexthops?: NextHopSpec[];
  /** A nexthop object (RtNetlink.nexthops) by id, instead of via/dev/nexthops (RTA_NH_ID). */
  nhid?: number;
  /** IPv6 router preference. */
  pref?: 'low' | 'medium' | 'high';
  expires?: number;
}

/** A RouteSpec whose links are ifindexes. */
export interface ResolvedRoute extends Omit<RouteSpec, 'dev' | 'nexthops'> {
  dev?: number;
  nexthops?: Array<Omit<NextHopSpec, 'dev'> & { dev?: number }>;
}

const PREF: Record<NonNullable<RouteSpec['pref']>, number> = { low: 3, medium: 0, high: 1 }; // ICMPV6_ROUTER_PREF_*

function writeGateway(w: AttributeWriter, type: 'gateway', gw: string, family: number, field: string): void {
  void type;
  const gf = familyOf(gw, field);
  if (gf === family) {
    w.bytes(RTA.GATEWAY, addressToBytes(gw, field));
  } else {
    const a = addressToBytes(gw, field);
    const b = Buffer.alloc(2 + a.length);
    b.writeUInt16LE(gf, 0);
    a.copy(b, 2);
    w.bytes(RTA.VIA, b);
  }
}

function routeFamily(s: ResolvedRoute | RouteSpec): { family: number; to: ParsedPrefix & PrefixValue; from?: ParsedPrefix } {
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

function routeLabel(s: ResolvedRoute | RouteSpec): string {
  return [s.type && s.type !== 'unicast' ? s.type : '', s.to, s.via ? `via ${s.via}` : '', s.dev !== undefined ? `dev ${s.dev}` : '',
    s.metric !== undefined ? `metric ${s.metric}` : '', s.table !== undefined ? `table ${s.table}` : ''].filter(Boolean).join(' ');
}

/** How a route is written. */
export type RouteWrite = 'add' | 'replace' | 'append' | 'delete';

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

const routeMessageType = (kind: RouteWrite): number => (kind === 'delete' ? RTM.DELROUTE : RTM.NEWROUTE);
const routeFlags = (kind: RouteWrite): number => (kind === 'add' ? Flags.ACK | Flags.CREATE | Flags.EXCL
  : kind === 'replace' ? Flags.ACK | Flags.CREATE | Flags.REPLACE
  : kind === 'append' ? Flags.ACK | Flags.CREATE | Flags.APPEND
  : Flags.ACK);

/**
 * routeRequest's encoder: writes the RTM_NEWROUTE / RTM_DELROUTE payload into `w` (empty). Links come as
 * `dev` / `nexthopDevs` (ifindexes, or placeholders that the caller patches later); when `linkSlots` is
 * given, it receives the payload offset of each ifindex written, in the order dev, then the next hops'.
 * Returns the route's address family.
 */
function writeRoutePayload(
  w: AttributeWriter, kind: RouteWrite, s: RouteSpec | ResolvedRoute, dev: number | undefined,
  nexthopDevs: ReadonlyArray<number | undefined> | undefined, linkSlots?: number[],
): number {
  const { family, to, from } = routeFamily(s);
  const del = kind === 'delete';
  const table = s.table === undefined ? RT_TABLE.MAIN : tableNumber(s.table);
  const type = s.type === undefined ? (del ? 0 : 1) : routeTypeNumber(s.type);
  let scope: number;
  if (s.scope !== undefined) scope = scopeNumber(s.scope);
  else if (del) scope = RT_SCOPE_NOWHERE;
  else if (type === 2 || type === 10) scope = RT_SCOPE_HOST; // RTN_LOCAL, RTN_NAT
  else if (type === 3 || type === 4 || type === 5) scope = RT_SCOPE_LINK; // broadcast, anycast, multicast
  else if (type === 1 && !s.via && !s.nexthops?.length && s.nhid === undefined) scope = RT_SCOPE_LINK;
  else scope = RT_SCOPE_UNIVERSE;
  const protocol = s.protocol !== undefined ? protocolNumber(s.protocol) : del ? 0 : RTPROT_BOOT;

  w.space(RTMSG_SIZE); // struct rtmsg, written last (its checks come after the attributes')
  if (to.prefixLength > 0) {
    if (to.v6) w.bytes(RTA.DST, to.v6); else w.u32be(RTA.DST, to.v4);
  }
  if (from && from.prefixLength > 0) w.bytes(RTA.SRC, addressToBytes(from.address, 'from'));
  if (s.nhid !== undefined) {
    if (s.via !== undefined || s.dev !== undefined || s.nexthops?.length) throw new ValidationError('nhid', 'a route through a nexthop object takes no via, dev or nexthops of its own');
    w.u32(RTA.NH_ID, checkRange(s.nhid, 'nhid', 1, 0xffffffff));
  }
  if (s.via !== undefined) writeGateway(w, 'gateway', s.via, family, 'via');
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
      if (nh.via !== undefined) writeGateway(aw, 'gateway', nh.via, family, `nexthops[${i}].via`);
      const attrs = aw.finish();
      const head = Buffer.alloc(RTNEXTHOP_SIZE);
      head.writeUInt16LE(RTNEXTHOP_SIZE + attrs.length, 0);
      head[2] = nh.onlink ? RTNH_F_ONLINK : 0;
      head[3] = (nh.weight === undefined ? 1 : checkRange(nh.weight, `nexthops[${i}].weight`, 1, 256)) - 1;
      const nhDev = nexthopDevs?.[i];
      head.writeInt32LE(nhDev ?? 0, 4);
      if (nhDev !== undefined) slots.push(at + 4);
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
  writeRtMsgInto(w.finish(), 0, header);
  return family;
}

/**
 * One request of a bulk write. Its payload lives in a shared arena (one allocation for all of them) and
 * becomes a Buffer view when the pipeline asks; its operation text (for errors only) is made when asked for.
 */
class BulkRouteRequest implements Request {
  readonly type: number;
  readonly flags: number;
  /** The ifindex `spec.dev` resolved to. */
  dev: number | undefined;
  constructor(readonly kind: RouteWrite, readonly spec: RouteSpec, private readonly arena: Arena, private readonly start: number, private readonly end: number) {
    this.type = routeMessageType(kind);
    this.flags = routeFlags(kind);
  }
  get payload(): Buffer {
    return this.arena.buf.subarray(this.start, this.end);
  }
  /** Writes an ifindex (host order) at `offset` of the payload. */
  patch(offset: number, index: number): void {
    const b = this.arena.buf;
    const at = this.start + offset;
    b[at] = index & 0xff;
    b[at + 1] = (index >>> 8) & 0xff;
    b[at + 2] = (index >>> 16) & 0xff;
    b[at + 3] = index >>> 24;
  }
  get operation(): string {
    return `${this.kind} route ${routeLabel({ ...this.spec, dev: this.dev })}`;
  }
}

/** A growing buffer that encoded payloads are appended to. */
class Arena {
  buf: Buffer;
  at = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 256));
  }
  /** Appends a copy of [start, end) of what it holds; returns where the copy starts. */
  copyWithin(start: number, end: number): number {
    const n = end - start;
    if (this.at + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
      this.buf.copy(next, 0, 0, this.at);
      this.buf = next;
    }
    const at = this.at;
    this.buf.copyWithin(at, start, end);
    this.at += n;
    return at;
  }

  /** Appends what `w` has written; returns where it starts. */
  append(w: AttributeWriter): number {
    const n = w.length;
    if (this.at + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
      this.buf.copy(next, 0, 0, this.at);
      this.buf = next;
    }
    const start = this.at;
    w.copyTo(this.buf, start);
    this.at += n;
    return start;
  }
}

/** Encodes a decoded Route back into an RTM_NEWROUTE payload (round trip of decodeRoute). */
export function encodeRoute(r: Route): Buffer {
  const family = r.family === 'inet' ? AF_INET : r.family === 'inet6' ? AF_INET6 : 0;
  const dst = r.dst === 'default' ? undefined : r.dst.split('/');
  const src = r.src?.split('/');
  const w = hostCodec.writer(128);
  w.u32(RTA.TABLE, r.table);
  if (dst) w.bytes(RTA.DST, addressToBytes(dst[0]!));
  if (src) w.bytes(RTA.SRC, addressToBytes(src[0]!));
  if (r.gateway !== undefined) writeGateway(w, 'gateway', r.gateway, family, 'gateway');
  if (r.oif !== undefined) w.u32(RTA.OIF, r.oif);
  if (r.iif !== undefined) w.u32(RTA.IIF, r.iif);
  if (r.prefsrc !== undefined) w.bytes(RTA.PREFSRC, addressToBytes(r.prefsrc));
  if (r.metric !== undefined) w.u32(RTA.PRIORITY, r.metric);
  if (r.metrics) {
    const metrics = r.metrics;
    w.nested(RTA.METRICS, (n) => {
      for (const [name, value] of Object.entries(metrics)) {
        const t = (RTAX_NAMES as readonly string[]).indexOf(name);
        const type = t >= 0 ? t : Number(name.replace('rtax', ''));
        if (typeof value === 'string') n.string(type, value); else n.u32(type, value);
      }
    });
  }
  if (r.nexthops) {
    const parts: Buffer[] = [];
    for (const nh of r.nexthops) {
      const aw = hostCodec.writer(32);
      if (nh.gateway !== undefined) writeGateway(aw, 'gateway', nh.gateway, family, 'gateway');
      for (const u of nh.unknown) aw.attribute(u);
      const attrs = aw.finish();
      const head = Buffer.alloc(RTNEXTHOP_SIZE);
      head.writeUInt16LE(RTNEXTHOP_SIZE + attrs.length, 0);
      let f = 0;
      for (const [bit, name] of RTM_F) if (bit < 0x100 && nh.flags.includes(name)) f |= bit;
      head[2] = f;
      head[3] = nh.weight - 1;
      head.writeInt32LE(nh.oif, 4);
      parts.push(head, attrs);
    }
    w.bytes(RTA.MULTIPATH, Buffer.concat(parts));
  }
  if (r.pref !== undefined) w.u8(RTA.PREF, r.pref);
  if (r.expires !== undefined) w.u32(RTA.EXPIRES, r.expires);
  if (r.mark !== undefined) w.u32(RTA.MARK, r.mark);
  if (r.uid !== undefined) w.u32(RTA.UID, r.uid);
  if (r.nhId !== undefined) w.u32(RTA.NH_ID, r.nhId);
  for (const u of r.unknown) w.attribute(u);
  let flags = 0;
  for (const [bit, name] of RTM_F) if (r.flags.includes(name)) flags |= bit;
  const num = (s: string, f: (x: string) => number): number => (/^\d+$/.test(s) ? Number(s) : f(s));
  return Buffer.concat([writeRtMsg({
    family, dstLength: dst ? Number(dst[1]) : 0, srcLength: src ? Number(src[1]) : 0, tos: r.tos, table: r.table > 255 ? RT_TABLE.UNSPEC : r.table,
    protocol: num(r.protocol, protocolNumber), scope: num(r.scope, scopeNumber), type: num(r.type, routeTypeNumber), flags,
  }), w.finish()]);
}

/** Which routes to list. */
export interface RouteListFilter {
  family?: IpFamily;
  /** A table number or name, or 'all' (the default). Filtered in the kernel. */
  table?: TableRef | 'all';
  /** Only routes through this ifindex (RTA_OIF, filtered in the kernel). */
  oif?: number;
  protocol?: string | number;
  type?: RouteTypeInput;
}

/** RTM_GETROUTE dump; table, oif, protocol and type are filters the kernel applies under strict checking. */
export function dumpRoutesRequest(filter: RouteListFilter = {}): Request {
  const w = hostCodec.writer(16);
  if (filter.table !== undefined && filter.table !== 'all') w.u32(RTA.TABLE, tableNumber(filter.table));
  if (filter.oif !== undefined) w.u32(RTA.OIF, filter.oif);
  const header = writeRtMsg({
    family: filter.family === undefined ? AF_UNSPEC : familyNumber(filter.family),
    protocol: filter.protocol === undefined ? 0 : protocolNumber(filter.protocol),
    type: filter.type === undefined ? 0 : routeTypeNumber(filter.type),
  });
  return { type: RTM.GETROUTE, flags: 0, payload: Buffer.concat([header, w.finish()]), operation: `dump routes${filter.table !== undefined ? ` table ${filter.table}` : ''}` };
}

/** What `ip route get` looks up: destination and optional source, input interface, mark, ... */
export interface RouteGetOptions {
  from?: string;
  iif?: number;
  oif?: number;
  mark?: number;
  uid?: number;
  /** Return the FIB entry that matched rather than the resolved route (RTM_F_FIB_MATCH). */
  fibMatch?: boolean;
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
  const header = writeRtMsg({
    family: dst.family, dstLength: dst.prefixLength, srcLength: from?.prefixLength ?? 0,
    flags: (dst.family === AF_INET ? RTM_F_LOOKUP_TABLE : 0) | (options.fibMatch ? RTM_F_FIB_MATCH : 0),
  });
  return { type: RTM.GETROUTE, flags: 0, payload: Buffer.concat([header, w.finish()]), operation: `get route to ${to}` };
}

/** A route lookup query as the client takes it (links by name or index). */
export interface RouteGetQuery extends Omit<RouteGetOptions, 'iif' | 'oif'> {
  iif?: LinkRef;
  oif?: LinkRef;
}

/** Routes: list, get, add, replace, change, delete, in bulk too (`RtNetlink.routes`). */
export class RouteOps {
  constructor(private readonly conn: NetlinkConnection, private readonly links: LinkOps) {}

  private async write(kind: RouteWrite, s: RouteSpec): Promise<void> {
    // Encoded (and so validated) before any link is looked up; the links' ifindexes are patched in after.
    const slots: number[] = [];
    const w = hostCodec.writer(128);
    writeRoutePayload(w, kind, s, s.dev === undefined ? undefined : 0, s.nexthops?.map((n) => (n.dev === undefined ? undefined : 0)), slots);
    const payload = w.finish();
    let k = 0;
    for (const ref of linkRefs(s)) payload.writeUInt32LE(await this.links.index(ref), slots[k++]!);
    await this.conn.request({ type: routeMessageType(kind), flags: routeFlags(kind), payload, operation: `${kind} route ${routeLabel(s)}` });
  }

  /** `ip route add`: EEXIST when the route exists. */
  add(s: RouteSpec): Promise<void> { return this.write('add', s); }
  /** `ip route replace`: adds or overwrites. */
  replace(s: RouteSpec): Promise<void> { return this.write('replace', s); }
  /** `ip route append`. */
  append(s: RouteSpec): Promise<void> { return this.write('append', s); }
  /** `ip route del`: ESRCH when no route matches. */
  delete(s: RouteSpec): Promise<void> { return this.write('delete', s); }

  /** `ip route get ADDR`: the route the kernel would use, with its table. */
  async get(to: string, query: RouteGetQuery = {}): Promise<Route> {
    const iif = query.iif === undefined ? undefined : await this.links.index(query.iif);
    const oif = query.oif === undefined ? undefined : await this.links.index(query.oif);
    const req = getRouteRequest(to, { ...query, iif, oif });
    const [reply] = await this.conn.request(req);
    if (!reply) throw new NetlinkError({ errno: 3, operation: req.operation });
    return decodeRoute(reply.payload);
  }

  /** Streams routes. A table filter on a table that does not exist yields nothing (the kernel says ENOENT). */
  list(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } & DumpOptions = {}): AsyncGenerator<Route, void, undefined> {
    return flattenBatches(this.listBatches(filter));
  }

  /** Streams routes one datagram's worth at a time (fewer awaits than list() on large tables). */
  async *listBatches(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } & DumpOptions = {}): AsyncGenerator<Route[], void, undefined> {
    const m = new MessageCursor();
    for await (const chunk of this.listChunks(filter)) {
      const out: Route[] = [];
      m.reset(chunk, 0, chunk.length, 'route dump');
      while (m.next()) if (m.type === RTM.NEWROUTE) out.push(decodeRouteAt(chunk, m.payloadStart, m.payloadEnd));
      if (out.length > 0) yield out;
    }
  }

  /**
   * The route dump as raw chunks of messages (NetlinkConnection.dumpChunks), for readers that want no
   * objects at all: pass each chunk to scanRoutes() with a RouteView. Same filters and rules as list().
   */
  async *listChunks(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } & DumpOptions = {}): AsyncGenerator<Buffer, void, undefined> {
    const oif = filter.dev === undefined ? undefined : await this.links.index(filter.dev);
    const req = dumpRoutesRequest({ ...filter, oif });
    try {
      yield* this.conn.dumpChunks(req, { retry: filter.retry, signal: filter.signal });
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT' && filter.table !== undefined && filter.table !== 'all') return;
      throw e;
    }
  }

  /** Every route, optionally filtered (table, family, device, protocol, ...). */
  async all(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } & DumpOptions = {}): Promise<Route[]> {
    const out: Route[] = [];
    for await (const batch of this.listBatches(filter)) for (const r of batch) out.push(r);
    return out;
  }

  /** Many routes with pipelined requests (one ACK per window); each failure is reported with its index. */
  async addMany(specs: readonly RouteSpec[], options: { window?: number; replace?: boolean } = {}): Promise<BulkOutcome<RouteSpec>> {
    return this.many(options.replace ? 'replace' : 'add', specs, options.window);
  }

  /** Deletes many routes, pipelined; failures are reported per route. */
  async deleteMany(specs: readonly RouteSpec[], options: { window?: number } = {}): Promise<BulkOutcome<RouteSpec>> {
    return this.many('delete', specs, options.window);
  }

  private async many(kind: RouteWrite, specs: readonly RouteSpec[], window?: number): Promise<BulkOutcome<RouteSpec>> {
    // Every request is encoded once, which validates every item before anything is sent or looked up; links
    // get a placeholder ifindex, patched in once each distinct link has been looked up.
    const requests: BulkRouteRequest[] = new Array(specs.length);
    const slots: Array<number[] | undefined> = new Array(specs.length);
    const arena = new Arena(specs.length * 64);
    const w = hostCodec.writer(1024);
    // Bulk specs usually differ in `to` alone. An item equal to the last fully encoded one but for `to`
    // (same fields, same values) gets that encoding with its own destination written in: everything else it
    // would encode and check comes out the same.
    let template: { spec: RouteSpec; family: number; start: number; end: number; slots: number[] | undefined } | undefined;
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i]!;
      if (template !== undefined && sameButDestination(s, template.spec)) {
        // An IPv4 prefix in one pass; anything else the way routeFamily reads it (and fails on it).
        const packed = template.family === AF_INET && typeof s.to === 'string' && s.family !== 'inet6' ? parseIPv4PrefixPacked(s.to) : -1;
        let to: { family: number; prefixLength: number; v4: number; v6: Buffer | undefined };
        if (packed >= 0) {
          to = { family: AF_INET, prefixLength: packed % 64, v4: Math.floor(packed / 64), v6: undefined };
        } else {
          try {
            to = prefixArgValue(s.to, 'to', s.family === undefined ? undefined : familyNumber(s.family));
          } catch (e) {
            throw labelItem(e, i);
          }
        }
        if (to.family === template.family && to.prefixLength > 0) {
          const start = arena.copyWithin(template.start, template.end);
          const b = arena.buf;
          b[start + RTMSG_OFFSETS.dstLength] = to.prefixLength;
          const at = start + RTMSG_SIZE + 4; // RTA_DST is the first attribute when there is a destination
          if (to.v6) to.v6.copy(b, at);
          else {
            const v = to.v4;
            b[at] = v >>> 24;
            b[at + 1] = (v >>> 16) & 0xff;
            b[at + 2] = (v >>> 8) & 0xff;
            b[at + 3] = v & 0xff;
          }
          requests[i] = new BulkRouteRequest(kind, s, arena, start, arena.at);
          slots[i] = template.slots;
          continue;
        }
      }
      const nexthopDevs = s.nexthops === undefined ? undefined : s.nexthops.map((n) => (n.dev === undefined ? undefined : 0));
      const linkSlots = s.dev !== undefined || nexthopDevs?.some((d) => d !== undefined) ? [] : undefined;
      let family: number;
      try {
        family = writeRoutePayload(w.reset(), kind, s, s.dev === undefined ? undefined : 0, nexthopDevs, linkSlots);
      } catch (e) {
        throw labelItem(e, i);
      }
      const start = arena.append(w);
      requests[i] = new BulkRouteRequest(kind, s, arena, start, arena.at);
      slots[i] = linkSlots;
      // A template must have a destination (RTA_DST first, rtm_dst_len > 0) for others to write theirs in.
      template = arena.buf[start + RTMSG_OFFSETS.dstLength]! > 0 ? { spec: s, family, start, end: arena.at, slots: linkSlots } : undefined;
    }
    const cache = new Map<LinkRef, number>();
    const index = async (ref: LinkRef): Promise<number> => {
      const i = await this.links.index(ref);
      cache.set(ref, i);
      return i;
    };
    for (let i = 0; i < specs.length; i++) {
      const linkSlots = slots[i];
      if (!linkSlots) continue;
      const s = specs[i]!;
      const req = requests[i]!;
      if (s.nexthops === undefined) { // the usual case: dev is the one link
        const dev = cache.get(s.dev!) ?? await index(s.dev!);
        req.dev = dev;
        req.patch(linkSlots[0]!, dev);
        continue;
      }
      let k = 0;
      for (const ref of linkRefs(s)) {
        const dev = cache.get(ref) ?? await index(ref);
        if (k === 0 && s.dev !== undefined) req.dev = dev;
        req.patch(linkSlots[k++]!, dev);
      }
    }
    return collectFailures(specs, await this.conn.pipeline(requests, window));
  }
}

/** Whether two specs have the same fields with the same values (undefined counting as absent), `to` aside. */
function sameButDestination(a: RouteSpec, b: RouteSpec): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (k !== 'to' && x[k] !== y[k]) return false;
  for (const k in y) if (k !== 'to' && x[k] !== y[k]) return false;
  return true;
}

/** The links a route spec names, in the order writeRoutePayload writes their ifindexes: dev, then next hops'. */
function linkRefs(s: RouteSpec): LinkRef[] {
  const refs: LinkRef[] = [];
  if (s.dev !== undefined) refs.push(s.dev);
  for (const nh of s.nexthops ?? []) if (nh.dev !== undefined) refs.push(nh.dev);
  return refs;
}
