// `nlts addr [show [dev DEV]]`: addresses, like `ip -o addr` (text) or a JSON array (--json).
import { parseArgs } from '../args.js';
import { UsageError, type Command } from '../io.js';
import { addressJson, addressLine, jsonReplacer } from '../format/rtnetlink.js';
import { COMMON_OPTIONS, ListingWriter, spellFamilyFlags, familyOption, openRtNetlink } from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list addresses',
  usage: 'usage: nlts addr [show|list] [dev DEV] [-4|-6] [--json] [--netns NAME]',
  async run(argv, io) {
    const args = parseArgs(spellFamilyFlags(argv), COMMON_OPTIONS);
    const pos = [...args.positional];
    const verb = pos.shift() ?? 'show';
    if (!['show', 'list', 'ls'].includes(verb)) throw new UsageError(`unknown verb '${verb}'`);
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
      const names = await nl.links.names();
      const out = new ListingWriter(io.stdout, args.has('json'), jsonReplacer);
      for await (const a of nl.addresses.list({ family, ...(dev !== undefined ? { link: /^\d+$/.test(dev) ? Number(dev) : dev } : {}) })) {
        out.item(addressLine(a, names), addressJson(a, names));
      }
      out.end();
      return 0;
    } finally {
      nl.close();
    }
  },
};
