// nlts_link_{receive,transmit}_{bytes,packets,errors,drops}_total{link}: each link's IFLA_STATS64 counters.
import { RtNetlink } from '../../rtnetlink/client.js';
import type { LinkStats } from '../../rtnetlink/headers.js';
import type { Collector, CollectContext } from '../collector.js';
import type { MetricFamily } from '../exposition.js';

const COUNTERS: ReadonlyArray<readonly [string, keyof LinkStats, string]> = [
  ['nlts_link_receive_bytes_total', 'rxBytes', 'Bytes received (rtnl_link_stats64.rx_bytes).'],
  ['nlts_link_receive_packets_total', 'rxPackets', 'Packets received (rx_packets).'],
  ['nlts_link_receive_errors_total', 'rxErrors', 'Receive errors (rx_errors).'],
  ['nlts_link_receive_drops_total', 'rxDropped', 'Received packets dropped (rx_dropped).'],
  ['nlts_link_transmit_bytes_total', 'txBytes', 'Bytes transmitted (tx_bytes).'],
  ['nlts_link_transmit_packets_total', 'txPackets', 'Packets transmitted (tx_packets).'],
  ['nlts_link_transmit_errors_total', 'txErrors', 'Transmit errors (tx_errors).'],
  ['nlts_link_transmit_drops_total', 'txDropped', 'Transmitted packets dropped (tx_dropped).'],
];

/** `nlts_link_{receive,transmit}_{bytes,packets,errors,dropped}_total{link}` from each link's 64-bit statistics. */
export const linksCollector: Collector = {
  name: 'links',
  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const rt = RtNetlink.open(ctx.netns !== undefined ? { netns: ctx.netns } : {});
    try {
      const links = (await rt.links.all()).filter((l) => l.stats !== undefined);
      return COUNTERS.map(([name, field, help]) => ({
        name, help, type: 'counter' as const,
        samples: links.map((l) => ({ labels: [['link', l.name]] as const, value: l.stats![field] })),
      }));
    } finally {
      rt.close();
    }
  },
};
