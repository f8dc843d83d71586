// errno numbers and names for Linux, taken from the running platform through koffi (asm-generic/errno.h).
import { loadKoffi } from './ffi.js';

// Built on first use: most runs never name an errno, and the table needs koffi.
let byNumber: Map<number, string> | undefined;
let byName: Map<string, number> | undefined;

function tables(): { byNumber: Map<number, string>; byName: Map<string, number> } {
  if (byNumber && byName) return { byNumber, byName };
  const numbers = new Map<number, string>();
  const names = new Map<string, number>();
  // Where two names share a number, the kernel's own spelling wins.
  const preferred = ['EAGAIN', 'EOPNOTSUPP', 'EDEADLK'];
  for (const [name, value] of Object.entries(loadKoffi().os.errno as Record<string, number>)) {
    names.set(name, value);
    // Some numbers have two names (EAGAIN/EWOULDBLOCK, EDEADLK/EDEADLOCK): keep the first, the common one.
    if (!numbers.has(value)) numbers.set(value, name);
  }
  for (const name of preferred) {
    const n = names.get(name);
    if (n !== undefined) numbers.set(n, name);
  }
  // Kernel-internal codes that netlink can leak to user space (include/linux/errno.h).
  const internal: Record<number, string> = { 512: 'ERESTARTSYS', 524: 'ENOTSUPP', 525: 'ETOOSMALL' };
  for (const [n, name] of Object.entries(internal)) if (!numbers.has(Number(n))) numbers.set(Number(n), name);
  byNumber = numbers;
  byName = names;
  return { byNumber, byName };
}

/** 'ENOENT' for 2; 'E<n>' when the number is unknown. */
export function errnoName(errno: number): string {
  return tables().byNumber.get(errno) ?? `E${errno}`;
}

/** The errno number of a name such as 'ENOENT'. */
export function errnoNumber(name: string): number | undefined {
  return tables().byName.get(name);
}

const messages: Record<string, string> = {
  EPERM: 'Operation not permitted', ENOENT: 'No such file or directory', ESRCH: 'No such process',
  EINTR: 'Interrupted system call', EIO: 'Input/output error', ENXIO: 'No such device or address',
  E2BIG: 'Argument list too long', EBADF: 'Bad file descriptor', EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory', EACCES: 'Permission denied', EFAULT: 'Bad address', EBUSY: 'Device or resource busy',
  EEXIST: 'File exists', ENODEV: 'No such device', ENOTDIR: 'Not a directory', EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system', EMFILE: 'Too many open files', ENOSPC: 'No space left on device',
  ERANGE: 'Numerical result out of range', EOPNOTSUPP: 'Operation not supported', ENOBUFS: 'No buffer space available',
  EAFNOSUPPORT: 'Address family not supported by protocol', EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address', ENETUNREACH: 'Network is unreachable', ENOTSUP: 'Operation not supported',
  EPROTONOSUPPORT: 'Protocol not supported', EMSGSIZE: 'Message too long', ELOOP: 'Too many levels of symbolic links',
  ENOTEMPTY: 'Directory not empty', ETIMEDOUT: 'Connection timed out', EHOSTUNREACH: 'No route to host',
  ENOTSUPP: 'Operation not supported', ENOPROTOOPT: 'Protocol not available', EPROTO: 'Protocol error',
  ENAMETOOLONG: 'File name too long', ENOTCONN: 'Transport endpoint is not connected', ECONNREFUSED: 'Connection refused',
};

let strerror: ((errno: number) => string | null) | undefined;

/** strerror(3) text: the common codes from the table above, the rest from libc itself (loaded on first use). */
export function errnoMessage(errno: number): string {
  const known = messages[errnoName(errno)];
  if (known) return known;
  try {
    strerror ??= loadKoffi().load('libc.so.6').func('const char *strerror(int errnum)') as (errno: number) => string | null;
    const text = errno > 0 && errno < 4096 ? strerror(errno) : null;
    if (text && !text.startsWith('Unknown error')) return text;
  } catch {
    /* no libc to ask: the number will do */
  }
  return `error ${errno}`;
}
