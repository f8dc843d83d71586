// IFLA_LINKINFO: the link's kind and its kind-specific data (IFLA_INFO_DATA), read into LinkInfo and written
// back; and how `nlts decode` names the nest.
import type { Attribute, AttributeCursor, AttributeWriter } from '../../netlink/attributes.js';
import { hostCodec } from '../../netlink/attributes.js';
import type { AttrPolicy, AttrSpec } from '../../netlink/describe.js';
import { IFLA_INFO, IFLA_VLAN_ID } from '../constants.js';
import { keep } from '../common.js';
import type { Link, LinkInfo } from './model.js';

/** Reads the cursor's IFLA_LINKINFO into `m.info` (and `m.kind`). */
export function decodeLinkInfo(c: AttributeCursor, m: Link): void {
  const info: LinkInfo = { unknown: [] };
  let dataMembers: ReturnType<typeof hostCodec.nested> | undefined;
  for (const x of hostCodec.nested(c.attribute(), 'IFLA_LINKINFO')) {
    switch (x.type) {
      case IFLA_INFO.KIND: info.kind = hostCodec.string(x); break;
      case IFLA_INFO.SLAVE_KIND: info.slaveKind = hostCodec.string(x); break;
      case IFLA_INFO.DATA: dataMembers = hostCodec.nested(x, 'IFLA_INFO_DATA'); break;
      case IFLA_INFO.SLAVE_DATA: info.slaveData = hostCodec.nested(x, 'IFLA_INFO_SLAVE_DATA').map(keep); break;
      default: info.unknown.push(keep(x));
    }
  }
  if (dataMembers) {
    info.data = dataMembers.map(keep);
    // The data's numbers mean different things per kind: read them only once the kind is known.
    if (info.kind === 'vlan') for (const d of dataMembers) if (d.type === IFLA_VLAN_ID) info.vlanId = hostCodec.u16(d);
  }
  m.info = info;
  if (info.kind !== undefined) m.kind = info.kind;
}

/** Writes `m.info` as IFLA_LINKINFO (nothing when absent). */
export function encodeLinkInfo(w: AttributeWriter, m: Link, type: number): void {
  const info = m.info;
  if (!info) return;
  w.nested(type, (n) => {
    if (info.kind !== undefined) n.string(IFLA_INFO.KIND, info.kind);
    if (info.data) n.nested(IFLA_INFO.DATA, (d) => { for (const a of info.data!) d.attribute(a); });
    if (info.slaveKind !== undefined) n.string(IFLA_INFO.SLAVE_KIND, info.slaveKind);
    if (info.slaveData) n.nested(IFLA_INFO.SLAVE_DATA, (d) => { for (const a of info.slaveData!) d.attribute(a); });
    for (const a of info.unknown) n.attribute(a);
  });
}

const p = (name: string, kind: AttrSpec['kind'], extra: Partial<AttrSpec> = {}): AttrSpec => ({ name, kind, ...extra });
const IFINFOMSG_SIZE = 16; // sizeof(struct ifinfomsg), before the peer's IFLA_* in VETH_INFO_PEER

/** IFLA_INFO_DATA of a bridge (IFLA_BR_*): the options `ip -d link` shows; later ones show by number. */
const bridgeData: AttrPolicy = {
  1: p('IFLA_BR_FORWARD_DELAY', 'u32'),
  2: p('IFLA_BR_HELLO_TIME', 'u32'),
  3: p('IFLA_BR_MAX_AGE', 'u32'),
  4: p('IFLA_BR_AGEING_TIME', 'u32'),
  5: p('IFLA_BR_STP_STATE', 'u32'),
  6: p('IFLA_BR_PRIORITY', 'u16'),
  7: p('IFLA_BR_VLAN_FILTERING', 'u8'),
  8: p('IFLA_BR_VLAN_PROTOCOL', 'u16be'),
  9: p('IFLA_BR_GROUP_FWD_MASK', 'u16'),
  10: p('IFLA_BR_ROOT_ID', 'binary'),
  11: p('IFLA_BR_BRIDGE_ID', 'binary'),
  12: p('IFLA_BR_ROOT_PORT', 'u16'),
  13: p('IFLA_BR_ROOT_PATH_COST', 'u32'),
  14: p('IFLA_BR_TOPOLOGY_CHANGE', 'u8'),
  15: p('IFLA_BR_TOPOLOGY_CHANGE_DETECTED', 'u8'),
  16: p('IFLA_BR_HELLO_TIMER', 'u64'),
  17: p('IFLA_BR_TCN_TIMER', 'u64'),
  18: p('IFLA_BR_TOPOLOGY_CHANGE_TIMER', 'u64'),
  19: p('IFLA_BR_GC_TIMER', 'u64'),
  20: p('IFLA_BR_GROUP_ADDR', 'hex'),
  21: p('IFLA_BR_FDB_FLUSH', 'flag'),
  22: p('IFLA_BR_MCAST_ROUTER', 'u8'),
  23: p('IFLA_BR_MCAST_SNOOPING', 'u8'),
  39: p('IFLA_BR_VLAN_DEFAULT_PVID', 'u16'),
  40: p('IFLA_BR_PAD', 'binary'),
};

/** IFLA_INFO_DATA of a vlan (IFLA_VLAN_*). */
const vlanData: AttrPolicy = {
  1: p('IFLA_VLAN_ID', 'u16'),
  2: p('IFLA_VLAN_FLAGS', 'binary'),
  3: p('IFLA_VLAN_EGRESS_QOS', 'nested'),
  4: p('IFLA_VLAN_INGRESS_QOS', 'nested'),
  5: p('IFLA_VLAN_PROTOCOL', 'u16be'),
};

/**
 * `decode`'s policy of IFLA_LINKINFO. IFLA_INFO_DATA's numbers mean different things per kind, so its policy
 * is chosen by the IFLA_INFO_KIND beside it; a veth's VETH_INFO_PEER holds the peer's struct ifinfomsg and
 * IFLA_* attributes, named by `peer` (the link policy itself).
 */
export function linkInfoPolicy(peer: () => AttrPolicy): AttrPolicy {
  const vethData: AttrPolicy = { 1: p('VETH_INFO_PEER', 'nested', { skip: IFINFOMSG_SIZE, policy: peer }) };
  const byKind: Readonly<Record<string, AttrPolicy>> = { veth: vethData, bridge: bridgeData, vlan: vlanData };
  const dataOf = (siblings: readonly Attribute[]): AttrPolicy | undefined => {
    const kind = siblings.find((a) => a.type === IFLA_INFO.KIND);
    return kind === undefined ? undefined : byKind[hostCodec.string(kind)];
  };
  return {
    [IFLA_INFO.KIND]: p('IFLA_INFO_KIND', 'string'),
    [IFLA_INFO.DATA]: p('IFLA_INFO_DATA', 'nested', { policyBy: dataOf }),
    [IFLA_INFO.XSTATS]: p('IFLA_INFO_XSTATS', 'hex'),
    [IFLA_INFO.SLAVE_KIND]: p('IFLA_INFO_SLAVE_KIND', 'string'),
    [IFLA_INFO.SLAVE_DATA]: p('IFLA_INFO_SLAVE_DATA', 'hex'),
  };
}
