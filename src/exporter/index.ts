// A Prometheus exporter for conntrack zones and statistics, link counters and nftables counters.
export * from './exposition.js';
export type { Collector, CollectContext } from './collector.js';
export { parseSubnet, subnetContains, type Subnet } from './subnet.js';
export { Exporter, DEFAULT_COLLECTORS, type ExporterOptions, type Collection } from './exporter.js';
export { serve, parseListen, DEFAULT_LISTEN, type ListenAddress, type MetricsServer } from './server.js';
export { conntrackEntriesCollector, countEntries, natBits, type EntryCounts } from './collectors/conntrack-entries.js';
export { conntrackStatsCollector } from './collectors/conntrack-stats.js';
export { linksCollector } from './collectors/links.js';
export { nftablesCollector } from './collectors/nftables.js';
