// `nlts link [show [DEV]]`: links, like `ip -o link` (text) or a JSON array (--json).
import { parseArgs } from '../args.js';
import { UsageError, type Command } from '../io.js';
import { jsonReplacer, linkLine } from '../format/rtnetlink.js';
import { COMMON_OPTIONS, ListingWriter, spellFamilyFlags, openRtNetlink } from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list links',
  usage: 'usage: nlts link [show|list] [DEV] [--json] [--netns NAME]',
  async run(argv, io) {
    const args = parseArgs(spellFamilyFlags(argv), COMMON_OPTIONS);
    const [verb = 'show', dev, ...extra] = args.positional;
    if (!['show', 'list', 'ls'].includes(verb)) throw new UsageError(`unknown verb '${verb}'`);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const nl = openRtNetlink(args);
    try {
      const links = dev === undefined ? await nl.links.all() : [await nl.links.get(/^\d+$/.test(dev) ? Number(dev) : dev)];
      const names = new Map(links.map((l) => [l.index, l.name]));
      const out = new ListingWriter(io.stdout, args.has('json'), jsonReplacer);
      for (const l of links) out.item(linkLine(l, names), l);
      out.end();
      return 0;
    } finally {
      nl.close();
    }
  },
};
