// `nlts exporter`: the Prometheus exporter (src/exporter) on an HTTP port, or one scrape to stdout (--once)
// for node_exporter's textfile collector. Parsing and wiring only.
import { Exporter } from '../../exporter/exporter.js';
import { DEFAULT_LISTEN, parseListen, serve } from '../../exporter/server.js';
import { parseOptions } from '../options.js';
import { UsageError, type Command } from '../io.js';

const USAGE = `usage: nlts exporter [--netns NAME ...] [--subnet CIDR ...] [--listen ADDR:PORT | --once]
  --listen ADDR:PORT  serve /metrics there (default ${DEFAULT_LISTEN}; IPv6 as [ADDR]:PORT)
  --once              print one scrape in the Prometheus text format and exit (textfile collector)
  --netns NAME        read this named namespace (repeatable; series get a netns label)
  --subnet CIDR       also count entries from this source prefix by zone and NAT (repeatable)`;

export const command: Command = {
  summary: 'Prometheus exporter for conntrack zones and statistics, links and nftables counters',
  usage: USAGE,
  async run(argv, io) {
    const args = parseOptions(argv, { manners: 'nlts', options: [
      { key: 'netns', names: ['--netns'], arity: 1, repeat: 'collect' }, { key: 'subnet', names: ['--subnet'], arity: 1, repeat: 'collect' },
      { key: 'listen', names: ['--listen'], arity: 1 }, { key: 'once', names: ['--once'] },
    ] });
    if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
    if (args.has('once') && args.has('listen')) throw new UsageError('--once and --listen exclude each other');
    const listen = args.has('once') ? undefined : parseListen(args.get('listen') ?? DEFAULT_LISTEN);
    const reported = new Map<string, string>();
    const exporter = new Exporter({
      netns: args.all('netns'), subnets: args.all('subnet'),
      onError(collector, netns, error) {
        // Said once per collector and namespace until the message changes, not at every scrape.
        const key = `${collector}\0${netns ?? ''}`;
        if (reported.get(key) === error.message) return;
        reported.set(key, error.message);
        io.stderr(`nlts exporter: collector ${collector}${netns === undefined ? '' : ` in ${netns}`} failed: ${error.message}\n`);
      },
    });
    if (!listen) {
      io.stdout(await exporter.scrape('text'));
      return 0;
    }
    const server = await serve(exporter, listen, (e) => io.stderr(`nlts exporter: ${e.message}\n`));
    const shown = server.address.host.includes(':') ? `[${server.address.host}]` : server.address.host;
    io.stderr(`nlts exporter: serving http://${shown}:${server.address.port}/metrics\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        void server.close().then(resolve);
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    return 0;
  },
};
