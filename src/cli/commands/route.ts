// `nlts route [show] [--table N|all]` and `nlts route get ADDR [from A] [iif DEV] [oif DEV] [mark N]`.
import type { TableRef } from '../../rtnetlink/index.js';
import { intArg, parseArgs } from '../args.js';
import { UsageError, type Command } from '../io.js';
import { jsonReplacer, routeJson, routeLine } from '../format/rtnetlink.js';
import { COMMON_OPTIONS, ListingWriter, spellFamilyFlags, familyOption, openRtNetlink } from '../format/rtnetlink-output.js';

function tableArg(text: string | undefined): TableRef | 'all' {
  if (text === undefined) return 'main';
  if (text === 'all' || text === 'main' || text === 'local' || text === 'default') return text;
  return intArg(text, '--table', 1, 0xffffffff);
}

const linkArg = (s: string): string | number => (/^\d+$/.test(s) ? Number(s) : s);

export const command: Command = {
  summary: 'list routes, or get the route to an address',
  usage: [
    'usage: nlts route [show|list] [--table N|main|local|all] [-4|-6] [--json] [--netns NAME]',
    '       nlts route get ADDR [from ADDR] [iif DEV] [oif DEV] [mark N] [--json] [--netns NAME]',
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(spellFamilyFlags(argv), [...COMMON_OPTIONS, { name: 'table', short: 't', value: true }]);
    const pos = [...args.positional];
    const verb = pos.shift() ?? 'show';
    const nl = openRtNetlink(args);
    try {
      if (verb === 'get') {
        const to = pos.shift();
        if (!to) throw new UsageError('get needs an address');
        const query: { from?: string; iif?: string | number; oif?: string | number; mark?: number } = {};
        while (pos.length) {
          const k = pos.shift()!;
          const v = pos.shift();
          if (v === undefined) throw new UsageError(`'${k}' needs a value`);
          if (k === 'from') query.from = v;
          else if (k === 'iif') query.iif = linkArg(v);
          else if (k === 'oif') query.oif = linkArg(v);
          else if (k === 'mark') query.mark = intArg(v, 'mark', 0, 0xffffffff);
          else throw new UsageError(`unknown selector '${k}'`);
        }
        const route = await nl.routes.get(to, query);
        const names = await nl.links.names();
        io.stdout(args.has('json') ? JSON.stringify([routeJson(route, names)], jsonReplacer) + '\n' : `${routeLine(route, names, true)}\n`);
        return 0;
      }
      if (!['show', 'list', 'ls'].includes(verb)) throw new UsageError(`unknown verb '${verb}'`);
      if (pos.length) throw new UsageError(`unexpected argument '${pos[0]}'`);
      const table = tableArg(args.get('table'));
      const names = await nl.links.names();
      const out = new ListingWriter(io.stdout, args.has('json'), jsonReplacer);
      for await (const r of nl.routes.list({ family: familyOption(args), table })) out.item(routeLine(r, names, table === 'all'), routeJson(r, names));
      out.end();
      return 0;
    } finally {
      nl.close();
    }
  },
};
