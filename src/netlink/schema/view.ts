// A zero-copy view of one message: a single walk records where each attribute's value sits (and checks
// framing and the length of every attribute a row knows), then fields are read on access. toModel() is
// decode() of the same bytes. One instance is refilled message after message by listings.
import { AttributeCursor, hostCodec } from '../attributes.js';
import type { FieldDef, FieldReader, LayoutValue } from './layout.js';
import { decode, type MessageSchema } from './message.js';
import type { Model } from './rows.js';

export class MessageView<M extends Model, F extends readonly FieldDef[]> {
  buf: Buffer = Buffer.alloc(0);
  /** The payload is buf[start, end). */
  start = 0;
  end = 0;
  private readonly cursor = new AttributeCursor(hostCodec);
  private readonly valueAt: Int32Array;
  private readonly valueEnd: Int32Array;
  // seen[type] === walk: present in the current message (no clearing between messages).
  private readonly seen: Uint32Array;
  private walk = 0;
  // Per attribute type: the shortest value its row reads (-1: no row), and its only lengths (0: any).
  private readonly minLength: Int32Array;
  private readonly sizeA: Int32Array;
  private readonly sizeB: Int32Array;
  private readonly headerReaders = new Map<string, FieldReader>();

  constructor(readonly schema: MessageSchema<M, F>) {
    const n = schema.attributes.byType.length;
    this.valueAt = new Int32Array(n);
    this.valueEnd = new Int32Array(n);
    this.seen = new Uint32Array(n);
    this.minLength = Int32Array.from(schema.attributes.byType, (r) => (r === undefined || r.named ? -1 : r.kind.min));
    this.sizeA = Int32Array.from(schema.attributes.byType, (r) => r?.kind.sizes?.[0] ?? 0);
    this.sizeB = Int32Array.from(schema.attributes.byType, (r) => r?.kind.sizes?.[1] ?? 0);
  }

  /** Walks the payload at [start, end) of `buf`; throws the error decode() throws on bad framing or lengths. */
  reset(buf: Buffer, start = 0, end = buf.length): this {
    const s = this.schema;
    if (end - start < s.header.size) s.header.read(buf, start, end);
    this.buf = buf;
    this.start = start;
    this.end = end;
    const walk = this.walk = (this.walk + 1) >>> 0 || 1;
    const { valueAt, valueEnd, seen, minLength, sizeA, sizeB } = this;
    const types = minLength.length;
    const c = this.cursor.reset(buf, start + s.header.size, end, s.context, start);
    try {
      while (c.next()) {
        const t = c.type;
        if (t >= types) continue;
        const min = minLength[t]!;
        if (min < 0) continue;
        const n = c.valueEnd - c.valueStart;
        if (n < min || (sizeA[t]! !== 0 && n !== sizeA[t] && n !== sizeB[t])) s.attributes.byType[t]!.kind.read(c); // throws the reader's error
        seen[t] = walk;
        valueAt[t] = c.valueStart;
        valueEnd[t] = c.valueEnd;
      }
    } catch (e) {
      // A custom row may fail first in decode(): report what decode() reports, whatever the view met.
      decode(s, buf, start, end);
      throw e;
    }
    return this;
  }

  /** Whether attribute `type` is present. */
  has(type: number): boolean {
    return type < this.seen.length && this.seen[type] === this.walk;
  }
  /** Offset in `buf` of attribute `type`'s value, -1 when absent. */
  offset(type: number): number {
    return this.has(type) ? this.valueAt[type]! : -1;
  }
  /** Length of attribute `type`'s value (0 when absent). */
  length(type: number): number {
    return this.has(type) ? this.valueEnd[type]! - this.valueAt[type]! : 0;
  }
  /** A host-order u32 attribute, or `absent`. */
  u32(type: number, absent = -1): number {
    if (!this.has(type)) return absent;
    const b = this.buf;
    const o = this.valueAt[type]!;
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
    c.reset(this.buf, this.valueAt[row.type]! - 4, this.valueEnd[row.type]!, this.schema.context, this.start);
    c.next();
    return row.kind.read(c) as M[K];
  }

  /** The whole model: decode() of these bytes. */
  toModel(): M {
    return decode(this.schema, this.buf, this.start, this.end);
  }
}
