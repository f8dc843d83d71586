// Typed errors of the netlink core. Every failure a caller can see is one of these classes, and each carries
// a stable `code` string, as Node's own errors do: callers (the CLI first of all) branch on `err.code`, which
// holds across copies of the library (each bundled CLI command has its own), where `instanceof` does not.
import { errnoMessage, errnoName } from './errno.js';

/**
 * The stable `code` of nlts's own errors (Node's style: `ERR_...`). Errors that carry an errno use its name
 * as their code instead, as Node's system errors do. All the codes:
 *
 * | code | class | meaning |
 * |---|---|---|
 * | `'ENOENT'`, `'EEXIST'`, `'EPERM'`, ... | {@link NetlinkError} | the kernel refused a request with this errno (`errno`, `operation`, `extAck`) |
 * | `'ENOENT'`, `'EPERM'`, ... | {@link SystemError} | a system call failed (`errno`, `syscall`) |
 * | `'EXISTS'`, `'NOT_FOUND'`, `'NOT_A_NAMESPACE'`, `'SYSTEM'` | {@link NetnsError} | a named namespace could not be created, entered or removed |
 * | `'ERR_NLTS_DECODE'` | {@link NetlinkDecodeError} (and the nftables reader's UnmodelledAttribute) | malformed bytes |
 * | `'ERR_NLTS_DUMP_INTERRUPTED'` | {@link DumpInterruptedError} | NLM_F_DUMP_INTR: the dump may be inconsistent |
 * | `'ERR_NLTS_VALIDATION'` | {@link ValidationError} (and the topology's SpecError) | bad input, nothing was sent |
 * | `'ERR_NLTS_PROTOCOL'` | {@link ProtocolError} | the peer broke the protocol |
 * | `'ERR_NLTS_USAGE'` | the CLI's UsageError | bad command-line arguments (exit status 2) |
 * | `'ERR_NLTS_TOPOLOGY_*'` | the topology's errors | see `nlts/topology` (locked, lock wait aborted, conflicts, apply failed or aborted, recovery, demo aborted) |
 */
export const ErrorCode = {
  DECODE: 'ERR_NLTS_DECODE',
  DUMP_INTERRUPTED: 'ERR_NLTS_DUMP_INTERRUPTED',
  VALIDATION: 'ERR_NLTS_VALIDATION',
  PROTOCOL: 'ERR_NLTS_PROTOCOL',
  USAGE: 'ERR_NLTS_USAGE',
  TOPOLOGY_LOCKED: 'ERR_NLTS_TOPOLOGY_LOCKED',
  TOPOLOGY_LOCK_WAIT_ABORTED: 'ERR_NLTS_TOPOLOGY_LOCK_WAIT_ABORTED',
  TOPOLOGY_CONFLICTS: 'ERR_NLTS_TOPOLOGY_CONFLICTS',
  TOPOLOGY_APPLY: 'ERR_NLTS_TOPOLOGY_APPLY',
  TOPOLOGY_APPLY_ABORTED: 'ERR_NLTS_TOPOLOGY_APPLY_ABORTED',
  TOPOLOGY_RECOVERY: 'ERR_NLTS_TOPOLOGY_RECOVERY',
  DEMO_ABORTED: 'ERR_NLTS_DEMO_ABORTED',
} as const;

/** The `code` of an error (any object with a string `code`), or undefined. */
export function errorCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** What the kernel said in the extended ACK (NLMSGERR_ATTR_*), where it said it. */
export interface ExtendedAck {
  message?: string; // NLMSGERR_ATTR_MSG
  offset?: number; // NLMSGERR_ATTR_OFFS: byte offset of the bad attribute in our request
  cookie?: Buffer; // NLMSGERR_ATTR_COOKIE
  missingType?: number; // NLMSGERR_ATTR_MISS_TYPE
  missingNest?: number; // NLMSGERR_ATTR_MISS_NEST
}

/** The fields a {@link NetlinkError} is built from. */
export interface NetlinkErrorInit {
  errno: number;
  operation: string;
  sequence?: number;
  extAck?: ExtendedAck;
  /** The request header the kernel echoed back (nlmsgerr.msg). */
  requestType?: number;
}

/** An error the kernel answered with (NLMSG_ERROR with a negative code, or an error in NLMSG_DONE). */
export class NetlinkError extends Error {
  readonly errno: number;
  readonly code: string;
  readonly operation: string;
  readonly sequence: number | undefined;
  readonly extAck: ExtendedAck;
  readonly requestType: number | undefined;

  constructor(init: NetlinkErrorInit) {
    const code = errnoName(init.errno);
    const ack = init.extAck ?? {};
    const detail = ack.message ? `: ${ack.message}` : '';
    super(`${init.operation}: ${code} (${errnoMessage(init.errno)})${detail}`);
    this.name = 'NetlinkError';
    this.errno = init.errno;
    this.code = code;
    this.operation = init.operation;
    this.sequence = init.sequence;
    this.extAck = ack;
    this.requestType = init.requestType;
  }
}

/** Bytes that are not a well-formed netlink message; says where in the buffer it went wrong. */
export class NetlinkDecodeError extends Error {
  readonly code = ErrorCode.DECODE;
  readonly offset: number;
  readonly context: string;
  constructor(context: string, offset: number, reason: string) {
    super(`malformed ${context} at byte ${offset}: ${reason}`);
    this.name = 'NetlinkDecodeError';
    this.offset = offset;
    this.context = context;
  }
}

/** A dump whose results changed while it ran (NLM_F_DUMP_INTR): what was received may be inconsistent. */
export class DumpInterruptedError extends Error {
  readonly code = ErrorCode.DUMP_INTERRUPTED;
  readonly operation: string;
  readonly received: number;
  constructor(operation: string, received: number) {
    super(`${operation}: dump interrupted by a concurrent change (NLM_F_DUMP_INTR) after ${received} messages; results may be inconsistent`);
    this.name = 'DumpInterruptedError';
    this.operation = operation;
    this.received = received;
  }
}

/** A system call on the socket or a namespace failed (not a kernel netlink answer). */
export class SystemError extends Error {
  readonly errno: number;
  readonly code: string;
  readonly syscall: string;
  constructor(syscall: string, errno: number, what?: string) {
    const code = errnoName(errno);
    super(`${syscall}${what ? ` ${what}` : ''}: ${code} (${errnoMessage(errno)})`);
    this.name = 'SystemError';
    this.errno = errno;
    this.code = code;
    this.syscall = syscall;
  }
}

/** Invalid input from the caller, refused before anything was sent to the kernel. */
export class ValidationError extends Error {
  readonly code = ErrorCode.VALIDATION;
  readonly field: string;
  constructor(field: string, reason: string) {
    super(`invalid ${field}: ${reason}`);
    this.name = 'ValidationError';
    this.field = field;
  }
}

/** Bad input (a {@link ValidationError} or a subclass), told by its code: holds across copies of this module. */
export function isValidationError(e: unknown): e is ValidationError {
  return errorCode(e) === ErrorCode.VALIDATION;
}

/** The peer (kernel or a replayed fixture) broke the protocol: wrong sequence, unexpected message, closed socket. */
export class ProtocolError extends Error {
  readonly code = ErrorCode.PROTOCOL;
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** A namespace could not be entered, created or removed; carries the system errno. */
export class NetnsError extends Error {
  /** NOT_A_NAMESPACE: /run/netns/NAME is a directory (or other non-file) that no namespace can be mounted on. */
  readonly code: 'EXISTS' | 'NOT_FOUND' | 'NOT_A_NAMESPACE' | 'SYSTEM';
  readonly netns: string;
  constructor(code: NetnsError['code'], netns: string, message: string) {
    super(message);
    this.name = 'NetnsError';
    this.code = code;
    this.netns = netns;
  }
}
