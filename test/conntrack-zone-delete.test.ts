// Deleting by filter (issue 13's library bug, issue 14's zone delete), against the kernel in a throwaway
// namespace: `nlts conntrack -D -w 1` removes exactly zone 1's entries, prints each of them as conntrack-tools
// lists them and reports the count the kernel acknowledged; Conntrack.delete takes a filter with a partial
// original tuple as a filter (not as a flow); other zones are untouched. Not timed (bench/conntrack-zone-delete.ts).
import { Conntrack, type FlowSpec } from '../src/nfnetlink/conntrack/index.js';
import { liveTest } from './helpers/live.js';
import { lines, nlts, tool } from './helpers/conntrack-cli.js';

function spec(i: number): FlowSpec {
  const zone = i % 3;
  return {
    original: { src: `10.9.${(i >> 8) & 0xff}.${i & 0xff}`, dst: i % 5 === 0 ? '192.0.2.7' : '192.0.2.1', protocol: i % 2 ? 6 : 17, sport: 1024 + i, dport: 80 },
    timeout: 3600, ...(i % 2 ? { tcp: { state: 3 } } : {}), ...(zone ? { zone } : {}), mark: i % 4,
  };
}

liveTest('conntrack -D -w 1 deletes exactly zone 1 (printed as conntrack -L prints it, counted by the kernel); others stay', async (t, env) => {
  const ns = env.netns('ct-zdel');
  const ct = await Conntrack.open({ netns: ns });
  try {
    const n = 3000;
    const res = await ct.createMany(Array.from({ length: n }, (_, i) => spec(i)));
    t.deepEqual(res.filter((r) => !r.ok).length, 0);
    const [zone1, zone0, zone2] = await Promise.all([tool(ns, '-L', '-w', '1'), tool(ns, '-L', '-w', '0'), tool(ns, '-L', '-w', '2')]);
    const expected = lines(zone1.stdout);
    t.is(expected.length, n / 3);
    const del = await nlts(ns, '-D', '-w', '1');
    t.is(del.code, 0, del.stderr);
    t.is(del.stderr, `conntrack v1.4.7 (conntrack-tools): ${n / 3} flow entries have been deleted.\n`);
    t.deepEqual(lines(del.stdout), expected, 'every deleted entry printed, as conntrack -L -w 1 listed it');
    t.is(lines((await tool(ns, '-L', '-w', '1')).stdout).length, 0, 'zone 1 is empty');
    t.deepEqual(lines((await tool(ns, '-L', '-w', '0')).stdout), lines(zone0.stdout), 'zone 0 untouched');
    t.deepEqual(lines((await tool(ns, '-L', '-w', '2')).stdout), lines(zone2.stdout), 'zone 2 untouched');
    const again = await nlts(ns, '-D', '-w', '1');
    t.is(again.code, 1, 'nothing left to delete: exit 1, as conntrack-tools');
    t.is(again.stderr, 'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted.\n');

    // The library: a filter with part of an original tuple is a filter; the count is the kernel's.
    const to7 = (await ct.list({ original: { dst: '192.0.2.7' } })).length;
    t.true(to7 > 100);
    t.is(await ct.delete({ original: { dst: '192.0.2.7' } }), to7);
    t.is((await ct.list({ original: { dst: '192.0.2.7' } })).length, 0);
    const zone2Marked = (await ct.list({ zone: 2, mark: 1 })).length;
    const zone2All = (await ct.list({ zone: 2 })).length;
    t.true(zone2Marked > 0);
    t.is(await ct.delete({ zone: 2, mark: 1 }), zone2Marked);
    t.is((await ct.list({ zone: 2, mark: 1 })).length, 0);
    t.is((await ct.list({ zone: 2 })).length, zone2All - zone2Marked);
    // A dumped flow is still a flow: exactly that entry goes.
    const [one] = await ct.list({ zone: 0 });
    t.is(await ct.delete(one!), 1);
    t.is(await ct.get(one!.original), undefined);
  } finally {
    ct.close();
  }
});
