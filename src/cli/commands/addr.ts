// `nlts addr [show [dev DEV]]`: addresses, like `ip -o addr` (text) or a JSON array (--json), by interface.
import { parseArgs } from '../args.js';
import { verbOf } from '../words.js';
import { addressWords } from '../ip-words.js';
import { UsageError, type Command } from '../io.js';
import { addressJson, addressLine, jsonValue } from '../format/rtnetlink.js';
import {
  COMMON_OPTIONS, DUMP_INTERRUPTED_WARNING, LISTING_RETRIES, ListingWriter, collectListing, spellFamilyFlags, familyOption, openRtNetlink,
} from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list, add and delete addresses',
  usage: [
    'usage: nlts addr [show|list] [dev DEV] [-4|-6] [--json] [--netns NAME]',
    '       nlts addr add|replace|del ADDR[/LEN] dev DEV [peer P] [broadcast B] [label L] [scope S]',
    '                 [valid_lft N|forever] [preferred_lft N|forever] [metric N] [nodad] [noprefixroute] ...',
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(spellFamilyFlags(argv), COMMON_OPTIONS);
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
      const names = await nl.links.names({ retry: LISTING_RETRIES });
      const out = new ListingWriter(io.stdout, args.has('json'), jsonValue);
      // As ip lists them: by interface, and within one in the kernel's order (IPv4 before IPv6). The kernel
      // dumps one family after the other, so the addresses are collected first (there are not many).
      // A dump interrupted by a concurrent change is re-run; if it stays interrupted, what it got is printed
      // with ip's warning.
      const link = dev !== undefined ? { link: /^\d+$/.test(dev) ? Number(dev) : dev } : {};
      const { items: all, interrupted } = await collectListing(nl.addresses.list({ family, ...link, retry: LISTING_RETRIES }));
      all.sort((a, b) => a.index - b.index);
      for (const a of all) out.item(addressLine(a, names), addressJson(a, names));
      out.end();
      if (interrupted) io.stderr(DUMP_INTERRUPTED_WARNING);
      return 0;
    } finally {
      nl.close();
    }
  },
};
