// A zero-copy view of one message: a single walk records where each attribute's value sits (and checks
// framing and the length of every attribute a row reads), then fields are read on access. toModel() is
// decode() of the same bytes. One instance is refilled message after message by listings, so the walk is
// a tight loop over local variables; whatever it refuses, decode() is asked to report (its error is the
// one a caller gets, the same as decoding the message would give).
import { AttributeCursor, hostCodec } from '../attributes.js';
import { NLA_HDRLEN, NLA_TYPE_MASK } from '../constants.js';
import { NetlinkDecodeError } from '../errors.js';
import type { FieldDef, FieldReader, LayoutValue } from './layout.js';
import { decode, type MessageSchema } from './message.js';
import type { Model } from './rows.js';

export class MessageView<M extends Model, F extends readonly FieldDef[]> {
  buf: Buffer = Buffer.alloc(0);
  /** The payload is buf[start, end). */
  start = 0;
  end = 0;
  private readonly cursor = new AttributeCursor(hostCodec);
  /** Per attribute type: where its value starts in `buf` (-1: absent) and ends. */
  protected readonly valueAt: Int32Array;
  protected readonly valueEnd: Int32Array;
  // Per attribute type: the shortest value its row reads (-1: no row, or a row that only names it), and its
  // only lengths (0: any).
  private readonly minLength: Int32Array;
  private readonly sizeA: Int32Array;
  private readonly sizeB: Int32Array;
  private readonly headerReaders = new Map<string, FieldReader>();
  // The types the last walk recorded, to clear them (and only them) before the next.
  private readonly recorded: Int32Array;
  private count = 0;

  constructor(readonly schema: MessageSchema<M, F>) {
    const rows = schema.attributes.byType;
    this.valueAt = new Int32Array(rows.length).fill(-1);
    this.valueEnd = new Int32Array(rows.length);
    this.recorded = new Int32Array(rows.length);
    this.minLength = Int32Array.from(rows, (r) => (r === undefined || r.named ? -1 : r.kind.min));
    this.sizeA = Int32Array.from(rows, (r) => r?.kind.sizes?.[0] ?? 0);
    this.sizeB = Int32Array.from(rows, (r) => r?.kind.sizes?.[1] ?? 0);
  }

  /** Walks the payload at [start, end) of `buf`; throws the error decode() throws on bad framing or lengths. */
  reset(buf: Buffer, start = 0, end = buf.length): this {
    const { valueAt, valueEnd, minLength, sizeA, sizeB, recorded } = this;
    for (let i = 0; i < this.count; i++) valueAt[recorded[i]!] = -1;
    let count = 0;
    this.buf = buf;
    this.start = start;
    this.end = end;
    const types = minLength.length;
    let o = start + this.schema.header.size;
    if (o > end) return this.refuse(0);
    while (o < end) {
      if (end - o < NLA_HDRLEN) return this.refuse(count);
      const len = buf[o]! | (buf[o + 1]! << 8); // nla_len
      if (len < NLA_HDRLEN || len > end - o) return this.refuse(count);
      const t = (buf[o + 2]! | (buf[o + 3]! << 8)) & NLA_TYPE_MASK; // nla_type
      if (t < types) {
        const min = minLength[t]!;
        if (min >= 0) {
          const n = len - NLA_HDRLEN;
          if (n < min) return this.refuse(count);
          const a = sizeA[t]!;
          if (a !== 0 && n !== a && n !== sizeB[t]!) return this.refuse(count);
          if (valueAt[t]! < 0) recorded[count++] = t;
          valueAt[t] = o + NLA_HDRLEN;
          valueEnd[t] = o + len;
        }
      }
      o += (len + 3) & ~3;
    }
    this.count = count;
    return this;
  }

  // The walk met what decode() fails on: decode() names it. `count` types were recorded so far.
  private refuse(count: number): never {
    this.count = count;
    decode(this.schema, this.buf, this.start, this.end);
    throw new NetlinkDecodeError(this.schema.context, 0, 'refused by the view but not by decode'); // not reached
  }

  /** Whether attribute `type` is present. */
  has(type: number): boolean {
    return type < this.valueAt.length && this.valueAt[type]! >= 0;
  }
  /** Offset in `buf` of attribute `type`'s value, -1 when absent. */
  offset(type: number): number {
    return type < this.valueAt.length ? this.valueAt[type]! : -1;
  }
  /** Length of attribute `type`'s value (0 when absent). */
  length(type: number): number {
    return this.has(type) ? this.valueEnd[type]! - this.valueAt[type]! : 0;
  }
  /** A host-order u32 attribute, or `absent`. */
  u32(type: number, absent = -1): number {
    const o = type < this.valueAt.length ? this.valueAt[type]! : -1;
    if (o < 0) return absent;
    const b = this.buf;
    return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  }

  /** A header field, read in place. */
  header<K extends keyof LayoutValue<F> & string>(field: K): number {
    let r = this.headerReaders.get(field);
    if (r === undefined) this.headerReaders.set(field, r = this.schema.header.reader(field as never));
    return r(this.buf, this.start);
  }

  /** A model field filled by one attribute, read on access; undefined when absent. */
  get<K extends keyof M & string>(field: K): M[K] | undefined {
    const row = this.schema.attributes.byField.get(field);
    if (row === undefined || !this.has(row.type)) return undefined;
    const c = this.cursor;
    c.reset(this.buf, this.valueAt[row.type]! - NLA_HDRLEN, this.valueEnd[row.type]!, this.schema.context, this.start);
    c.next();
    return row.kind.read(c) as M[K];
  }

  /** The whole model: decode() of these bytes. */
  toModel(): M {
    return decode(this.schema, this.buf, this.start, this.end);
  }
}
