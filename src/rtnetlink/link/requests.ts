// Link requests as `ip link add|set|del|show` send them. Builders take resolved ifindexes and namespace fds,
// so that they are pure (the golden tests use them).
import { Flags } from '../../netlink/constants.js';
import { ValidationError } from '../../netlink/errors.js';
import { hostCodec, type AttributeWriter } from '../../netlink/attributes.js';
import type { Request } from '../../netlink/connection.js';
import { IFF_UP, IFLA, IFLA_INFO, IFLA_VLAN_ID, RTEXT_FILTER, RTM, VETH_INFO_PEER } from '../constants.js';
import { checkRange, checkU32, hwAddressBytes, validateIfName, validateIndex } from '../common.js';
import { writeIfInfoMsg } from '../headers.js';
import type { LinkAttributes, LinkListFilter, NetnsTarget, ResolvedChange, ResolvedCreate } from './model.js';

function writeNetns(w: AttributeWriter, t: NetnsTarget): void {
  if ('fd' in t) w.u32(IFLA.NET_NS_FD, t.fd);
  else w.u32(IFLA.NET_NS_PID, t.pid);
}

/** RTM_GETLINK for one link by name, as `ip` sends it (IFLA_EXT_MASK VF|SKIP_STATS, then IFLA_IFNAME). */
export function getLinkByNameRequest(name: string): Request {
  validateIfName(name);
  const attrs = hostCodec.writer(64).u32(IFLA.EXT_MASK, RTEXT_FILTER.VF | RTEXT_FILTER.SKIP_STATS).string(IFLA.IFNAME, name).finish();
  return { type: RTM.GETLINK, flags: 0, payload: Buffer.concat([writeIfInfoMsg({}), attrs]), operation: `get link ${name}` };
}

/** RTM_GETLINK for one link by index; `stats` leaves RTEXT_FILTER_SKIP_STATS out. */
export function getLinkByIndexRequest(index: number, stats = false): Request {
  validateIndex(index);
  const attrs = hostCodec.writer(16).u32(IFLA.EXT_MASK, RTEXT_FILTER.VF | (stats ? 0 : RTEXT_FILTER.SKIP_STATS)).finish();
  return { type: RTM.GETLINK, flags: 0, payload: Buffer.concat([writeIfInfoMsg({ index }), attrs]), operation: `get link ${index}` };
}

/** The link dump names() sends: IFLA_EXT_MASK RTEXT_FILTER_SKIP_STATS keeps the counters out of every message. */
export function dumpLinkNamesRequest(): Request {
  const attrs = hostCodec.writer(8).u32(IFLA.EXT_MASK, RTEXT_FILTER.SKIP_STATS).finish();
  return { type: RTM.GETLINK, flags: 0, payload: Buffer.concat([writeIfInfoMsg({}), attrs]), operation: 'dump link names' };
}

/** The link dump; `skipStats` adds IFLA_EXT_MASK RTEXT_FILTER_SKIP_STATS (listings that show no counters). */
export function dumpLinksRequest(filter: LinkListFilter = {}, skipStats = false): Request {
  const w = hostCodec.writer(32);
  if (filter.master !== undefined) w.u32(IFLA.MASTER, filter.master);
  if (filter.kind !== undefined) w.nested(IFLA.LINKINFO, (n) => n.bytes(IFLA_INFO.KIND, Buffer.from(filter.kind!)));
  if (skipStats) w.u32(IFLA.EXT_MASK, RTEXT_FILTER.SKIP_STATS);
  return { type: RTM.GETLINK, flags: 0, payload: Buffer.concat([writeIfInfoMsg({}), w.finish()]), operation: 'dump links' };
}

function writeLinkAttributes(w: AttributeWriter, a: LinkAttributes): void {
  if (a.mtu !== undefined) w.u32(IFLA.MTU, checkRange(a.mtu, 'mtu', 68, 0x7fffffff));
  if (a.address !== undefined) w.bytes(IFLA.ADDRESS, hwAddressBytes(a.address));
  if (a.txqlen !== undefined) w.u32(IFLA.TXQLEN, checkU32(a.txqlen, 'txqlen'));
  if (a.alias !== undefined) w.string(IFLA.IFALIAS, a.alias);
  if (a.group !== undefined) w.u32(IFLA.GROUP, checkU32(a.group, 'group'));
}

/** RTM_NEWLINK NLM_F_CREATE|NLM_F_EXCL: `ip link add [link PARENT] NAME [netns NS] type KIND ...`. */
export function createLinkRequest(spec: ResolvedCreate): Request {
  validateIfName(spec.name, 'name');
  const w = hostCodec.writer(128);
  if (spec.parent !== undefined) w.u32(IFLA.LINK, spec.parent);
  w.string(IFLA.IFNAME, spec.name);
  writeLinkAttributes(w, spec);
  if (spec.master !== undefined) w.u32(IFLA.MASTER, spec.master);
  if (spec.netns) writeNetns(w, spec.netns);
  w.nested(IFLA.LINKINFO, (info) => {
    info.bytes(IFLA_INFO.KIND, Buffer.from(spec.kind)); // no NUL, as ip sends it (NLA_STRING)
    if (spec.kind === 'veth' && spec.veth) {
      const peer = spec.veth;
      validateIfName(peer.peer, 'peer name');
      info.nested(IFLA_INFO.DATA, (data) => {
        const pw = hostCodec.writer(64);
        if (peer.peerNetns) writeNetns(pw, peer.peerNetns);
        pw.string(IFLA.IFNAME, peer.peer);
        if (peer.peerMtu !== undefined) pw.u32(IFLA.MTU, checkRange(peer.peerMtu, 'peer mtu', 68, 0x7fffffff));
        if (peer.peerAddress !== undefined) pw.bytes(IFLA.ADDRESS, hwAddressBytes(peer.peerAddress, 'peer address'));
        // VETH_INFO_PEER carries a struct ifinfomsg followed by the peer's attributes.
        data.bytes(VETH_INFO_PEER, Buffer.concat([writeIfInfoMsg({}), pw.finish()]));
      });
    } else if (spec.kind === 'vlan') {
      if (spec.vlanId === undefined) throw new ValidationError('vlanId', 'a vlan needs an id');
      info.nested(IFLA_INFO.DATA, (data) => data.u16(IFLA_VLAN_ID, checkRange(spec.vlanId!, 'vlanId', 0, 4094)));
    }
  });
  const up = spec.up ? IFF_UP : 0;
  return {
    type: RTM.NEWLINK, flags: Flags.ACK | Flags.CREATE | Flags.EXCL,
    payload: Buffer.concat([writeIfInfoMsg({ flags: up, change: up }), w.finish()]),
    operation: `create ${spec.kind} link ${spec.name}${spec.veth ? ` (peer ${spec.veth.peer})` : ''}`,
  };
}

/** RTM_NEWLINK on an existing link (`ip link set`): flags through ifi_flags/ifi_change, the rest as attributes. */
export function changeLinkRequest(index: number, change: ResolvedChange, label: string = String(index)): Request {
  validateIndex(index);
  const w = hostCodec.writer(64);
  if (change.name !== undefined) { validateIfName(change.name, 'name'); w.string(IFLA.IFNAME, change.name); }
  writeLinkAttributes(w, change);
  if (change.master !== undefined) w.u32(IFLA.MASTER, change.master);
  if (change.netns) writeNetns(w, change.netns);
  const upBits = change.up === undefined ? { flags: 0, change: 0 } : { flags: change.up ? IFF_UP : 0, change: IFF_UP };
  const what = [
    change.up === undefined ? '' : change.up ? 'up' : 'down', change.mtu === undefined ? '' : `mtu ${change.mtu}`,
    change.name ? `name ${change.name}` : '', change.netns ? 'netns' : '', change.master !== undefined ? 'master' : '',
    change.address ? `address ${change.address}` : '',
  ].filter(Boolean).join(' ');
  return { type: RTM.NEWLINK, flags: Flags.ACK, payload: Buffer.concat([writeIfInfoMsg({ index, ...upBits }), w.finish()]), operation: `set link ${label} ${what}`.trim() };
}

export function deleteLinkRequest(index: number, label: string = String(index)): Request {
  validateIndex(index);
  return { type: RTM.DELLINK, flags: Flags.ACK, payload: writeIfInfoMsg({ index }), operation: `delete link ${label}` };
}
