// `nlts demo` ends with the doctor's view of its host: the double pass before the fix (with the zone the
// topology then uses), nothing after it; the demo's own traffic checks say the same.
import { liveTest, uniqueName } from './helpers/live.js';
import { type DemoEvent, demoLeftovers, runDemo } from '../src/topology/index.js';

liveTest('demo: the doctor finds the double pass before the fix and nothing after it', async (t) => {
  const prefix = uniqueName('ddemo');
  const events: DemoEvent[] = [];
  const r = await runDemo({ prefix, onEvent: (e) => events.push(e) });
  const views = events.filter((e): e is Extract<DemoEvent, { kind: 'doctor' }> => e.kind === 'doctor');
  t.deepEqual(views.map((v) => v.when), ['before the fix', 'after the fix']);
  const [before, after] = views;
  t.deepEqual(before!.report.findings.map((f) => f.code), ['conntrack-double-pass']);
  const f = before!.report.findings[0]!;
  t.deepEqual(f.interfaces, ['client-veth0', 'proxy-veth0', 'enp4s0']);
  t.is(f.fix!.zone, r.zone);
  t.true(f.evidence!.untranslatedEntries >= 3, 'the failed ICMP, UDP and TCP left untranslated entries');
  t.deepEqual(after!.report.findings, []);
  t.true(r.bugReproduced && r.fixWorks && r.doctorAgrees);
  t.is(events.at(-1)?.kind, 'phase', 'the doctor view comes last, before the teardown');
  t.deepEqual(demoLeftovers(prefix), []);
});
