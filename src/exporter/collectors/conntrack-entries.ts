// nlts_conntrack_entries{zone,l3proto,l4proto,state} and nlts_conntrack_subnet_entries{subnet,zone,nat}:
// one unfiltered dump walked with a FlowCursor, each entry counted under a small-integer key. No object
// or string is made per entry; labels are made once per distinct key at the end.
import { AF_INET6 } from '../../netlink/constants.js';
import { Conntrack } from '../../nfnetlink/conntrack/client.js';
import { IPPROTO, TCP_STATES } from '../../nfnetlink/conntrack/constants.js';
import type { FlowCursor, TupleView } from '../../nfnetlink/conntrack/cursor.js';
import { trackedProtocolName } from '../../nfnetlink/conntrack/protocols.js';
import type { Collector, CollectContext } from '../collector.js';
import type { MetricFamily, Sample } from '../exposition.js';
import { subnetContains, type Subnet } from '../subnet.js';

const NAT_NAMES = ['none', 'snat', 'dnat', 'both'] as const;

// Key of nlts_conntrack_entries: zone (16 bits) | IPv6 (1) | protocol (8) | TCP state + 1 (4; 0 = none).
const entryKey = (zone: number, v6: number, proto: number, state: number): number => (((zone << 1 | v6) << 8 | proto) << 4) | state;

function sameAddress(a: TupleView, aAt: number, b: TupleView, bAt: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (a.buf[aAt + i] !== b.buf[bAt + i]) return false;
  return true;
}

/**
 * NAT seen in an entry's tuples: the reply's destination differs from the original source (source NAT), the
 * reply's source from the original destination (destination NAT). Bit 0 snat, bit 1 dnat.
 */
export function natBits(c: FlowCursor): number {
  const o = c.original;
  const r = c.reply;
  if (!o.present || !r.present) return 0;
  let bits = 0;
  if (r.dstLen !== o.srcLen || !sameAddress(r, r.dstAt, o, o.srcAt, o.srcLen) || r.dport !== o.sport) bits |= 1;
  if (r.srcLen !== o.dstLen || !sameAddress(r, r.srcAt, o, o.dstAt, o.dstLen) || r.sport !== o.dport) bits |= 2;
  return bits;
}

/** Counts of one table walk: entries by key, subnet entries by (subnet index << 18 | zone << 2 | nat). */
export interface EntryCounts {
  entries: Map<number, number>;
  subnets: Map<number, number>;
}

/** Counts the entries of the chunks the cursor walks into `into`. */
export function countEntries(cursor: FlowCursor, subnets: readonly Subnet[], into: EntryCounts): void {
  const { entries, subnets: bySubnet } = into;
  while (cursor.next()) {
    const zone = cursor.zone < 0 ? 0 : cursor.zone;
    const proto = cursor.original.protocol;
    const state = proto === IPPROTO.TCP && cursor.tcpState >= 0 && cursor.tcpState < 15 ? cursor.tcpState + 1 : 0;
    const key = entryKey(zone, cursor.family === AF_INET6 ? 1 : 0, proto, state);
    entries.set(key, (entries.get(key) ?? 0) + 1);
    for (let i = 0; i < subnets.length; i++) {
      const o = cursor.original;
      if (!subnetContains(subnets[i]!, o.buf, o.srcAt, o.srcLen)) continue;
      const k = (i << 18) | (zone << 2) | natBits(cursor);
      bySubnet.set(k, (bySubnet.get(k) ?? 0) + 1);
    }
  }
}

function entrySamples(counts: Map<number, number>): Sample[] {
  const out: Sample[] = [];
  for (const key of [...counts.keys()].sort((a, b) => a - b)) {
    const state = key & 0xf;
    const proto = (key >> 4) & 0xff;
    const v6 = (key >> 12) & 1;
    const zone = key >> 13;
    out.push({
      labels: [
        ['zone', String(zone)], ['l3proto', v6 ? 'ipv6' : 'ipv4'], ['l4proto', trackedProtocolName(proto) ?? String(proto)],
        ['state', state === 0 ? 'none' : TCP_STATES[state - 1] ?? String(state - 1)],
      ],
      value: counts.get(key)!,
    });
  }
  return out;
}

function subnetSamples(counts: Map<number, number>, subnets: readonly Subnet[]): Sample[] {
  const out: Sample[] = [];
  // Every subnet shows zone 0 with each NAT kind, even at 0, so an alert on it has a series to read.
  for (let i = 0; i < subnets.length; i++) for (let nat = 0; nat < 4; nat++) if (!counts.has(i << 18 | nat)) counts.set(i << 18 | nat, 0);
  for (const key of [...counts.keys()].sort((a, b) => a - b)) {
    out.push({
      labels: [['subnet', subnets[key >> 18]!.text], ['zone', String((key >> 2) & 0xffff)], ['nat', NAT_NAMES[key & 3]!]],
      value: counts.get(key)!,
    });
  }
  return out;
}

/** `nlts_conntrack_entries{zone,l3proto,l4proto,state}` and the `--subnet` counts, counted from the dump's bytes without an object per entry. */
export const conntrackEntriesCollector: Collector = {
  name: 'conntrack',
  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const ct = await Conntrack.open(ctx.netns !== undefined ? { netns: ctx.netns } : {});
    const counts: EntryCounts = { entries: new Map(), subnets: new Map() };
    try {
      for await (const cursor of ct.dump().cursors()) countEntries(cursor, ctx.subnets, counts);
    } finally {
      ct.close();
    }
    const families: MetricFamily[] = [{
      name: 'nlts_conntrack_entries', type: 'gauge', samples: entrySamples(counts.entries),
      help: 'Conntrack entries by zone (0 without one), layer 3 and 4 protocol and TCP state (none for other protocols).',
    }];
    if (ctx.subnets.length > 0) {
      families.push({
        name: 'nlts_conntrack_subnet_entries', type: 'gauge', samples: subnetSamples(counts.subnets, ctx.subnets),
        help: 'Conntrack entries whose original source is in the subnet, by zone and NAT seen in the reply tuple (none, snat, dnat, both).',
      });
    }
    return families;
  },
};

