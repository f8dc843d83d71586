// A table built by conntrack-tools (scripts/record-conntrack-reference.ts; entries in
// test/helpers/conntrack-reference.ts) was dumped by the library and, at the same moment, listed by
// conntrack-tools in its default, extended and XML formats. Our formatting of the recorded bytes must be
// those listings: expectations from outside the library. Timeouts may have ticked by one second between the
// dump and conntrack's listing, and so may delta-time (counted to the moment of the listing): the only tolerance.
import test from 'ava';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReplayTransport, readFixture } from '../src/netlink/index.js';
import { Conntrack, type Flow } from '../src/nfnetlink/conntrack/index.js';
import { formatFlow, formatXml } from '../src/cli/format/conntrack.js';
import { REFERENCE_ENTRIES } from './helpers/conntrack-reference.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/conntrack/reference-state.json');
interface Expected {
  expectationsFrom: string; refused: Record<string, string>; listedAt: number; listing: string; extended: string; xml: string; ktimestamp: string;
}
const expected = readFixture(file).expected as Expected;

async function flows(): Promise<Flow[]> {
  const replay = new ReplayTransport(readFixture(file), file);
  const list = await Conntrack.fromTransport(replay).list();
  if (!replay.finished) throw new Error('the replay did not consume the recorded dump');
  return list;
}

/** Lines in the dump's order, each field matched by `fields` replaced by ours when they differ by at most 1 s. */
function alignSeconds(theirs: string[], ours: string[], ...fields: RegExp[]): string[] {
  return theirs.map((line, i) => fields.reduce((l, re) => {
    const a = re.exec(l);
    const b = re.exec(ours[i] ?? '');
    return a && b && Math.abs(Number(a[1]) - Number(b[1])) <= 1 ? l.replace(a[0], b[0]) : l;
  }, line));
}
const DELTA = /delta-time=(\d+)/;
const lines = (s: string): string[] => s.split('\n').filter(Boolean);

test('the reference table holds every entry conntrack -I accepted (the refused ones recorded with the reason)', async (t) => {
  t.regex(expected.expectationsFrom, /^conntrack v1\.4/);
  const list = await flows();
  t.is(list.length + Object.keys(expected.refused).length, REFERENCE_ENTRIES.length);
  t.is(lines(expected.listing).length, list.length);
});

test('conntrack -L: our lines of the recorded dump are conntrack-tools\' lines', async (t) => {
  const ours = (await flows()).map((f) => formatFlow(f, { now: expected.listedAt }).trimEnd());
  t.deepEqual(ours, alignSeconds(lines(expected.listing), ours, /^(?:\S+\s+){2}(\d+)/, DELTA));
});

test('conntrack -L -o extended: our lines are conntrack-tools\' lines', async (t) => {
  const ours = (await flows()).map((f) => formatFlow(f, { extended: true, now: expected.listedAt }).trimEnd());
  t.deepEqual(ours, alignSeconds(lines(expected.extended), ours, /^(?:\S+\s+){4}(\d+)/, DELTA));
});

test('conntrack -L -o ktimestamp: our lines are conntrack-tools\' lines (start times in UTC)', async (t) => {
  process.env.TZ = 'UTC';
  const ours = (await flows()).map((f) => formatFlow(f, { ktimestamp: true, now: expected.listedAt }).trimEnd());
  t.deepEqual(ours, alignSeconds(lines(expected.ktimestamp), ours, /^(?:\S+\s+){2}(\d+)/, DELTA));
});

test('conntrack -L -o xml: our flows are conntrack-tools\' XML', async (t) => {
  const ours = (await flows()).map((f) => formatXml(f, { now: expected.listedAt }).trimEnd());
  const theirs = lines(expected.xml).filter((l) => l.startsWith('<flow>'));
  t.deepEqual(ours, alignSeconds(theirs, ours, /<timeout>(\d+)<\/timeout>/, /<deltatime>(\d+)<\/deltatime>/));
});
