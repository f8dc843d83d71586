// Rules and routes printed the way `ip rule` and `ip route` print them, for findings and reports.
import type { Rule as RoutingRule, Route } from '../rtnetlink/index.js';
import type { HostSnapshot } from './snapshot.js';

const TABLE_NAMES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
const tableName = (t: number): string => TABLE_NAMES[t] ?? String(t);

export function ruleText(r: RoutingRule): string {
  const words = [`${r.priority}:`];
  if (r.not) words.push('not');
  words.push('from', r.from ?? 'all');
  if (r.to !== undefined) words.push('to', r.to);
  if (r.fwmark !== undefined) words.push('fwmark', `0x${r.fwmark.toString(16)}${r.fwmask !== undefined && r.fwmask !== 0xffffffff ? `/0x${r.fwmask.toString(16)}` : ''}`);
  if (r.iif !== undefined) words.push('iif', r.iif, ...(r.flags.includes('iif_detached') ? ['[detached]'] : []));
  if (r.oif !== undefined) words.push('oif', r.oif);
  if (r.action === 'to_tbl') words.push('lookup', tableName(r.table));
  else if (r.action === 'goto') words.push('goto', String(r.goto ?? '?'));
  else words.push(r.action);
  return words.join(' ');
}

export function routeText(r: Route, s: HostSnapshot): string {
  const name = (i: number | undefined): string | undefined => (i === undefined ? undefined : s.links.find((l) => l.index === i)?.name ?? `if${i}`);
  const words: string[] = [];
  if (r.type !== 'unicast') words.push(r.type);
  words.push(r.dst);
  const gw = r.gateway ?? r.nexthops?.[0]?.gateway;
  if (gw !== undefined) words.push('via', gw);
  const dev = name(r.oif ?? r.nexthops?.[0]?.oif);
  if (dev !== undefined) words.push('dev', dev);
  if (r.table !== 254) words.push('table', tableName(r.table));
  return words.join(' ');
}
