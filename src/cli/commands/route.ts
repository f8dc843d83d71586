// `nlts route [show] [--table N|all]` and `nlts route get ADDR [from A] [iif DEV] [oif DEV] [mark N]`.
import type { TableRef } from '../../rtnetlink/common.js';
import { RouteView, scanRoutes } from '../../rtnetlink/route.js';
import { intArg } from '../args.js';
import { parseOptions } from '../options.js';
import { routeWords } from '../ip-words.js';
import { verbOf } from '../words.js';
import { UsageError, type Command } from '../io.js';
import { RouteTextBlock, routeLine } from '../format/rtnetlink.js';
import { routeIpJson } from '../format/ip-json.js';
import {
  COMMON_OPTIONS, DUMP_INTERRUPTED_WARNING, LISTING_RETRIES, ListingWriter, emit, isDumpInterrupted, familyOption, openLinksAndRoutes,
} from '../format/rtnetlink-output.js';

function tableArg(text: string | undefined): TableRef | 'all' {
  if (text === undefined) return 'main';
  if (text === 'all' || text === 'main' || text === 'local' || text === 'default') return text;
  return intArg(text, '--table', 1, 0xffffffff);
}

const linkArg = (s: string): string | number => (/^\d+$/.test(s) ? Number(s) : s);

export const command: Command = {
  summary: 'list, get, add, replace and delete routes',
  usage: [
    'usage: nlts route [show|list] [--table N|main|local|all] [-4|-6] [--json] [--netns NAME]   (IPv4 unless -6, as ip)',
    '       nlts route get ADDR [from ADDR] [iif DEV] [oif DEV] [mark N] [--json] [--netns NAME]',
    '       nlts route add|replace|append|del [TYPE] PREFIX [via ADDR] [dev DEV] [table T] [metric N] [src ADDR]',
    '                 [proto P] [scope S] [onlink] [mtu N ...] [pref low|medium|high] [nexthop via A dev D weight W]...',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, { manners: 'nlts', options: [...COMMON_OPTIONS, { key: 'table', names: ['--table', '-t'], arity: 1 }] });
    const pos = [...args.positional];
    const verb = verbOf('route', pos.shift() ?? 'show');
    if (['add', 'replace', 'append', 'del'].includes(verb)) {
      const family = familyOption(args);
      const spec = { ...routeWords(pos), ...(family ? { family } : {}) }; // before the socket opens
      const nl = openLinksAndRoutes(args);
      try {
        if (verb === 'add') await nl.routes.add(spec);
        else if (verb === 'replace') await nl.routes.replace(spec);
        else if (verb === 'append') await nl.routes.append(spec);
        else await nl.routes.delete(spec);
        return 0;
      } finally {
        nl.close();
      }
    }
    const nl = openLinksAndRoutes(args);
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
        io.stdout(args.has('json') ? JSON.stringify([routeIpJson(route, names)]) + '\n' : `${routeLine(route, names, true)}\n`);
        return 0;
      }
      if (verb !== 'show') throw new UsageError(`unknown verb '${verb}'`);
      if (pos.length) throw new UsageError(`unexpected argument '${pos[0]}'`);
      const table = tableArg(args.get('table'));
      // `ip route` lists IPv4 unless told -6, but both families for `table all`.
      const family = familyOption(args) ?? (table === 'all' ? undefined : 'inet');
      const names = await nl.links.names({ retry: LISTING_RETRIES });
      // Routes are written as they arrive, so an interrupted dump (flagged only at its end) is not re-run:
      // what it gave is printed, then ip's warning, exit 0.
      const interrupted = (e: unknown): number => {
        if (!isDumpInterrupted(e)) throw e;
        io.stderr(DUMP_INTERRUPTED_WARNING);
        return 0;
      };
      if (args.has('json')) {
        const out = new ListingWriter(io.stdout, true);
        try {
          for await (const batch of nl.routes.listBatches({ family, table })) {
            for (const r of batch) out.jsonItem(routeIpJson(r, names, table === 'all'), true);
            await out.drain(io);
          }
        } catch (e) {
          if (!isDumpInterrupted(e)) throw e;
          out.end();
          return interrupted(e);
        }
        out.end();
        return 0;
      }
      // Text: each datagram's routes become one block of lines, read in place (no Route objects) and
      // written before the next datagram is read.
      const block = new RouteTextBlock(names, table === 'all');
      const view = new RouteView();
      const add = (v: RouteView): void => block.add(v);
      try {
        for await (const chunk of nl.routes.listChunks({ family, table })) {
          scanRoutes(chunk, view, add);
          await emit(io, block.take());
        }
      } catch (e) {
        return interrupted(e);
      }
      return 0;
    } finally {
      nl.close();
    }
  },
};
