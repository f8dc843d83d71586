// Shared helpers of the rtnetlink objects: families, link references, interface names, prefixes, tables.
import { AF_INET, AF_INET6, AF_UNSPEC, NetlinkProtocol } from '../netlink/constants.js';
import { ValidationError } from '../netlink/errors.js';
import { familyOf, parsePrefix, parsePrefixValue, type AddressFamily, type PrefixValue } from '../netlink/address.js';
import type { Attribute } from '../netlink/attributes.js';
import { NetlinkConnection } from '../netlink/connection.js';
import { NetlinkSocket } from '../netlink/socket.js';
import type { NetnsRef } from '../netlink/netns.js';
import { PROTOCOLS, ROUTE_TYPES, SCOPES, TABLE_NAMES } from './constants.js';

/** A link by name ('client-veth0') or by ifindex. */
export type LinkRef = string | number;

/** An address family name as ip(8) prints it. */
export type FamilyName = 'inet' | 'inet6' | 'unspec' | 'bridge' | 'mpls' | `af${number}`;
/** IPv4 or IPv6 as ip(8) names them. */
export type IpFamily = 'inet' | 'inet6';

const AF_BRIDGE = 7;
const AF_MPLS = 28;

/** The ip(8) name of an address family number. */
export function familyName(n: number): FamilyName {
  switch (n) {
    case AF_INET: return 'inet';
    case AF_INET6: return 'inet6';
    case AF_UNSPEC: return 'unspec';
    case AF_BRIDGE: return 'bridge';
    case AF_MPLS: return 'mpls';
    default: return `af${n}`;
  }
}

/** The number of a family name familyName gave (the inverse of familyName). */
export function familyValue(name: FamilyName): number {
  switch (name) {
    case 'inet': return AF_INET;
    case 'inet6': return AF_INET6;
    case 'unspec': return AF_UNSPEC;
    case 'bridge': return AF_BRIDGE;
    case 'mpls': return AF_MPLS;
    default: return Number(String(name).replace(/^af/, '')) || 0;
  }
}

/** The address family number of 'inet' / 'inet6' (or 4 / 6); AF_UNSPEC for undefined. */
export function familyNumber(f: IpFamily | 4 | 6 | undefined): number {
  if (f === undefined) return AF_UNSPEC;
  if (f === 'inet' || f === 4) return AF_INET;
  if (f === 'inet6' || f === 6) return AF_INET6;
  throw new ValidationError('family', `'${String(f)}' is not 'inet' or 'inet6'`);
}

/** Interface names as the kernel accepts them (dev_valid_name): 1..15 bytes, no '/', ':' or whitespace, not '.'/'..'. */
export function validateIfName(name: string, field = 'interface name'): void {
  if (typeof name !== 'string' || name.length === 0) throw new ValidationError(field, 'it is empty');
  const bytes = Buffer.byteLength(name);
  if (bytes > 15) throw new ValidationError(field, `'${name}' is ${bytes} bytes long (at most 15, IFNAMSIZ - 1)`);
  if (name === '.' || name === '..') throw new ValidationError(field, `'${name}' is not a name`);
  if (/[\s/:\0]/.test(name)) throw new ValidationError(field, `'${name}' contains '/', ':', whitespace or NUL`);
}

export function validateIndex(index: number, field = 'ifindex'): void {
  if (!Number.isInteger(index) || index <= 0 || index > 0x7fffffff) throw new ValidationError(field, `${index} is not a positive interface index`);
}

export function validateLinkRef(ref: LinkRef, field = 'link'): void {
  if (typeof ref === 'number') validateIndex(ref, field);
  else validateIfName(ref, field);
}

/**
 * The one link-resolution rule of rtnetlink. Request builders are pure and take ifindexes; operations take
 * LinkRefs and:
 * 1. build the request once with every link at PLACEHOLDER_IFINDEX, so that every other argument is checked
 *    before anything is sent (a bad argument never costs a lookup);
 * 2. resolve each distinct LinkRef once (a number is itself; a name is RTM_GETLINK + IFLA_IFNAME, as ip does),
 *    through a LinkIndexCache when one operation has many items;
 * 3. build the request with the real indexes (bulk writes may write them into the bytes built in step 1 at
 *    the offsets the builder reports, which is the same request).
 */
export const PLACEHOLDER_IFINDEX = 1;

/** What resolves a LinkRef to its ifindex (LinkOps). */
export interface LinkResolver {
  index(ref: LinkRef): Promise<number>;
}

/** Step 1 and 3 of the rule for one optional link: validates with the placeholder, resolves, builds. */
export async function withLinkIndex<T>(links: LinkResolver, ref: LinkRef | undefined, build: (index: number | undefined) => T): Promise<T> {
  build(ref === undefined ? undefined : PLACEHOLDER_IFINDEX);
  return build(ref === undefined ? undefined : await links.index(ref));
}

/** Each distinct LinkRef resolved once (step 2 for operations over many items). */
export class LinkIndexCache implements LinkResolver {
  private readonly known = new Map<LinkRef, number>();
  constructor(private readonly links: LinkResolver) {}
  async index(ref: LinkRef): Promise<number> {
    let i = this.known.get(ref);
    if (i === undefined) { i = await this.links.index(ref); this.known.set(ref, i); }
    return i;
  }
}

export function checkU32(v: number, field: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new ValidationError(field, `${v} is not an integer in 0..4294967295`);
  return v;
}

export function checkRange(v: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new ValidationError(field, `${v} is not an integer in ${min}..${max}`);
  return v;
}

/** A prefix with its family resolved; 'default' is the zero-length prefix of the given (or IPv4) family. */
export interface ParsedPrefix {
  family: AddressFamily;
  address: string;
  prefixLength: number;
}

export function prefixArg(text: string, field: string, family?: number): ParsedPrefix {
  if (typeof text !== 'string') throw new ValidationError(field, 'expected a string');
  if (text === 'default' || text === 'all' || text === 'any') {
    const f = family === AF_INET6 ? AF_INET6 : AF_INET;
    return { family: f, address: f === AF_INET ? '0.0.0.0' : '::', prefixLength: 0 };
  }
  const p = parsePrefix(text, field);
  if (family !== undefined && family !== AF_UNSPEC && p.family !== family) throw new ValidationError(field, `'${text}' is not of the family of the other addresses`);
  return p;
}

/** prefixArg with the address as encoders want it (see PrefixValue): parsed once. */
export function prefixArgValue(text: string, field: string, family?: number): ParsedPrefix & PrefixValue {
  if (typeof text !== 'string') throw new ValidationError(field, 'expected a string');
  if (text === 'default' || text === 'all' || text === 'any') {
    const f = family === AF_INET6 ? AF_INET6 : AF_INET;
    return { family: f, address: f === AF_INET ? '0.0.0.0' : '::', prefixLength: 0, v4: 0, v6: f === AF_INET ? undefined : Buffer.alloc(16) };
  }
  const p = parsePrefixValue(text, field);
  if (family !== undefined && family !== AF_UNSPEC && p.family !== family) throw new ValidationError(field, `'${text}' is not of the family of the other addresses`);
  return p;
}

export function addressArg(text: string, field: string, family?: number): { family: AddressFamily; address: string } {
  if (typeof text !== 'string') throw new ValidationError(field, 'expected a string');
  const f = familyOf(text, field);
  if (family !== undefined && family !== AF_UNSPEC && f !== family) throw new ValidationError(field, `'${text}' is not of the family of the other addresses`);
  return { family: f, address: text };
}

/** 'default' for a zero-length prefix, else 'address/length'. */
export function prefixText(address: string | undefined, length: number, family: number): string {
  if (length === 0) return 'default';
  return `${address ?? (family === AF_INET6 ? '::' : '0.0.0.0')}/${length}`;
}

/** A routing table by number or by the names of /etc/iproute2/rt_tables. */
export type TableRef = number | 'main' | 'local' | 'default';

/** The number of a routing table reference; ValidationError on an unknown name. */
export function tableNumber(t: TableRef, field = 'table'): number {
  if (typeof t === 'string') {
    const n = TABLE_NAMES[t];
    if (n === undefined) throw new ValidationError(field, `'${t}' is not main, local, default or a number`);
    return n;
  }
  if (!Number.isInteger(t) || t <= 0 || t > 0xffffffff) throw new ValidationError(field, `${t} is not a table id in 1..4294967295`);
  return t;
}

/** The ip(8) name of a route scope number. */
export function scopeName(n: number): string {
  switch (n) {
    case 0: return 'global';
    case 200: return 'site';
    case 253: return 'link';
    case 254: return 'host';
    case 255: return 'nowhere';
    default: return String(n);
  }
}

/** A number written as ip reads one (strtoul, base 0: 0x hex, a leading 0 octal, else decimal), or undefined. */
function numberText(s: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]+$/.test(s)) return parseInt(s, 8);
  if (/^\d+$/.test(s)) return Number(s);
  return undefined;
}

/** The number of a route scope name or number; ValidationError otherwise. */
export function scopeNumber(s: string | number, field = 'scope'): number {
  if (typeof s === 'number') return checkRange(s, field, 0, 255);
  const numeric = numberText(s);
  if (numeric !== undefined) return checkRange(numeric, field, 0, 255);
  const n = SCOPES[s];
  if (n === undefined) throw new ValidationError(field, `'${s}' is not global, site, link, host or nowhere`);
  return n;
}

// Index = rtm_protocol (a u8): the name, or the number as text.
const protocolByNumber: string[] = Array.from({ length: 256 }, (_, i) => String(i));
for (const [k, v] of Object.entries(PROTOCOLS).reverse()) protocolByNumber[v] = k;
/** The ip(8) name of a route protocol number. */
export function protocolName(n: number): string {
  return protocolByNumber[n] ?? String(n);
}
/** The number of a route protocol name or number; ValidationError otherwise. */
export function protocolNumber(p: string | number, field = 'protocol'): number {
  if (typeof p === 'number') return checkRange(p, field, 0, 255);
  const numeric = numberText(p);
  if (numeric !== undefined) return checkRange(numeric, field, 0, 255);
  const n = PROTOCOLS[p];
  if (n === undefined) throw new ValidationError(field, `unknown protocol '${p}'`);
  return n;
}

/** The ip(8) name of a route type number. */
export function routeTypeName(n: number): string {
  return ROUTE_TYPES[n] ?? String(n);
}
/** The number of a route type name; ValidationError otherwise. */
export function routeTypeNumber(t: string, field = 'type'): number {
  const i = (ROUTE_TYPES as readonly string[]).indexOf(t);
  if (i <= 0) throw new ValidationError(field, `'${t}' is not a route type (${ROUTE_TYPES.slice(1).join(', ')})`);
  return i;
}

/** Colon-separated hex (MAC addresses and other hardware addresses). */
export function hwAddressText(b: Buffer): string {
  const parts: string[] = [];
  for (const x of b) parts.push(x.toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** The bytes of a hardware address in aa:bb:cc form; ValidationError otherwise. */
export function hwAddressBytes(text: string, field = 'address'): Buffer {
  if (!/^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i.test(text)) throw new ValidationError(field, `'${text}' is not a hardware address like 02:00:00:00:00:01`);
  return Buffer.from(text.split(':').map((h) => parseInt(h, 16)));
}

/** Copies attributes out of a receive buffer so a model does not pin it (small: unknown attributes only). */
export function keep(a: Attribute): Attribute {
  return { type: a.type, nested: a.nested, netByteOrder: a.netByteOrder, value: Buffer.from(a.value) };
}

// Opening an rtnetlink request socket, shared by RtNetlink.open and by callers that use only some of the
// operations (LinkOps, RouteOps, ... over one connection) and want to load no more of the library than that.

/** How to open an {@link RtNetlink} client. */
export interface RtNetlinkOptions {
  /** Work in this network namespace (the socket is opened there; the process stays where it is). */
  netns?: NetnsRef;
  /** SO_RCVBUF(FORCE) of the request socket; large dumps go faster with more. */
  receiveBufferSize?: number;
  /** Read large dumps ahead on a worker thread (SocketOptions.readAhead); on by default. */
  readAhead?: boolean;
}

/** A NETLINK_ROUTE request connection (1 MiB receive buffer unless told otherwise). */
export function openRouteConnection(options: RtNetlinkOptions = {}): NetlinkConnection {
  const socket = NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: options.netns, receiveBufferSize: options.receiveBufferSize ?? 1 << 20, readAhead: options.readAhead });
  return new NetlinkConnection(socket);
}
