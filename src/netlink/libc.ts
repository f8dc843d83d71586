// libc through koffi: the system calls netlink sockets and network namespaces need. No C of our own.
import { loadKoffi } from './ffi.js';
import { SystemError } from './errors.js';

const koffi = loadKoffi();

const lib = koffi.load('libc.so.6');

export const libc = {
  socket: lib.func('int socket(int domain, int type, int protocol)'),
  bind: lib.func('int bind(int fd, const void *addr, uint32_t addrlen)'),
  getsockname: lib.func('int getsockname(int fd, _Out_ void *addr, _Inout_ uint32_t *addrlen)'),
  setsockopt: lib.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)'),
  getsockopt: lib.func('int getsockopt(int fd, int level, int name, _Out_ void *value, _Inout_ uint32_t *len)'),
  send: lib.func('intptr_t send(int fd, const void *buf, size_t len, int flags)'),
  recv: lib.func('intptr_t recv(int fd, _Out_ void *buf, size_t len, int flags)'),
  // Called asynchronously with raw addresses (see read-ahead.ts): koffi passes them through untouched.
  recvmmsg: lib.func('int recvmmsg(int fd, void *msgvec, unsigned int vlen, int flags, void *timeout)'),
  close: lib.func('int close(int fd)'),
  setns: lib.func('int setns(int fd, int nstype)'),
  unshare: lib.func('int unshare(int flags)'),
  mount: lib.func('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)'),
  umount2: lib.func('int umount2(const char *target, int flags)'),
  open: lib.func('int open(const char *path, int flags, int mode)'),
  gettid: lib.func('int gettid()'),
};

export function errno(): number {
  return koffi.errno();
}

/** Throws SystemError when a libc call returned -1. */
export function check(result: number | bigint, syscall: string, what?: string): number {
  const n = Number(result);
  if (n < 0) throw new SystemError(syscall, koffi.errno(), what);
  return n;
}

export const CLONE_NEWNET = 0x40000000;
export const CLONE_NEWNS = 0x00020000;
export const MS_BIND = 4096;
export const MS_REC = 16384;
export const MS_SHARED = 1 << 20;
export const MS_PRIVATE = 1 << 18;
export const MNT_DETACH = 2;
export const O_RDONLY = 0;
export const O_CLOEXEC = 0o2000000;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;

export { koffi };
