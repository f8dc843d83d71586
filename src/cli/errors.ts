// The CLI's errors and what it makes of errors: it tells them apart by their stable `code` (ErrorCode in
// src/netlink/errors.ts), never by class. A bundled command has its own copy of the library's classes, so
// `instanceof` against main's copy would not hold; a code does.
import { ErrorCode, errorCode } from '../netlink/errors.js';

/** Exit status of bad arguments or input: nothing was changed. */
export const EXIT_USAGE = 2;

/** Wrong arguments: the command prints the message and its usage, and exits with status 2. */
export class UsageError extends Error {
  readonly code = ErrorCode.USAGE;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A UsageError, from any copy of this module. */
export function isUsageError(e: unknown): e is UsageError {
  return errorCode(e) === ErrorCode.USAGE;
}

/**
 * The errno name the kernel refused a request with (a NetlinkError's code), or undefined for anything else.
 * A system call's failure (SystemError) has the same kind of code but names its `syscall`; the kernel's answer
 * names its `operation` instead.
 */
export function kernelRefusal(e: unknown): string | undefined {
  const code = errorCode(e);
  if (code === undefined || !/^E[A-Z0-9]+$/.test(code)) return undefined;
  const o = e as { errno?: unknown; operation?: unknown; syscall?: unknown };
  return typeof o.errno === 'number' && typeof o.operation === 'string' && o.syscall === undefined ? code : undefined;
}
