// Coverage of claims (issue 17): every spelling the conntrack command accepts (read from the parser's own
// table, CONNTRACK_OPTIONS, not typed here) must appear in at least one generated command line of
// test/conntrack-generated.test.ts, where conntrack-tools and nlts run the same line from the same table
// and their exit status, output and resulting table are compared. An option added to the parser without a
// generated case fails this test.
import test from 'ava';
import { CONNTRACK_OPTIONS } from '../src/cli/conntrack/args.js';
import { generateCases } from './helpers/conntrack-generator.js';

/** Ours, not conntrack-tools': nothing to compare them with (tested in conntrack-live and cli-manners). */
const OURS = new Set(['--netns', '--by-zone']);

test('every option spelling of the conntrack parser appears in a generated differential case', (t) => {
  const used = new Set(generateCases().flatMap((c) => c.args));
  const spellings = CONNTRACK_OPTIONS.options.flatMap((o) => o.names).filter((n) => !OURS.has(n));
  t.true(spellings.length > 60, `only ${spellings.length} spellings read from the table`);
  t.deepEqual(spellings.filter((n) => !used.has(n)), []);
});
