// The listings' fast path: a LinkSummary (or just the name) read from a MessageView of the link schema, in
// place, without building the rest of the model (statistics, link info, kept unknown attributes).
import { endianness } from 'node:os';
import { AttributeCursor, hostCodec } from '../../netlink/attributes.js';
import { NLA_HDRLEN } from '../../netlink/constants.js';
import { MessageView, kinds, type AttributeRow } from '../../netlink/schema/index.js';
import { IFINFOMSG } from '../headers.js';
import { IFF, IFF_UP, IFLA, flagList } from '../constants.js';
import { hw, hwText, linkAttributes, linkSchema, operstateName, typeName } from './schema.js';
import type { Link, LinkSummary } from './model.js';

/** A view of RTM_NEWLINK payloads; refilled message after message (one per listing, never shared). */
export type LinkView = MessageView<Link, typeof IFINFOMSG.fields>;

export const newLinkView = (): LinkView => new MessageView(linkSchema);

// The rows of the summary's fields (a listing reads them for every link).
const row = (f: string): AttributeRow<Link> => linkAttributes.byField.get(f)!;
const NAME = row('name'), MTU = row('mtu'), LINKMODE = row('linkmode'), ADDRESS = row('address'), BROADCAST = row('broadcast');
const TXQLEN = row('txqlen'), QDISC = row('qdisc'), MASTER = row('master'), LINK = row('link'), NETNSID = row('linkNetnsId'), GROUP = row('group');
const HDR = IFINFOMSG.offsets;

// Reads one attribute whose value the view located (its length already checked by the view's walk). The
// common kinds are read straight from the bytes; NLA_F_NET_BYTEORDER (bit 14 of nla_type, in the type's high
// byte just before the value) and big-endian hosts go through the kind's own reader on a cursor, as decode().
const LE = endianness() === 'LE';
const one = new AttributeCursor(hostCodec);
function read(v: LinkView, r: AttributeRow<Link>): unknown {
  const kind = r.kind;
  const b = v.buf;
  const at = v.offset(r.type);
  const end = at + v.length(r.type);
  if (kind === kinds.string) {
    let e = at;
    while (e < end && b[e] !== 0) e++;
    return b.toString('utf8', at, e);
  }
  if (kind === hw) return hwText(b, at, end);
  if (kind === kinds.u8) return b[at];
  if (LE && (b[at - 1]! & 0x40) === 0) {
    if (kind === kinds.u32) return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
    if (kind === kinds.s32) return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
  }
  one.reset(b, at - NLA_HDRLEN, end, linkSchema.context, v.start);
  one.next();
  return kind.read(one);
}

/** The LinkSummary of the message a view holds: what decode() gives for those fields. */
export function linkSummary(v: LinkView): LinkSummary {
  const b = v.buf;
  const at = v.start;
  const flags = b.readUInt32LE(at + HDR.flags);
  const s: LinkSummary = {
    index: b.readInt32LE(at + HDR.index), name: v.has(NAME.type) ? read(v, NAME) as string : '', family: b[at + HDR.family]!,
    type: typeName(b.readUInt16LE(at + HDR.type)), flags: flagList(flags, IFF), up: (flags & IFF_UP) !== 0, rawFlags: flags, change: b.readUInt32LE(at + HDR.change),
  };
  // IFLA_OPERSTATE is named from its number by the row's codec: one byte, length checked by the view's walk.
  const st = v.offset(IFLA.OPERSTATE);
  if (st >= 0) s.operstate = operstateName(b[st]!);
  // Named stores, one per field (a loop storing by computed key was the slow part of a listing).
  if (v.has(MTU.type)) s.mtu = read(v, MTU) as number;
  if (v.has(LINKMODE.type)) s.linkmode = read(v, LINKMODE) as number;
  if (v.has(ADDRESS.type)) s.address = read(v, ADDRESS) as string;
  if (v.has(BROADCAST.type)) s.broadcast = read(v, BROADCAST) as string;
  if (v.has(TXQLEN.type)) s.txqlen = read(v, TXQLEN) as number;
  if (v.has(QDISC.type)) s.qdisc = read(v, QDISC) as string;
  if (v.has(MASTER.type)) s.master = read(v, MASTER) as number;
  if (v.has(LINK.type)) s.link = read(v, LINK) as number;
  if (v.has(NETNSID.type)) s.linkNetnsId = read(v, NETNSID) as number;
  if (v.has(GROUP.type)) s.group = read(v, GROUP) as number;
  return s;
}

/** linkSummary of the payload at [start, end) of `buf` (a dump chunk), through `view`. */
export function linkSummaryAt(view: LinkView, buf: Buffer, start: number, end: number): LinkSummary {
  return linkSummary(view.reset(buf, start, end));
}
