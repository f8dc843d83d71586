// IFLA_LINKINFO: the link's kind and its kind-specific data (IFLA_INFO_DATA), read into LinkInfo and written
// back; and how `nlts decode` names the nest.
import type { AttributeCursor, AttributeWriter } from '../../netlink/attributes.js';
import { hostCodec } from '../../netlink/attributes.js';
import type { AttrPolicy } from '../../netlink/describe.js';
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

/** `decode`'s policy of IFLA_LINKINFO. */
export const linkInfoPolicy: AttrPolicy = {
  [IFLA_INFO.KIND]: { name: 'IFLA_INFO_KIND', kind: 'string' },
  [IFLA_INFO.DATA]: { name: 'IFLA_INFO_DATA', kind: 'hex' },
  [IFLA_INFO.XSTATS]: { name: 'IFLA_INFO_XSTATS', kind: 'hex' },
  [IFLA_INFO.SLAVE_KIND]: { name: 'IFLA_INFO_SLAVE_KIND', kind: 'string' },
  [IFLA_INFO.SLAVE_DATA]: { name: 'IFLA_INFO_SLAVE_DATA', kind: 'hex' },
};
