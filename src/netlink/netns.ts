// Named network namespaces, compatible with `ip netns`: a bind mount of a namespace file under /run/netns.
// Everything here is system calls through libc; no program is run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NetnsError, ValidationError, SystemError } from './errors.js';

// The class lives with the other errors; exported here too, where it always was.
export { NetnsError };
import { CLONE_NEWNET, MNT_DETACH, MS_BIND, MS_REC, MS_SHARED, O_CLOEXEC, O_RDONLY, check, errno, libc } from './libc.js';
import { errnoNumber } from './errno.js';

/** Where named network namespaces are bound, as `ip netns` does. */
export const NETNS_RUN_DIR = '/run/netns';

/** A namespace by name (under /run/netns), by path to a namespace file, by open fd, or by process id. */
export type NetnsRef = string | { name: string } | { path: string } | { fd: number } | { pid: number };

/** Refuses names `ip netns` would choke on or that would escape /run/netns. */
export function validateNetnsName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new ValidationError('namespace name', 'it is empty');
  if (name === '.' || name === '..') throw new ValidationError('namespace name', `'${name}' is not a name`);
  if (name.includes('/')) throw new ValidationError('namespace name', `'${name}' contains '/'`);
  if (name.includes('\0')) throw new ValidationError('namespace name', 'it contains a NUL byte');
  if (Buffer.byteLength(name) > 255) throw new ValidationError('namespace name', `it is ${Buffer.byteLength(name)} bytes long (at most 255)`);
}

/** The path of a named namespace under /run/netns (validated name). */
export function netnsPath(name: string): string {
  validateNetnsName(name);
  return path.join(NETNS_RUN_DIR, name);
}

function describe(ref: NetnsRef): string {
  if (typeof ref === 'string') return ref;
  if ('name' in ref) return ref.name;
  if ('path' in ref) return ref.path;
  if ('fd' in ref) return `fd ${ref.fd}`;
  return `pid ${ref.pid}`;
}

/** Opens the namespace as an fd; `owned` tells whether the caller must close it. */
export function openNetns(ref: NetnsRef): { fd: number; owned: boolean } {
  if (typeof ref === 'object' && 'fd' in ref) return { fd: ref.fd, owned: false };
  const file = typeof ref === 'string' ? netnsPath(ref)
    : 'name' in ref ? netnsPath(ref.name)
    : 'path' in ref ? ref.path
    : `/proc/${ref.pid}/ns/net`;
  try {
    return { fd: fs.openSync(file, fs.constants.O_RDONLY | O_CLOEXEC), owned: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NetnsError('NOT_FOUND', describe(ref), `network namespace '${describe(ref)}' does not exist (${file})`);
    throw new NetnsError('SYSTEM', describe(ref), `cannot open network namespace '${describe(ref)}': ${(e as Error).message}`);
  }
}

function openCurrent(): number {
  return check(libc.open('/proc/thread-self/ns/net', O_RDONLY | O_CLOEXEC, 0), 'open', '/proc/thread-self/ns/net');
}

/**
 * Runs `fn` synchronously with the calling thread inside the namespace, and always switches back.
 * Only what `fn` creates synchronously (a socket) belongs to that namespace.
 */
export function withNetns<T>(ref: NetnsRef, fn: () => T): T {
  const target = openNetns(ref);
  let original = -1;
  try {
    original = openCurrent();
    check(libc.setns(target.fd, CLONE_NEWNET), 'setns', describe(ref));
    try {
      return fn();
    } finally {
      // If this fails the thread is stranded in another namespace: nothing safe can follow.
      if (libc.setns(original, CLONE_NEWNET) !== 0) {
        const err = new SystemError('setns', errno(), 'back to the original namespace');
        process.emitWarning(err);
        throw err;
      }
    }
  } finally {
    if (original >= 0) libc.close(original);
    if (target.owned) libc.close(target.fd);
  }
}

/** Makes /run/netns a shared mount point, as `ip netns add` does, so namespaces are visible to other mount namespaces that share it. */
function prepareRunDir(): void {
  fs.mkdirSync(NETNS_RUN_DIR, { recursive: true, mode: 0o755 });
  if (libc.mount('', NETNS_RUN_DIR, 'none', MS_SHARED | MS_REC, null) === 0) return;
  if (errno() !== errnoNumber('EINVAL')) throw new SystemError('mount', errno(), `--make-shared ${NETNS_RUN_DIR}`);
  check(libc.mount(NETNS_RUN_DIR, NETNS_RUN_DIR, 'none', MS_BIND | MS_REC, null), 'mount', `--bind ${NETNS_RUN_DIR}`);
  check(libc.mount('', NETNS_RUN_DIR, 'none', MS_SHARED | MS_REC, null), 'mount', `--make-shared ${NETNS_RUN_DIR}`);
}

/** Creates a named network namespace (like `ip netns add NAME`). */
export function createNetns(name: string): void {
  const file = netnsPath(name);
  prepareRunDir();
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o444);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new NetnsError('EXISTS', name, `network namespace '${name}' already exists`);
    throw e;
  }
  fs.closeSync(fd);
  const original = openCurrent();
  let switched = false;
  try {
    check(libc.unshare(CLONE_NEWNET), 'unshare', 'CLONE_NEWNET');
    switched = true;
    check(libc.mount('/proc/thread-self/ns/net', file, 'none', MS_BIND, null), 'mount', `--bind ${file}`);
  } catch (e) {
    try { fs.unlinkSync(file); } catch { /* already gone */ }
    throw e;
  } finally {
    if (switched && libc.setns(original, CLONE_NEWNET) !== 0) {
      libc.close(original);
      throw new SystemError('setns', errno(), 'back to the original namespace');
    }
    libc.close(original);
  }
}

/** Deletes a named namespace (like `ip netns delete NAME`); it goes away when its last user leaves. */
export function deleteNetns(name: string): void {
  const file = netnsPath(name);
  let st: fs.Stats;
  try { st = fs.lstatSync(file); } catch { throw new NetnsError('NOT_FOUND', name, `network namespace '${name}' does not exist`); }
  // A namespace is mounted on a regular file (ip netns add makes one); a directory or a link there is
  // someone else's and not ours to remove (ip says "Is a directory" after trying).
  if (!st.isFile()) {
    const what = st.isDirectory() ? 'a directory' : st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
    throw new NetnsError('NOT_A_NAMESPACE', name, `${file} is ${what}, not a network namespace; nothing was removed`);
  }
  // EINVAL: not a mount point (a stale file); remove it all the same.
  if (libc.umount2(file, MNT_DETACH) !== 0 && errno() !== errnoNumber('EINVAL')) {
    throw new SystemError('umount2', errno(), file);
  }
  fs.unlinkSync(file);
}

/** Names under /run/netns, sorted. */
export function listNetns(): string[] {
  try {
    return fs.readdirSync(NETNS_RUN_DIR).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Whether a named namespace exists under /run/netns. */
export function netnsExists(name: string): boolean {
  return fs.existsSync(netnsPath(name));
}

/** Inode of a namespace: two refs name the same namespace when these are equal. */
export function netnsInode(ref: NetnsRef | 'self'): number {
  if (ref === 'self') return fs.statSync('/proc/thread-self/ns/net').ino;
  const ns = openNetns(ref);
  try {
    return fs.fstatSync(ns.fd).ino;
  } finally {
    if (ns.owned) fs.closeSync(ns.fd);
  }
}
