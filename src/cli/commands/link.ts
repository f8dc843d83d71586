// `nlts link [show [DEV]]`: links, like `ip -o link` (text) or a JSON array (--json).
import { parseArgs } from '../args.js';
import { UsageError, type Command } from '../io.js';
import type { LinkSummary } from '../../rtnetlink/link.js';
import { jsonValue, linkLine } from '../format/rtnetlink.js';
import { COMMON_OPTIONS, ListingWriter, spellFamilyFlags, openRtNetlink } from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list links',
  usage: 'usage: nlts link [show|list] [DEV] [--json] [--netns NAME]',
  async run(argv, io) {
    const args = parseArgs(spellFamilyFlags(argv), COMMON_OPTIONS);
    const [verb = 'show', dev, ...extra] = args.positional;
    if (!['show', 'list', 'ls'].includes(verb)) throw new UsageError(`unknown verb '${verb}'`);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const nl = await openRtNetlink(args);
    try {
      const json = args.has('json');
      const ref = dev === undefined ? undefined : /^\d+$/.test(dev) ? Number(dev) : dev;
      // Text shows one line per link: the summaries (no statistics, no link info) are all it needs.
      const links: LinkSummary[] = ref !== undefined ? [await nl.links.get(ref)] : json ? await nl.links.all() : await nl.links.summaries();
      const names = new Map(links.map((l) => [l.index, l.name]));
      const out = new ListingWriter(io.stdout, json, jsonValue);
      for (const l of links) {
        if (json) out.jsonItem(l);
        else out.textItem(linkLine(l, names));
      }
      out.end();
      return 0;
    } finally {
      nl.close();
    }
  },
};
