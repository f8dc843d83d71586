// Outcome of many pipelined requests: which items failed, by index, with the kernel's error.
import type { NetlinkError, PipelineResult } from '../netlink/index.js';

export interface BulkFailure<T> {
  index: number;
  item: T;
  error: NetlinkError;
}

export interface BulkOutcome<T> {
  succeeded: number;
  failures: BulkFailure<T>[];
}

export function collectFailures<T>(items: readonly T[], results: readonly PipelineResult[]): BulkOutcome<T> {
  const failures: BulkFailure<T>[] = [];
  results.forEach((r, index) => { if (!r.ok) failures.push({ index, item: items[index]!, error: r.error }); });
  return { succeeded: results.length - failures.length, failures };
}

/** Runs a validation for item `index`, naming the item in the ValidationError it throws. */
export function withIndex<R>(index: number, fn: () => R): R {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && e.name === 'ValidationError') e.message = `item ${index}: ${e.message}`;
    throw e;
  }
}
