// SIGINT and SIGTERM during `nlts topology up`, live: whenever the signal comes, the host ends either exactly
// as it was (up rolled back, or had not started) or fully up (the signal came after the last step), and the
// exit status is 130 / 143. Moments: a few fixed delays after spawning (start-up, lock, first steps) and
// right after the N-th progress line for N spread over the 26 steps, so rollbacks from early, middle and
// late steps are all exercised without depending on the machine's speed. Whole snapshots are compared:
// the host exactly (indexes included); a finished up against a reference up of the same spec.
import { execFile } from 'node:child_process';
import { isDeepStrictEqual, promisify } from 'node:util';
import { liveTest } from './helpers/live.js';
import { SERVER, world } from './helpers/topology-world.js';
import { hostState, startCli, upState } from './helpers/topology-runs.js';

const run = promisify(execFile);
const STATUS = { SIGINT: 130, SIGTERM: 143 } as const;
type Moment = { afterMs: number } | { afterLines: number };
const PROGRESS = /^ {2}[+~] /;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

for (const [sig, moments] of [
  ['SIGTERM', [{ afterMs: 0 }, { afterMs: 250 }, { afterLines: 1 }, { afterLines: 5 }, { afterLines: 10 }, { afterLines: 16 }, { afterLines: 22 }, { afterLines: 26 }]],
  ['SIGINT', [{ afterMs: 100 }, { afterMs: 1000 }, { afterLines: 2 }, { afterLines: 7 }, { afterLines: 13 }, { afterLines: 19 }, { afterLines: 25 }]],
] as const satisfies ReadonlyArray<readonly [keyof typeof STATUS, readonly Moment[]]>) {
  liveTest(`${sig} at ${moments.length} moments during up: the host is exactly as before or fully up, exit status ${STATUS[sig]}`, async (t) => {
    t.timeout(300_000);
    const w = await world(`sig-${sig.toLowerCase()}`);
    try {
      const before = await hostState(w);
      // The reference: an uninterrupted up, and down back to the start.
      const ref = await w.cli('up');
      t.is(ref.code, 0, ref.stderr);
      const fullyUp = await upState(w);
      t.is((await w.cli('down')).code, 0);
      t.deepEqual(await hostState(w), before);

      const outcomes: string[] = [];
      for (const m of moments as readonly Moment[]) {
        const label = 'afterMs' in m ? `${m.afterMs} ms after spawn` : `after progress line ${m.afterLines}`;
        const run = startCli(w, 'up');
        if ('afterMs' in m) await sleep(m.afterMs);
        else t.true(await run.lines(PROGRESS, m.afterLines), `${label}: up printed fewer lines`);
        run.child.kill(sig);
        const f = await run.done;
        if (isDeepStrictEqual(await hostState(w), before)) {
          outcomes.push(`${label}: as before${f.signal ? ' (ended by the signal before its handler was installed)' : ''}`);
        } else {
          t.deepEqual(await upState(w), fullyUp, `${label}: neither as before nor fully up\n${f.stdout}\n${f.stderr}`);
          outcomes.push(`${label}: ${f.signal ? '(ended by the signal after up finished) ' : ''}fully up`);
          const down = await w.cli('down');
          t.is(down.code, 0, down.stderr);
          t.deepEqual(await hostState(w), before);
        }
        // Outside the handler's lifetime the signal's default action ends the process: before it was installed
        // nothing had changed yet, after it was removed up had finished (both states checked above). A signal
        // sent after the process ended leaves it exiting 0, fully up.
        if (f.signal !== null) {
          t.is(f.signal, sig);
        } else if (f.code === 0) {
          t.true(outcomes.at(-1)!.endsWith('fully up'), `${label}: exit 0 but not up`);
        } else {
          t.is(f.code, STATUS[sig], `${label}: ${f.stderr}`);
          t.regex(f.stderr, new RegExp(`${sig}: rolling back what up changed`));
        }
      }
      t.log(outcomes.join('\n'));
      // The line-based moments in the middle of the 26 steps leave 10 or more steps to go: those rolled back.
      t.true(outcomes.filter((o) => o.includes('progress line') && o.endsWith('as before')).length >= 3, outcomes.join('\n'));
    } finally {
      w.cleanup();
    }
  });
}

liveTest('a second signal during up abandons the rollback loudly; the next down removes what was left', async (t) => {
  const w = await world('sig-twice');
  try {
    const before = await hostState(w);
    const run = startCli(w, 'up');
    t.true(await run.lines(PROGRESS, 8));
    // Two different signals (two SIGTERMs could merge into one pending signal): both reach the handlers
    // before the rollback can start.
    run.child.kill('SIGINT');
    run.child.kill('SIGTERM');
    const f = await run.done;
    // The handlers may see them in either order: the second one seen gives the exit status.
    const first = /(SIGINT|SIGTERM): rolling back what up changed \(a second signal abandons that\)/.exec(f.stderr)?.[1];
    const second = /(SIGINT|SIGTERM) again: ABANDONED: the host is half set up; the next up or down finds the pieces by their marks/.exec(f.stderr)?.[1];
    t.truthy(first, f.stderr);
    t.truthy(second, f.stderr);
    t.not(first, second);
    t.is(f.code, STATUS[second as keyof typeof STATUS], f.stderr);
    t.false(isDeepStrictEqual(await hostState(w), before), 'the abandoned up left objects behind');
    const down = await w.cli('down');
    t.is(down.code, 0, down.stderr);
    t.regex(down.stdout, /found the leftovers of an earlier up \(pid \d+, started .*\) that did not finish/);
    t.deepEqual(await hostState(w), before);
  } finally {
    w.cleanup();
  }
});

liveTest('down and verify finish their work on SIGTERM / SIGINT and exit 143 / 130', async (t) => {
  const w = await world('sig-finish');
  try {
    const before = await hostState(w);
    t.is((await w.cli('up')).code, 0);
    // verify changes nothing on the host: it finishes its traffic check and reports it.
    const verify = startCli(w, 'verify', '--target-netns', w.internet, '--target', SERVER);
    // Signalled once its server listens in the target namespace: the check is under way.
    const listening = async (): Promise<boolean> => (await run('/usr/bin/ss', ['-N', w.internet, '-ltnH', 'sport', '= :8080'])).stdout.trim() !== '';
    while (!(await listening())) await new Promise((r) => setTimeout(r, 20));
    verify.child.kill('SIGINT');
    const v = await verify.done;
    t.is(v.code, 130, v.stderr);
    t.regex(v.stderr, /SIGINT: finishing the traffic check/);
    t.regex(v.stdout, /=> NAT works/);
    // down is finished, not undone: the host ends as it was before up.
    const down = startCli(w, 'down');
    t.true(await down.lines(/^ {2}- removed /, 2));
    down.child.kill('SIGTERM');
    const d = await down.done;
    t.is(d.code, 143, d.stderr);
    t.regex(d.stderr, /SIGTERM: finishing the removal first/);
    t.deepEqual(await hostState(w), before);
  } finally {
    w.cleanup();
  }
});
