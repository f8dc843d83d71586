// A dump left unfinished must not wedge its connection (issue 11, item 5): against the real kernel, in a
// namespace with enough links that a link dump spans several datagrams. `ip` is the oracle for the lists.
import { execFileSync } from 'node:child_process';
import { RtNetlink } from '../src/rtnetlink/index.js';
import { liveTest } from './helpers/live.js';

const IP = '/usr/sbin/ip';
const PAIRS = 200; // veth pairs: 400 links, several datagrams of link dump

function addDummies(ns: string): void {
  const lines: string[] = [];
  for (let i = 0; i < PAIRS; i++) lines.push(`link add va${i} type veth peer name vb${i}`);
  execFileSync(IP, ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
}

function ipLinkNames(ns: string): string[] {
  const out = JSON.parse(execFileSync(IP, ['-n', ns, '-j', 'link', 'show'], { encoding: 'utf8' })) as Array<{ ifname: string }>;
  return out.map((l) => l.ifname).sort();
}

liveTest('dump lifecycle: an abandoned list().next() does not wedge the connection, and the abandoned iterator still reads on', async (t, env) => {
  const ns = env.netns('abandon');
  addDummies(ns);
  const expected = ipLinkNames(ns);
  t.is(expected.length, 2 * PAIRS + 1);
  const nl = RtNetlink.open({ netns: ns });
  try {
    const it = nl.links.list();
    const first = await it.next();
    t.false(first.done);
    // The iterator is neither finished nor returned: a new request must still complete.
    const lo = await nl.links.get('lo');
    t.is(lo.name, 'lo');
    const all = await nl.links.all();
    t.deepEqual(all.map((l) => l.name).sort(), expected);
    // The abandoned iterator continues from memory and yields the rest of its dump, whole.
    const names = [first.value!.name];
    for await (const l of it) names.push(l.name);
    t.deepEqual(names.sort(), expected);
    t.is(nl.connection.strayMessages, 0);
  } finally {
    nl.close();
  }
});

liveTest('dump lifecycle: requests made inside a loop over a dump on the same connection complete', async (t, env) => {
  const ns = env.netns('nested');
  addDummies(ns);
  const expected = ipLinkNames(ns);
  const nl = RtNetlink.open({ netns: ns });
  try {
    const seen: string[] = [];
    for await (const l of nl.links.list()) {
      const again = await nl.links.get(l.index); // a request while the dump is between two items
      t.is(again.name, l.name);
      seen.push(l.name);
    }
    t.deepEqual(seen.sort(), expected);
    // Several abandoned dumps in a row, then a full one.
    for (let i = 0; i < 3; i++) await nl.addresses.list().next();
    for (let i = 0; i < 3; i++) await nl.links.list().next();
    t.deepEqual((await nl.links.all()).map((l) => l.name).sort(), expected);
  } finally {
    nl.close();
  }
});

liveTest('dump lifecycle: an AbortSignal stops a dump between chunks with its reason, and the connection stays usable', async (t, env) => {
  const ns = env.netns('abort');
  addDummies(ns);
  const expected = ipLinkNames(ns);
  const nl = RtNetlink.open({ netns: ns });
  try {
    const ac = new AbortController();
    const reason = new Error('enough');
    const seen: string[] = [];
    await t.throwsAsync(async () => {
      for await (const chunk of nl.connection.dumpChunks({ type: 18, flags: 0, payload: Buffer.alloc(16), operation: 'dump links' }, { signal: ac.signal })) {
        seen.push(String(chunk.length));
        ac.abort(reason);
      }
    }, { is: reason });
    t.is(seen.length, 1);
    // Aborted before it started: nothing is sent.
    await t.throwsAsync(async () => { for await (const _ of nl.connection.dumpChunks({ type: 18, flags: 0, payload: Buffer.alloc(16), operation: 'dump links' }, { signal: ac.signal })) t.fail(); }, { is: reason });
    t.deepEqual((await nl.links.all()).map((l) => l.name).sort(), expected);
    t.is(nl.connection.strayMessages, 0);
  } finally {
    nl.close();
  }
});
