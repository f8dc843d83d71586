// Reads a host's state for the doctor: over netlink (links, addresses, rules, routes of every table, the
// nftables ruleset, conntrack entries and counters) and the forwarding/rp_filter switches from
// /proc/sys, which netlink does not carry. Inside a named namespace when asked.
import * as fs from 'node:fs';
import { type NetnsRef, withNetns } from '../netlink/index.js';
import { RtNetlink } from '../rtnetlink/index.js';
import { Nftables } from '../nfnetlink/nftables/index.js';
import { Conntrack } from '../nfnetlink/conntrack/index.js';
import type { HostLink, HostSnapshot } from './snapshot.js';

export interface ReadOptions {
  /** A named namespace (or other reference); the caller's own when absent. */
  netns?: NetnsRef;
  /** Also read the conntrack table and counters (default true). Failure to read them is not an error. */
  conntrack?: boolean;
}

const inNs = <T>(ns: NetnsRef | undefined, fn: () => T): T => (ns === undefined ? fn() : withNetns(ns, fn));

function sysctl(path: string): number | undefined {
  try {
    return Number(fs.readFileSync(`/proc/sys/net/ipv4/${path}`, 'utf8').trim());
  } catch {
    return undefined;
  }
}

export async function readSnapshot(options: ReadOptions = {}): Promise<HostSnapshot & { notes: string[] }> {
  const ns = options.netns;
  const notes: string[] = [];
  const nl = RtNetlink.open(ns === undefined ? {} : { netns: ns });
  let partial: Omit<HostSnapshot, 'ruleset' | 'links' | 'ipForward' | 'rpFilterAll'> & { links: Omit<HostLink, 'forwarding' | 'rpFilter'>[] };
  try {
    const links = await nl.links.all();
    const addresses = await nl.addresses.all({ family: 'inet' });
    partial = {
      links: links.map((l) => ({ index: l.index, name: l.name, up: l.up, addresses: addresses.filter((a) => a.index === l.index).map((a) => a.cidr) })),
      rules: await nl.rules.all({ family: 'inet' }),
      routes: await nl.routes.all({ family: 'inet', table: 'all' }),
    };
  } finally {
    nl.close();
  }
  const nft = Nftables.open(ns === undefined ? {} : { netns: ns });
  const ruleset = await nft.listRuleset().finally(() => nft.close());
  const switches = inNs(ns, () => ({
    ipForward: sysctl('ip_forward') === 1,
    rpFilterAll: sysctl('conf/all/rp_filter') ?? 0,
    perLink: new Map(partial.links.map((l) => [l.name, { forwarding: sysctl(`conf/${l.name}/forwarding`) === 1, rpFilter: sysctl(`conf/${l.name}/rp_filter`) ?? 0 }])),
  }));
  const snapshot: HostSnapshot & { notes: string[] } = {
    ...partial,
    links: partial.links.map((l) => ({ ...l, ...switches.perLink.get(l.name)! })),
    ipForward: switches.ipForward, rpFilterAll: switches.rpFilterAll, ruleset, notes,
  };
  if (options.conntrack !== false) {
    try {
      const ct = await Conntrack.open(ns === undefined ? {} : { netns: ns });
      try {
        snapshot.flows = (await ct.list()).filter((f) => f.family === 2); // AF_INET
        snapshot.conntrackStats = await ct.statistics();
      } finally {
        ct.close();
      }
    } catch (e) {
      notes.push(`conntrack table not read (${(e as Error).message}): no evidence from traffic`);
    }
  }
  return snapshot;
}
