// RTA_MULTIPATH: a run of struct rtnexthop, each followed by its own RTA_* attributes (a gateway, or a
// gateway of another family as RTA_VIA), and RTA_VIA's struct rtvia.
import { AttributeCursor, hostCodec, type AttributeWriter } from '../../netlink/attributes.js';
import { addressToBytes, familyOf, formatAddress } from '../../netlink/address.js';
import { RTA, RTM_F, flagList } from '../constants.js';
import { RTNEXTHOP } from '../headers.js';
import type { NextHop } from './model.js';

/** struct rtvia: a u16 family, then the address. */
export function viaAddress(buf: Buffer, start: number, end: number): string {
  return formatAddress(buf, start + 2, end - start - 2);
}

/** A gateway as RTA_GATEWAY, or as RTA_VIA when its family is not the route's. */
export function writeGateway(w: AttributeWriter, gw: string, family: number, field: string): void {
  const gf = familyOf(gw, field);
  const a = addressToBytes(gw, field);
  if (gf === family) { w.bytes(RTA.GATEWAY, a); return; }
  const b = Buffer.alloc(2 + a.length);
  b.writeUInt16LE(gf, 0);
  a.copy(b, 2);
  w.bytes(RTA.VIA, b);
}

/** The next hops of an RTA_MULTIPATH value at [start, end) of `buf`; a truncated tail is left out. */
export function decodeNextHops(buf: Buffer, start: number, end: number): NextHop[] {
  const out: NextHop[] = [];
  const c = new AttributeCursor(hostCodec);
  let at = start;
  while (at + RTNEXTHOP.size <= end) {
    const h = RTNEXTHOP.read(buf, at, end);
    if (h.length < RTNEXTHOP.size || at + h.length > end) break;
    const nh: NextHop = { oif: h.index, weight: h.hops + 1, flags: flagList(h.flags, RTM_F), unknown: [] };
    c.reset(buf, at + RTNEXTHOP.size, at + h.length, 'rtnexthop attributes', start);
    while (c.next()) {
      if (c.type === RTA.GATEWAY) nh.gateway = c.ip();
      else if (c.type === RTA.VIA && c.length > 2) nh.gateway = viaAddress(buf, c.valueStart, c.valueEnd);
      else nh.unknown.push(c.copy());
    }
    out.push(nh);
    at += (h.length + 3) & ~3;
  }
  return out;
}

/** The RTA_MULTIPATH value of `hops` (route family `family`). */
export function encodeNextHops(hops: readonly NextHop[], family: number): Buffer {
  const parts: Buffer[] = [];
  for (const nh of hops) {
    const aw = hostCodec.writer(32);
    if (nh.gateway !== undefined) writeGateway(aw, nh.gateway, family, 'gateway');
    for (const u of nh.unknown) aw.attribute(u);
    const attrs = aw.finish();
    let flags = 0;
    for (const [bit, name] of RTM_F) if (bit < 0x100 && nh.flags.includes(name)) flags |= bit;
    parts.push(RTNEXTHOP.write({ length: RTNEXTHOP.size + attrs.length, flags, hops: nh.weight - 1, index: nh.oif }), attrs);
  }
  return Buffer.concat(parts);
}
