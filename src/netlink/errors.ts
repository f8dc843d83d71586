// Typed errors of the netlink core. Every failure a caller can see is one of these classes.
import { errnoMessage, errnoName } from './errno.js';

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

// Marks ValidationError instances so that they are recognised across copies of this module: the CLI bundle
// gives each command its own copy of the library, and `instanceof` only knows its own copy's class.
const VALIDATION_ERROR = Symbol.for('nlts.ValidationError');

/** Invalid input from the caller, refused before anything was sent to the kernel. */
export class ValidationError extends Error {
  readonly field: string;
  readonly [VALIDATION_ERROR] = true;
  constructor(field: string, reason: string) {
    super(`invalid ${field}: ${reason}`);
    this.name = 'ValidationError';
    this.field = field;
  }
}

/** `e instanceof ValidationError` (subclasses included) that also holds across copies of this module. */
export function isValidationError(e: unknown): e is ValidationError {
  return typeof e === 'object' && e !== null && (e as { [VALIDATION_ERROR]?: unknown })[VALIDATION_ERROR] === true;
}

/** The peer (kernel or a replayed fixture) broke the protocol: wrong sequence, unexpected message, closed socket. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
