// The Exporter: runs every collector in every namespace it watches and turns the result into one
// exposition. A collector that fails (an unknown namespace, a missing kernel module) reports
// nlts_collector_up 0 and the rest is served. Scrapes that arrive while a collection runs share it.
import { validateNetnsName } from '../netlink/netns.js';
import type { Collector } from './collector.js';
import { conntrackEntriesCollector } from './collectors/conntrack-entries.js';
import { conntrackStatsCollector } from './collectors/conntrack-stats.js';
import { linksCollector } from './collectors/links.js';
import { nftablesCollector } from './collectors/nftables.js';
import { mergeFamilies, render, type Format, type Labels, type MetricFamily, type Sample } from './exposition.js';
import { parseSubnet, type Subnet } from './subnet.js';

/** The collectors an exporter runs when none are given: conntrack entries, conntrack statistics, links, nftables counters. */
export const DEFAULT_COLLECTORS: readonly Collector[] = [conntrackEntriesCollector, conntrackStatsCollector, linksCollector, nftablesCollector];

/** What an {@link Exporter} reads. */
export interface ExporterOptions {
  /**
   * Named namespaces (under /run/netns) to read; every series then carries a `netns` label. Without any the
   * exporter reads the namespace it runs in, with no `netns` label.
   */
  netns?: readonly string[];
  /** Prefixes (CIDR) for nlts_conntrack_subnet_entries{subnet,zone,nat}. */
  subnets?: readonly string[];
  /** Default: conntrack entries, conntrack statistics, links, nftables counters. */
  collectors?: readonly Collector[];
  /** Told about each collector failure (the scrape goes on without it). */
  onError?: (collector: string, netns: string | undefined, error: Error) => void;
}

/** One collection: the families, and what failed. */
export interface Collection {
  families: MetricFamily[];
  failures: Array<{ collector: string; netns?: string; error: Error }>;
}

const withLabels = (prefix: Labels, f: MetricFamily): MetricFamily =>
  prefix.length === 0 ? f : { ...f, samples: f.samples.map((s) => ({ labels: [...prefix, ...s.labels], value: s.value })) };

/** Collects the metric families of every collector in every namespace; concurrent scrapes share one collection. */
export class Exporter {
  private readonly targets: ReadonlyArray<string | undefined>;
  private readonly subnets: readonly Subnet[];
  private readonly collectors: readonly Collector[];
  private running: Promise<Collection> | undefined;

  /** Validates every option (ValidationError on a bad namespace name or prefix); opens nothing yet. */
  constructor(private readonly options: ExporterOptions = {}) {
    const names = options.netns ?? [];
    for (const n of names) validateNetnsName(n);
    this.targets = names.length > 0 ? [...new Set(names)] : [undefined];
    this.subnets = (options.subnets ?? []).map(parseSubnet);
    this.collectors = options.collectors ?? DEFAULT_COLLECTORS;
  }

  /** Reads everything now; a call while a collection runs gets that collection. */
  collect(): Promise<Collection> {
    if (!this.running) {
      this.running = this.run().finally(() => { this.running = undefined; });
    }
    return this.running;
  }

  /** One scrape's exposition text. */
  async scrape(format: Format = 'text'): Promise<string> {
    return render((await this.collect()).families, format);
  }

  private async run(): Promise<Collection> {
    const started = process.hrtime.bigint();
    const lists: MetricFamily[][] = [];
    const up: Sample[] = [];
    const durations: Sample[] = [];
    const failures: Collection['failures'] = [];
    for (const netns of this.targets) {
      const base: Labels = netns === undefined ? [] : [['netns', netns]];
      for (const c of this.collectors) {
        const t0 = process.hrtime.bigint();
        let ok = 1;
        try {
          const families = await c.collect(netns === undefined ? { subnets: this.subnets } : { netns, subnets: this.subnets });
          lists.push(families.map((f) => withLabels(base, f)));
        } catch (e) {
          ok = 0;
          const error = e instanceof Error ? e : new Error(String(e));
          failures.push(netns === undefined ? { collector: c.name, error } : { collector: c.name, netns, error });
          this.options.onError?.(c.name, netns, error);
        }
        const labels: Labels = [['collector', c.name], ...base];
        up.push({ labels, value: ok });
        durations.push({ labels, value: Number(process.hrtime.bigint() - t0) / 1e9 });
      }
    }
    lists.push([
      { name: 'nlts_collector_up', type: 'gauge', help: 'Whether the collector read its namespace successfully in this scrape (1) or failed (0).', samples: up },
      { name: 'nlts_collector_duration_seconds', type: 'gauge', help: 'Time the collector took in this scrape.', samples: durations },
      { name: 'nlts_scrape_duration_seconds', type: 'gauge', help: 'Time the whole collection took.', samples: [{ labels: [], value: Number(process.hrtime.bigint() - started) / 1e9 }] },
    ]);
    return { families: mergeFamilies(lists), failures };
  }
}
