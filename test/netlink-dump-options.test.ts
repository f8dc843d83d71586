// Dump options on every rtnetlink listing (issue 11 items 5 and 6): rules, neighbours and nexthops take
// { retry, signal } as addresses, links and routes do (test/rtnetlink-dump-retry.test.ts has the churn).
// Against the kernel in a throwaway namespace: with retry the listing is the same as without and as ip's;
// an aborted signal stops the listing with its reason and the connection answers the next request.
import { execFileSync } from 'node:child_process';
import { RtNetlink } from '../src/rtnetlink/index.js';
import { liveTest } from './helpers/live.js';

const IP = '/usr/sbin/ip';
const N = 300; // enough for several datagrams per dump

function setUp(ns: string): void {
  const lines = ['link add va type veth peer name vb', 'link set va up', 'link set vb up', 'addr add 10.9.0.1/16 dev va'];
  for (let i = 0; i < N; i++) {
    lines.push(`rule add from 10.8.${i >> 8}.${i & 0xff} table ${1000 + i} prio ${1000 + i}`);
    lines.push(`neigh add 10.9.${1 + (i >> 8)}.${i & 0xff} lladdr 02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')} dev va nud permanent`);
    lines.push(`nexthop add id ${1 + i} via 10.9.0.${2 + (i % 250)} dev va`);
  }
  execFileSync(IP, ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
}

const ipJson = (ns: string, ...args: string[]): unknown[] => JSON.parse(execFileSync(IP, ['-n', ns, '-j', ...args], { encoding: 'utf8', maxBuffer: 16 << 20 })) as unknown[];

liveTest('rules, neighbours and nexthops: list({ retry }) equals list() and ip\'s listing; an aborted signal stops the dump and the connection goes on', async (t, env) => {
  const ns = env.netns('core-dumpopt');
  setUp(ns);
  const nl = RtNetlink.open({ netns: ns });
  try {
    const listings = {
      rules: { plain: () => nl.rules.all({ family: 'inet' }), retried: () => nl.rules.all({ family: 'inet', retry: 3 }), ip: ipJson(ns, '-4', 'rule').length },
      neighbours: { plain: () => nl.neighbours.all({ family: 'inet', link: 'va' }), retried: () => nl.neighbours.all({ family: 'inet', link: 'va', retry: 3 }), ip: ipJson(ns, '-4', 'neigh', 'show', 'dev', 'va').length },
      nexthops: { plain: () => nl.nexthops.all(), retried: () => nl.nexthops.all({ retry: 3 }), ip: ipJson(ns, 'nexthop').length },
    };
    for (const [what, l] of Object.entries(listings)) {
      const plain = await l.plain();
      const retried = await l.retried();
      t.true(plain.length >= N, `${what}: ${plain.length}`);
      t.is(plain.length, l.ip, `${what}: as many as ip lists`);
      // Neighbour cache times tick between two dumps: compare what identifies each entry.
      const key = (x: unknown): string => (what === 'neighbours' ? `${(x as { dst: string }).dst} ${(x as { lladdr: string }).lladdr}` : JSON.stringify(x));
      t.deepEqual(retried.map(key), plain.map(key), what);
    }
    const reason = new Error('stop here');
    const aborted = AbortSignal.abort(reason);
    for (const list of [
      () => nl.rules.all({ signal: aborted }), () => nl.neighbours.all({ signal: aborted }), () => nl.nexthops.all({ signal: aborted, retry: 2 }),
    ]) {
      await t.throwsAsync(list(), { is: reason });
    }
    // Aborted part-way (after the first item): the rest is drained and the next request is answered.
    const ac = new AbortController();
    let seen = 0;
    await t.throwsAsync(async () => {
      for await (const _n of nl.nexthops.list({ signal: ac.signal })) { if (++seen === 1) ac.abort(reason); }
    }, { is: reason });
    t.is((await nl.nexthops.all()).length, N);
  } finally {
    nl.close();
  }
});
