// Text (as `ip` prints it) and JSON renderings of links, addresses, rules, neighbours and nexthops; routes
// are in ./route-text.ts (exported here too). No protocol code here.
import { ipProtocolText } from '../../netlink/ip-protocols.js';
import type { Address, LinkSummary, Neighbour, Nexthop, Rule } from '../../rtnetlink/index.js';
import { devName, tableText, type Names } from './route-text.js';

export { RouteTextBlock, cacheFlagNames, routeLine, type Names } from './route-text.js';

export function ruleLine(r: Rule): string {
  const parts: string[] = [`${r.priority}:`];
  if (r.not) parts.push('not');
  parts.push('from', r.from ?? 'all');
  if (r.to) parts.push('to', r.to);
  if (r.tos) parts.push('tos', `0x${r.tos.toString(16)}`);
  if (r.fwmark !== undefined) parts.push('fwmark', `0x${r.fwmark.toString(16)}${r.fwmask !== undefined && r.fwmask !== 0xffffffff ? `/0x${r.fwmask.toString(16)}` : ''}`);
  if (r.iif) parts.push('iif', r.iif, ...(r.flags.includes('iif_detached') ? ['[detached]'] : []));
  if (r.oif) parts.push('oif', r.oif, ...(r.flags.includes('oif_detached') ? ['[detached]'] : []));
  if (r.l3mdev) parts.push('lookup', '[l3mdev-table]');
  if (r.uidRange) parts.push('uidrange', `${r.uidRange.start}-${r.uidRange.end}`);
  if (r.ipProto !== undefined) parts.push('ipproto', ipProtocolText(r.ipProto));
  if (r.sport) parts.push('sport', r.sport.start === r.sport.end ? String(r.sport.start) : `${r.sport.start}-${r.sport.end}`);
  if (r.dport) parts.push('dport', r.dport.start === r.dport.end ? String(r.dport.start) : `${r.dport.start}-${r.dport.end}`);
  if (r.action === 'to_tbl') parts.push('lookup', tableText(r.table));
  else if (r.action === 'goto') parts.push('goto', String(r.goto ?? 'none'));
  else parts.push(r.action);
  if (r.suppressPrefixLength !== undefined && r.suppressPrefixLength >= 0) parts.push('suppress_prefixlength', String(r.suppressPrefixLength));
  if (r.protocol && r.protocol !== 'unspec' && r.protocol !== 'boot' && r.protocol !== 'kernel') parts.push('proto', r.protocol);
  return parts.join(' ').replace(': ', ':\t');
}

// The order `ip` prints interface flags in (print_link_flags), and NO-CARRIER for an UP link without LOWER_UP.
const FLAG_ORDER = ['LOOPBACK', 'BROADCAST', 'POINTOPOINT', 'MULTICAST', 'NOARP', 'ALLMULTI', 'PROMISC', 'NOTRAILERS', 'DEBUG', 'DYNAMIC',
  'AUTOMEDIA', 'PORTSEL', 'MASTER', 'SLAVE', 'UP', 'LOWER_UP', 'DORMANT', 'ECHO'];
const linkFlags = (l: LinkSummary): string => {
  const f = FLAG_ORDER.filter((x) => l.flags.includes(x));
  for (const x of l.flags) if (!FLAG_ORDER.includes(x) && x !== 'RUNNING') f.push(x);
  if (l.up && !l.flags.includes('LOWER_UP')) f.unshift('NO-CARRIER');
  return `<${f.join(',')}>`;
};

/** `ip -o link` lines; `namespaces` names link-netnsid ids (RtNetlink.nsids.names()), as ip does. */
export function linkLine(l: LinkSummary, names: Names, namespaces?: ReadonlyMap<number, string>): string {
  const peer = l.link !== undefined ? (l.linkNetnsId !== undefined ? `@if${l.link}` : `@${devName(names, l.link)}`) : '';
  const parts = [`${l.index}: ${l.name}${peer}: ${linkFlags(l)}`];
  if (l.mtu !== undefined) parts.push(`mtu ${l.mtu}`);
  if (l.qdisc) parts.push(`qdisc ${l.qdisc}`);
  if (l.master !== undefined) parts.push(`master ${devName(names, l.master)}`);
  if (l.operstate) parts.push(`state ${l.operstate}`);
  parts.push(`mode ${l.linkmode === 1 ? 'DORMANT' : 'DEFAULT'}`);
  parts.push(`group ${l.group === undefined || l.group === 0 ? 'default' : l.group}`);
  if (l.txqlen !== undefined) parts.push(`qlen ${l.txqlen}`);
  let line = parts.join(' ');
  line += `\\    link/${l.type}${l.address ? ` ${l.address}` : ''}${l.broadcast ? ` brd ${l.broadcast}` : ''}`;
  if (l.linkNetnsId !== undefined) {
    const ns = l.linkNetnsId >= 0 ? namespaces?.get(l.linkNetnsId) : undefined;
    line += ns !== undefined ? ` link-netns ${ns}` : ` link-netnsid ${l.linkNetnsId >= 0 ? l.linkNetnsId : 'unknown'}`;
  }
  return line;
}

/**
 * `ip neigh` lines: destination, dev (left out when listing one link), lladdr, flags, state. Entries ip's
 * default listing hides (NOARP only, or no state at all, unless a proxy) are for the caller to skip:
 * see shownByDefault.
 */
export function neighbourLine(n: Neighbour, names: Names, showDev: boolean): string {
  const parts: string[] = [];
  if (n.dst !== undefined) parts.push(n.dst);
  if (showDev && n.index) parts.push('dev', names.get(n.index) ?? `if${n.index}`);
  if (n.lladdr !== undefined) parts.push('lladdr', n.lladdr);
  for (const f of ['router', 'proxy', 'extern_learn', 'offload']) if (n.flags.includes(f)) parts.push(f);
  parts.push(...n.state);
  return parts.join(' ');
}

/** `ip nexthop` lines: id, group (id[,weight]/...) and its type, or via/dev/blackhole; scope, flags, proto. */
export function nexthopLine(n: Nexthop, names: Names): string {
  const parts = ['id', String(n.id)];
  if (n.group) parts.push('group', n.group.map((m) => (m.weight === 1 ? String(m.id) : `${m.id},${m.weight}`)).join('/'));
  if (n.groupType === 'resilient') {
    parts.push('type', 'resilient');
    const r = n.resilient ?? {};
    if (r.buckets !== undefined) parts.push('buckets', String(r.buckets));
    if (r.idleTimer !== undefined) parts.push('idle_timer', String(r.idleTimer));
    if (r.unbalancedTimer !== undefined) parts.push('unbalanced_timer', String(r.unbalancedTimer));
    if (r.unbalancedTime !== undefined) parts.push('unbalanced_time', String(r.unbalancedTime));
  }
  if (n.gateway !== undefined) parts.push('via', n.gateway);
  if (n.oif !== undefined) parts.push('dev', names.get(n.oif) ?? `if${n.oif}`);
  if (n.blackhole) parts.push('blackhole');
  if (n.scope !== 'global') parts.push('scope', n.scope);
  for (const f of n.flags) if (f === 'onlink' || f === 'dead' || f === 'linkdown') parts.push(f);
  if (n.protocol !== 'unspec') parts.push('proto', n.protocol);
  if (n.fdb) parts.push('fdb');
  return parts.join(' ');
}

/** What `ip neigh show` lists without `nud`: entries in any state but NOARP, and proxies. */
export const shownByDefault = (n: Neighbour): boolean => n.flags.includes('proxy') || n.state.some((s) => s !== 'NOARP');

/** `ip -o addr` lines. */
export function addressLine(a: Address, names: Names): string {
  const fam = a.family === 'inet6' ? 'inet6' : a.family === 'inet' ? 'inet' : a.family;
  // With a peer (point-to-point), ip prints the local address bare and the length after the peer's.
  const peer = a.address && a.local && a.address !== a.local ? a.address : undefined;
  const parts = [`${a.index}: ${devName(names, a.index)}`, `   ${fam} ${peer ? a.local : a.cidr}`];
  if (peer) parts.push(`peer ${peer}/${a.prefixLength}`);
  if (a.broadcast) parts.push(`brd ${a.broadcast}`);
  parts.push(`scope ${a.scope}`);
  for (const f of a.flags) if (f !== 'permanent') parts.push(f);
  if (!a.flags.includes('permanent')) parts.push('dynamic');
  // Every word above ends with a space in ip's output, the IPv4 label (the last word) does not.
  const label = a.label && a.family === 'inet' ? a.label : '';
  const lft = (v: number | 'forever' | undefined): string => (v === undefined || v === 'forever' ? 'forever' : `${v}sec`);
  return `${parts.join(' ')} ${label}\\       valid_lft ${lft(a.validLifetime)} preferred_lft ${lft(a.preferredLifetime)}`;
}
