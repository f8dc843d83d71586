// Text (close to `ip`'s) and JSON renderings of links, addresses, rules and routes. No protocol code here.
import type { Address, Link, Route, Rule } from '../../rtnetlink/index.js';

export type Names = ReadonlyMap<number, string>;

const devName = (names: Names, index: number | undefined): string | undefined => (index === undefined ? undefined : names.get(index) ?? `if${index}`);

/** Host routes print without their full-length prefix, as ip does. */
function dstText(r: Route): string {
  if (r.dst === 'default') return 'default';
  const full = r.family === 'inet6' ? '/128' : '/32';
  return r.dst.endsWith(full) ? r.dst.slice(0, -full.length) : r.dst;
}

const TABLES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
const tableText = (t: number): string => TABLES[t] ?? String(t);

/** `ip route show` lines. `showTable` adds "table N" for tables other than main (as `ip route show table all`). */
export function routeLine(r: Route, names: Names, showTable: boolean): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(dstText(r));
  if (r.src) parts.push('from', r.src);
  if (r.gateway) parts.push('via', r.gateway);
  const dev = devName(names, r.oif);
  if (dev) parts.push('dev', dev);
  if (showTable && r.table !== 254) parts.push('table', tableText(r.table));
  if (r.protocol !== 'boot' && r.protocol !== 'unspec') parts.push('proto', r.protocol);
  if (r.scope !== 'global') parts.push('scope', r.scope);
  if (r.prefsrc) parts.push('src', r.prefsrc);
  if (r.metric !== undefined && r.metric !== 0) parts.push('metric', String(r.metric));
  for (const f of r.flags) if (f === 'linkdown' || f === 'onlink' || f === 'dead') parts.push(f);
  if (r.pref !== undefined) parts.push('pref', ({ 0: 'medium', 1: 'high', 3: 'low' } as Record<number, string>)[r.pref] ?? String(r.pref));
  let line = parts.join(' ');
  if (r.metrics) for (const [k, v] of Object.entries(r.metrics)) line += ` ${k} ${v}`;
  for (const nh of r.nexthops ?? []) {
    line += `\n\tnexthop${nh.gateway ? ` via ${nh.gateway}` : ''} dev ${devName(names, nh.oif)} weight ${nh.weight}${nh.flags.length ? ' ' + nh.flags.join(' ') : ''}`;
  }
  return line;
}

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
  if (r.ipProto !== undefined) parts.push('ipproto', String(r.ipProto));
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
const linkFlags = (l: Link): string => {
  const f = FLAG_ORDER.filter((x) => l.flags.includes(x));
  for (const x of l.flags) if (!FLAG_ORDER.includes(x) && x !== 'RUNNING') f.push(x);
  if (l.up && !l.flags.includes('LOWER_UP')) f.unshift('NO-CARRIER');
  return `<${f.join(',')}>`;
};

/** `ip -o link` lines. */
export function linkLine(l: Link, names: Names): string {
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
  if (l.linkNetnsId !== undefined) line += ` link-netnsid ${l.linkNetnsId}`;
  return line;
}

/** `ip -o addr` lines. */
export function addressLine(a: Address, names: Names): string {
  const fam = a.family === 'inet6' ? 'inet6' : a.family === 'inet' ? 'inet' : a.family;
  const parts = [`${a.index}: ${devName(names, a.index)}`, `   ${fam} ${a.cidr}`];
  if (a.address && a.local && a.address !== a.local) parts.push(`peer ${a.address}/${a.prefixLength}`);
  if (a.broadcast) parts.push(`brd ${a.broadcast}`);
  parts.push(`scope ${a.scope}`);
  for (const f of a.flags) if (f !== 'permanent') parts.push(f);
  if (!a.flags.includes('permanent')) parts.push('dynamic');
  if (a.label && a.family === 'inet') parts.push(a.label);
  const lft = (v: number | 'forever' | undefined): string => (v === undefined || v === 'forever' ? 'forever' : `${v}sec`);
  return `${parts.join(' ')}\\       valid_lft ${lft(a.validLifetime)} preferred_lft ${lft(a.preferredLifetime)}`;
}

/** JSON.stringify replacer: Buffers as hex, bigints as decimal strings. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('hex');
  }
  return value;
}

/** Models for --json, with link names next to ifindexes. */
export function routeJson(r: Route, names: Names): Record<string, unknown> {
  return { ...r, ...(r.oif !== undefined ? { dev: devName(names, r.oif) } : {}), ...(r.iif !== undefined ? { iifname: devName(names, r.iif) } : {}) };
}
export function addressJson(a: Address, names: Names): Record<string, unknown> {
  return { ...a, ifname: devName(names, a.index) };
}
