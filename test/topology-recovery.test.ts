// After a SIGKILL: the next run recognises what the killed one left, by the marks, says so and removes it.
// - up killed after N steps: the next up removes the pieces first, then builds the whole topology; the next
//   down removes them;
// - a kill inside namespace creation leaves a plain file in /run/netns (setns on it gives a bare EINVAL):
//   ours (its marker) is removed and the namespace made anew; someone else's is a conflict, named;
// - a SIGKILLed demo leaves its namespaces (marked with its pid); the next demo removes them.
// - down after an up that was refused (here: no uplink) exits 0 and removes nothing.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { netnsInode } from '../src/netlink/index.js';
import { ownerMark } from '../src/topology/index.js';
import { demoLeftovers } from '../src/topology/demo.js';
import { readNetnsMarker } from '../src/topology/store.js';
import { STATE_DIR, readRunRecord, writeNetnsMarker, writeRunRecord } from '../src/topology/store.js';
import { liveTest } from './helpers/live.js';
import { world, type World } from './helpers/topology-world.js';
import { hostState, startCli, upState } from './helpers/topology-runs.js';
import { CLI } from './helpers/cli.js';

const PROGRESS = /^ {2}[+~] /;

/** The reference state of a finished up, and the world back as it was. */
async function reference(w: World, t: { is: (a: unknown, b: unknown, m?: string) => void }): Promise<unknown> {
  const up = await w.cli('up');
  t.is(up.code, 0, up.stderr);
  const state = await upState(w);
  t.is((await w.cli('down')).code, 0);
  return state;
}

for (const next of ['up', 'down'] as const) {
  liveTest(`up killed with SIGKILL part-way: the next ${next} finds the leftovers by their marks and removes them`, async (t) => {
    const w = await world(`kill-${next}`);
    try {
      const before = await hostState(w);
      const fullyUp = await reference(w, t);
      for (const after of [6, 15]) {
        const run = startCli(w, 'up');
        t.true(await run.lines(PROGRESS, after));
        run.child.kill('SIGKILL');
        const f = await run.done;
        t.is(f.signal, 'SIGKILL');
        t.is(readRunRecord(netnsInode(w.host), ownerMark(w.spec))?.pid, run.child.pid, 'the killed run left its record');
        const r = await w.cli(next);
        t.is(r.code, 0, r.stderr);
        t.true(r.stdout.includes(`found the leftovers of an earlier up (pid ${run.child.pid}, started `), r.stdout);
        t.regex(r.stdout, /removed namespace/);
        if (next === 'up') {
          t.deepEqual(await upState(w), fullyUp, 'the whole topology, built after the leftovers went');
          t.is((await w.cli('down')).code, 0);
        }
        t.deepEqual(await hostState(w), before);
        t.is(readRunRecord(netnsInode(w.host), ownerMark(w.spec)), undefined);
      }
    } finally {
      w.cleanup();
    }
  });
}

liveTest('a stale plain file in /run/netns: ours (marked) is replaced by up and removed by down; someone else\'s is a named conflict', async (t) => {
  const w = await world('stale');
  const file = `/run/netns/${w.spec.client.netns}`;
  try {
    const before = await hostState(w);
    const fullyUp = await reference(w, t);
    // What a kill between creating the file and mounting the namespace on it leaves: the marker (written
    // first), the plain file and the run record.
    const dead = spawnSync('true').pid;
    const plant = (): void => {
      writeNetnsMarker(w.spec.client.netns, { owner: ownerMark(w.spec), pid: dead });
      fs.writeFileSync(file, '');
      writeRunRecord(netnsInode(w.host), ownerMark(w.spec), 'up');
    };
    plant();
    const up = await w.cli('up');
    t.is(up.code, 0, up.stderr);
    t.regex(up.stdout, /found the leftovers of an earlier up .* that did not finish/);
    t.regex(up.stdout, new RegExp(`- removed namespace ${w.spec.client.netns}`));
    t.deepEqual(await upState(w), fullyUp);
    t.is((await w.cli('down')).code, 0);

    plant();
    const down = await w.cli('down');
    t.is(down.code, 0, down.stderr);
    t.regex(down.stdout, new RegExp(`- removed namespace ${w.spec.client.netns}`));
    t.false(fs.existsSync(file));
    t.is(readNetnsMarker(w.spec.client.netns), undefined);
    t.deepEqual(await hostState(w), before);

    // Without our marker the file is not ours: refused by name, left in place; down leaves it too.
    fs.writeFileSync(file, '');
    const refused = await w.cli('up');
    t.is(refused.code, 1);
    t.regex(refused.stderr, new RegExp(`${file} is a plain file, not a namespace`));
    t.notRegex(refused.stderr, /EINVAL/);
    const down2 = await w.cli('down');
    t.is(down2.code, 0, down2.stderr);
    t.true(fs.existsSync(file));
    t.deepEqual({ ...(await hostState(w) as object), namespaces: undefined }, { ...(before as object), namespaces: undefined });
  } finally {
    fs.rmSync(file, { force: true });
    w.cleanup();
  }
});

liveTest('down after an up refused cleanly (no uplink) exits 0 and removes nothing', async (t) => {
  const w = await world('refused');
  try {
    // The host has enp4s0; this spec names an uplink it does not have.
    const spec = JSON.parse(fs.readFileSync(w.specFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(w.specFile, JSON.stringify({ ...spec, uplink: { ifName: 'tpo-nope0' } }));
    const before = await hostState(w);
    const up = await w.cli('up');
    t.is(up.code, 1);
    t.regex(up.stderr, /uplink tpo-nope0 exists: no such link on the host/);
    const down = await w.cli('down');
    t.is(down.code, 0, down.stderr);
    t.regex(down.stdout, /nothing to remove/);
    t.deepEqual(await hostState(w), before);
  } finally {
    w.cleanup();
  }
});

liveTest('a SIGKILLed demo leaves marked namespaces; the next demo removes them and says so', async (t) => {
  // A state directory of this test's own: demos of other test files running meanwhile would clean up too.
  const stateDir = `${STATE_DIR}/tpo-demo-${process.pid}`;
  const start = (): { child: ReturnType<typeof spawn>; out: () => string; done: Promise<{ code: number | null; signal: string | null }> } => {
    const child = spawn(process.execPath, [CLI, 'demo'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NLTS_STATE_DIR: stateDir } });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    return { child, out: () => out, done: new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal }))) };
  };
  const waitFor = async (r: ReturnType<typeof start>, pattern: RegExp): Promise<void> => {
    let ended = false;
    void r.done.then(() => { ended = true; });
    while (!pattern.test(r.out())) {
      if (ended) throw new Error(`the demo ended before ${pattern}:\n${r.out()}`);
      await new Promise((res) => setTimeout(res, 20));
    }
  };
  const first = start();
  await waitFor(first, /created veth client-veth0/);
  first.child.kill('SIGKILL');
  await first.done;
  const prefix = `nlts-demo-${first.child.pid}`;
  const left = demoLeftovers(prefix);
  t.true(left.length >= 3, `the killed demo left its namespaces: ${left.join(', ')}`);
  t.is((JSON.parse(fs.readFileSync(`${stateDir}/netns/${prefix}-host`, 'utf8')) as { owner: string }).owner, 'nlts-demo');

  const second = start();
  await waitFor(second, /removed the leftovers of an earlier demo/);
  second.child.kill('SIGTERM');
  const end = await second.done;
  t.is(end.code, 143, second.out());
  t.true(second.out().includes(`removed the leftovers of an earlier demo (pid ${first.child.pid}) that did not finish: ${left.join(', ')}`), second.out());
  for (const p of [prefix, `nlts-demo-${second.child.pid}`]) {
    t.deepEqual(demoLeftovers(p), []);
    t.deepEqual(fs.readdirSync(`${stateDir}/netns`).filter((n) => n.startsWith(`${p}-`)), [], 'no marker of either run is left');
  }
  t.deepEqual(fs.readdirSync(stateDir).filter((n) => n !== 'netns'), [], 'nor a state, run or lock file of their hosts');
  fs.rmSync(stateDir, { recursive: true, force: true });
});
