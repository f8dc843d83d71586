// One topology operation at a time per host namespace: `up` and `down` take an exclusive flock(2) on
// /run/nlts/lock-<host namespace inode> before they look at the host, so two of them cannot interleave
// their steps. The kernel drops the lock when its holder dies (also by SIGKILL), so a killed run never
// leaves the host locked. The holder writes who it is into the file, for the message of whoever waits.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { koffi, errno } from '../netlink/libc.js';
import { errnoNumber } from '../netlink/errno.js';
import { SystemError } from '../netlink/errors.js';
import { STATE_DIR } from './store.js';
import { LockWaitAborted, TopologyLockedError } from './errors.js';
// The error classes live in ./errors.ts; exported here too, where they always were.
export { LockWaitAborted, TopologyLockedError };

const flock = koffi.load('libc.so.6').func('int flock(int fd, int operation)');
const LOCK_EX = 2; // sys/file.h
const LOCK_NB = 4;

/** Who holds a host's topology lock: the process and the operation it runs. */
export interface LockHolder {
  pid: number;
  /** What it is doing: 'up', 'down'. */
  operation: string;
  /** ISO time it took the lock. */
  since: string;
}

/** How to wait for a host's topology lock. */
export interface LockOptions {
  /** How long to wait for a busy lock: 0 fails at once, Infinity (the default) waits until it is free. */
  waitMs?: number;
  /** Called once when the lock is busy and waiting starts. */
  onWait?: (holder: LockHolder | undefined, file: string) => void;
  /** Ends the wait (LockWaitAborted). */
  signal?: AbortSignal;
}

export interface HostLock {
  readonly file: string;
  release(): void;
}

export const lockFile = (hostInode: number): string => path.join(STATE_DIR, `lock-${hostInode}`);

function readHolder(fd: number): LockHolder | undefined {
  try {
    const text = fs.readFileSync(fd, 'utf8');
    return text ? (JSON.parse(text) as LockHolder) : undefined;
  } catch {
    return undefined; // being written, or not ours to read
  }
}

const tryLock = (fd: number): boolean => {
  if (flock(fd, LOCK_EX | LOCK_NB) === 0) return true;
  const e = errno();
  if (e === errnoNumber('EAGAIN') || e === errnoNumber('EINTR')) return false;
  throw new SystemError('flock', e, 'topology lock');
};

/** Takes the lock of the host namespace with inode `hostInode`, waiting as `options` says. */
export async function lockHost(hostInode: number, operation: string, options: LockOptions = {}): Promise<HostLock> {
  const file = lockFile(hostInode);
  fs.mkdirSync(STATE_DIR, { recursive: true, mode: 0o755 });
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
  try {
    const waitMs = options.waitMs ?? Infinity;
    const started = Date.now();
    let told = false;
    while (!tryLock(fd)) {
      if (options.signal?.aborted) throw new LockWaitAborted();
      const holder = readHolder(fd);
      if (Date.now() - started >= waitMs) throw new TopologyLockedError(file, holder, waitMs);
      if (!told) { options.onWait?.(holder, file); told = true; }
      // flock(LOCK_EX) without LOCK_NB would block the event loop: poll instead.
      await new Promise((r) => setTimeout(r, 50));
    }
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, operation, since: new Date().toISOString() } satisfies LockHolder), 0);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      try { fs.ftruncateSync(fd, 0); } catch { /* nothing to tidy */ }
      fs.closeSync(fd); // closing the last descriptor drops the flock
    },
  };
}
