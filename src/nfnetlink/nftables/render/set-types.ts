// nft's data type ids as they appear in NFTA_SET_KEY_TYPE / NFTA_SET_DATA_TYPE (observed in nft's requests),
// mapped to the names nft prints and to the value formatting of render/datatypes.ts.
import { NFT_DATA_VERDICT } from '../constants.js';
import type { DataType } from './datatypes.js';

const TYPES: Readonly<Record<number, { name: string; format: DataType; hostOrder: boolean }>> = {
  0: { name: 'invalid', format: 'hex', hostOrder: false },
  1: { name: 'verdict', format: 'verdict', hostOrder: false },
  2: { name: 'nf_proto', format: 'nf_proto', hostOrder: true },
  3: { name: 'bitmask', format: 'bitmask', hostOrder: false },
  4: { name: 'integer', format: 'integer', hostOrder: false },
  5: { name: 'string', format: 'ifname', hostOrder: false },
  7: { name: 'ipv4_addr', format: 'ipv4_addr', hostOrder: false },
  8: { name: 'ipv6_addr', format: 'ipv6_addr', hostOrder: false },
  9: { name: 'ether_addr', format: 'ether_addr', hostOrder: false },
  10: { name: 'ether_type', format: 'ether_type', hostOrder: false },
  11: { name: 'arp_op', format: 'arp_op', hostOrder: false },
  12: { name: 'inet_proto', format: 'inet_proto', hostOrder: false },
  13: { name: 'inet_service', format: 'inet_service', hostOrder: false },
  14: { name: 'icmp_type', format: 'icmp_type', hostOrder: false },
  15: { name: 'tcp_flag', format: 'tcp_flag', hostOrder: false },
  16: { name: 'dccp_pkttype', format: 'dccp_pkttype', hostOrder: false },
  18: { name: 'time', format: 'duration', hostOrder: true },
  19: { name: 'mark', format: 'mark', hostOrder: true },
  20: { name: 'iface_index', format: 'iface_index', hostOrder: true },
  21: { name: 'iface_type', format: 'iface_type', hostOrder: true },
  22: { name: 'realm', format: 'realm', hostOrder: true },
  23: { name: 'classid', format: 'tc_handle', hostOrder: true },
  24: { name: 'uid', format: 'uid', hostOrder: true },
  25: { name: 'gid', format: 'gid', hostOrder: true },
  26: { name: 'ct_state', format: 'ct_state', hostOrder: true },
  27: { name: 'ct_dir', format: 'ct_dir', hostOrder: true },
  28: { name: 'ct_status', format: 'ct_status', hostOrder: true },
  29: { name: 'icmpv6_type', format: 'icmpv6_type', hostOrder: false },
  31: { name: 'pkt_type', format: 'pkttype', hostOrder: true },
  32: { name: 'icmp_code', format: 'icmp_code', hostOrder: false },
  33: { name: 'icmpv6_code', format: 'icmpv6_code', hostOrder: false },
  34: { name: 'icmpx_code', format: 'icmpx_code', hostOrder: false },
  35: { name: 'devgroup', format: 'devgroup', hostOrder: true },
  36: { name: 'dscp', format: 'dscp', hostOrder: false },
  37: { name: 'ecn', format: 'ecn', hostOrder: false },
  39: { name: 'boolean', format: 'boolean', hostOrder: true },
  40: { name: 'ct_event', format: 'ct_event', hostOrder: true },
  41: { name: 'ifname', format: 'ifname', hostOrder: false },
  42: { name: 'igmp_type', format: 'igmp_type', hostOrder: false },
  43: { name: 'time', format: 'time', hostOrder: true },
  44: { name: 'hour', format: 'hour', hostOrder: true },
  45: { name: 'day', format: 'day', hostOrder: true },
};

export const SET_TYPE_IDS: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(TYPES).map(([id, t]) => [t.name, Number(id)]));

/** The data types of a concatenated key type (ids of 6 bits each, first field in the highest bits), or undefined. */
export function concatTypes(id: number): number[] | undefined {
  if (id < 64 || id === NFT_DATA_VERDICT) return undefined;
  const out: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 64)) out.unshift(v % 64);
  return out.every((t) => TYPES[t]) ? out : undefined;
}

export function setTypeInfo(id: number): { name: string; format: DataType; hostOrder: boolean } {
  if (id === NFT_DATA_VERDICT) return { name: 'verdict', format: 'verdict', hostOrder: false };
  const parts = concatTypes(id);
  if (parts) return { name: parts.map((t) => TYPES[t]!.name).join(' . '), format: 'hex', hostOrder: false };
  return TYPES[id] ?? { name: `type ${id}`, format: 'hex', hostOrder: false };
}

/** nft's duration text: 1h, 10m, 1d2h3m4s5ms. */
export function durationText(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['d', 86400000], ['h', 3600000], ['m', 60000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) { out += `${n}${unit}`; rest -= n * size; }
  }
  return out;
}
