// errno numbers and names for Linux, taken from the running platform through koffi (asm-generic/errno.h).
import koffi from 'koffi';

const byNumber = new Map<number, string>();
// Where two names share a number, the kernel's own spelling wins.
const preferred = ['EAGAIN', 'EOPNOTSUPP', 'EDEADLK'];
const byName = new Map<string, number>();
for (const [name, value] of Object.entries(koffi.os.errno as Record<string, number>)) {
  byName.set(name, value);
  // Some numbers have two names (EAGAIN/EWOULDBLOCK, EDEADLK/EDEADLOCK): keep the first, the common one.
  if (!byNumber.has(value)) byNumber.set(value, name);
}
for (const name of preferred) {
  const n = byName.get(name);
  if (n !== undefined) byNumber.set(n, name);
}
// Kernel-internal codes that netlink can leak to user space (include/linux/errno.h).
const internal: Record<number, string> = { 512: 'ERESTARTSYS', 524: 'ENOTSUPP', 525: 'ETOOSMALL' };
for (const [n, name] of Object.entries(internal)) if (!byNumber.has(Number(n))) byNumber.set(Number(n), name);

/** 'ENOENT' for 2; 'E<n>' when the number is unknown. */
export function errnoName(errno: number): string {
  return byNumber.get(errno) ?? `E${errno}`;
}

export function errnoNumber(name: string): number | undefined {
  return byName.get(name);
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

/** strerror(3)-style text for the common codes. */
export function errnoMessage(errno: number): string {
  return messages[errnoName(errno)] ?? `error ${errno}`;
}
