// The topology's errors, in one place. Each has a stable `code` (ErrorCode in src/netlink/errors.ts lists them
// all), which is how the CLI tells them apart: a bundled command has its own copy of these classes.
import { ErrorCode } from '../netlink/errors.js';
import type { PlanItem } from './engine.js';
import type { LockHolder } from './lock.js';
import type { Recovery } from './topology.js';

/** A step failed part-way through apply; everything applied before it was rolled back. */
export class ApplyError extends Error {
  readonly code = ErrorCode.TOPOLOGY_APPLY;
  readonly step: string;
  override readonly cause: unknown;
  readonly rollbackErrors: unknown[];
  constructor(step: string, cause: unknown, rollbackErrors: unknown[]) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const rb = rollbackErrors.length ? ` (and ${rollbackErrors.length} rollback step(s) failed: ${rollbackErrors.map((e) => (e as Error).message).join('; ')})` : '; everything before it was rolled back';
    super(`${step}: ${why}${rb}`);
    this.name = 'ApplyError';
    this.step = step;
    this.cause = cause;
    this.rollbackErrors = rollbackErrors;
  }
}

/** Objects in the way that are not ours (or cannot be used); nothing was changed. Not bad input: the host's state. */
export class ConflictsError extends Error {
  readonly code = ErrorCode.TOPOLOGY_CONFLICTS;
  readonly conflicts: PlanItem[];
  constructor(conflicts: PlanItem[], adopting: boolean) {
    const list = conflicts.map((c) => `\n  ! ${c.title}: ${c.note}`).join('');
    super(`refusing to change the host: ${conflicts.length} conflict(s), nothing was changed:${list}\n  ${adopting ? 'these cannot be adopted' : '--adopt takes over what can be taken over (down gives it back as it was)'}`);
    this.name = 'ConflictsError';
    this.conflicts = conflicts;
  }
}

/** apply() was interrupted (an AbortSignal); what it had done was rolled back. */
export class ApplyAborted extends Error {
  readonly code = ErrorCode.TOPOLOGY_APPLY_ABORTED;
  readonly rollbackErrors: unknown[];
  constructor(rollbackErrors: unknown[]) {
    super(rollbackErrors.length
      ? `interrupted; rolling back failed for ${rollbackErrors.length} step(s): ${rollbackErrors.map((e) => (e as Error).message).join('; ')}`
      : 'interrupted; everything it had changed was rolled back');
    this.name = 'ApplyAborted';
    this.rollbackErrors = rollbackErrors;
  }
}

/** The host is busy with another topology operation, and waiting was not asked for (or ran out). */
export class TopologyLockedError extends Error {
  readonly code = ErrorCode.TOPOLOGY_LOCKED;
  readonly holder: LockHolder | undefined;
  constructor(file: string, holder: LockHolder | undefined, waitedMs: number) {
    const who = holder ? `pid ${holder.pid} (${holder.operation}, since ${holder.since})` : 'another process';
    super(`another topology operation holds the host's lock (${file}): ${who}${waitedMs > 0 ? `; gave up after waiting ${Math.round(waitedMs / 1000)} s` : ''}; nothing was changed`);
    this.name = 'TopologyLockedError';
    this.holder = holder;
  }
}

/** The lock was being waited for when the signal came: nothing was changed. */
export class LockWaitAborted extends Error {
  readonly code = ErrorCode.TOPOLOGY_LOCK_WAIT_ABORTED;
  constructor() {
    super('interrupted while waiting for the host\'s lock; nothing was changed');
    this.name = 'LockWaitAborted';
  }
}

/** Leftovers of a killed run could not all be removed; up changed nothing else. */
export class RecoveryError extends Error {
  readonly code = ErrorCode.TOPOLOGY_RECOVERY;
  readonly recovery: Recovery;
  constructor(recovery: Recovery) {
    super(`an earlier ${recovery.run.operation} (pid ${recovery.run.pid}, ${recovery.run.since}) did not finish, and removing what it left failed: ${recovery.failures.map((f) => `${f.title}: ${(f.error as Error).message}`).join('; ')}; nothing else was changed`);
    this.name = 'RecoveryError';
    this.recovery = recovery;
  }
}

/** The demo was aborted (by its signal); what it built has been removed. */
export class DemoAborted extends Error {
  readonly code = ErrorCode.DEMO_ABORTED;
  constructor() {
    super('the demo was interrupted; everything it created has been removed');
    this.name = 'DemoAborted';
  }
}
