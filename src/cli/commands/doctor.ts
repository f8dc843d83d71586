// `nlts doctor`: finds the write-up's pitfall (a flow crossing the host twice in one conntrack zone, so
// NAT is skipped) and its neighbours on the host it runs on. Exit status like a linter: 0 nothing found,
// 1 findings, 2 usage or access error. Parsing and printing only; the analysis is src/doctor.
import { applyFix, diagnose } from '../../doctor/doctor.js';
import { renderReport } from '../../doctor/report.js';
import type { DoctorReport } from '../../doctor/findings.js';
import { parseOptions } from '../options.js';
import { UsageError, type Command } from '../io.js';

const USAGE = `usage: nlts doctor [--netns NAME] [--json] [--explain] [--apply-fix]
  --netns NAME   examine this named network namespace instead of the current one
  --json         print the findings as JSON (field names documented in the README, "nlts doctor")
  --explain      say why each finding breaks traffic
  --apply-fix    apply the conntrack-zone fix in one nftables transaction (table ip nlts_doctor), then check again
exit status: 0 nothing found, 1 findings, 2 usage or access error`;

const JSON_VERSION = 1;

export const command: Command = {
  summary: 'find policy-routing/conntrack/NAT pitfalls on this host, explain them and show the fix',
  usage: USAGE,
  async run(argv, io) {
    const args = parseOptions(argv, { manners: 'nlts', options: [{ key: 'netns', names: ['--netns'], arity: 1 }, { key: 'json', names: ['--json'] }, { key: 'explain', names: ['--explain'] }, { key: 'apply-fix', names: ['--apply-fix'] }] });
    if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
    const netns = args.get('netns');
    const options = netns === undefined ? {} : { netns };
    let report: DoctorReport;
    let before: DoctorReport | undefined;
    let fixed = 0;
    try {
      report = await diagnose(options);
      if (args.has('apply-fix')) {
        fixed = await applyFix(report, options);
        if (fixed > 0) {
          before = report;
          report = await diagnose(options);
        }
      }
    } catch (e) {
      // Cannot read (no such namespace, no privilege) or cannot write the fix: an access error.
      const err = e as Error;
      io.stderr(`nlts doctor: ${err.name === 'Error' ? '' : `${err.name}: `}${err.message}\n`);
      return 2;
    }
    if (args.has('json')) {
      const out = { version: JSON_VERSION, ...report, ...(args.has('apply-fix') ? { applied: { fixed, before: before?.findings ?? [] } } : {}) };
      io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      if (before) io.stdout(`${renderReport(before, { explain: args.has('explain') })}\napplied the fix for ${fixed} finding(s) in one transaction (table ip nlts_doctor); checking again:\n\n`);
      else if (args.has('apply-fix')) io.stdout('nothing to fix with --apply-fix (no conntrack-double-pass finding)\n\n');
      io.stdout(renderReport(report, { explain: args.has('explain') }));
    }
    return report.findings.length > 0 ? 1 : 0;
  },
};
