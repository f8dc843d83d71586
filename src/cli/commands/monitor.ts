// `nlts monitor [link|address|route|rule|neigh|nexthop ...]`: rtnetlink events as they happen, like `ip -o
// monitor`: each object in the line format of its listing, "Deleted " before what went away. A lost-event
// condition (ENOBUFS) is reported on stderr and the stream goes on. Runs until SIGINT or SIGTERM.
import { parseOptions } from '../options.js';
import { verbOf } from '../words.js';
import type { Command } from '../io.js';
import type { EventGroup, RtEvent } from '../../rtnetlink/events.js';
import { addressLine, linkLine, neighbourLine, nexthopLine, routeLine, ruleLine } from '../format/rtnetlink.js';
import { addressInfoJson, linkJson, neighbourIpJson, nexthopIpJson, routeIpJson, ruleIpJson, linkTable, type Json } from '../format/ip-json.js';
import { RT_OPTIONS, openRtNetlink } from '../format/rtnetlink-output.js';

/** ip monitor's objects (as verbOf spells them) -> event groups. */
const OBJECTS: Record<string, EventGroup[]> = {
  link: ['link'], address: ['address'], route: ['route'], rule: ['rule'], neigh: ['neighbour'], nexthop: ['nexthop'],
};
const ALL: EventGroup[] = ['link', 'address', 'route', 'rule', 'neighbour', 'nexthop'];

export const command: Command = {
  summary: 'print rtnetlink events as they happen',
  usage: 'usage: nlts monitor [all|link|address|route|rule|neigh|nexthop ...] [--json] [--netns NAME]   (until SIGINT)',
  async run(argv, io) {
    const args = parseOptions(argv, RT_OPTIONS);
    const groups = new Set<EventGroup>();
    for (const word of args.positional) {
      const object = verbOf('monitor', word); // ip's abbreviations: a, r, ru, n, nex
      for (const g of object === 'all' ? ALL : OBJECTS[object] ?? []) groups.add(g);
    }
    const json = args.has('json');
    const nl = await openRtNetlink(args);
    const sub = nl.subscribe(groups.size ? [...groups] : ALL);
    // Link names for "dev X" (and, for JSON, which links are UP), kept current from the link events themselves.
    const table = linkTable(await nl.links.summaries());
    const names = new Map(table.names);
    const up = new Set(table.up);
    const stop = (): void => sub.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      for await (const ev of sub) {
        if (ev.kind === 'overrun') {
          io.stderr('nlts monitor: events were lost (receive buffer overrun, ENOBUFS); the stream goes on\n');
          continue;
        }
        if (ev.kind === 'link') {
          if (ev.action === 'new') names.set(ev.link.index, ev.link.name);
          if (ev.action === 'new' && ev.link.flags.includes('UP')) up.add(ev.link.index);
          else up.delete(ev.link.index);
        }
        const text = json ? eventJson(ev, names, up) : eventLine(ev, names);
        if (text !== undefined) io.stdout(`${text}\n`);
        if (ev.kind === 'link' && ev.action === 'delete') names.delete(ev.link.index);
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      nl.close();
    }
    return 0;
  },
};

function eventLine(ev: RtEvent, names: ReadonlyMap<number, string>): string | undefined {
  let line: string;
  switch (ev.kind) {
    case 'link': line = linkLine(ev.link, names); break;
    case 'address': line = addressLine(ev.address, names); break;
    case 'route': line = routeLine(ev.route, names, true); break;
    case 'rule': line = ruleLine(ev.rule); break;
    case 'neighbour': line = neighbourLine(ev.neighbour, names, true); break;
    case 'nexthop': line = nexthopLine(ev.nexthop, names); break;
    default: return undefined; // messages of other kinds on these groups (netconf, ...)
  }
  return 'action' in ev && ev.action === 'delete' ? `Deleted ${line}` : line;
}

/**
 * One JSON object per line: the object as `ip -j` lists it, "deleted": true for a deletion (ip's key), and
 * "nlts_object" naming what it is (ip 6.1's monitor prints no JSON to follow). Addresses come as in
 * `ip -j addr`: ifindex and ifname with the one address in addr_info.
 */
function eventJson(ev: RtEvent, names: ReadonlyMap<number, string>, up: ReadonlySet<number>): string | undefined {
  const deleted = 'action' in ev && ev.action === 'delete';
  let o: Json;
  switch (ev.kind) {
    case 'link': o = { ...(deleted ? { deleted: true } : {}), ...linkJson(ev.link, { names, up }) }; break;
    case 'address': o = { ...(deleted ? { deleted: true } : {}), ifindex: ev.address.index, ifname: names.get(ev.address.index) ?? `if${ev.address.index}`, addr_info: [addressInfoJson(ev.address)] }; break;
    case 'route': o = routeIpJson(ev.route, names, true, deleted); break;
    case 'rule': o = ruleIpJson(ev.rule, deleted); break;
    case 'neighbour': o = neighbourIpJson(ev.neighbour, names, true, deleted); break;
    case 'nexthop': o = nexthopIpJson(ev.nexthop, names, deleted); break;
    default: return undefined;
  }
  return JSON.stringify({ nlts_object: ev.kind, ...o });
}
