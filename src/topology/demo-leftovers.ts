// The demo's own namespaces carry a marker (owner 'nlts-demo', the run's pid, its start time and the prefix
// of all its namespaces). A demo killed outright (SIGKILL, or a second signal) leaves them behind with their
// nft state and conntrack entries; the next demo finds markers whose process is gone and removes that run's
// namespaces, stale /run/netns files included, and its state files.
import { NetnsError, deleteNetns, listNetns, netnsInode } from '../netlink/index.js';
import { allNetnsMarkers, forgetHost, processStart, removeNetnsMarker, writeNetnsMarker, writerAlive, netnsEntry } from './store.js';

export const DEMO_OWNER = 'nlts-demo';

/** Marks a namespace the demo is about to create (before it exists: a kill right after creation still leaves the trace). */
export function markDemoNamespace(name: string, prefix: string): void {
  writeNetnsMarker(name, { owner: DEMO_OWNER, pid: process.pid, start: processStart(process.pid), prefix });
}

/** Records the inode once the namespace exists, so its state files can be found after it is gone. */
export function recordDemoInode(name: string, prefix: string): void {
  writeNetnsMarker(name, { owner: DEMO_OWNER, pid: process.pid, start: processStart(process.pid), prefix, inode: netnsInode(name) });
}

/** Removes every namespace and marker of a demo run (by its prefix), and the state of its host namespaces. */
export function removeDemoRun(prefix: string): string[] {
  const removed: string[] = [];
  const markers = allNetnsMarkers();
  for (const name of listNetns()) {
    if (!name.startsWith(`${prefix}-`)) continue;
    if (netnsEntry(name) === 'other') continue; // not a file we could have made: leave it to its owner
    try {
      deleteNetns(name);
      removed.push(name);
    } catch (e) {
      if (!(e instanceof NetnsError && e.code === 'NOT_FOUND')) throw e;
    }
  }
  for (const [name, m] of markers) {
    if (!name.startsWith(`${prefix}-`)) continue;
    if (m.owner === DEMO_OWNER && m.inode !== undefined) forgetHost(m.inode);
    removeNetnsMarker(name);
  }
  return removed;
}

export interface DeadDemo {
  pid: number;
  prefix: string;
  /** Namespaces removed (a stale plain file counts as one). */
  removed: string[];
}

/** Finds demo runs whose process is gone and removes what they left. */
export function removeDeadDemos(): DeadDemo[] {
  const dead = new Map<string, number>();
  for (const m of allNetnsMarkers().values()) {
    if (m.owner === DEMO_OWNER && m.prefix !== undefined && !writerAlive(m)) dead.set(m.prefix, m.pid);
  }
  return [...dead].map(([prefix, pid]) => ({ pid, prefix, removed: removeDemoRun(prefix) }));
}
