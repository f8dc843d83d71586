// What a collector is: a named source of metric families, read afresh from the kernel in one namespace.
import type { NetnsRef } from '../netlink/netns.js';
import type { MetricFamily } from './exposition.js';
import type { Subnet } from './subnet.js';

/** What a collector is given for one collection. */
export interface CollectContext {
  /** The namespace to read (undefined: the exporter's own). */
  netns?: NetnsRef;
  /** --subnet prefixes for nlts_conntrack_subnet_entries. */
  subnets: readonly Subnet[];
}

/** A named source of metric families, read afresh from the kernel in one namespace per scrape. */
export interface Collector {
  /** The `collector` label of nlts_collector_up and nlts_collector_duration_seconds. */
  readonly name: string;
  /** Reads the kernel and returns this collector's families; a rejection makes its `nlts_collector_up` 0. */
  collect(ctx: CollectContext): Promise<MetricFamily[]>;
}
