// The listings' fast path: a LinkSummary (or just the name) read from a MessageView of the link schema, in
// place, without building the rest of the model (statistics, link info, kept unknown attributes).
import { endianness } from 'node:os';
import { AttributeCursor, hostCodec } from '../../netlink/attributes.js';
import { NLA_HDRLEN } from '../../netlink/constants.js';
import { MessageView, kinds, type ValueKind } from '../../netlink/schema/index.js';
import { IFINFOMSG } from '../headers.js';
import { IFF, IFF_UP, IFLA, flagList } from '../constants.js';
import { hw, hwText, linkAttributes, linkSchema, operstateName, typeName } from './schema.js';
import type { LinkSummary } from './model.js';

/** A view of RTM_NEWLINK payloads; refilled message after message (one per listing, never shared). */
export type LinkView = MessageView<ReturnType<typeof linkSchema.fromHeader>, typeof linkSchema.header.fields>;

export const newLinkView = (): LinkView => new MessageView(linkSchema);

// The summary's fields with one row each, and those rows (a listing reads them for every link).
const FIELDS = ['mtu', 'linkmode', 'address', 'broadcast', 'txqlen', 'qdisc', 'master', 'link', 'linkNetnsId', 'group'] as const;
const ROWS = FIELDS.map((f) => linkAttributes.byField.get(f)!);
const NAME = linkAttributes.byField.get('name')!;
const HDR = IFINFOMSG.offsets;

// Reads one attribute whose value the view located (its length already checked by the view's walk). The
// common kinds are read straight from the bytes; NLA_F_NET_BYTEORDER (bit 14 of nla_type, in the type's high
// byte just before the value) and big-endian hosts go through the kind's own reader on a cursor, as decode().
const LE = endianness() === 'LE';
const one = new AttributeCursor(hostCodec);
function read(v: LinkView, type: number, kind: ValueKind<unknown>): unknown {
  const b = v.buf;
  const at = v.offset(type);
  const end = at + v.length(type);
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
    index: b.readInt32LE(at + HDR.index), name: v.has(NAME.type) ? read(v, NAME.type, NAME.kind) as string : '', family: b[at + HDR.family]!,
    type: typeName(b.readUInt16LE(at + HDR.type)), flags: flagList(flags, IFF), up: (flags & IFF_UP) !== 0, rawFlags: flags, change: b.readUInt32LE(at + HDR.change),
  };
  // IFLA_OPERSTATE is named from its number by the row's codec: one byte, length checked by the view's walk.
  const st = v.offset(IFLA.OPERSTATE);
  if (st >= 0) s.operstate = operstateName(b[st]!);
  for (let i = 0; i < ROWS.length; i++) {
    const row = ROWS[i]!;
    if (v.has(row.type)) (s as Record<string, unknown>)[FIELDS[i]!] = read(v, row.type, row.kind);
  }
  return s;
}

/** linkSummary of the payload at [start, end) of `buf` (a dump chunk), through `view`. */
export function linkSummaryAt(view: LinkView, buf: Buffer, start: number, end: number): LinkSummary {
  return linkSummary(view.reset(buf, start, end));
}
