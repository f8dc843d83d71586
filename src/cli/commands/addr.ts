// `nlts addr [show [dev DEV]]`: addresses, like `ip -o addr` (text) or a JSON array (--json), by interface.
import { parseOptions } from '../options.js';
import { verbOf } from '../words.js';
import { addressWords } from '../ip-words.js';
import { UsageError, type Command } from '../io.js';
import { addressLine } from '../format/rtnetlink.js';
import { linkAddressesJson, linkTable, type Json, type LinkTable } from '../format/ip-json.js';
import type { Address, LinkSummary } from '../../rtnetlink/index.js';
import {
  RT_OPTIONS, DUMP_INTERRUPTED_WARNING, LISTING_RETRIES, ListingWriter, collectListing, familyOption, openRtNetlink,
} from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list, add and delete addresses',
  usage: [
    'usage: nlts addr [show|list] [dev DEV] [-4|-6] [--json] [--netns NAME]',
    '       nlts addr add|replace|del ADDR[/LEN] dev DEV [peer P] [broadcast B] [label L] [scope S]',
    '                 [valid_lft N|forever] [preferred_lft N|forever] [metric N] [nodad] [noprefixroute] ...',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, RT_OPTIONS);
    const pos = [...args.positional];
    const verb = verbOf('addr', pos.shift() ?? 'show');
    if (['add', 'replace', 'del'].includes(verb)) {
      const a = addressWords(pos); // before the socket opens: a usage error touches nothing
      const nl = await openRtNetlink(args);
      try {
        if (verb === 'add') await nl.addresses.add(a.dev, a.cidr, a.options);
        else if (verb === 'replace') await nl.addresses.replace(a.dev, a.cidr, a.options);
        else await nl.addresses.delete(a.dev, a.cidr);
        return 0;
      } finally {
        nl.close();
      }
    }
    if (verb !== 'show') throw new UsageError(`unknown verb '${verb}'`);
    let dev: string | undefined;
    while (pos.length) {
      const w = pos.shift()!;
      if (w === 'dev' && pos.length) dev = pos.shift();
      else if (dev === undefined) dev = w;
      else throw new UsageError(`unexpected argument '${w}'`);
    }
    const family = familyOption(args);
    const nl = await openRtNetlink(args);
    try {
      const json = args.has('json');
      // JSON is by link, as ip -j prints it: each link with its addresses in addr_info.
      const links = json ? await nl.links.summaries() : undefined;
      const names = links ? linkTable(links).names : await nl.links.names({ retry: LISTING_RETRIES });
      const out = new ListingWriter(io.stdout, json);
      // As ip lists them: by interface, and within one in the kernel's order (IPv4 before IPv6). The kernel
      // dumps one family after the other, so the addresses are collected first (there are not many).
      // A dump interrupted by a concurrent change is re-run; if it stays interrupted, what it got is printed
      // with ip's warning.
      const link = dev !== undefined ? { link: /^\d+$/.test(dev) ? Number(dev) : dev } : {};
      const { items: all, interrupted } = await collectListing(nl.addresses.list({ family, ...link, retry: LISTING_RETRIES }));
      all.sort((a, b) => a.index - b.index);
      if (links) {
        for (const item of addressesByLink(links, all, linkTable(links), 'link' in link ? link.link : undefined, family)) out.jsonItem(item, true);
      } else {
        for (const a of all) out.textItem(addressLine(a, names));
      }
      out.end();
      if (interrupted) io.stderr(DUMP_INTERRUPTED_WARNING);
      return 0;
    } finally {
      nl.close();
    }
  },
};

/**
 * ip -j addr's objects: every link (or the one asked for) with its addresses. With -4 or -6 ip leaves out
 * links without an address of that family, and the link-layer keys (link_type, address, broadcast).
 */
function addressesByLink(links: readonly LinkSummary[], all: readonly Address[], table: LinkTable, dev: string | number | undefined, family: string | undefined): Json[] {
  const byIndex = new Map<number, Address[]>();
  for (const a of all) {
    const list = byIndex.get(a.index);
    if (list) list.push(a);
    else byIndex.set(a.index, [a]);
  }
  const out: Json[] = [];
  for (const l of [...links].sort((a, b) => a.index - b.index)) {
    if (dev !== undefined && l.index !== dev && l.name !== dev) continue;
    const addresses = byIndex.get(l.index) ?? [];
    if (family !== undefined && addresses.length === 0) continue;
    const item = linkAddressesJson(l, addresses, table);
    if (family !== undefined) for (const k of ['link_type', 'address', 'broadcast', 'link_pointtopoint', 'permaddr']) delete item[k];
    // ip -6 dumps the links with family AF_INET6, whose messages (inet6_fill_ifinfo) carry no qdisc, group
    // or master.
    if (family === 'inet6') for (const k of ['qdisc', 'group', 'master']) delete item[k];
    out.push(item);
  }
  return out;
}
