/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
/**
 * `nlts/exporter`: a Prometheus exporter for conntrack entries per zone, conntrack statistics, link
 * counters and nftables counters. {@link Exporter} collects, {@link serve} answers `/metrics`,
 * {@link render} writes the text or OpenMetrics format.
 * @module nlts/exporter
 */
export { Exporter, DEFAULT_COLLECTORS, type ExporterOptions, type Collection } from './exporter.js';
export { serve, parseListen, DEFAULT_LISTEN, type ListenAddress, type MetricsServer } from './server.js';
export type { Collector, CollectContext } from './collector.js';
export { conntrackEntriesCollector } from './collectors/conntrack-entries.js';
export { conntrackStatsCollector } from './collectors/conntrack-stats.js';
export { linksCollector } from './collectors/links.js';
export { nftablesCollector } from './collectors/nftables.js';
export { parseSubnet, subnetContains, type Subnet } from './subnet.js';
export {
  render, negotiate, contentType, mergeFamilies, TEXT_CONTENT_TYPE, OPENMETRICS_CONTENT_TYPE,
  type MetricFamily, type MetricType, type Sample, type Labels, type Format,
} from './exposition.js';
