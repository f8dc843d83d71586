// What the topology must remember between runs, in files under /run/nlts (a tmpfs: gone at reboot, as
// the namespaces are):
//   netns/<name>              marker of a namespace we created or adopted (a namespace has no label)
//   state-<host>-<mark>.json  values found before up changed them (sysctls) and objects --adopt took
//                             over, so that down restores them; written before each change, so a run
//                             killed part-way leaves a record the next run can finish from
//   run-<host>-<mark>.json    an up or down in progress: found by the next run, it says that one was killed
//   lock-<host>               flock(2)ed by the up or down working on that host (lock.ts)
// Writes go to a temporary file and are renamed into place, so a reader never sees half a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NETNS_RUN_DIR, validateNetnsName } from '../netlink/index.js';

/** Override for tests and unusual hosts; the default follows /run/netns. */
export const STATE_DIR = process.env.NLTS_STATE_DIR ?? '/run/nlts';

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o644 });
  fs.renameSync(tmp, file);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A corrupt file cannot be ours to trust: treat it as absent rather than crash every later run.
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

// ---- namespace markers ----

export interface NetnsMarker {
  /** ownerMark() of the spec, or 'nlts-demo' for the demo's own namespaces. */
  owner: string;
  /** Process that wrote it (the demo uses it to tell a dead run's namespaces from a live one's). */
  pid: number;
  /** Inode of the namespace once created; absent while it is being created. */
  inode?: number;
  /** The namespace existed before and was taken over with --adopt: down keeps it. */
  adopted?: boolean;
  /** Start time of process `pid` (see processStart), so a reused pid is not taken for the writer. */
  start?: number;
  /** The demo: the prefix of every namespace of its run (the next demo removes them if the run died). */
  prefix?: string;
}

const markerPath = (name: string): string => {
  validateNetnsName(name);
  return path.join(STATE_DIR, 'netns', name);
};

export function readNetnsMarker(name: string): NetnsMarker | undefined {
  return readJson<NetnsMarker>(markerPath(name));
}

export function writeNetnsMarker(name: string, marker: NetnsMarker): void {
  writeAtomic(markerPath(name), JSON.stringify(marker));
}

export function removeNetnsMarker(name: string): void {
  fs.rmSync(markerPath(name), { force: true });
}

/** Every namespace marker, by namespace name. */
export function allNetnsMarkers(): Map<string, NetnsMarker> {
  const out = new Map<string, NetnsMarker>();
  let names: string[];
  try { names = fs.readdirSync(path.join(STATE_DIR, 'netns')); } catch { return out; }
  for (const n of names) {
    if (n.endsWith('.tmp')) continue;
    const m = readNetnsMarker(n);
    if (m) out.set(n, m);
  }
  return out;
}

export type NetnsEntry = 'absent' | 'namespace' | 'stale' | 'other';

/**
 * What /run/netns/<name> is: a mounted namespace, a plain file left by a process killed between creating
 * the file and mounting the namespace on it ('stale'; setns on it fails with EINVAL), or something else.
 */
export function netnsEntry(name: string): NetnsEntry {
  let st: fs.Stats;
  try { st = fs.statSync(path.join(NETNS_RUN_DIR, name)); } catch { return 'absent'; }
  // A mounted namespace file lives on nsfs, the filesystem of /proc/self/ns/net.
  if (st.dev === fs.statSync('/proc/self/ns/net').dev) return 'namespace';
  return st.isFile() ? 'stale' : 'other';
}

// ---- processes ----

/** starttime of a process (field 22 of /proc/PID/stat, in clock ticks since boot); undefined when it is gone. */
export function processStart(pid: number): number | undefined {
  let stat: string;
  try { stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return undefined; }
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[22 - 3]);
}

/** Whether the process that wrote a marker still runs (same pid, and the same start time when recorded). */
export function writerAlive(m: { pid: number; start?: number }): boolean {
  const start = processStart(m.pid);
  return start !== undefined && (m.start === undefined || m.start === start);
}

// ---- runs in progress ----

/**
 * An operation on a host, recorded while it runs (under the host's lock, see lock.ts) and removed when it
 * ends with the host in a known state. Finding one means the run that wrote it was killed part-way.
 */
export interface RunRecord {
  operation: 'up' | 'down';
  pid: number;
  since: string;
}

const safeMark = (mark: string): string => mark.replace(/[^A-Za-z0-9_-]/g, '_');
const runFile = (hostInode: number, mark: string): string => path.join(STATE_DIR, `run-${hostInode}-${safeMark(mark)}.json`);

export function readRunRecord(hostInode: number, mark: string): RunRecord | undefined {
  return readJson<RunRecord>(runFile(hostInode, mark));
}

export function writeRunRecord(hostInode: number, mark: string, operation: RunRecord['operation']): void {
  writeAtomic(runFile(hostInode, mark), JSON.stringify({ operation, pid: process.pid, since: new Date().toISOString() } satisfies RunRecord));
}

export function clearRunRecord(hostInode: number, mark: string): void {
  fs.rmSync(runFile(hostInode, mark), { force: true });
}

// ---- per-topology state ----

export interface TopologyState {
  mark: string;
  /** Values found before the first change, by key ('<netns or host>:<sysctl path>'). */
  sysctls: Record<string, string>;
  /** Previous state of adopted objects, by step title. */
  adopted: Record<string, unknown>;
}

const stateFile = (hostInode: number, mark: string): string => path.join(STATE_DIR, `state-${hostInode}-${safeMark(mark)}.json`);

/** Removes every state, run and lock file of a host namespace (the demo's, once that namespace is gone). */
export function forgetHost(hostInode: number): void {
  let names: string[];
  try { names = fs.readdirSync(STATE_DIR); } catch { return; }
  for (const n of names) if (n.startsWith(`state-${hostInode}-`) || n.startsWith(`run-${hostInode}-`) || n === `lock-${hostInode}`) fs.rmSync(path.join(STATE_DIR, n), { force: true });
}

/** The state record of one topology on one host namespace (keyed by the namespace's inode). */
export class StateStore {
  readonly file: string;
  private state: TopologyState;

  constructor(mark: string, hostInode: number) {
    this.file = stateFile(hostInode, mark);
    const found = readJson<TopologyState>(this.file);
    this.state = found && found.mark === mark ? { mark, sysctls: found.sysctls ?? {}, adopted: found.adopted ?? {} } : { mark, sysctls: {}, adopted: {} };
  }

  get sysctls(): Readonly<Record<string, string>> { return this.state.sysctls; }

  /** Remembers a value found before changing it, unless an earlier run already did (that one is the original). */
  recordSysctl(key: string, value: string): boolean {
    if (key in this.state.sysctls) return false;
    this.state.sysctls[key] = value;
    this.save();
    return true;
  }

  forgetSysctl(key: string): void {
    delete this.state.sysctls[key];
    this.save();
  }

  adoption<T>(title: string): T | undefined {
    return this.state.adopted[title] as T | undefined;
  }

  recordAdoption(title: string, previous: unknown): void {
    this.state.adopted[title] = previous;
    this.save();
  }

  forgetAdoption(title: string): void {
    delete this.state.adopted[title];
    this.save();
  }

  private save(): void {
    if (Object.keys(this.state.sysctls).length === 0 && Object.keys(this.state.adopted).length === 0) {
      fs.rmSync(this.file, { force: true });
      return;
    }
    writeAtomic(this.file, JSON.stringify(this.state, null, 1));
  }
}
