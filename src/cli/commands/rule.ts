// `nlts rule [show]`: policy-routing rules, like `ip rule` (text) or a JSON array (--json). IPv4 unless -6.
import { parseOptions } from '../options.js';
import { verbOf } from '../words.js';
import { ruleWords } from '../ip-words.js';
import { UsageError, type Command } from '../io.js';
import { ruleLine } from '../format/rtnetlink.js';
import { ruleIpJson } from '../format/ip-json.js';
import { RT_OPTIONS, ListingWriter, familyOption, openRtNetlink } from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list, add and delete policy-routing rules',
  usage: [
    'usage: nlts rule [show|list] [-4|-6] [--json] [--netns NAME]',
    '       nlts rule add|del [-4|-6] [not] [from P] [to P] [iif DEV] [oif DEV] [fwmark M[/MASK]] [pref N]',
    '                 [ipproto P] [sport N[-M]] [dport N[-M]] [uidrange A-B] [suppress_prefixlength N] [l3mdev]',
    '                 table|lookup T | goto N | unreachable | prohibit | blackhole | nop',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, RT_OPTIONS);
    const [word = 'show', ...extra] = args.positional;
    const verb = verbOf('rule', word);
    if (['add', 'del'].includes(verb)) {
      const family = familyOption(args);
      const spec = { ...ruleWords(extra), ...(family ? { family } : {}) }; // before the socket opens
      const nl = await openRtNetlink(args);
      try {
        if (verb === 'add') await nl.rules.add(spec);
        else await nl.rules.delete(spec);
        return 0;
      } finally {
        nl.close();
      }
    }
    if (verb !== 'show') throw new UsageError(`unknown verb '${verb}'`);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const nl = await openRtNetlink(args);
    try {
      const json = args.has('json');
      const out = new ListingWriter(io.stdout, json);
      for await (const r of nl.rules.list({ family: familyOption(args) ?? 'inet' })) {
        if (json) out.jsonItem(ruleIpJson(r), true);
        else out.textItem(ruleLine(r));
      }
      out.end();
      return 0;
    } finally {
      nl.close();
    }
  },
};
