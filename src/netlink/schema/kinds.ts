// Value kinds of attributes: how one attribute's value is read (from the walker's current attribute),
// written, checked during a view's walk, and named for `decode`. One object per kind, shared by every schema.
import type { AttributeCursor, AttributeWriter } from '../attributes.js';
import type { AttrKind } from '../describe.js';
import { addressToBytes } from '../address.js';
import { NetlinkDecodeError } from '../errors.js';

export interface ValueKind<T> {
  /** How `decode` shows the value. */
  readonly policy: AttrKind;
  /** The shortest value that reads without error (checked by a view's walk, before any access). */
  readonly min: number;
  /** The only lengths that read, when they are a few (4 or 16 for an IP address). */
  readonly sizes?: readonly [number, number];
  /** The value of the cursor's current attribute; NetlinkDecodeError when it does not fit. */
  read(c: AttributeCursor): T;
  write(w: AttributeWriter, type: number, v: T): void;
}

export const u8: ValueKind<number> = { policy: 'u8', min: 1, read: (c) => c.u8(), write: (w, t, v) => { w.u8(t, v); } };
export const u16: ValueKind<number> = { policy: 'u16', min: 2, read: (c) => c.u16(), write: (w, t, v) => { w.u16(t, v); } };
export const u32: ValueKind<number> = { policy: 'u32', min: 4, read: (c) => c.u32(), write: (w, t, v) => { w.u32(t, v); } };
export const s32: ValueKind<number> = { policy: 's32', min: 4, read: (c) => c.s32(), write: (w, t, v) => { w.s32(t, v); } };
/** A u16 in network byte order whatever the family's (ports). */
export const u16be: ValueKind<number> = {
  policy: 'u16be', min: 2,
  read: (c) => {
    if (c.length < 2) throw new NetlinkDecodeError(`attribute type ${c.type}`, 0, `u16 needs 2 bytes, got ${c.length}`);
    return c.buf.readUInt16BE(c.valueStart);
  },
  write: (w, t, v) => { w.u16be(t, v); },
};
export const string: ValueKind<string> = { policy: 'string', min: 0, read: (c) => c.string(), write: (w, t, v) => { w.string(t, v); } };
/** An IPv4 or IPv6 address by length, as text. */
export const ip: ValueKind<string> = {
  policy: 'ip', min: 4, sizes: [4, 16], read: (c) => c.ip(), write: (w, t, v) => { w.bytes(t, addressToBytes(v, 'address')); },
};
/** A hardware address as colon-separated hex ('02:00:00:00:00:01'). */
export const lladdr: ValueKind<string> = {
  policy: 'hex', min: 0,
  read: (c) => {
    const parts: string[] = [];
    for (let i = c.valueStart; i < c.valueEnd; i++) parts.push(c.buf[i]!.toString(16).padStart(2, '0'));
    return parts.join(':');
  },
  write: (w, t, v) => { w.bytes(t, Buffer.from(v.length === 0 ? [] : v.split(':').map((h) => parseInt(h, 16)))); },
};
/** Raw bytes (copied out of the receive buffer). */
export const bytes: ValueKind<Buffer> = {
  policy: 'binary', min: 0, read: (c) => Buffer.from(c.value()), write: (w, t, v) => { w.bytes(t, v); },
};
/** A flag attribute: present or not. */
export const flag: ValueKind<true> = { policy: 'flag', min: 0, read: () => true, write: (w, t) => { w.flag(t); } };

/** The same kind for an attribute the model keeps raw: its length is decode's to judge, not the view's. */
export function lenient<V>(k: ValueKind<V>): ValueKind<V> {
  return { policy: k.policy, min: 0, read: k.read, write: k.write };
}

/** A u8 read as a boolean (IFLA_CARRIER, IFLA_PROTO_DOWN, FRA_L3MDEV). */
export const bool8: ValueKind<boolean> = { policy: 'u8', min: 1, read: (c) => c.u8() !== 0, write: (w, t, v) => { w.u8(t, v ? 1 : 0); } };
