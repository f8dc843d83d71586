// The generated differential suite for conntrack(8) (issue 13): command lines generated from the man page
// (test/helpers/conntrack-generator.ts) run through conntrack-tools and `nlts conntrack` from the same seeded
// table in two throwaway namespaces; exit status, output, the success summary and the table afterwards are
// compared (helpers/conntrack-differential.ts). Every difference must be a known one, listed with its reason
// in fixtures/conntrack/generated-differences.json; the counts are printed. NLTS_GEN_UPDATE=1 rewrites the
// list's cases (keeping the reasons) after an improvement.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { liveTest } from './helpers/live.js';
import { root } from './helpers/cli.js';
import { generateCases } from './helpers/conntrack-generator.js';
import { cleanUpInputs, runCases, type CaseOutcome } from './helpers/conntrack-differential.js';

const KNOWN_FILE = path.join(root, 'fixtures', 'conntrack', 'generated-differences.json');
type Known = Record<string, { reason: string; cases: string[] }>;

liveTest('generated conntrack(8) command lines: nlts conntrack agrees with conntrack-tools (exit status, output, table afterwards)', async (t, env) => {
  t.timeout(1_800_000); // about 560 cases: two minutes on an idle machine, far more when it is loaded
  const cases = generateCases();
  let outcomes: CaseOutcome[];
  try {
    outcomes = await runCases(env.netns('ct-gen-tool'), env.netns('ct-gen-ours'), cases);
  } finally {
    cleanUpInputs();
  }
  const same = outcomes.filter((o) => o.differs.length === 0);
  const differ = outcomes.filter((o) => o.differs.length > 0);
  const kinds = new Map<string, number>();
  for (const o of differ) for (const k of o.differs) kinds.set(k, (kinds.get(k) ?? 0) + 1);
  const groups = new Map<string, { all: number; same: number }>();
  for (const o of outcomes) {
    const g = groups.get(o.group) ?? { all: 0, same: 0 };
    g.all++;
    if (o.differs.length === 0) g.same++;
    groups.set(o.group, g);
  }
  t.log(`generated ${outcomes.length}, identical ${same.length}, differing ${differ.length} (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}); `
    + `conntrack-tools exit 0: ${outcomes.filter((o) => o.tool.code === 0).length}, exit 2: ${outcomes.filter((o) => o.tool.code === 2).length}`);
  for (const [g, n] of [...groups].sort()) if (n.same < n.all) t.log(`  ${g}: ${n.same}/${n.all} identical`);

  if (process.env.NLTS_GEN_DUMP) fs.writeFileSync(process.env.NLTS_GEN_DUMP, JSON.stringify(outcomes, null, 1));
  const known = JSON.parse(fs.readFileSync(KNOWN_FILE, 'utf8')) as Known;
  if (process.env.NLTS_GEN_UPDATE === '1') {
    const next: Known = {};
    for (const o of differ) {
      next[o.group] ??= { reason: known[o.group]?.reason ?? 'REASON MISSING', cases: [] };
      next[o.group]!.cases.push(o.id);
    }
    fs.writeFileSync(KNOWN_FILE, JSON.stringify(next, null, 1) + '\n');
  }
  const listed = new Map<string, string>();
  for (const v of Object.values(known)) for (const c of v.cases) listed.set(c, v.reason);
  const unexpected = differ.filter((o) => !listed.has(o.id) || listed.get(o.id) === 'REASON MISSING');
  for (const o of unexpected.slice(0, 60)) {
    t.log(`DIFFERS (${o.differs.join(',')}) conntrack ${o.id}\n  conntrack-tools: exit ${o.tool.code} ${JSON.stringify(o.tool.stdout.slice(0, 300))} ${JSON.stringify(o.tool.stderr.slice(0, 200))}`
      + `\n  nlts:            exit ${o.ours.code} ${JSON.stringify(o.ours.stdout.slice(0, 300))} ${JSON.stringify(o.ours.stderr.slice(0, 200))}`
      + (o.differs.includes('table') ? `\n  table: tool ${o.toolTable.length} lines, ours ${o.ourTable.length}\n    only tool: ${o.toolTable.filter((l) => !o.ourTable.includes(l)).join('\n    only tool: ')}\n    only ours: ${o.ourTable.filter((l) => !o.toolTable.includes(l)).join('\n    only ours: ')}` : ''));
  }
  const fixed = [...listed.keys()].filter((id) => same.some((o) => o.id === id));
  if (fixed.length) t.log(`${fixed.length} listed differences now agree (NLTS_GEN_UPDATE=1 drops them)`);
  t.true(outcomes.length > 400, 'the generator covers the man page');
  t.true(outcomes.filter((o) => o.tool.code === 0).length > 200, 'conntrack-tools accepts a large share of the cases');
  t.deepEqual(unexpected.map((o) => o.id), [], 'every difference is a known one with a reason');
});
