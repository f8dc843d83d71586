// One up or down at a time per host namespace (a flock on /run/nlts/lock-<host inode>): while the lock is
// held, `up --lock-wait 0` fails at once naming the holder and changes nothing; a plain `up` says it waits,
// changes nothing while it waits, and goes on when the lock is free; a signal ends the wait with 130/143
// and nothing changed. Two ups started together do not interleave: one builds everything, the other finds
// it built. Another host namespace has a lock of its own.
import { netnsInode } from '../src/netlink/index.js';
import { lockHost } from '../src/topology/lock.js';
import { liveTest } from './helpers/live.js';
import { world } from './helpers/topology-world.js';
import { hostState, startCli, upState } from './helpers/topology-runs.js';

liveTest('while the host is locked, up fails at once with --lock-wait 0, or waits and then runs; a signal ends the wait', async (t) => {
  const w = await world('lock');
  const other = await world('lock-other');
  try {
    const before = await hostState(w);
    const lock = await lockHost(netnsInode(w.host), 'the lock test');
    try {
      const refused = await w.cli('up', '--lock-wait', '0');
      t.is(refused.code, 1);
      t.regex(refused.stderr, new RegExp(`holds the host's lock \\(.*lock-\\d+\\): pid ${process.pid} \\(the lock test, since .*\\); nothing was changed`));
      t.deepEqual(await hostState(w), before);

      // Another host namespace is not held up by this one's lock.
      const elsewhere = await other.cli('up', '--lock-wait', '0');
      t.is(elsewhere.code, 0, elsewhere.stderr);
      t.is((await other.cli('down')).code, 0);

      const interrupted = startCli(w, 'up');
      t.true(await interrupted.stderrMatch(/the host is locked by pid \d+ \(the lock test since .*\); waiting up to 60 s/));
      interrupted.child.kill('SIGINT');
      const i = await interrupted.done;
      t.is(i.code, 130, i.stderr);
      t.regex(i.stderr, /interrupted while waiting for the host's lock; nothing was changed/);
      t.deepEqual(await hostState(w), before);

      const waiting = startCli(w, 'up');
      t.true(await waiting.stderrMatch(/waiting up to 60 s/));
      t.deepEqual(await hostState(w), before, 'nothing changes while up waits');
      lock.release();
      const f = await waiting.done;
      t.is(f.code, 0, f.stderr);
      t.regex(f.stdout, /26 changed/);
    } finally {
      lock.release();
    }
    t.is((await w.cli('down')).code, 0);
    t.deepEqual(await hostState(w), before);
  } finally {
    w.cleanup();
    other.cleanup();
  }
});

liveTest('two ups started together run one after the other: one builds, the other finds everything in place', async (t) => {
  const w = await world('lock-two');
  try {
    const before = await hostState(w);
    const a = startCli(w, 'up');
    const b = startCli(w, 'up');
    const results = await Promise.all([a.done, b.done]);
    for (const r of results) t.is(r.code, 0, r.stderr);
    const summaries = results.map((r) => r.stdout.trim().split('\n').at(-1)!.trim()).sort();
    t.deepEqual(summaries, ['26 changed, 1 already in place', 'no change: all 27 items already in place'], results.map((r) => r.stdout).join('\n---\n'));
    const built = await upState(w);
    t.is((await w.cli('down')).code, 0);
    t.is((await w.cli('up')).code, 0);
    t.deepEqual(await upState(w), built);
    t.is((await w.cli('down')).code, 0);
    t.deepEqual(await hostState(w), before);
  } finally {
    w.cleanup();
  }
});
