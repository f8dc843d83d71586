// `nlts rule [show]`: policy-routing rules, like `ip rule` (text) or a JSON array (--json). IPv4 unless -6.
import { parseArgs } from '../args.js';
import { UsageError, type Command } from '../io.js';
import { jsonValue, ruleLine } from '../format/rtnetlink.js';
import { COMMON_OPTIONS, ListingWriter, spellFamilyFlags, familyOption, openRtNetlink } from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list policy-routing rules',
  usage: 'usage: nlts rule [show|list] [-4|-6] [--json] [--netns NAME]',
  async run(argv, io) {
    const args = parseArgs(spellFamilyFlags(argv), COMMON_OPTIONS);
    const [verb = 'show', ...extra] = args.positional;
    if (!['show', 'list', 'ls'].includes(verb)) throw new UsageError(`unknown verb '${verb}'`);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const nl = await openRtNetlink(args);
    try {
      const out = new ListingWriter(io.stdout, args.has('json'), jsonValue);
      for await (const r of nl.rules.list({ family: familyOption(args) ?? 'inet' })) out.item(ruleLine(r), r);
      out.end();
      return 0;
    } finally {
      nl.close();
    }
  },
};
