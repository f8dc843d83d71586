// Interrupted dumps (issue 11, item 6), against the kernel under address churn: `ip -batch` adds and
// deletes addresses in a loop while we dump. The kernel flags such a dump NLM_F_DUMP_INTR; `retry` re-runs it
// and hands out only a whole attempt, and `nlts addr` prints the table (with ip's warning if it stays
// interrupted) and exits 0, as `ip addr` does.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { DumpInterruptedError } from '../src/netlink/index.js';
import { RtNetlink } from '../src/rtnetlink/index.js';
import { CLI } from './helpers/cli.js';
import { liveTest } from './helpers/live.js';

const IP = '/usr/sbin/ip';
const STABLE = 600; // addresses that stay: the dump spans several datagrams
const WARNING = 'Dump was interrupted and may be inconsistent.\n';

function setUp(ns: string): string[] {
  const lines = ['link add va type veth peer name vb', 'link set va up', 'link set lo up'];
  const stable: string[] = [];
  for (let i = 0; i < STABLE; i++) {
    const a = `10.1.${i >> 8}.${i & 0xff}`;
    stable.push(a);
    lines.push(`addr add ${a}/32 dev va`);
  }
  execFileSync(IP, ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
  return stable;
}

/** A shell-free churn: one `ip -batch` fed add/delete pairs of an address that is not part of the stable set, forever. */
function churn(ns: string): ChildProcess {
  const child = spawn(IP, ['-n', ns, '-force', '-batch', '-'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const chunk = Buffer.from(Array.from({ length: 200 }, (_, i) => `addr add 10.200.0.${i}/32 dev lo\naddr del 10.200.0.${i}/32 dev lo\n`).join(''));
  const feed = (): void => { while (child.stdin!.write(chunk)); };
  child.stdin!.on('drain', feed);
  child.stdin!.on('error', () => {});
  feed();
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await done;
}

function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

liveTest('dump retry: under address churn, a dump is interrupted; retry hands out only whole attempts; nlts addr prints the table and exits 0', async (t, env) => {
  const ns = env.netns('churn');
  const stable = setUp(ns);
  const nl = RtNetlink.open({ netns: ns });
  const child = churn(ns);
  try {
    // Without retry the kernel's flag surfaces (after the items) as DumpInterruptedError: the churn works.
    let interrupted = 0;
    for (let i = 0; i < 200 && interrupted === 0; i++) {
      try {
        await nl.addresses.all({ family: 'inet' });
      } catch (e) {
        if (!(e instanceof DumpInterruptedError)) throw e;
        interrupted++;
      }
    }
    t.true(interrupted > 0, 'no dump was interrupted in 200 tries: the churn did not reach the dump');
    // With retry: either a whole attempt (every stable address, once) or, all attempts interrupted, the error.
    let whole = 0;
    for (let i = 0; i < 20; i++) {
      const seen: string[] = [];
      try {
        for await (const a of nl.addresses.list({ family: 'inet', link: 'va', retry: 50 })) seen.push(a.local ?? a.cidr);
        whole++;
        t.deepEqual(seen.sort(), [...stable].sort());
      } catch (e) {
        if (!(e instanceof DumpInterruptedError)) throw e;
        t.is(seen.length, STABLE, 'the last attempt is handed out whole before the error');
      }
    }
    t.true(whole > 0, 'retry never produced an uninterrupted dump');
    // The CLI: exit 0 every time, every stable address printed, stderr empty or exactly ip's warning.
    for (let i = 0; i < 5; i++) {
      const r = await runCli(['addr', 'show', '--netns', ns, '-4']);
      t.is(r.status, 0, r.stderr);
      t.true(r.stderr === '' || r.stderr === WARNING, r.stderr);
      const printed = new Set([...r.stdout.matchAll(/inet (10\.1\.\d+\.\d+)\/32/g)].map((m) => m[1]));
      t.is(printed.size, STABLE);
    }
  } finally {
    await stop(child);
    nl.close();
  }
});
