// Fixed C structs (struct rtmsg, struct ndmsg, ...) declared once as a list of fields: offsets, size, reader
// and writer all come from that list. Fields are laid out as the C compiler lays them out on Linux
// (natural alignment, size rounded up to the widest member), host byte order (little-endian hosts).
import { NetlinkDecodeError } from '../errors.js';

/** A field's C type; pad8/pad16 are reserved members: written as zero, left out of what read() returns. */
export type FieldType = 'u8' | 'u16' | 's32' | 'u32' | 'pad8' | 'pad16';

const WIDTH: Readonly<Record<FieldType, number>> = { u8: 1, u16: 2, s32: 4, u32: 4, pad8: 1, pad16: 2 };

/** One member: our name, its type, the kernel's name. */
export type FieldDef = readonly [name: string, type: FieldType, kernelName: string];

type PadNames<F extends readonly FieldDef[]> = Extract<F[number], readonly [string, 'pad8' | 'pad16', string]>[0];
/** The record read() returns: every non-pad member as a number. */
export type LayoutValue<F extends readonly FieldDef[]> = { [K in Exclude<F[number][0], PadNames<F>>]: number };

/** Reads one member at an absolute offset (already bounds-checked by the caller). */
export type FieldReader = (buf: Buffer, at: number) => number;

export interface Layout<F extends readonly FieldDef[]> {
  /** 'struct rtmsg', for errors and `decode`. */
  readonly name: string;
  readonly size: number;
  readonly fields: F;
  /** Offset of every member, pads included. */
  readonly offsets: { readonly [K in F[number][0]]: number };
  /** The members of the struct at `at`; NetlinkDecodeError when fewer than `size` bytes lie before `end`. */
  read(buf: Buffer, at?: number, end?: number): LayoutValue<F>;
  /** A fresh struct (missing members zero). */
  write(value: Partial<LayoutValue<F>>): Buffer;
  /** Writes every byte of the struct at `at` of `buf`. */
  writeInto(buf: Buffer, at: number, value: Partial<LayoutValue<F>>): void;
  /** A reader of one member, for views that read single fields in place. */
  reader(name: Exclude<F[number][0], PadNames<F>>): FieldReader;
}

const readers: Readonly<Record<FieldType, FieldReader>> = {
  u8: (b, at) => b[at]!,
  u16: (b, at) => b[at]! | (b[at + 1]! << 8),
  s32: (b, at) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24),
  u32: (b, at) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0,
  pad8: () => 0,
  pad16: () => 0,
};

/** Declares a fixed struct; `name` is the C name ('struct rtmsg'). */
export function layout<const F extends readonly FieldDef[]>(name: string, fields: F): Layout<F> {
  const offsets: Record<string, number> = {};
  let at = 0;
  let align = 1;
  for (const [field, type] of fields) {
    const w = WIDTH[type];
    at = (at + w - 1) & ~(w - 1);
    offsets[field] = at;
    at += w;
    align = Math.max(align, w);
  }
  const size = (at + align - 1) & ~(align - 1);
  const members = fields.filter(([, t]) => t !== 'pad8' && t !== 'pad16').map(([f, t]) => ({ f, off: offsets[f]!, read: readers[t], width: WIDTH[t] }));
  // The reader and writer are generated from the members (numbers and checked identifiers only): they run for
  // every message of a dump and every request of a bulk write.
  for (const m of members) if (!/^[A-Za-z_$][\w$]*$/.test(m.f)) throw new TypeError(`${name}: member '${m.f}' is not an identifier`);
  const byte = (at: string, i: number): string => `b[${at} + ${i}]`;
  const load = (m: (typeof members)[number]): string => {
    const at = `base + ${m.off}`;
    if (m.width === 1) return byte(at, 0);
    if (m.width === 2) return `(${byte(at, 0)} | (${byte(at, 1)} << 8))`;
    const v = `(${byte(at, 0)} | (${byte(at, 1)} << 8) | (${byte(at, 2)} << 16) | (${byte(at, 3)} << 24))`;
    return readers.u32 === m.read ? `(${v} >>> 0)` : v;
  };
  const store = (m: (typeof members)[number]): string => {
    const lines = [`v = h.${m.f} ?? 0;`];
    for (let i = 0; i < m.width; i++) lines.push(`b[base + ${m.off + i}] = ${i === 0 ? 'v' : `v >>> ${8 * i}`} & 0xff;`);
    return lines.join(' ');
  };
  const pads: string[] = [];
  for (let i = 0; i < size; i++) if (!members.some((m) => i >= m.off && i < m.off + m.width)) pads.push(`b[base + ${i}] = 0;`);
  const readAt = new Function('b', 'base', `return { ${members.map((m) => `${m.f}: ${load(m)}`).join(', ')} };`) as (b: Buffer, base: number) => Record<string, number>;
  const writeInto = new Function('b', 'base', 'h', `let v; ${members.map(store).join(' ')} ${pads.join(' ')}`) as (b: Buffer, base: number, h: Partial<Record<string, number>>) => void;
  return {
    name, size, fields, offsets: offsets as Layout<F>['offsets'],
    read(buf, base = 0, end = buf.length) {
      if (end - base < size) throw new NetlinkDecodeError(name, 0, `payload of ${end - base} bytes is shorter than its ${size}-byte header`);
      return readAt(buf, base) as LayoutValue<F>;
    },
    write(v) {
      const b = Buffer.allocUnsafe(size);
      writeInto(b, 0, v as Partial<Record<string, number>>);
      return b;
    },
    writeInto: (b, base, v) => writeInto(b, base, v as Partial<Record<string, number>>),
    reader(field) {
      const m = members.find((x) => x.f === field)!;
      const off = m.off;
      const read = m.read;
      return (b, base) => read(b, base + off);
    },
  };
}
