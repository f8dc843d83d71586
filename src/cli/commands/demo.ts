// `nlts demo`: the write-up's scenario end to end in namespaces of its own (see src/topology/demo.ts).
import { runDemo, type DemoEvent } from '../../topology/index.js';
import { ErrorCode, errorCode } from '../../netlink/errors.js';
import { onInterrupt } from '../interrupt.js';
import { parseOptions } from '../options.js';
import { UsageError, type Command, type CommandIO } from '../io.js';
import { formatApply, formatFlowsByZone, formatVerify } from '../format/topology.js';
import { renderReport } from '../../doctor/report.js';

function printer(io: CommandIO): (e: DemoEvent) => void {
  return (e) => {
    switch (e.kind) {
      case 'phase': io.stdout(`\n== ${e.title}\n`); break;
      case 'info': io.stdout(`  ${e.text}\n`); break;
      case 'leftovers': io.stdout(`  removed the leftovers of an earlier demo (pid ${e.pid}) that did not finish: ${e.removed.join(', ') || 'its markers'}\n`); break;
      case 'applied': io.stdout(formatApply(e.report)); break;
      case 'verified': io.stdout(`  traffic from the client to the server:\n${formatVerify(e.report)}`); break;
      case 'conntrack': io.stdout(`  conntrack on the host, entries of the client's connections, by zone:\n${formatFlowsByZone(e.flows)}`); break;
      case 'doctor': io.stdout(`\n  -- ${e.when}:\n${renderReport(e.report).replace(/^(?=.)/gm, '  ')}`); break;
    }
  };
}

export const command: Command = {
  summary: 'run the scenario',
  usage: [
    'usage: nlts demo [--server ADDRESS]',
    '  In throwaway namespaces (never the machine\'s own): applies the client/proxy setup without conntrack zones',
    '  and shows NAT failing, applies the zone fix and shows NAT working for ICMP, UDP and TCP, then removes',
    '  everything (also on SIGINT/SIGTERM: exit status 130/143). Exit status 0 only if both claims held. A demo\n  killed outright leaves its namespaces marked; the next demo removes them. Needs root.',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, { manners: 'nlts', options: [{ key: 'server', names: ['--server'], arity: 1 }] });
    if (args.positional.length) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
    if (process.getuid?.() !== 0) {
      io.stderr('nlts demo: needs root (it creates network namespaces)\n');
      return 1;
    }
    const interrupt = onInterrupt(io, 'cleaning up', 'namespaces of this demo remain; the next demo removes them');
    try {
      const server = args.get('server');
      const r = await runDemo({ signal: interrupt.signal, onEvent: printer(io), ...(server ? { serverAddress: server } : {}) });
      io.stdout('\n== Summary\n');
      io.stdout(`  without zones: ${r.bugReproduced ? 'NAT skipped, traffic fails (the bug is reproduced)' : 'UNEXPECTED: the bug did not show'}\n`);
      io.stdout(`  with zone ${r.zone}:   ${r.fixWorks ? 'masqueraded, ICMP, UDP and TCP answered (the fix works)' : 'UNEXPECTED: NAT still fails'}\n`);
      io.stdout(`  idempotent apply: ${r.idempotent ? 'yes' : 'NO'}\n`);
      io.stdout(`  nlts doctor: ${r.doctorAgrees ? 'found the double pass before the fix, nothing after it' : 'UNEXPECTED: its findings do not match the traffic'}\n`);
      return interrupt.status() ?? (r.bugReproduced && r.fixWorks ? 0 : 1);
    } catch (e) {
      if (errorCode(e) === ErrorCode.DEMO_ABORTED) {
        const aborted = e as Error;
        io.stderr(`${aborted.message}\n`);
        return interrupt.status() ?? 130;
      }
      throw e;
    } finally {
      interrupt.dispose();
    }
  },
};
