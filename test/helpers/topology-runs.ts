// For tests that interrupt and repeat topology runs: a snapshot that two separate `up`s of the same spec
// give alike (link indexes as names, IPv4 only: veths get new indexes and random MACs, hence new IPv6
// link-local addresses, each time), and a CLI run that can be signalled after its N-th progress line.
import { spawn, type ChildProcess } from 'node:child_process';
import { type Snapshot, snapshot } from './state.js';
import { CLI } from './cli.js';
import type { World } from './topology-world.js';

type One = Omit<Snapshot, 'inside'>;

function normalizeOne(s: One): One {
  const names = new Map<string, string>();
  for (const l of s.links) { const [index, name] = l.split(' '); names.set(index!, name!); }
  const name = (i: unknown): unknown => (typeof i === 'number' ? names.get(String(i)) ?? `#${i}` : i);
  return {
    links: s.links.map((l) => l.split(' ').slice(1).join(' ').replace(/master (\d+)$/, (_, m: string) => `master ${String(name(Number(m)))}`)).sort(),
    addresses: s.addresses.filter((a) => !a.split(' ')[1]!.includes(':')).map((a) => { const [i, ...rest] = a.split(' '); return [name(Number(i)), ...rest].join(' '); }).sort(),
    rules: s.rules.filter((r) => !r.includes('"family":"inet6"')),
    routes: s.routes.map((r) => JSON.parse(r) as Record<string, unknown>).filter((r) => r.family !== 'inet6')
      .map((r) => JSON.stringify({ ...r, oif: name(r.oif), iif: name(r.iif) })).sort(),
    ruleset: s.ruleset,
    forwarding: s.forwarding,
  };
}

/** The host and the topology's namespaces, comparable between two separate `up`s. */
export async function upState(w: World): Promise<unknown> {
  const s = await snapshot(w.host, [w.spec.client.netns, w.spec.proxy.netns]);
  return { host: normalizeOne(s), inside: Object.fromEntries(Object.entries(s.inside).map(([k, v]) => [k, normalizeOne(v)])), namespaces: w.ownNetns() };
}

/** The host as a test found it (exactly, indexes and all) and which namespaces of the world exist. */
export async function hostState(w: World): Promise<unknown> {
  return { host: await snapshot(w.host, []), namespaces: w.ownNetns() };
}

export interface Finished { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export interface Running {
  child: ChildProcess;
  /** Resolves once stdout holds `n` lines matching `pattern` (false if the process ended first). */
  lines(pattern: RegExp, n: number): Promise<boolean>;
  /** Resolves once stderr matches (false if the process ended first). */
  stderrMatch(pattern: RegExp): Promise<boolean>;
  done: Promise<Finished>;
}

/** `nlts topology VERB` on the world, as a child process the test can signal. */
export function startCli(w: World, verb: string, ...extra: string[]): Running {
  const child = spawn(process.execPath, [CLI, 'topology', verb, '--netns', w.host, '--spec', w.specFile, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  const poke = (): void => { for (const f of waiters.splice(0)) f(); };
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); poke(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); poke(); });
  let ended = false;
  const done = new Promise<Finished>((resolve) => child.once('close', (code, signal) => { ended = true; poke(); resolve({ code, signal, stdout, stderr }); }));
  const until = (test: () => boolean): Promise<boolean> => new Promise((resolve) => {
    const check = (): void => { if (test()) resolve(true); else if (ended) resolve(false); else waiters.push(check); };
    check();
  });
  return {
    child,
    done,
    lines: (pattern, n) => until(() => stdout.split('\n').filter((l) => pattern.test(l)).length >= n),
    stderrMatch: (pattern) => until(() => pattern.test(stderr)),
  };
}
