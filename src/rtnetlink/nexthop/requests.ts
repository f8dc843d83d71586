// Nexthop requests as `ip nexthop add|replace|del` and `ip nexthop show` send them.
import { AF_INET, AF_UNSPEC, Flags } from '../../netlink/constants.js';
import { addressToBytes } from '../../netlink/address.js';
import { ValidationError } from '../../netlink/errors.js';
import { hostCodec } from '../../netlink/attributes.js';
import type { Request } from '../../netlink/connection.js';
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES, NHA, NHA_RES_GROUP, RTM, RTNH_F_ONLINK } from '../constants.js';
import { addressArg, checkRange, protocolNumber } from '../common.js';
import { writeNhMsg } from '../headers.js';
import type { NexthopListFilter, NexthopWrite, ResolvedNexthop } from './model.js';

/** RTM_NEWNEXTHOP as `ip nexthop add|replace` sends it: id, then group or gateway/device/blackhole. */
export function nexthopRequest(kind: NexthopWrite, s: ResolvedNexthop): Request {
  checkRange(s.id, 'nexthop id', 1, 0xffffffff);
  const w = hostCodec.writer(64);
  w.u32(NHA.ID, s.id);
  let family = AF_UNSPEC;
  if (s.group !== undefined) {
    if (s.via !== undefined || s.dev !== undefined || s.blackhole) throw new ValidationError('group', 'a group takes no via, dev or blackhole of its own');
    if (s.group.length === 0) throw new ValidationError('group', 'needs at least one member');
    const b = Buffer.alloc(8 * s.group.length);
    s.group.forEach((m, i) => {
      b.writeUInt32LE(checkRange(m.id, `group[${i}].id`, 1, 0xffffffff), 8 * i);
      b[8 * i + 4] = checkRange(m.weight ?? 1, `group[${i}].weight`, 1, 256) - 1;
    });
    w.bytes(NHA.GROUP, b);
    if (s.groupType === 'resilient') {
      w.u16(NHA.GROUP_TYPE, NEXTHOP_GRP_TYPE_RES);
      // NLA_F_NESTED: the kernel parses NHA_RES_GROUP strictly and refuses it without the flag.
      if (s.buckets !== undefined) w.nested(NHA.RES_GROUP, (n) => n.u16(NHA_RES_GROUP.BUCKETS, checkRange(s.buckets!, 'buckets', 1, 0xffff)), true);
    } else if (s.groupType !== undefined && s.groupType !== 'mpath') {
      throw new ValidationError('groupType', `'${String(s.groupType)}' is not mpath or resilient`);
    }
  } else if (s.blackhole) {
    if (s.via !== undefined || s.dev !== undefined) throw new ValidationError('blackhole', 'a blackhole takes no via or dev');
    family = AF_INET; // a single nexthop needs a family (EINVAL otherwise); without a gateway, ip says inet
    w.flag(NHA.BLACKHOLE);
  } else {
    if (s.via === undefined && s.dev === undefined) throw new ValidationError('nexthop', 'needs via, dev, blackhole or group');
    family = AF_INET;
    if (s.via !== undefined) {
      const gw = addressArg(s.via, 'via');
      family = gw.family;
      w.bytes(NHA.GATEWAY, addressToBytes(gw.address, 'via'));
    }
    if (s.dev !== undefined) w.u32(NHA.OIF, s.dev);
  }
  const header = writeNhMsg({
    family, protocol: s.protocol === undefined ? 0 : protocolNumber(s.protocol), flags: s.onlink ? RTNH_F_ONLINK : 0,
  });
  return {
    type: RTM.NEWNEXTHOP, flags: Flags.ACK | Flags.CREATE | (kind === 'add' ? Flags.EXCL : Flags.REPLACE),
    payload: Buffer.concat([header, w.finish()]), operation: `${kind} nexthop ${s.id}`,
  };
}

/** RTM_DELNEXTHOP by id. */
export function deleteNexthopRequest(id: number): Request {
  checkRange(id, 'nexthop id', 1, 0xffffffff);
  const w = hostCodec.writer(16);
  w.u32(NHA.ID, id);
  return { type: RTM.DELNEXTHOP, flags: Flags.ACK, payload: Buffer.concat([writeNhMsg({}), w.finish()]), operation: `delete nexthop ${id}` };
}

/** RTM_GETNEXTHOP dump, filtered in the kernel. */
export function dumpNexthopsRequest(filter: NexthopListFilter = {}): Request {
  const w = hostCodec.writer(16);
  if (filter.oif !== undefined) w.u32(NHA.OIF, filter.oif);
  if (filter.groups) w.flag(NHA.GROUPS);
  return { type: RTM.GETNEXTHOP, flags: 0, payload: Buffer.concat([writeNhMsg({}), w.finish()]), operation: 'dump nexthops' };
}
