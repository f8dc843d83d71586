// `nlts link [show [DEV]]`: links, like `ip -o link` (text) or a JSON array (--json); and `link add|set|del`
// with ip's words.
import { parseOptions } from '../options.js';
import { verbOf } from '../words.js';
import { linkAddWords, linkSetWords } from '../ip-words.js';
import { UsageError, type Command } from '../io.js';
import type { LinkSummary } from '../../rtnetlink/link.js';
import { linkLine } from '../format/rtnetlink.js';
import { linkJson, linkTable } from '../format/ip-json.js';
import { RT_OPTIONS, ListingWriter, openRtNetlink } from '../format/rtnetlink-output.js';

export const command: Command = {
  summary: 'list, add, change and delete links',
  usage: [
    'usage: nlts link [show|list] [DEV] [--json] [--netns NAME]',
    '       nlts link add [name] NAME [mtu N] [address MAC] [netns NS] type veth peer [name] PEER [netns NS] | bridge | dummy',
    '       nlts link add link PARENT [name] NAME type vlan id N',
    '       nlts link set [dev] DEV [up|down] [mtu N] [name NEW] [master BR|nomaster] [address MAC] [netns NS|PID]',
    '       nlts link del [dev] DEV',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, RT_OPTIONS);
    const [word = 'show', ...words] = args.positional;
    const verb = verbOf('link', word);
    if (['add', 'set', 'del'].includes(verb)) {
      // Parsed before the socket opens: a usage error touches nothing.
      const add = verb === 'add' ? linkAddWords(words) : undefined;
      const set = verb === 'set' ? linkSetWords(words) : undefined;
      const del = verb === 'del' ? deleteWords(words) : undefined;
      const nl = await openRtNetlink(args);
      try {
        if (add?.kind === 'veth') await nl.links.createVeth(add.name, add.options);
        else if (add?.kind === 'vlan') await nl.links.createVlan(add.name, { ...add.options, parent: add.parent, id: add.id });
        else if (add) await nl.links.create(add.name, add.kind, add.options);
        else if (set) await nl.links.set(set.dev, set.change);
        else if (del !== undefined) await nl.links.delete(del);
        return 0;
      } finally {
        nl.close();
      }
    }
    if (verb !== 'show') throw new UsageError(`unknown verb '${verb}'`);
    const [dev, ...extra] = words;
        if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const nl = await openRtNetlink(args);
    try {
      const json = args.has('json');
      const ref = dev === undefined ? undefined : /^\d+$/.test(dev) ? Number(dev) : dev;
      // Text shows one line per link: the summaries (no statistics, no link info) are all it needs.
      const links: LinkSummary[] = ref !== undefined ? [await nl.links.get(ref)] : json ? await nl.links.all() : await nl.links.summaries();
      // Names for master and peer (and which links are UP, for M-DOWN): every link's, also when one is listed.
      const table = linkTable(ref === undefined ? links : await nl.links.summaries());
      const names = table.names;
      // A peer in another namespace shows by that namespace's name, when it has one (asked only then).
      const namespaces = !json && links.some((l) => l.linkNetnsId !== undefined) ? await nl.nsids.names() : undefined;
      const out = new ListingWriter(io.stdout, json);
      for (const l of links) {
        if (json) out.jsonItem(linkJson(l, table), true);
        else out.textItem(linkLine(l, names, namespaces));
      }
      out.end();
      return 0;
    } finally {
      nl.close();
    }
  },
};

function deleteWords(words: readonly string[]): string | number {
  const rest = words[0] === 'dev' ? words.slice(1) : words;
  if (rest.length !== 1) throw new UsageError('link del: needs one link: del [dev] DEV');
  return /^\d+$/.test(rest[0]!) ? Number(rest[0]) : rest[0]!;
}
