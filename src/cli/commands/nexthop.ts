// `nlts nexthop [show]`: nexthop objects and groups like `ip nexthop` (text) or a JSON array (--json);
// `nexthop add|replace|del` with ip's words.
import { parseOptions } from '../options.js';
import { verbOf } from '../words.js';
import { UsageError, type Command } from '../io.js';
import { nexthopWords } from '../ip-words.js';
import { nexthopLine } from '../format/rtnetlink.js';
import { nexthopIpJson } from '../format/ip-json.js';
import { RT_OPTIONS, ListingWriter, openRtNetlink } from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list, add, replace and delete nexthop objects',
  usage: [
    'usage: nlts nexthop [show|list] [dev DEV] [groups] [--json] [--netns NAME]',
    '       nlts nexthop add|replace id N (via ADDR [dev DEV] [onlink] | dev DEV | blackhole | group ID[,WEIGHT]/... [type resilient [buckets N]]) [proto P]',
    '       nlts nexthop del id N',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, RT_OPTIONS);
    const [word = 'show', ...words] = args.positional;
    const verb = verbOf('nexthop', word);
    if (['add', 'replace', 'del'].includes(verb)) {
      const del = verb === 'del';
      // Parsed before the socket opens: a usage error touches nothing.
      const spec = nexthopWords(words);
      if (del && Object.keys(spec).length > 1) throw new UsageError('nexthop del: takes only id N');
      const nl = await openRtNetlink(args);
      try {
        if (del) await nl.nexthops.delete(spec.id);
        else if (verb === 'add') await nl.nexthops.add(spec);
        else await nl.nexthops.replace(spec);
        return 0;
      } finally {
        nl.close();
      }
    }
    if (verb !== 'show') throw new UsageError(`unknown verb '${verb}'`);
    let dev: string | undefined;
    let groups = false;
    for (let i = 0; i < words.length; i++) {
      if (words[i] === 'dev' && words[i + 1] !== undefined && dev === undefined) dev = words[++i];
      else if (words[i] === 'groups') groups = true;
      else throw new UsageError(`unexpected argument '${words[i]}'`);
    }
    const nl = await openRtNetlink(args);
    try {
      const names = await nl.links.names();
      const json = args.has('json');
      const out = new ListingWriter(io.stdout, json);
      for await (const n of nl.nexthops.list({ ...(dev !== undefined ? { dev } : {}), groups })) {
        if (json) out.jsonItem(nexthopIpJson(n, names), true);
        else out.textItem(nexthopLine(n, names));
      }
      out.end();
      return 0;
    } finally {
      nl.close();
    }
  },
};
