// `--json` as `ip -j` (iproute2 6.1) prints it: the same keys, in ip's order, with ip's value forms (names
// for tables, protocols, scopes and links; booleans as ip's true or null; lifetimes as numbers). Keys ip
// prints only with -d or -s are left out; what we add beyond ip sits under keys starting with "nlts_".
// Checked key by key against /usr/sbin/ip -j in test/cli-json.test.ts.
import type { Address, Link, LinkSummary, Neighbour, Nexthop, Route, Rule } from '../../rtnetlink/index.js';
import type { NextHop } from '../../rtnetlink/route.js';
import { ipProtocolText } from '../../netlink/ip-protocols.js';
import { cacheFlagNames } from './rtnetlink.js';

export type Names = ReadonlyMap<number, string>;
export type Json = Record<string, unknown>;

/** ip's ll_index_to_name: the name, or "if" and the index when the link is not known. */
const dev = (names: Names, index: number): string => names.get(index) ?? `if${index}`;

// print_link_flags: this order, RUNNING left out, NO-CARRIER first for a link that is UP but not RUNNING.
const FLAG_ORDER = ['LOOPBACK', 'BROADCAST', 'POINTOPOINT', 'MULTICAST', 'NOARP', 'ALLMULTI', 'PROMISC', 'NOTRAILERS', 'DEBUG', 'DYNAMIC',
  'AUTOMEDIA', 'PORTSEL', 'MASTER', 'SLAVE', 'UP', 'LOWER_UP', 'DORMANT', 'ECHO'];
// M-DOWN last when the link's IFLA_LINK peer (in this namespace) is not UP, or not known.
function linkFlags(flags: readonly string[], peerDown: boolean): string[] {
  const out = FLAG_ORDER.filter((f) => flags.includes(f));
  for (const f of flags) if (!FLAG_ORDER.includes(f) && f !== 'RUNNING') out.push(f);
  if (flags.includes('UP') && !flags.includes('RUNNING')) out.unshift('NO-CARRIER');
  if (peerDown) out.push('M-DOWN');
  return out;
}

const LINK_MODES = ['DEFAULT', 'DORMANT', 'TESTING']; // IF_LINK_MODE_*

/** The links of the namespace by index: names, and which are UP (ip's M-DOWN flag needs the peer's state). */
export interface LinkTable {
  names: Names;
  up: ReadonlySet<number>;
}

export const linkTable = (links: readonly LinkSummary[]): LinkTable => ({
  names: new Map(links.map((l) => [l.index, l.name])),
  up: new Set(links.filter((l) => l.flags.includes('UP')).map((l) => l.index)),
});

/** A link as `ip -j link` (`ofLink`: with linkmode and ifalias, which `ip -j addr` leaves out) prints it. */
export function linkJson(l: LinkSummary & Partial<Pick<Link, 'alias' | 'altNames' | 'protoDown' | 'permAddress'>>, links: LinkTable, ofLink = true): Json {
  const names = links.names;
  const o: Json = { ifindex: l.index };
  if (l.link !== undefined) {
    if (l.link === 0) o.link = null;
    else if (l.linkNetnsId !== undefined) o.link_index = l.link;
    else o.link = dev(names, l.link);
  }
  o.ifname = l.name;
  o.flags = linkFlags(l.flags, l.link !== undefined && l.link !== 0 && l.linkNetnsId === undefined && !links.up.has(l.link));
  if (l.mtu !== undefined) o.mtu = l.mtu;
  if (l.qdisc !== undefined) o.qdisc = l.qdisc;
  if (l.master !== undefined) o.master = dev(names, l.master);
  if (l.operstate !== undefined) o.operstate = l.operstate;
  if (ofLink && l.linkmode !== undefined) o.linkmode = LINK_MODES[l.linkmode] ?? 'unknown';
  if (l.group !== undefined) o.group = l.group === 0 ? 'default' : String(l.group);
  if (l.txqlen) o.txqlen = l.txqlen;
  o.link_type = l.type;
  if (l.address !== undefined) o.address = l.address;
  if (l.broadcast !== undefined) {
    if (l.flags.includes('POINTOPOINT')) o.link_pointtopoint = true;
    o.broadcast = l.broadcast;
  }
  if (l.permAddress !== undefined && l.permAddress !== l.address) o.permaddr = l.permAddress;
  if (l.linkNetnsId !== undefined) o.link_netnsid = l.linkNetnsId;
  if (l.protoDown) o.proto_down = true;
  if (ofLink && l.alias !== undefined) o.ifalias = l.alias;
  if (ofLink && l.altNames !== undefined && l.altNames.length > 0) o.altnames = [...l.altNames];
  return o;
}

const FOREVER = 0xffffffff;

/** One element of `ip -j addr`'s addr_info (print_addrinfo). */
export function addressInfoJson(a: Address): Json {
  const o: Json = { family: a.family };
  if (a.local !== undefined) {
    o.local = a.local;
    if (a.address !== undefined && a.address !== a.local) o.address = a.address;
  } else if (a.address !== undefined) {
    o.local = a.address;
  }
  o.prefixlen = a.prefixLength;
  if (a.metric !== undefined) o.metric = a.metric;
  if (a.broadcast !== undefined) o.broadcast = a.broadcast;
  if (a.anycast !== undefined) o.anycast = a.anycast;
  o.scope = a.scope;
  // print_ifa_flags: IFA_F_SECONDARY is "temporary" for IPv6; "dynamic" when not permanent.
  const v6 = a.family === 'inet6';
  if (a.flags.includes('secondary')) o[v6 ? 'temporary' : 'secondary'] = true;
  for (const f of ['nodad', 'optimistic', 'dadfailed', 'home', 'deprecated', 'tentative']) if (a.flags.includes(f)) o[f] = true;
  if (!a.flags.includes('permanent')) o.dynamic = true;
  for (const f of ['mngtmpaddr', 'noprefixroute', 'autojoin', 'stable-privacy']) if (a.flags.includes(f)) o[f] = true;
  if (a.label !== undefined) o.label = a.label;
  if (a.validLifetime !== undefined) o.valid_life_time = a.validLifetime === 'forever' ? FOREVER : a.validLifetime;
  if (a.preferredLifetime !== undefined) o.preferred_life_time = a.preferredLifetime === 'forever' ? FOREVER : a.preferredLifetime;
  return o;
}

/** `ip -j addr`: each link as `ip -j addr` prints it (no linkmode, no ifalias), its addresses in addr_info. */
export function linkAddressesJson(l: LinkSummary, addresses: readonly Address[], links: LinkTable): Json {
  return { ...linkJson(l, links, false), addr_info: addresses.map(addressInfoJson) };
}

const TABLES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
/** rtnl_rttable_n2a: main, local, default by name, other tables as the number in a string. */
export const tableJson = (t: number): string => TABLES[t] ?? String(t);

const hostLength = (family: string): number => (family === 'inet6' ? 128 : 32);
/** A prefix as ip prints it: a single host's without its length. */
function prefix(text: string, family: string): string {
  const full = `/${hostLength(family)}`;
  return text.endsWith(full) ? text.slice(0, -full.length) : text;
}

/** print_rt_flags: RTNH_F_* and the route's own flags by ip's names. */
const RT_FLAG_NAMES: Record<string, string> = { dead: 'dead', onlink: 'onlink', pervasive: 'pervasive', offload: 'offload', trap: 'trap', notify: 'notify', linkdown: 'linkdown', unresolved: 'unresolved' };
const rtFlags = (flags: readonly string[]): string[] => flags.map((f) => RT_FLAG_NAMES[f]).filter((f): f is string => f !== undefined);

const PREF_NAMES: Record<number, string> = { 0: 'medium', 1: 'high', 3: 'low' };

function nexthopJson(n: NextHop, names: Names): Json {
  const o: Json = {};
  if (n.gateway !== undefined) o.gateway = n.gateway;
  o.dev = dev(names, n.oif);
  o.weight = n.weight;
  o.flags = rtFlags(n.flags);
  return o;
}

/**
 * A route as `ip -j route` prints it (print_route). `showTable` false when one table was asked for (ip
 * then leaves "table" out); `deleted` for a monitor's RTM_DELROUTE.
 */
export function routeIpJson(r: Route, names: Names, showTable = true, deleted = false): Json {
  const o: Json = {};
  if (deleted) o.deleted = true;
  if (r.type !== 'unicast') o.type = r.type;
  o.dst = r.dst === 'default' ? 'default' : prefix(r.dst, r.family);
  if (r.src !== undefined) o.from = prefix(r.src, r.family);
  if (r.nhId !== undefined) o.nhid = r.nhId;
  if (r.tos) o.tos = `0x${r.tos.toString(16).padStart(2, '0')}`;
  if (r.gateway !== undefined) o.gateway = r.gateway;
  if (r.oif !== undefined) o.dev = dev(names, r.oif);
  if (showTable && r.table !== 254) o.table = tableJson(r.table);
  const cloned = r.flags.includes('cloned');
  if (!cloned) {
    if (r.protocol !== 'boot') o.protocol = r.protocol;
    if (r.scope !== 'global') o.scope = r.scope;
  }
  if (r.prefsrc !== undefined) o.prefsrc = r.prefsrc;
  if (r.metric !== undefined) o.metric = r.metric;
  o.flags = rtFlags(r.flags);
  if (r.mark !== undefined) o.mark = r.mark;
  if (r.uid !== undefined) o.uid = r.uid;
  if (r.family === 'inet' && cloned) o.cache = cacheFlagNames(r.flags);
  if (r.expires) o.expires = r.expires;
  if (r.metrics !== undefined) {
    const m: Json = {};
    for (const [k, v] of Object.entries(r.metrics)) {
      if (k === 'lock') continue;
      if (k === 'hoplimit' && v === 0xffffffff) continue;
      m[k === 'congctl' ? 'congestion' : k] = v;
    }
    if (Object.keys(m).length > 0) o.metrics = [m];
  }
  if (r.iif !== undefined) o.iif = dev(names, r.iif);
  if (r.pref !== undefined) o.pref = PREF_NAMES[r.pref] ?? String(r.pref);
  if (r.nexthops !== undefined) o.nexthops = r.nexthops.map((n) => nexthopJson(n, names));
  return o;
}

/** A rule as `ip -j rule` prints it (print_rule). */
export function ruleIpJson(r: Rule, deleted = false): Json {
  const o: Json = {};
  if (deleted) o.deleted = true;
  o.priority = r.priority;
  if (r.not) o.not = null;
  const host = hostLength(r.family);
  const side = (text: string | undefined, key: 'src' | 'dst'): void => {
    if (text === undefined) {
      if (key === 'src') o.src = 'all';
      return;
    }
    const [addr, len] = text.split('/');
    o[key] = addr;
    if (len !== undefined && Number(len) !== host) o[`${key}len`] = Number(len);
  };
  side(r.from, 'src');
  side(r.to, 'dst');
  if (r.tos) o.tos = `0x${r.tos.toString(16).padStart(2, '0')}`;
  if (r.fwmark !== undefined || r.fwmask !== undefined) {
    o.fwmark = `0x${(r.fwmark ?? 0).toString(16)}`;
    if (r.fwmask !== undefined && r.fwmask !== 0xffffffff) o.fwmask = `0x${r.fwmask.toString(16)}`;
  }
  if (r.iif !== undefined) {
    o.iif = r.iif;
    if (r.flags.includes('iif_detached')) o.iif_detached = null;
  }
  if (r.oif !== undefined) {
    o.oif = r.oif;
    if (r.flags.includes('oif_detached')) o.oif_detached = null;
  }
  if (r.l3mdev) o.l3mdev = null;
  if (r.uidRange) { o.uid_start = r.uidRange.start; o.uid_end = r.uidRange.end; }
  if (r.ipProto !== undefined) o.ipproto = ipProtocolText(r.ipProto);
  for (const [key, range] of [['sport', r.sport], ['dport', r.dport]] as const) {
    if (!range) continue;
    if (range.start === range.end) o[key] = range.start;
    else { o[`${key}_start`] = range.start; o[`${key}_end`] = range.end; }
  }
  if (r.tunId !== undefined) o.tun_id = Number(r.tunId);
  if (r.table !== 0) {
    o.table = tableJson(r.table);
    if (r.suppressPrefixLength !== undefined && r.suppressPrefixLength !== -1 && r.suppressPrefixLength !== 0xffffffff) o.suppress_prefixlen = r.suppressPrefixLength;
    if (r.suppressIfgroup !== undefined && r.suppressIfgroup !== -1 && r.suppressIfgroup !== 0xffffffff) o.suppress_ifgroup = r.suppressIfgroup === 0 ? 'default' : String(r.suppressIfgroup);
  }
  if (r.action === 'goto') o.goto = r.goto ?? 'none';
  else if (r.action === 'nop') o.nop = null;
  else if (r.action !== 'to_tbl') o.action = r.action;
  if (r.protocol !== undefined && r.protocol !== 'unspec' && r.protocol !== 'kernel') o.protocol = r.protocol;
  return o;
}

/** A neighbour entry as `ip -j neigh` prints it (print_neigh); `showDev` false when listing one link. */
export function neighbourIpJson(n: Neighbour, names: Names, showDev = true, deleted = false): Json {
  const o: Json = {};
  if (deleted) o.deleted = true;
  if (n.dst !== undefined) o.dst = n.dst;
  if (showDev && n.index) o.dev = dev(names, n.index);
  if (n.lladdr !== undefined) o.lladdr = n.lladdr;
  for (const [flag, key] of [['router', 'router'], ['proxy', 'proxy'], ['extern_learn', 'extern_learn'], ['offload', 'offload'], ['managed', 'managed']]) {
    if (n.flags.includes(flag!)) o[key!] = null;
  }
  if (n.state.length > 0) o.state = [...n.state];
  return o;
}

/** A nexthop object as `ip -j nexthop` prints it (print_nexthop). */
export function nexthopIpJson(n: Nexthop, names: Names, deleted = false): Json {
  const o: Json = {};
  if (deleted) o.deleted = true;
  o.id = n.id;
  if (n.group) o.group = n.group.map((m) => (m.weight > 1 ? { id: m.id, weight: m.weight } : { id: m.id }));
  if (n.groupType === 'resilient') {
    o.type = 'resilient';
    const r = n.resilient ?? {};
    const args: Json = {};
    if (r.buckets !== undefined) args.buckets = r.buckets;
    if (r.idleTimer !== undefined) args.idle_timer = r.idleTimer;
    if (r.unbalancedTimer !== undefined) args.unbalanced_timer = r.unbalancedTimer;
    if (r.unbalancedTime !== undefined) args.unbalanced_time = r.unbalancedTime;
    o.resilient_args = args;
  }
  if (n.gateway !== undefined) o.gateway = n.gateway;
  if (n.oif !== undefined) o.dev = dev(names, n.oif);
  if (n.scope !== 'global') o.scope = n.scope;
  if (n.blackhole) o.blackhole = null;
  if (n.protocol !== 'unspec') o.protocol = n.protocol;
  o.flags = rtFlags(n.flags);
  if (n.fdb) o.fdb = null;
  return o;
}
