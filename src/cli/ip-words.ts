// The words of `ip link|addr|route|rule|neigh|nexthop add ...` turned into the library's specs, for the CLI's write verbs.
// Only syntax is checked here (UsageError); values are validated by the library (ValidationError) before
// anything is sent, so a bad command changes nothing and exits with status 2 either way.
import type { NetnsRef } from '../netlink/netns.js';
import { ADDABLE_FLAGS, type AddressOptions } from '../rtnetlink/address.js';
import type { TableRef } from '../rtnetlink/common.js';
import { ROUTE_TYPES, RTAX_NAMES } from '../rtnetlink/constants.js';
import type { CreateOptions, LinkAttributes, LinkChange, VethOptions } from '../rtnetlink/link.js';
import type { NeighbourSpec } from '../rtnetlink/neighbour.js';
import type { NexthopSpec } from '../rtnetlink/nexthop.js';
import type { MetricName, NextHopSpec, RouteSpec, RouteTypeInput } from '../rtnetlink/route.js';
import type { PortRange, RuleAction, RuleSpec } from '../rtnetlink/rule.js';
import { intArg } from './args.js';
import { UsageError } from './io.js';
import { parseIpProtocol } from '../netlink/ip-protocols.js';

/** A cursor over the words, with the checks every parser needs. */
class Words {
  private i = 0;
  constructor(private readonly words: readonly string[], private readonly what: string) {}
  get done(): boolean { return this.i >= this.words.length; }
  peek(): string | undefined { return this.words[this.i]; }
  next(): string { return this.words[this.i++]!; }
  /** The value after keyword `key`. */
  value(key: string): string {
    const v = this.words[this.i++];
    if (v === undefined) throw new UsageError(`${this.what}: '${key}' needs a value`);
    return v;
  }
  int(key: string, min = 0, max = 0xffffffff): number {
    return intArg(this.value(key), `${this.what} ${key}`, min, max);
  }
  unknown(word: string): never {
    throw new UsageError(`${this.what}: unknown word '${word}'`);
  }
}

/** The route types a route can be given (rtm_type names but 'unspec' and 'xresolve'). */
const ROUTE_TYPE_WORDS = new Set<string>(ROUTE_TYPES.filter((t) => t !== 'unspec' && t !== 'xresolve'));
const LOCAL_TABLE_TYPES = new Set<string>(['local', 'broadcast', 'anycast', 'nat']);
const RTAX_FEATURE_ECN = 1; // RTAX_FEATURE_ECN (rtnetlink.h)
const METRICS = new Set<string>(RTAX_NAMES.filter((n) => n !== 'unspec' && n !== 'congctl' && n !== 'lock'));

function tableWord(text: string, what: string): TableRef {
  if (text === 'main' || text === 'local' || text === 'default') return text;
  return intArg(text, `${what} table`, 1, 0xffffffff);
}

/** `netns NAME|PID|PATH` as ip takes it. */
export function netnsWord(text: string): NetnsRef {
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  if (text.includes('/')) return { path: text };
  return text;
}

function nexthop(w: Words): NextHopSpec {
  const nh: NextHopSpec = {};
  while (!w.done && w.peek() !== 'nexthop') {
    const k = w.next();
    if (k === 'via') nh.via = w.value(k);
    else if (k === 'dev') nh.dev = w.value(k);
    else if (k === 'weight') nh.weight = w.int(k, 1, 256);
    else if (k === 'onlink') nh.onlink = true;
    else w.unknown(k);
  }
  return nh;
}

/** `[TYPE] PREFIX [from P] [via A] [dev D] [table T] [metric N] [proto P] [scope S] [src A] [onlink] [mtu N ...] [pref P] [nexthop ...]...` */
export function routeWords(words: readonly string[]): RouteSpec {
  const w = new Words(words, 'route');
  let type: RouteTypeInput | undefined;
  let to: string | undefined;
  const s: Omit<RouteSpec, 'to'> = {};
  const metrics: Record<string, number | string> = {};
  const nexthops: NextHopSpec[] = [];
  while (!w.done) {
    const k = w.next();
    if (k === 'to') to = w.value(k);
    else if (k === 'from') s.from = w.value(k);
    else if (k === 'via') s.via = w.value(k);
    else if (k === 'dev' || k === 'oif') s.dev = w.value(k);
    else if (k === 'table') s.table = tableWord(w.value(k), 'route');
    else if (k === 'metric' || k === 'priority' || k === 'preference') s.metric = w.int(k);
    else if (k === 'proto' || k === 'protocol') s.protocol = w.value(k);
    else if (k === 'scope') s.scope = w.value(k);
    else if (k === 'src') s.src = w.value(k);
    else if (k === 'onlink') s.onlink = true;
    else if (k === 'tos' || k === 'dsfield') s.tos = w.int(k, 0, 255);
    else if (k === 'pref') {
      const p = w.value(k);
      if (p !== 'low' && p !== 'medium' && p !== 'high') throw new UsageError(`route: pref must be low, medium or high, got '${p}'`);
      s.pref = p;
    } else if (k === 'expires') s.expires = w.int(k);
    else if (k === 'congctl') metrics.congctl = w.value(k);
    else if (k === 'features') {
      // ip knows one feature by name and no numbers: `features ecn` (RTAX_FEATURE_ECN).
      const f = w.value(k);
      if (f !== 'ecn') throw new UsageError(`route: features takes 'ecn', got '${f}'`);
      metrics.features = RTAX_FEATURE_ECN;
    } else if (METRICS.has(k)) {
      // `mtu lock 1300`: the value is locked (RTAX_LOCK bit), as ip does; ip always locks rto_min.
      const locked = w.peek() === 'lock' ? (w.next(), true) : false;
      metrics[k] = w.int(k);
      if (locked || k === 'rto_min') metrics.lock = Number(metrics.lock ?? 0) | (1 << RTAX_NAMES.indexOf(k as MetricName));
    }
    else if (k === 'nexthop') nexthops.push(nexthop(w));
    else if (k === 'nhid') s.nhid = w.int(k, 1);
    else if (ROUTE_TYPE_WORDS.has(k) && type === undefined && to === undefined) type = k as RouteTypeInput;
    else if (to === undefined && !k.startsWith('-')) to = k;
    else w.unknown(k);
  }
  if (to === undefined) throw new UsageError('route: which prefix? (e.g. 10.0.0.0/8 or default)');
  // ip's default table for local, broadcast, anycast and nat routes is local, not main.
  if (s.table === undefined && type !== undefined && LOCAL_TABLE_TYPES.has(type)) s.table = 'local';
  return {
    to, ...s, ...(type ? { type } : {}), ...(nexthops.length ? { nexthops } : {}),
    ...(Object.keys(metrics).length ? { metrics: metrics as Partial<Record<MetricName, number>> & { congctl?: string } } : {}),
  };
}

function portRangeWord(text: string, what: string): number | PortRange {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new UsageError(`rule: ${what} must be PORT or PORT-PORT, got '${text}'`);
  return m[2] === undefined ? Number(m[1]) : { start: Number(m[1]), end: Number(m[2]) };
}

/** `[not] [from P] [to P] [iif D] [oif D] [fwmark M[/MASK]] [pref N] [table T | goto N | ACTION] [ipproto P] [sport R] [dport R] ...` */
export function ruleWords(words: readonly string[]): RuleSpec {
  // As ip: a rule with nothing given would be 'from all lookup main', which nobody means to add or delete.
  if (words.length === 0) throw new UsageError('rule: add and del need at least one selector or action');
  const w = new Words(words, 'rule');
  const s: RuleSpec = {};
  const act = (a: RuleAction): void => {
    if (s.action !== undefined) throw new UsageError(`rule: a second action '${a}'`);
    s.action = a;
  };
  while (!w.done) {
    const k = w.next();
    if (k === 'not') s.not = true;
    else if (k === 'from') s.from = w.value(k);
    else if (k === 'to') s.to = w.value(k);
    else if (k === 'iif' || k === 'dev') s.iif = w.value(k);
    else if (k === 'oif') s.oif = w.value(k);
    else if (k === 'pref' || k === 'priority' || k === 'order') s.priority = w.int(k);
    else if (k === 'table' || k === 'lookup') { s.table = tableWord(w.value(k), 'rule'); act('table'); }
    else if (k === 'goto') { s.goto = w.int(k); act('goto'); }
    else if (k === 'unreachable' || k === 'prohibit' || k === 'blackhole' || k === 'nop') act(k);
    else if (k === 'fwmark') {
      const [mark, mask] = w.value(k).split('/');
      s.fwmark = intArg(mark!, 'rule fwmark', 0, 0xffffffff);
      if (mask !== undefined) s.fwmask = intArg(mask, 'rule fwmark mask', 0, 0xffffffff);
    } else if (k === 'tos' || k === 'dsfield') s.tos = w.int(k, 0, 255);
    else if (k === 'ipproto') {
      const v = w.value(k);
      const n = parseIpProtocol(v);
      if (n === undefined || n > 255) throw new UsageError(`rule: unknown ipproto '${v}'`);
      s.ipProto = n;
    } else if (k === 'sport' || k === 'dport') s[k] = portRangeWord(w.value(k), k);
    else if (k === 'suppress_prefixlength') s.suppressPrefixLength = w.int(k, 0, 128);
    else if (k === 'suppress_ifgroup') s.suppressIfgroup = w.int(k);
    else if (k === 'l3mdev') s.l3mdev = true;
    else if (k === 'uidrange') {
      const m = /^(\d+)-(\d+)$/.exec(w.value(k));
      if (!m) throw new UsageError('rule: uidrange must be UID-UID');
      s.uidRange = { start: Number(m[1]), end: Number(m[2]) };
    } else if (k === 'protocol' || k === 'proto') s.protocol = w.value(k);
    else w.unknown(k);
  }
  return s;
}

export interface AddressWords { dev: string; cidr: string; options: AddressOptions }

/** `ADDR[/LEN] [peer P] [broadcast B] [label L] [scope S] dev DEV [valid_lft N] [preferred_lft N] [metric N] [FLAG...]` */
export function addressWords(words: readonly string[]): AddressWords {
  const w = new Words(words, 'addr');
  let dev: string | undefined;
  let cidr: string | undefined;
  const o: AddressOptions = {};
  const flags: string[] = [];
  const lifetime = (k: string): number | 'forever' => {
    const v = w.value(k);
    return v === 'forever' ? 'forever' : intArg(v.replace(/sec$/, ''), `addr ${k}`, 0, 0xfffffffe);
  };
  while (!w.done) {
    const k = w.next();
    if (k === 'dev') dev = w.value(k);
    else if (k === 'local') cidr = w.value(k);
    else if (k === 'peer') o.peer = w.value(k);
    else if (k === 'broadcast' || k === 'brd') o.broadcast = w.value(k);
    else if (k === 'label') o.label = w.value(k);
    else if (k === 'scope') o.scope = w.value(k);
    else if (k === 'valid_lft') o.validLifetime = lifetime(k);
    else if (k === 'preferred_lft') o.preferredLifetime = lifetime(k);
    else if (k === 'metric' || k === 'priority') o.metric = w.int(k);
    else if (ADDABLE_FLAGS.has(k)) flags.push(k);
    else if (cidr === undefined && !k.startsWith('-')) cidr = k;
    else w.unknown(k);
  }
  if (cidr === undefined) throw new UsageError('addr: which address? (e.g. 10.0.0.1/24)');
  if (dev === undefined) throw new UsageError('addr: needs dev DEV');
  if (flags.length) o.flags = flags;
  return { dev, cidr, options: o };
}

/** The attributes `ip link add` and `ip link set` share: mtu, address, txqueuelen, alias, group, netns. */
function linkAttribute(w: Words, k: string, into: LinkAttributes & { netns?: NetnsRef }): boolean {
  if (k === 'mtu') into.mtu = w.int(k, 0, 0xffffffff);
  else if (k === 'address') into.address = w.value(k);
  else if (k === 'txqueuelen' || k === 'txqlen') into.txqlen = w.int(k);
  else if (k === 'alias') into.alias = w.value(k);
  else if (k === 'group') into.group = w.int(k);
  else if (k === 'netns') into.netns = netnsWord(w.value(k));
  else return false;
  return true;
}

export type LinkAddWords =
  | { kind: 'veth'; name: string; options: VethOptions }
  | { kind: 'bridge' | 'dummy'; name: string; options: CreateOptions }
  | { kind: 'vlan'; name: string; parent: string; id: number; options: CreateOptions };

/** `[link PARENT] [name] NAME [mtu N] [address MAC] [netns NS] type veth [peer [name] P [netns NS]] | bridge | dummy | vlan id N` */
export function linkAddWords(words: readonly string[]): LinkAddWords {
  const w = new Words(words, 'link add');
  let name: string | undefined;
  let parent: string | undefined;
  let kind: string | undefined;
  const o: CreateOptions = {};
  let peer: string | undefined;
  let peerNetns: NetnsRef | undefined;
  let vlanId: number | undefined;
  while (!w.done) {
    const k = w.next();
    if (kind === undefined) {
      if (k === 'type') kind = w.value(k);
      else if (k === 'link') parent = w.value(k);
      else if (k === 'name' || k === 'dev') name = w.value(k);
      else if (!linkAttribute(w, k, o)) {
        if (name === undefined && !k.startsWith('-')) name = k;
        else w.unknown(k);
      }
    } else if (kind === 'veth' && k === 'peer') {
      if (w.peek() === 'name') w.next();
      peer = w.value('peer');
      if (w.peek() === 'netns') { w.next(); peerNetns = netnsWord(w.value('netns')); }
    } else if (kind === 'vlan' && k === 'id') vlanId = w.int(k, 0, 4094);
    else w.unknown(k);
  }
  if (name === undefined) throw new UsageError('link add: which name?');
  if (kind === undefined) throw new UsageError('link add: needs type veth|bridge|dummy|vlan');
  const { netns, ...attrs } = o;
  if (kind === 'veth') {
    if (peer === undefined) throw new UsageError('link add: type veth needs peer name PEER');
    return { kind, name, options: { ...attrs, peer, ...(peerNetns !== undefined ? { peerNetns } : {}), ...(netns !== undefined ? { netns } : {}) } };
  }
  if (kind === 'bridge' || kind === 'dummy') return { kind, name, options: o };
  if (kind === 'vlan') {
    if (parent === undefined || vlanId === undefined) throw new UsageError('link add: type vlan needs link PARENT and id N');
    return { kind, name, parent, id: vlanId, options: o };
  }
  throw new UsageError(`link add: unsupported type '${kind}' (veth, bridge, dummy, vlan)`);
}

/** `[dev] DEV [up|down] [mtu N] [name NEW] [master M|nomaster] [address MAC] [netns NS] [txqueuelen N] [alias A] [group N]` */
export function linkSetWords(words: readonly string[]): { dev: string; change: LinkChange } {
  const w = new Words(words, 'link set');
  let dev: string | undefined;
  const c: LinkChange = {};
  while (!w.done) {
    const k = w.next();
    if (k === 'dev') dev = w.value(k);
    else if (k === 'up') c.up = true;
    else if (k === 'down') c.up = false;
    else if (k === 'name') c.name = w.value(k);
    else if (k === 'master') c.master = w.value(k);
    else if (k === 'nomaster') c.master = null;
    else if (linkAttribute(w, k, c)) continue;
    else if (dev === undefined && !k.startsWith('-')) dev = k;
    else w.unknown(k);
  }
  if (dev === undefined) throw new UsageError('link set: which link?');
  if (Object.keys(c).length === 0) throw new UsageError('link set: nothing to change');
  return { dev, change: c };
}

/** `ADDR [lladdr MAC] dev DEV [nud STATE] [router] [extern_learn]` (`ip neigh add|replace|del`). */
export function neighbourWords(words: readonly string[]): { dev: string; spec: NeighbourSpec } {
  const w = new Words(words, 'neigh');
  let dev: string | undefined;
  let dst: string | undefined;
  let lladdr: string | undefined;
  let state: string[] | undefined;
  const flags: string[] = [];
  while (!w.done) {
    const k = w.next();
    if (k === 'dev') dev = w.value(k);
    else if (k === 'lladdr' || k === 'address') lladdr = w.value(k);
    else if (k === 'nud') state = [w.value(k).toUpperCase()];
    else if (k === 'router' || k === 'extern_learn') flags.push(k);
    else if (k === 'to') dst = w.value(k);
    else if (dst === undefined && !k.startsWith('-')) dst = k;
    else w.unknown(k);
  }
  if (dst === undefined) throw new UsageError('neigh: which address?');
  if (dev === undefined) throw new UsageError('neigh: needs dev DEV');
  return { dev, spec: { dst, ...(lladdr !== undefined ? { lladdr } : {}), ...(state ? { state } : {}), ...(flags.length ? { flags } : {}) } };
}

/** `id N (via A [dev D] [onlink] | dev D | blackhole | group ID[,W]/... [type mpath|resilient [buckets N]]) [proto P]` */
export function nexthopWords(words: readonly string[]): NexthopSpec {
  const w = new Words(words, 'nexthop');
  let id: number | undefined;
  const s: Omit<NexthopSpec, 'id'> = {};
  while (!w.done) {
    const k = w.next();
    if (k === 'id') id = w.int(k, 1);
    else if (k === 'via') s.via = w.value(k);
    else if (k === 'dev') s.dev = w.value(k);
    else if (k === 'onlink') s.onlink = true;
    else if (k === 'blackhole') s.blackhole = true;
    else if (k === 'proto' || k === 'protocol') s.protocol = w.value(k);
    else if (k === 'group') {
      s.group = w.value(k).split('/').map((m) => {
        const x = /^(\d+)(?:,(\d+))?$/.exec(m);
        if (!x) throw new UsageError(`nexthop: group member '${m}' is not ID or ID,WEIGHT`);
        return x[2] === undefined ? { id: Number(x[1]) } : { id: Number(x[1]), weight: Number(x[2]) };
      });
    } else if (k === 'type') {
      const t = w.value(k);
      if (t !== 'mpath' && t !== 'resilient') throw new UsageError(`nexthop: type must be mpath or resilient, got '${t}'`);
      s.groupType = t;
    } else if (k === 'buckets') s.buckets = w.int(k, 1, 0xffff);
    else w.unknown(k);
  }
  if (id === undefined) throw new UsageError('nexthop: needs id N');
  return { id, ...s };
}
