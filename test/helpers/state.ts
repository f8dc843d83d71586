// A full, comparable picture of a namespace: links, addresses, rules, routes of every table, the nftables
// ruleset and forwarding switches. Volatile fields (statistics, lifetimes, handles) are left out.
import * as fs from 'node:fs';
import { withNetns } from '../../src/netlink/index.js';
import { RtNetlink } from '../../src/rtnetlink/index.js';
import { Nftables } from '../../src/nfnetlink/nftables/index.js';

export interface Snapshot {
  links: string[];
  addresses: string[];
  rules: string[];
  routes: string[];
  ruleset: string;
  forwarding: Record<string, string> | undefined;
  inside: Record<string, Omit<Snapshot, 'inside'>>;
}

async function one(ns: string): Promise<Omit<Snapshot, 'inside'>> {
  const nl = RtNetlink.open({ netns: ns });
  const nft = Nftables.open({ netns: ns });
  try {
    const links = (await nl.links.all()).map((l) => `${l.index} ${l.name} ${l.info?.kind ?? '-'} ${l.up ? 'up' : 'down'} mtu ${l.mtu} master ${l.master ?? '-'}`).sort();
    const addresses = (await nl.addresses.all()).map((a) => `${a.index} ${a.cidr} ${a.scope}`).sort();
    const rules = (await nl.rules.all()).map((r) => JSON.stringify({ ...r, unknown: r.unknown.length })).sort();
    const routes = (await nl.routes.all()).map((r) => JSON.stringify({ ...r, unknown: r.unknown.length, expires: undefined })).sort();
    const ruleset = await nft.renderRuleset();
    const forwarding = withNetns(ns, () => Object.fromEntries(fs.readdirSync('/proc/sys/net/ipv4/conf').map((d) => [d, fs.readFileSync(`/proc/sys/net/ipv4/conf/${d}/forwarding`, 'utf8').trim()])));
    return { links, addresses, rules, routes, ruleset, forwarding };
  } finally {
    nl.close();
    nft.close();
  }
}

export async function snapshot(host: string, inside: readonly string[]): Promise<Snapshot> {
  const out: Snapshot = { ...(await one(host)), inside: {} };
  for (const ns of inside) out.inside[ns] = await one(ns);
  return out;
}
