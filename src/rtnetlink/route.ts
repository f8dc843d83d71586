// Routes (RTM_NEWROUTE/DELROUTE/GETROUTE): the model, its codec pair, request builders and operations.
import {
  AF_INET, AF_INET6, AF_UNSPEC, Flags, NetlinkError, ValidationError, addressToBytes, familyOf, formatAddress, hostCodec, parseAttributes,
  type Attribute, type AttributeWriter, type NetlinkConnection, type Request,
} from '../netlink/index.js';
import {
  RTAX_CC_ALGO, RTAX_NAMES, RTA, RTM, RTM_F, RTM_F_FIB_MATCH, RTM_F_LOOKUP_TABLE, RTNH_F_ONLINK, RTPROT_BOOT, RT_SCOPE_HOST,
  RT_SCOPE_LINK, RT_SCOPE_NOWHERE, RT_SCOPE_UNIVERSE, RT_TABLE, flagList,
} from './constants.js';
import {
  checkRange, checkU32, familyName, familyNumber, keep, prefixArg, prefixText, protocolName, protocolNumber, routeTypeName, routeTypeNumber,
  scopeName, scopeNumber, tableNumber, type FamilyName, type IpFamily, type LinkRef, type ParsedPrefix, type TableRef,
} from './common.js';
import type { LinkOps } from './link.js';
import { RTMSG_SIZE, RTNEXTHOP_SIZE, readRtMsg, writeRtMsg } from './structs.js';
import { collectFailures, withIndex, type BulkOutcome } from './bulk.js';

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

/** Decodes an RTM_NEWROUTE / RTM_DELROUTE payload. Throws NetlinkDecodeError on malformed input. */
export function decodeRoute(payload: Buffer): Route {
  const h = readRtMsg(payload);
  const r: Route = {
    family: familyName(h.family), table: h.table, dst: 'default', tos: h.tos, protocol: protocolName(h.protocol), scope: scopeName(h.scope),
    type: routeTypeName(h.type), flags: h.flags === 0 ? [] : flagList(h.flags, RTM_F), unknown: [],
  };
  let dst: string | undefined;
  const c = hostCodec;
  for (const a of parseAttributes(payload, RTMSG_SIZE, payload.length, 'route attributes')) {
    switch (a.type) {
      case RTA.TABLE: r.table = c.u32(a); break;
      case RTA.DST: dst = c.ip(a); break;
      case RTA.SRC: r.src = `${c.ip(a)}/${h.srcLength}`; break;
      case RTA.GATEWAY: r.gateway = c.ip(a); break;
      case RTA.VIA: if (a.value.length > 2) r.gateway = viaAddress(a.value); else r.unknown.push(keep(a)); break;
      case RTA.OIF: r.oif = c.u32(a); break;
      case RTA.IIF: r.iif = c.u32(a); break;
      case RTA.PREFSRC: r.prefsrc = c.ip(a); break;
      case RTA.PRIORITY: r.metric = c.u32(a); break;
      case RTA.METRICS: r.metrics = decodeMetrics(a); break;
      case RTA.MULTIPATH: r.nexthops = decodeNextHops(a.value); break;
      case RTA.PREF: r.pref = c.u8(a); break;
      case RTA.EXPIRES: r.expires = c.u32(a); break;
      case RTA.MARK: r.mark = c.u32(a); break;
      case RTA.UID: r.uid = c.u32(a); break;
      case RTA.NH_ID: r.nhId = c.u32(a); break;
      default: r.unknown.push(keep(a));
    }
  }
  r.dst = prefixText(dst, h.dstLength, h.family);
  return r;
}

// ---------------------------------------------------------------------------------------------------------
// Encoding.

export type RouteTypeInput = 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat';
export type MetricName = Exclude<(typeof RTAX_NAMES)[number], 'unspec' | 'congctl'>;

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

function routeFamily(s: ResolvedRoute): { family: number; to: ParsedPrefix; from?: ParsedPrefix } {
  let family = s.family === undefined ? AF_UNSPEC : familyNumber(s.family);
  const isDefault = s.to === 'default' || s.to === 'all' || s.to === 'any';
  if (!isDefault) family = prefixArg(s.to, 'to', family || undefined).family;
  if (family === AF_UNSPEC && s.via) family = familyOf(s.via, 'via');
  if (family === AF_UNSPEC && s.src) family = familyOf(s.src, 'src');
  if (family === AF_UNSPEC && s.nexthops?.[0]?.via) family = familyOf(s.nexthops[0].via, 'nexthops[0].via');
  if (family === AF_UNSPEC) family = AF_INET;
  const to = prefixArg(s.to, 'to', family);
  const from = s.from === undefined ? undefined : prefixArg(s.from, 'from', family);
  return { family, to, from };
}

function routeLabel(s: ResolvedRoute | RouteSpec): string {
  return [s.type && s.type !== 'unicast' ? s.type : '', s.to, s.via ? `via ${s.via}` : '', s.dev !== undefined ? `dev ${s.dev}` : '',
    s.metric !== undefined ? `metric ${s.metric}` : '', s.table !== undefined ? `table ${s.table}` : ''].filter(Boolean).join(' ');
}

export type RouteWrite = 'add' | 'replace' | 'append' | 'delete';

/**
 * RTM_NEWROUTE / RTM_DELROUTE as `ip route add|replace|append|del` sends them: tables below 256 in rtm_table,
 * larger ones as RTA_TABLE; the header defaults ip uses (protocol boot, scope link for gateway-less unicast,
 * wildcard protocol/scope/type on delete); attributes in ip's order for the usual argument order.
 */
export function routeRequest(kind: RouteWrite, s: ResolvedRoute): Request {
  const { family, to, from } = routeFamily(s);
  const del = kind === 'delete';
  const table = s.table === undefined ? RT_TABLE.MAIN : tableNumber(s.table);
  const type = s.type === undefined ? (del ? 0 : 1) : routeTypeNumber(s.type);
  let scope: number;
  if (s.scope !== undefined) scope = scopeNumber(s.scope);
  else if (del) scope = RT_SCOPE_NOWHERE;
  else if (type === 2 || type === 10) scope = RT_SCOPE_HOST; // RTN_LOCAL, RTN_NAT
  else if (type === 3 || type === 4 || type === 5) scope = RT_SCOPE_LINK; // broadcast, anycast, multicast
  else if (type === 1 && !s.via && !s.nexthops?.length) scope = RT_SCOPE_LINK;
  else scope = RT_SCOPE_UNIVERSE;
  const protocol = s.protocol !== undefined ? protocolNumber(s.protocol) : del ? 0 : RTPROT_BOOT;

  const w = hostCodec.writer(128);
  if (to.prefixLength > 0) w.bytes(RTA.DST, addressToBytes(to.address, 'to'));
  if (from && from.prefixLength > 0) w.bytes(RTA.SRC, addressToBytes(from.address, 'from'));
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
  if (s.dev !== undefined) w.u32(RTA.OIF, s.dev);
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
    s.nexthops.forEach((nh, i) => {
      const aw = hostCodec.writer(32);
      if (nh.via !== undefined) writeGateway(aw, 'gateway', nh.via, family, `nexthops[${i}].via`);
      const attrs = aw.finish();
      const head = Buffer.alloc(RTNEXTHOP_SIZE);
      head.writeUInt16LE(RTNEXTHOP_SIZE + attrs.length, 0);
      head[2] = nh.onlink ? RTNH_F_ONLINK : 0;
      head[3] = (nh.weight === undefined ? 1 : checkRange(nh.weight, `nexthops[${i}].weight`, 1, 256)) - 1;
      head.writeInt32LE(nh.dev ?? 0, 4);
      parts.push(head, attrs);
    });
    w.bytes(RTA.MULTIPATH, Buffer.concat(parts));
  }
  const header = writeRtMsg({
    family, dstLength: to.prefixLength, srcLength: from?.prefixLength ?? 0, tos: s.tos === undefined ? 0 : checkRange(s.tos, 'tos', 0, 255),
    table: table > 255 ? RT_TABLE.UNSPEC : table, protocol, scope, type, flags: s.onlink ? RTNH_F_ONLINK : 0,
  });
  const flags = kind === 'add' ? Flags.ACK | Flags.CREATE | Flags.EXCL
    : kind === 'replace' ? Flags.ACK | Flags.CREATE | Flags.REPLACE
    : kind === 'append' ? Flags.ACK | Flags.CREATE | Flags.APPEND
    : Flags.ACK;
  return { type: del ? RTM.DELROUTE : RTM.NEWROUTE, flags, payload: Buffer.concat([header, w.finish()]), operation: `${kind} route ${routeLabel(s)}` };
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

export interface RouteGetOptions {
  from?: string;
  iif?: number;
  oif?: number;
  mark?: number;
  uid?: number;
  /** Return the FIB entry that matched rather than the resolved route (RTM_F_FIB_MATCH). */
  fibMatch?: boolean;
}

/** RTM_GETROUTE for one destination (`ip route get ADDR`): RTM_F_LOOKUP_TABLE set so rtm_table names the table. */
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
    flags: RTM_F_LOOKUP_TABLE | (options.fibMatch ? RTM_F_FIB_MATCH : 0),
  });
  return { type: RTM.GETROUTE, flags: 0, payload: Buffer.concat([header, w.finish()]), operation: `get route to ${to}` };
}

export interface RouteGetQuery extends Omit<RouteGetOptions, 'iif' | 'oif'> {
  iif?: LinkRef;
  oif?: LinkRef;
}

export class RouteOps {
  constructor(private readonly conn: NetlinkConnection, private readonly links: LinkOps) {}

  private async resolve(s: RouteSpec, cache?: Map<LinkRef, number>): Promise<ResolvedRoute> {
    const index = async (ref: LinkRef): Promise<number> => {
      const hit = cache?.get(ref);
      if (hit !== undefined) return hit;
      const i = await this.links.index(ref);
      cache?.set(ref, i);
      return i;
    };
    const dev = s.dev === undefined ? undefined : await index(s.dev);
    const nexthops = s.nexthops === undefined ? undefined
      : await Promise.all(s.nexthops.map(async (nh) => ({ ...nh, dev: nh.dev === undefined ? undefined : await index(nh.dev) })));
    return { ...s, dev, nexthops };
  }

  private async write(kind: RouteWrite, s: RouteSpec): Promise<void> {
    routeRequest(kind, { ...s, dev: s.dev === undefined ? undefined : 1, nexthops: s.nexthops?.map((n) => ({ ...n, dev: undefined })) }); // validate first
    const resolved = await this.resolve(s);
    await this.conn.request({ ...routeRequest(kind, resolved), operation: `${kind} route ${routeLabel(s)}` });
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
  async *list(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } = {}): AsyncGenerator<Route, void, undefined> {
    const oif = filter.dev === undefined ? undefined : await this.links.index(filter.dev);
    const req = dumpRoutesRequest({ ...filter, oif });
    try {
      for await (const batch of this.conn.dumpBatches(req)) {
        for (const m of batch) if (m.type === RTM.NEWROUTE) yield decodeRoute(m.payload);
      }
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT' && filter.table !== undefined && filter.table !== 'all') return;
      throw e;
    }
  }

  async all(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } = {}): Promise<Route[]> {
    const out: Route[] = [];
    for await (const r of this.list(filter)) out.push(r);
    return out;
  }

  /** Many routes with pipelined requests (one ACK per window); each failure is reported with its index. */
  async addMany(specs: readonly RouteSpec[], options: { window?: number; replace?: boolean } = {}): Promise<BulkOutcome<RouteSpec>> {
    return this.many(options.replace ? 'replace' : 'add', specs, options.window);
  }

  async deleteMany(specs: readonly RouteSpec[], options: { window?: number } = {}): Promise<BulkOutcome<RouteSpec>> {
    return this.many('delete', specs, options.window);
  }

  private async many(kind: RouteWrite, specs: readonly RouteSpec[], window?: number): Promise<BulkOutcome<RouteSpec>> {
    specs.forEach((s, i) => withIndex(i, () => routeRequest(kind, { ...s, dev: s.dev === undefined ? undefined : 1, nexthops: s.nexthops?.map((n) => ({ ...n, dev: undefined })) })));
    const cache = new Map<LinkRef, number>();
    const requests: Request[] = [];
    for (const s of specs) requests.push(routeRequest(kind, await this.resolve(s, cache)));
    return collectFailures(specs, await this.conn.pipeline(requests, window));
  }
}
