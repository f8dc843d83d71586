// `nlts neigh [show] [dev DEV]`: the ARP and NDISC tables like `ip neigh` (text) or a JSON array (--json);
// `neigh add|replace|del` with ip's words.
import { parseOptions } from '../options.js';
import { verbOf } from '../words.js';
import { UsageError, type Command } from '../io.js';
import { neighbourWords } from '../ip-words.js';
import { neighbourLine, shownByDefault } from '../format/rtnetlink.js';
import { neighbourIpJson } from '../format/ip-json.js';
import { RT_OPTIONS, ListingWriter, familyOption, openRtNetlink } from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list, add, replace and delete neighbour entries',
  usage: [
    'usage: nlts neigh [show|list] [dev DEV] [-4|-6] [--json] [--netns NAME]   (NOARP entries hidden, as ip)',
    '       nlts neigh add|replace ADDR lladdr MAC dev DEV [nud permanent|reachable|stale|noarp|...] [router]',
    '       nlts neigh del ADDR dev DEV',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, RT_OPTIONS);
    const [word = 'show', ...words] = args.positional;
    const verb = verbOf('neigh', word);
    if (['add', 'replace', 'del'].includes(verb)) {
      const { dev, spec } = neighbourWords(words); // before the socket opens: a usage error touches nothing
      const nl = await openRtNetlink(args);
      try {
        if (verb === 'add') await nl.neighbours.add(dev, spec);
        else if (verb === 'replace') await nl.neighbours.replace(dev, spec);
        else await nl.neighbours.delete(dev, spec.dst);
        return 0;
      } finally {
        nl.close();
      }
    }
    if (verb !== 'show') throw new UsageError(`unknown verb '${verb}'`);
    let dev: string | undefined;
    for (let i = 0; i < words.length; i++) {
      if (words[i] === 'dev' && words[i + 1] !== undefined && dev === undefined) dev = words[++i];
      else throw new UsageError(`unexpected argument '${words[i]}'`);
    }
    const nl = await openRtNetlink(args);
    try {
      const names = await nl.links.names();
      const json = args.has('json');
      const out = new ListingWriter(io.stdout, json);
      const link = dev === undefined ? undefined : /^\d+$/.test(dev) ? Number(dev) : dev;
      for await (const n of nl.neighbours.list({ family: familyOption(args), ...(link !== undefined ? { link } : {}) })) {
        if (!shownByDefault(n)) continue;
        if (json) out.jsonItem(neighbourIpJson(n, names, link === undefined), true);
        else out.textItem(neighbourLine(n, names, link === undefined));
      }
      out.end();
      return 0;
    } finally {
      nl.close();
    }
  },
};
