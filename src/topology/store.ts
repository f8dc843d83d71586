// What the topology must remember between runs, in files under /run/nlts (a tmpfs: gone at reboot, as
// the namespaces are):
//   netns/<name>              marker of a namespace we created or adopted (a namespace has no label)
//   state-<host>-<mark>.json  values found before up changed them (sysctls) and objects --adopt took
//                             over, so that down restores them; written before each change, so a run
//                             killed part-way leaves a record the next run can finish from
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

// ---- per-topology state ----

export interface TopologyState {
  mark: string;
  /** Values found before the first change, by key ('<netns or host>:<sysctl path>'). */
  sysctls: Record<string, string>;
  /** Previous state of adopted objects, by step title. */
  adopted: Record<string, unknown>;
}

/** The state record of one topology on one host namespace (keyed by the namespace's inode). */
export class StateStore {
  readonly file: string;
  private state: TopologyState;

  constructor(mark: string, hostInode: number) {
    this.file = path.join(STATE_DIR, `state-${hostInode}-${mark.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
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
