// nlts_nft_counter_{packets,bytes}_total: named counter objects (labels family, table, name, handle, comment)
// and rules carrying a counter expression (family, table, chain, handle, comment). A rule with several
// counters is reported by its first; a rule that refers to a named counter is reported by that object.
import { Nftables } from '../../nfnetlink/nftables/client.js';
import type { Collector, CollectContext } from '../collector.js';
import type { Labels, MetricFamily, Sample } from '../exposition.js';

/** `nlts_nft_counter_{packets,bytes}_total` for named counter objects and for rules that carry a counter. */
export const nftablesCollector: Collector = {
  name: 'nftables',
  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const nft = Nftables.open(ctx.netns !== undefined ? { netns: ctx.netns } : {});
    try {
      const objects = await nft.listObjects();
      const rules = await nft.listRules();
      const packets: Sample[] = [];
      const bytes: Sample[] = [];
      for (const o of objects) {
        if (!o.counter) continue;
        const labels: Labels = [['family', o.family], ['table', o.table], ['name', o.name], ['handle', String(o.handle ?? '')], ['comment', o.comment ?? '']];
        packets.push({ labels, value: o.counter.packets });
        bytes.push({ labels, value: o.counter.bytes });
      }
      for (const r of rules) {
        const c = r.expressions.find((e) => e.kind === 'counter');
        if (!c || c.kind !== 'counter') continue;
        const labels: Labels = [['family', r.family], ['table', r.table], ['chain', r.chain], ['handle', String(r.handle ?? '')], ['comment', r.comment ?? '']];
        packets.push({ labels, value: c.packets ?? 0 });
        bytes.push({ labels, value: c.bytes ?? 0 });
      }
      return [
        { name: 'nlts_nft_counter_packets_total', type: 'counter', help: 'Packets counted by nftables named counters (name) and rule counters (chain, handle).', samples: packets },
        { name: 'nlts_nft_counter_bytes_total', type: 'counter', help: 'Bytes counted by nftables named counters (name) and rule counters (chain, handle).', samples: bytes },
      ];
    } finally {
      nft.close();
    }
  },
};
