// nft's set type names as JSON apply reads them: id, value layout and size of each (the JSON names a type,
// not its size), and the set type of a value's data type.
import { IFNAMSIZ } from '../constants.js';
import type { DataType } from '../render/datatypes.js';
import { fail } from './common.js';
import type { ValueType } from './values.js';
import { SET_TYPE_IDS, setTypeInfo } from '../render/set-types.js';

/** Key sizes of nft's set types by name (the JSON names a set's type, not its size). */
const TYPE_LEN: Readonly<Record<string, number>> = {
  ipv4_addr: 4, ipv6_addr: 16, ether_addr: 6, ether_type: 2, arp_op: 2, inet_proto: 1, inet_service: 2, icmp_type: 1, tcp_flag: 1,
  dccp_pkttype: 1, mark: 4, iface_index: 4, iface_type: 2, realm: 4, classid: 4, uid: 4, gid: 4, ct_state: 4, ct_dir: 1, ct_status: 4,
  icmpv6_type: 1, pkt_type: 1, icmp_code: 1, icmpv6_code: 1, icmpx_code: 1, devgroup: 4, dscp: 1, ecn: 1, boolean: 1, ct_event: 4,
  ifname: IFNAMSIZ, string: IFNAMSIZ, igmp_type: 1, time: 8, hour: 4, day: 1, nf_proto: 1, integer: 4, bitmask: 4,
};
/** A set type by name: its id, value layout and size. */
export function setType(name: string): { id: number; value: ValueType } {
  const id = SET_TYPE_IDS[name] ?? fail('set type', `'${name}' is not supported`);
  const info = setTypeInfo(id);
  return { id, value: { type: info.format, len: TYPE_LEN[name] ?? 4, hostOrder: info.hostOrder } };
}
/** The set type id of a value's data type (what an anonymous set of such values declares). */
export function typeIdOf(t: DataType): number {
  if (SET_TYPE_IDS[t] !== undefined && setTypeInfo(SET_TYPE_IDS[t]!).format === t) return SET_TYPE_IDS[t]!;
  for (let id = 1; id < 64; id++) if (setTypeInfo(id).format === t) return id;
  return SET_TYPE_IDS.integer!;
}
/** nft keeps interface names in host byte order (its ifname type), although they are strings. */
export const hostOrderKey = (v: ValueType): boolean => v.hostOrder || v.type === 'ifname';
