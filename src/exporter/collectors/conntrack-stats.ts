// nlts_conntrack_table_entries / _limit (IPCTNL_MSG_CT_GET_STATS) and nlts_conntrack_cpu_stat_total{cpu,name}
// (IPCTNL_MSG_CT_GET_STATS_CPU): every counter `conntrack -S` prints, under its conntrack-tools name.
import { Conntrack } from '../../nfnetlink/conntrack/client.js';
import { CPU_STAT_FIELDS } from '../../nfnetlink/conntrack/constants.js';
import type { Collector, CollectContext } from '../collector.js';
import type { MetricFamily, Sample } from '../exposition.js';

/** `nlts_conntrack_cpu_stat_total{cpu,name}` for every field of `conntrack -S`, plus the table's count and limit. */
export const conntrackStatsCollector: Collector = {
  name: 'conntrack_stats',
  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const ct = await Conntrack.open(ctx.netns !== undefined ? { netns: ctx.netns, readAhead: false } : { readAhead: false });
    try {
      const global = await ct.globalStatistics();
      const cpus = await ct.statistics();
      const families: MetricFamily[] = [{
        name: 'nlts_conntrack_table_entries', type: 'gauge', help: 'Entries in the conntrack table (CTA_STATS_GLOBAL_ENTRIES).',
        samples: global.entries === undefined ? [] : [{ labels: [], value: global.entries }],
      }, {
        name: 'nlts_conntrack_table_entries_limit', type: 'gauge', help: 'Size limit of the conntrack table, nf_conntrack_max (CTA_STATS_GLOBAL_MAX_ENTRIES).',
        samples: global.maxEntries === undefined ? [] : [{ labels: [], value: global.maxEntries }],
      }];
      const samples: Sample[] = [];
      for (const s of cpus) {
        for (const [, field, name] of CPU_STAT_FIELDS) {
          const v = s[field];
          if (v !== undefined) samples.push({ labels: [['cpu', String(s.cpu)], ['name', name]], value: v });
        }
      }
      families.push({ name: 'nlts_conntrack_cpu_stat_total', type: 'counter', help: 'Per-CPU conntrack counters as conntrack -S prints them (found, invalid, insert, insert_failed, drop, early_drop, error, ...).', samples });
      return families;
    } finally {
      ct.close();
    }
  },
};
