// Routes as `ip route show` prints them: routeLine from a Route, RouteTextBlock straight from the dump's
// RouteViews (the same text, as bytes, for long listings). Also the link-name and table words the other
// listings (./rtnetlink.ts) share.
import { formatIPv6 } from '../../netlink/address.js';
import { protocolName, routeTypeName, scopeName } from '../../rtnetlink/common.js';
import { RTM_F } from '../../rtnetlink/constants.js';
import type { Route } from '../../rtnetlink/index.js';
import type { RouteView } from '../../rtnetlink/route.js';

export type Names = ReadonlyMap<number, string>;

export const devName = (names: Names, index: number | undefined): string | undefined => (index === undefined ? undefined : names.get(index) ?? `if${index}`);

/** A prefix as ip prints it: without the length when it is a single host's. */
function prefixText(r: Route, prefix: string): string {
  const full = r.family === 'inet6' ? '/128' : '/32';
  return prefix.endsWith(full) ? prefix.slice(0, -full.length) : prefix;
}

const dstText = (r: Route): string => (r.dst === 'default' ? 'default' : prefixText(r, r.dst));

const TABLES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
export const tableText = (t: number): string => TABLES[t] ?? String(t);

const PREF_NAMES: Record<number, string> = { 0: 'medium', 1: 'high', 3: 'low' };

/** rtm_flags back to a number from the names Route.flags holds (unnamed bits are kept there as '0x...'). */
function flagsValue(names: readonly string[]): number {
  let v = 0;
  for (const n of names) v |= RTM_F.find(([, name]) => name === n)?.[0] ?? (n.startsWith('0x') ? parseInt(n, 16) : 0);
  return v >>> 0;
}

/** The RTCF_* bits of a cloned IPv4 route (linux/in_route.h) by the names ip prints, in ip's order. */
const RTCF_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x80000000, 'local'], // RTCF_LOCAL
  [0x40000000, 'reject'], // RTCF_REJECT
  [0x20000000, 'mc'], // RTCF_MULTICAST
  [0x10000000, 'brd'], // RTCF_BROADCAST
  [0x08000000, 'dst-nat'], // RTCF_DNAT
  [0x00800000, 'src-nat'], // RTCF_SNAT
  [0x00400000, 'masq'], // RTCF_MASQ
  [0x00020000, 'dst-direct'], // RTCF_DIRECTDST
  [0x04000000, 'src-direct'], // RTCF_DIRECTSRC
  [0x00040000, 'redirected'], // RTCF_REDIRECTED
  [0x01000000, 'redirect'], // RTCF_DOREDIRECT
  [0x00200000, 'fastroute'], // RTCF_FAST
  [0x00010000, 'notify'], // RTCF_NOTIFY
  [0x00080000, 'proxy'], // RTCF_TPROXY
];

/** The RTCF_* names of a cloned IPv4 route's flags, in ip's order (its "cache" line and JSON array). */
export const cacheFlagNames = (flags: readonly string[]): string[] => {
  const v = flagsValue(flags);
  return RTCF_NAMES.filter(([bit]) => (v & bit) !== 0).map(([, name]) => name);
};

/** "\n    cache" with the route cache flags in angle brackets, as ip prints it under a cloned route. */
function cacheLine(flags: number): string {
  const names = RTCF_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  return names.length > 0 ? `\n    cache <${names.join(',')}>` : '\n    cache';
}

/** `ip route show` lines. `showTable` adds "table N" for tables other than main (as `ip route show table all`). */
export function routeLine(r: Route, names: Names, showTable: boolean): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(dstText(r));
  if (r.src) parts.push('from', prefixText(r, r.src));
  if (r.nhId !== undefined) parts.push('nhid', String(r.nhId));
  if (r.gateway) parts.push('via', r.gateway);
  const dev = devName(names, r.oif);
  if (dev) parts.push('dev', dev);
  if (showTable && r.table !== 254) parts.push('table', tableText(r.table));
  if (r.protocol !== 'boot' && r.protocol !== 'unspec') parts.push('proto', r.protocol);
  if (r.scope !== 'global') parts.push('scope', r.scope);
  if (r.prefsrc) parts.push('src', r.prefsrc);
  // ip prints the metric whenever RTA_PRIORITY is there: IPv6 always sends it, IPv4 only when it is not 0.
  if (r.metric !== undefined) parts.push('metric', String(r.metric));
  for (const f of r.flags) if (f === 'linkdown' || f === 'onlink' || f === 'dead') parts.push(f);
  if (r.uid !== undefined) parts.push('uid', String(r.uid));
  let line = parts.join(' ');
  // A cloned IPv4 route (the answer to `route get`) gets ip's second line: "cache" and its RTCF_* flags.
  if (r.family === 'inet' && r.flags.includes('cloned')) line += cacheLine(flagsValue(r.flags));
  if (r.metrics) for (const [k, v] of Object.entries(r.metrics)) line += ` ${k} ${v}`;
  if (r.pref !== undefined) line += ` pref ${PREF_NAMES[r.pref] ?? String(r.pref)}`;
  for (const nh of r.nexthops ?? []) {
    line += `\n\tnexthop${nh.gateway ? ` via ${nh.gateway}` : ''} dev ${devName(names, nh.oif)} weight ${nh.weight}${nh.flags.length ? ' ' + nh.flags.join(' ') : ''}`;
  }
  return line;
}

const AF_INET6 = 10;

const ascii = (s: string): Buffer => Buffer.from(s, 'utf8');

/**
 * `ip route show` lines read straight from RouteViews (scanRoutes) into one block of bytes per dump chunk,
 * for long listings: the same text as routeLine(view.decode(), names, showTable) for every route, without
 * a Route object or a string per route. Words that repeat from route to route (link, table, protocol,
 * scope, type) are encoded once.
 */
export class RouteTextBlock {
  private out = Buffer.allocUnsafe(1 << 16);
  private pos = 0;
  private readonly types: Buffer[] = [];
  private readonly protocols: Buffer[] = [];
  private readonly scopes: Buffer[] = [];
  private readonly devs = new Map<number, Buffer>();
  // The cached " dev D table T proto P scope S" of the last route, and what it was built from.
  private mid: Buffer = EMPTY;
  private midAscii = true;
  private midOif = -2;
  private midTable = -1;
  private midProtocol = -1;
  private midScope = -1;
  /** Whether the block so far is all ASCII (then latin1 decodes it, a plain copy). */
  private ascii = true;

  constructor(private readonly names: Names, private readonly showTable: boolean) {
    for (let i = 0; i < 256; i++) {
      this.types.push(ascii(i === 1 ? '' : `${routeTypeName(i)} `));
      this.protocols.push(ascii(i === 3 || i === 0 ? '' : ` proto ${protocolName(i)}`)); // boot and unspec are not shown
      this.scopes.push(ascii(i === 0 ? '' : ` scope ${scopeName(i)}`));
    }
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** The text so far; starts a new block. */
  take(): string {
    // latin1 turns bytes into characters one to one (a copy); right for ASCII, which is all there is
    // unless a link name or a fallback line brought other UTF-8 in.
    const text = this.out.toString(this.ascii ? 'latin1' : 'utf8', 0, this.pos);
    this.pos = 0;
    this.ascii = true;
    return text;
  }

  /** Appends one route's line (with its next-hop lines, if any) and a newline. */
  add(v: RouteView): void {
    if (!v.simple || (v.flags & 0x200) !== 0) { // RTM_F_CLONED: routeLine prints ip's cache line
      this.text(routeLine(v.decode(), this.names, this.showTable));
      this.byte(10);
      return;
    }
    if (this.out.length - this.pos < 1024) this.grow(1024);
    const b = v.buf;
    if (v.type !== 1) this.bytes(this.types[v.type]!);
    if (v.dstLength === 0) this.bytes(DEFAULT);
    else {
      if (v.dst < 0) this.bytes(v.family === AF_INET6 ? ZERO6 : ZERO4);
      else this.address(b, v.dst, v.dstBytes);
      if (v.dstLength !== (v.family === AF_INET6 ? 128 : 32)) { this.out[this.pos++] = 47; this.uint(v.dstLength); }
    }
    if (v.src >= 0) {
      this.bytes(FROM);
      this.address(b, v.src, v.srcBytes);
      if (v.srcLength !== v.srcBytes * 8) { this.out[this.pos++] = 47; this.uint(v.srcLength); }
    }
    if (v.gateway >= 0) { this.bytes(VIA); this.address(b, v.gateway, v.gatewayBytes); }
    // dev, table, proto and scope: the same words for long runs of routes.
    if (v.oif !== this.midOif || v.table !== this.midTable || v.protocol !== this.midProtocol || v.scope !== this.midScope) this.middle(v);
    this.out.set(this.mid, this.pos);
    this.pos += this.mid.length;
    if (!this.midAscii) this.ascii = false;
    if (v.prefsrc >= 0) { this.bytes(SRC); this.address(b, v.prefsrc, v.prefsrcBytes); }
    if (v.metric >= 0) { this.bytes(METRIC); this.uint(v.metric); }
    const f = v.flags;
    if (f & 0x15) {
      if (f & 0x1) this.bytes(DEAD); // RTNH_F_DEAD
      if (f & 0x4) this.bytes(ONLINK); // RTNH_F_ONLINK
      if (f & 0x10) this.bytes(LINKDOWN); // RTNH_F_LINKDOWN
    }
    if (v.pref >= 0) { this.bytes(PREF); this.text(PREF_NAMES[v.pref] ?? String(v.pref)); }
    this.out[this.pos++] = 10;
  }

  private middle(v: RouteView): void {
    this.midOif = v.oif;
    this.midTable = v.table;
    this.midProtocol = v.protocol;
    this.midScope = v.scope;
    this.mid = Buffer.concat([v.oif >= 0 ? this.dev(v.oif) : EMPTY, this.table(v.table), this.protocols[v.protocol]!, this.scopes[v.scope]!]);
    this.midAscii = this.mid.every((c) => c < 0x80);
  }

  private dev(oif: number): Buffer {
    let text = this.devs.get(oif);
    if (text === undefined) {
      const name = devName(this.names, oif);
      text = ascii(name ? ` dev ${name}` : '');
      this.devs.set(oif, text);
    }
    return text;
  }

  private table(t: number): Buffer {
    return ascii(this.showTable && t !== 254 ? ` table ${tableText(t)}` : '');
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.pos + n));
    this.out.copy(next, 0, 0, this.pos);
    this.out = next;
  }

  private byte(c: number): void {
    if (this.pos >= this.out.length) this.grow(1);
    this.out[this.pos++] = c;
  }

  private bytes(src: Buffer): void {
    const o = this.out;
    let p = this.pos;
    for (let i = 0; i < src.length; i++) o[p++] = src[i]!;
    this.pos = p;
  }

  private text(s: string): void {
    const max = s.length * 3;
    if (this.out.length - this.pos < max) this.grow(max);
    const n = this.out.write(s, this.pos, 'utf8');
    if (n !== s.length) this.ascii = false;
    this.pos += n;
  }

  private uint(n: number): void {
    if (n < 10) { this.out[this.pos++] = 48 + n; return; }
    this.text(String(n));
  }

  private address(src: Buffer, at: number, length: number): void {
    if (length !== 4) { this.text(formatIPv6(src, at)); return; }
    const o = this.out;
    let p = this.pos;
    for (let i = 0; i < 4; i++) {
      let x = src[at + i]!;
      if (i > 0) o[p++] = 46; // '.'
      if (x >= 100) {
        const h = (x / 100) | 0;
        o[p++] = 48 + h;
        x -= h * 100;
        const t = (x / 10) | 0;
        o[p++] = 48 + t;
        o[p++] = 48 + x - t * 10;
      } else if (x >= 10) {
        const t = (x / 10) | 0;
        o[p++] = 48 + t;
        o[p++] = 48 + x - t * 10;
      } else {
        o[p++] = 48 + x;
      }
    }
    this.pos = p;
  }
}

const EMPTY = ascii('');
const DEFAULT = ascii('default');
const ZERO4 = ascii('0.0.0.0');
const ZERO6 = ascii('::');
const FROM = ascii(' from ');
const VIA = ascii(' via ');
const SRC = ascii(' src ');
const METRIC = ascii(' metric ');
const DEAD = ascii(' dead');
const ONLINK = ascii(' onlink');
const LINKDOWN = ascii(' linkdown');
const PREF = ascii(' pref ');
