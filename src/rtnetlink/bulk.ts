// Outcome of many pipelined requests: which items failed, by index, with the kernel's error.
import type { NetlinkError } from '../netlink/errors.js';
import type { PipelineResult } from '../netlink/connection.js';

/** One item of a bulk operation that failed, with its error. */
export interface BulkFailure<T> {
  index: number;
  item: T;
  error: NetlinkError;
}

/** The outcome of a bulk operation: how many succeeded, and each failure. */
export interface BulkOutcome<T> {
  succeeded: number;
  failures: BulkFailure<T>[];
}

export function collectFailures<T>(items: readonly T[], results: readonly PipelineResult[]): BulkOutcome<T> {
  const failures: BulkFailure<T>[] = [];
  for (let index = 0; index < results.length; index++) {
    const r = results[index]!;
    if (!r.ok) failures.push({ index, item: items[index]!, error: r.error });
  }
  return { succeeded: results.length - failures.length, failures };
}

/** Runs a validation for item `index`, naming the item in the ValidationError it throws. */
export function withIndex<R>(index: number, fn: () => R): R {
  try {
    return fn();
  } catch (e) {
    throw labelItem(e, index);
  }
}

/** Names item `index` in a ValidationError (returned, to be thrown). */
export function labelItem(e: unknown, index: number): unknown {
  if (e instanceof Error && e.name === 'ValidationError') e.message = `item ${index}: ${e.message}`;
  return e;
}
