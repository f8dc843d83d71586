// The one attribute (struct nlattr TLV) codec for every family.
// rtnetlink integers are in host byte order; nfnetlink integers are big-endian and nests carry
// NLA_F_NESTED. An AttributeCodec fixes both choices once per family.
import { endianness } from 'node:os';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK, alignTo4 } from './constants.js';
import { NetlinkDecodeError, ValidationError } from './errors.js';
import { formatIPv4, formatIPv6, ipv4ToBytes, ipv6ToBytes } from './address.js';

/** One decoded attribute. `value` is a view into the received buffer (no copy). */
export interface Attribute {
  type: number; // nla_type without the flag bits
  nested: boolean; // NLA_F_NESTED was set
  netByteOrder: boolean; // NLA_F_NET_BYTEORDER was set
  value: Buffer;
}

/**
 * A reusable, allocation-free walk over the attributes in [start, end) of a buffer: after next() returns
 * true, `type`, `rawType`, `valueStart` and `valueEnd` describe the current attribute (its value is
 * buf[valueStart, valueEnd)). Framing is checked exactly as parseAttributes checks it, with the same errors;
 * error offsets are relative to `base` (0: relative to `buf`). Typed readers check lengths like the codec's.
 * Hot decoders use it to avoid one object per attribute; parseAttributes is built on it.
 */
export class AttributeCursor {
  buf: Buffer = EMPTY;
  /** nla_type without the flag bits. */
  type = 0;
  /** nla_type as sent, flags included. */
  rawType = 0;
  valueStart = 0;
  valueEnd = 0;
  private offset = 0;
  private end = 0;
  private base = 0;
  private context = 'attributes';
  // A tail shorter than a header ends the walk instead of failing (some of the kernel's nests are read so).
  private lenientTail = false;

  constructor(readonly codec?: AttributeCodec) {}

  /** Starts a walk over [start, end) of `buf`. */
  reset(buf: Buffer, start = 0, end = buf.length, context = 'attributes', base = 0): this {
    // Pointer fields are stored only when they change: a hot decoder resets its cursors on one buffer per
    // entry, and a skipped store is a skipped write barrier.
    if (this.buf !== buf) this.buf = buf;
    this.offset = start;
    this.end = end;
    this.base = base;
    if (this.context !== context) this.context = context;
    this.lenientTail = false;
    return this;
  }

  /**
   * Starts `into` on the current attribute's value (a nest): same buffer, same base for error offsets,
   * `context` naming the nest in errors. `lenientTail`: a tail shorter than a header ends that walk.
   */
  child(into: AttributeCursor, context: string, lenientTail = false): AttributeCursor {
    if (into.buf !== this.buf) into.buf = this.buf;
    into.offset = this.valueStart;
    into.end = this.valueEnd;
    into.base = this.base;
    if (into.context !== context) into.context = context;
    into.lenientTail = lenientTail;
    return into;
  }

  /** Offset of the current attribute's header in `buf`. */
  get start(): number {
    return this.valueStart - NLA_HDRLEN;
  }

  /** Throws NetlinkDecodeError (`name`, at the attribute) unless the value has at least `bytes` bytes. */
  expect(bytes: number, name: string): this {
    if (this.valueEnd - this.valueStart < bytes) throw this.sizeError(name, `needs ${bytes} bytes, got ${this.valueEnd - this.valueStart}`);
    return this;
  }
  /** Throws NetlinkDecodeError (`name`, at the attribute) unless the value has exactly `bytes` bytes. */
  expectExactly(bytes: number, name: string): this {
    if (this.valueEnd - this.valueStart !== bytes) throw this.sizeError(name, `needs ${bytes} bytes, got ${this.valueEnd - this.valueStart}`);
    return this;
  }
  private sizeError(name: string, reason: string): NetlinkDecodeError {
    return new NetlinkDecodeError(name, this.valueStart - NLA_HDRLEN - this.base, reason);
  }

  // Big-endian readers whatever the codec (nfnetlink values, ports and addresses anywhere); each checks the
  // value's size first, naming the attribute `name` in the error.
  /** The value as a big-endian u16. */
  u16be(name = this.context): number {
    if (this.valueEnd - this.valueStart < 2) throw this.sizeError(name, `needs 2 bytes, got ${this.valueEnd - this.valueStart}`);
    const b = this.buf;
    const o = this.valueStart;
    return (b[o]! << 8) | b[o + 1]!;
  }
  /** The value as a big-endian u32. */
  u32be(name = this.context): number {
    if (this.valueEnd - this.valueStart < 4) throw this.sizeError(name, `needs 4 bytes, got ${this.valueEnd - this.valueStart}`);
    const b = this.buf;
    const o = this.valueStart;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }
  /** The value as a big-endian s32. */
  s32be(name = this.context): number {
    if (this.valueEnd - this.valueStart < 4) throw this.sizeError(name, `needs 4 bytes, got ${this.valueEnd - this.valueStart}`);
    return this.buf.readInt32BE(this.valueStart);
  }
  /** The value as a big-endian u64. */
  u64be(name = this.context): bigint {
    if (this.valueEnd - this.valueStart < 8) throw this.sizeError(name, `needs 8 bytes, got ${this.valueEnd - this.valueStart}`);
    return this.buf.readBigUInt64BE(this.valueStart);
  }
  /** A big-endian u64 as a number (counters: exact up to 2^53). */
  u64nbe(name = this.context): number {
    if (this.valueEnd - this.valueStart < 8) throw this.sizeError(name, `needs 8 bytes, got ${this.valueEnd - this.valueStart}`);
    const b = this.buf;
    const o = this.valueStart;
    const hi = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    const lo = ((b[o + 4]! << 24) | (b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!) >>> 0;
    return hi * 0x100000000 + lo;
  }
  /** Moves to the next attribute; false at the end. Throws NetlinkDecodeError on bad framing. */
  next(): boolean {
    const offset = this.offset;
    const end = this.end;
    if (offset >= end) return false;
    const buf = this.buf;
    if (end - offset < NLA_HDRLEN) {
      if (this.lenientTail) return false;
      throw new NetlinkDecodeError(this.context, offset - this.base, `${end - offset} trailing bytes, shorter than an attribute header`);
    }
    const length = buf[offset]! | (buf[offset + 1]! << 8);
    const rawType = buf[offset + 2]! | (buf[offset + 3]! << 8);
    if (length < NLA_HDRLEN) throw new NetlinkDecodeError(this.context, offset - this.base, `nla_len ${length} is smaller than the header`);
    if (length > end - offset) {
      throw new NetlinkDecodeError(this.context, offset - this.base, `nla_len ${length} runs past the end (${end - offset} bytes left)`);
    }
    this.rawType = rawType;
    this.type = rawType & NLA_TYPE_MASK;
    this.valueStart = offset + NLA_HDRLEN;
    this.valueEnd = offset + length;
    this.offset = offset + ((length + 3) & ~3);
    return true;
  }

  get length(): number {
    return this.valueEnd - this.valueStart;
  }
  get nested(): boolean {
    return (this.rawType & NLA_F_NESTED) !== 0;
  }
  get netByteOrder(): boolean {
    return (this.rawType & NLA_F_NET_BYTEORDER) !== 0;
  }
  /** A view of the value (no copy). */
  value(): Buffer {
    return this.buf.subarray(this.valueStart, this.valueEnd);
  }
  /** The current attribute as parseAttributes returns it (value is a view). */
  attribute(): Attribute {
    const rawType = this.rawType;
    return {
      type: rawType & NLA_TYPE_MASK, nested: (rawType & NLA_F_NESTED) !== 0, netByteOrder: (rawType & NLA_F_NET_BYTEORDER) !== 0,
      value: this.buf.subarray(this.valueStart, this.valueEnd),
    };
  }
  /** The current attribute with its value copied out of the buffer (for models that must not pin it). */
  copy(): Attribute {
    const a = this.attribute();
    a.value = Buffer.from(a.value);
    return a;
  }
  /**
   * The current attribute with its value a view into `owner`, a copy of this buffer's bytes from `ownerStart`
   * on: a decoder that keeps several attributes copies the message once and shares that copy among them.
   */
  attributeIn(owner: Buffer, ownerStart: number): Attribute {
    const rawType = this.rawType;
    return {
      type: rawType & NLA_TYPE_MASK, nested: (rawType & NLA_F_NESTED) !== 0, netByteOrder: (rawType & NLA_F_NET_BYTEORDER) !== 0,
      value: owner.subarray(this.valueStart - ownerStart, this.valueEnd - ownerStart),
    };
  }

  private lengthError(what: string, expected: string): NetlinkDecodeError {
    return new NetlinkDecodeError(`attribute type ${this.type}`, 0, `${what} needs ${expected} bytes, got ${this.valueEnd - this.valueStart}`);
  }
  private be(): boolean {
    return (this.codec?.bigEndian ?? !HOST_IS_LE) || (this.rawType & NLA_F_NET_BYTEORDER) !== 0;
  }

  u8(): number {
    if (this.valueEnd - this.valueStart < 1) throw this.lengthError('u8', '1');
    return this.buf[this.valueStart]!;
  }
  u16(): number {
    if (this.valueEnd - this.valueStart < 2) throw this.lengthError('u16', '2');
    return this.be() ? this.buf.readUInt16BE(this.valueStart) : this.buf.readUInt16LE(this.valueStart);
  }
  u32(): number {
    if (this.valueEnd - this.valueStart < 4) throw this.lengthError('u32', '4');
    const b = this.buf;
    const o = this.valueStart;
    if (this.be()) return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  }
  s32(): number {
    if (this.valueEnd - this.valueStart < 4) throw this.lengthError('s32', '4');
    return this.be() ? this.buf.readInt32BE(this.valueStart) : this.buf.readInt32LE(this.valueStart);
  }
  /** NUL-terminated (or not) string; stops at the first NUL. */
  string(): string {
    const b = this.buf;
    let e = this.valueStart;
    while (e < this.valueEnd && b[e] !== 0) e++;
    return b.toString('utf8', this.valueStart, e);
  }
  /** IPv4 or IPv6 by length. */
  ip(): string {
    const n = this.valueEnd - this.valueStart;
    if (n === 4) return formatIPv4(this.buf, this.valueStart);
    if (n === 16) return formatIPv6(this.buf, this.valueStart);
    throw this.lengthError('IP address', '4 or 16');
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * The header of the attribute at buf[at] as one number, nla_len * 0x10000 + nla_type (flag bits masked):
 * a decoder matching the kernel's fixed layout of a nest compares it with attributeHeader.of(len, type)
 * before walking it with a cursor (the caller checks at + 4 <= its end).
 */
export function attributeHeader(buf: Uint8Array, at: number): number {
  return (buf[at]! | (buf[at + 1]! << 8)) * 0x10000 + ((buf[at + 2]! | (buf[at + 3]! << 8)) & NLA_TYPE_MASK);
}
/** The attributeHeader() of an attribute of nla_len `len` and type `type`. */
attributeHeader.of = (len: number, type: number): number => len * 0x10000 + type;

/**
 * Splits [start, end) of `buf` into attributes. Each one must have nla_len >= 4 and fit; a tail shorter
 * than a header is an error (the kernel never sends one). Offsets in errors are relative to `buf`.
 */
export function parseAttributes(buf: Buffer, start = 0, end = buf.length, context = 'attributes'): Attribute[] {
  const out: Attribute[] = [];
  const c = new AttributeCursor().reset(buf, start, end, context);
  while (c.next()) out.push(c.attribute());
  return out;
}

/** Last attribute of each type, indexed by type (the kernel's nla_parse keeps the last one too). */
export function indexAttributes(attrs: readonly Attribute[]): Map<number, Attribute> {
  const m = new Map<number, Attribute>();
  for (const a of attrs) m.set(a.type, a);
  return m;
}

/** Byte order of an attribute codec's integers: host (rtnetlink) or big-endian (nfnetlink). */
export type ByteOrder = 'host' | 'big';
const HOST_IS_LE = endianness() === 'LE';

/** How an {@link AttributeCodec} reads and writes. */
export interface CodecOptions {
  /** Byte order of integer attributes. */
  byteOrder: ByteOrder;
  /** Set NLA_F_NESTED on nests this codec writes (nfnetlink requires it; rtnetlink mostly does not). */
  nestedFlag: boolean;
}

function lengthError(a: Attribute, what: string, expected: string): NetlinkDecodeError {
  return new NetlinkDecodeError(`attribute type ${a.type}`, 0, `${what} needs ${expected} bytes, got ${a.value.length}`);
}

/** Typed, length-checked getters and a writer, bound to one family's byte order. */
export class AttributeCodec {
  readonly bigEndian: boolean;
  readonly nestedFlag: boolean;

  constructor(readonly options: CodecOptions) {
    this.bigEndian = options.byteOrder === 'big' || !HOST_IS_LE;
    this.nestedFlag = options.nestedFlag;
  }

  // An attribute flagged NLA_F_NET_BYTEORDER is big-endian whatever the family's default.
  private be(a: Attribute): boolean {
    return this.bigEndian || a.netByteOrder;
  }

  /** The attribute's value as an unsigned 8-bit integer. */
  u8(a: Attribute): number {
    if (a.value.length < 1) throw lengthError(a, 'u8', '1');
    return a.value[0]!;
  }
  /** The attribute's value as an unsigned 16-bit integer in the codec's byte order. */
  u16(a: Attribute): number {
    if (a.value.length < 2) throw lengthError(a, 'u16', '2');
    return this.be(a) ? a.value.readUInt16BE(0) : a.value.readUInt16LE(0);
  }
  /** The attribute's value as an unsigned 32-bit integer in the codec's byte order. */
  u32(a: Attribute): number {
    if (a.value.length < 4) throw lengthError(a, 'u32', '4');
    return this.be(a) ? a.value.readUInt32BE(0) : a.value.readUInt32LE(0);
  }
  /** The attribute's value as a signed 32-bit integer in the codec's byte order. */
  s32(a: Attribute): number {
    if (a.value.length < 4) throw lengthError(a, 's32', '4');
    return this.be(a) ? a.value.readInt32BE(0) : a.value.readInt32LE(0);
  }
  /** The attribute's value as an unsigned 64-bit integer in the codec's byte order. */
  u64(a: Attribute): bigint {
    if (a.value.length < 8) throw lengthError(a, 'u64', '8');
    return this.be(a) ? a.value.readBigUInt64BE(0) : a.value.readBigUInt64LE(0);
  }
  /** A u64 that fits in a double (counters, timestamps in ns up to ~104 days of uptime * 1000). */
  u64n(a: Attribute): number {
    if (a.value.length < 8) throw lengthError(a, 'u64', '8');
    const hi = this.be(a) ? a.value.readUInt32BE(0) : a.value.readUInt32LE(4);
    const lo = this.be(a) ? a.value.readUInt32BE(4) : a.value.readUInt32LE(0);
    return hi * 0x100000000 + lo;
  }
  /** Unsigned integer of 1, 2, 4 or 8 bytes (NLA_UINT style). */
  uint(a: Attribute): number {
    switch (a.value.length) {
      case 1: return this.u8(a);
      case 2: return this.u16(a);
      case 4: return this.u32(a);
      case 8: return this.u64n(a);
      default: throw lengthError(a, 'uint', '1, 2, 4 or 8');
    }
  }
  /** NUL-terminated (or not) string; stops at the first NUL. */
  string(a: Attribute): string {
    const nul = a.value.indexOf(0);
    return a.value.toString('utf8', 0, nul === -1 ? a.value.length : nul);
  }
  /** The attribute's value bytes. */
  bytes(a: Attribute): Buffer {
    return a.value;
  }
  /** A flag attribute: present means true. */
  flag(_a: Attribute): true {
    return true;
  }
  /** The attribute's value as IPv4 address text. */
  ipv4(a: Attribute): string {
    if (a.value.length !== 4) throw lengthError(a, 'IPv4 address', '4');
    return formatIPv4(a.value);
  }
  /** The attribute's value as IPv6 address text. */
  ipv6(a: Attribute): string {
    if (a.value.length !== 16) throw lengthError(a, 'IPv6 address', '16');
    return formatIPv6(a.value);
  }
  /** IPv4 or IPv6 by length. */
  ip(a: Attribute): string {
    if (a.value.length === 4) return formatIPv4(a.value);
    if (a.value.length === 16) return formatIPv6(a.value);
    throw lengthError(a, 'IP address', '4 or 16');
  }
  /** The attributes nested in this one. */
  nested(a: Attribute, context?: string): Attribute[] {
    return parseAttributes(a.value, 0, a.value.length, context ?? `nested attribute ${a.type}`);
  }
  /**
   * A reusable attribute cursor reading integers in this codec's byte order.
   * @internal The families' fast paths; AttributeCursor is not part of the public API.
   */
  cursor(): AttributeCursor {
    return new AttributeCursor(this);
  }

  /** A writer of attributes in this codec's byte order and nesting convention. */
  writer(initialSize = 256): AttributeWriter {
    return new AttributeWriter(this, initialSize);
  }
}

/** Character code -> hex digit value, -1 for anything else. */
const HEX_VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) { t[65 + i] = 10 + i; t[97 + i] = 10 + i; }
  return t;
})();

/** nla_len is a u16: no attribute, nest or not, can hold more. */
const NLA_MAX_LEN = 0xffff;

/** An integer attribute value outside what its width holds (a port of 70000, a negative mark) is the caller's error. */
function checkInt(type: number, v: number | bigint, min: number | bigint, max: number | bigint, what: string): void {
  const ok = typeof v === 'bigint' ? v >= BigInt(min) && v <= BigInt(max) : Number.isInteger(v) && v >= min && v <= max;
  if (!ok) throw new ValidationError(`attribute type ${type & NLA_TYPE_MASK}`, `${String(v)} is not a ${what} (an integer ${String(min)}..${String(max)})`);
}

function tooLong(type: number, length: number): ValidationError {
  return new ValidationError(`attribute type ${type & NLA_TYPE_MASK}`, `${length} bytes do not fit in nla_len (a u16: at most ${NLA_MAX_LEN})`);
}

/** Builds a run of attributes into one growing buffer; nests patch their length when closed. */
export class AttributeWriter {
  private buf: Buffer;
  private at = 0;

  // Every byte below `at` is written explicitly (headers, values, zeroed padding), so the buffer need not
  // start zeroed: allocUnsafe takes small ones from Node's pool instead of a fresh allocation each.
  constructor(private readonly codec: AttributeCodec, initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.at;
  }

  /** Starts over (the buffer is kept): for encoding many messages one after another. */
  reset(): this {
    this.at = 0;
    return this;
  }

  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  private header(type: number, valueLength: number): number {
    const length = NLA_HDRLEN + valueLength;
    if (length > NLA_MAX_LEN) throw tooLong(type, length);
    this.reserve((length + 3) & ~3);
    const b = this.buf;
    const start = this.at;
    b[start] = length & 0xff; // nla_len, host order (little-endian hosts, as everywhere in this codec)
    b[start + 1] = (length >>> 8) & 0xff;
    b[start + 2] = type & 0xff; // nla_type
    b[start + 3] = (type >>> 8) & 0xff;
    this.at = start + NLA_HDRLEN;
    return start;
  }

  private pad(): void {
    const b = this.buf;
    while (this.at & 3) b[this.at++] = 0;
  }

  private put32(v: number, bigEndian: boolean): void {
    const b = this.buf;
    const o = this.at;
    if (bigEndian) {
      b[o] = (v >>> 24) & 0xff; b[o + 1] = (v >>> 16) & 0xff; b[o + 2] = (v >>> 8) & 0xff; b[o + 3] = v & 0xff;
    } else {
      b[o] = v & 0xff; b[o + 1] = (v >>> 8) & 0xff; b[o + 2] = (v >>> 16) & 0xff; b[o + 3] = (v >>> 24) & 0xff;
    }
    this.at = o + 4;
  }

  /** Reserves `n` zeroed bytes here (a fixed header to fill in later); returns their offset. */
  space(n: number): number {
    this.reserve(n);
    const start = this.at;
    const b = this.buf;
    for (let i = 0; i < n; i++) b[start + i] = 0;
    this.at += n;
    return start;
  }

  /** Raw value bytes, padded. `type` may carry NLA_F_* bits. */
  bytes(type: number, value: Uint8Array): this {
    this.header(type, value.length);
    this.buf.set(value, this.at);
    this.at += value.length;
    this.pad();
    return this;
  }
  /**
   * Hands `n` bytes at the end to `fill` (buffer and offset) to write in place: for fixed layouts written in
   * bulk (a chunk of set elements). `fill` must write all `n` bytes, well-formed and padded.
   */
  claim(n: number, fill: (buf: Buffer, at: number) => void): this {
    this.reserve(n);
    fill(this.buf, this.at);
    this.at += n;
    return this;
  }
  /** Appends a flag attribute (no value). */
  flag(type: number): this {
    return this.bytes(type, Buffer.alloc(0));
  }
  /**
   * A value given as hexadecimal text ('0a000001'), decoded straight into the buffer: no Buffer per value
   * (set elements by the hundred thousand). Anything but pairs of hex digits is a ValidationError.
   */
  hex(type: number, text: string, field = 'hex value'): this {
    const n = text.length;
    if (n % 2 !== 0) throw new ValidationError(field, `${JSON.stringify(text)} is not hexadecimal bytes (odd length)`);
    const start = this.header(type, n / 2);
    const b = this.buf;
    let at = this.at;
    for (let i = 0; i < n; i += 2) {
      const hi = HEX_VALUE[text.charCodeAt(i)] ?? -1;
      const lo = HEX_VALUE[text.charCodeAt(i + 1)] ?? -1;
      if (hi < 0 || lo < 0) {
        this.at = start; // nothing of it stays written
        throw new ValidationError(field, `${JSON.stringify(text)} is not hexadecimal bytes`);
      }
      b[at++] = (hi << 4) | lo;
    }
    this.at = at;
    this.pad();
    return this;
  }
  /** Appends an unsigned 8-bit attribute. */
  u8(type: number, v: number): this {
    checkInt(type, v, 0, 0xff, 'u8');
    this.header(type, 1);
    this.buf.writeUInt8(v, this.at);
    this.at += 1;
    this.pad();
    return this;
  }
  /** Appends an unsigned 16-bit attribute. */
  u16(type: number, v: number): this {
    checkInt(type, v, 0, 0xffff, 'u16');
    this.header(type, 2);
    if (this.codec.bigEndian) this.buf.writeUInt16BE(v, this.at); else this.buf.writeUInt16LE(v, this.at);
    this.at += 2;
    this.pad();
    return this;
  }
  /** A u16 in network byte order whatever the family (ports in rtnetlink, for instance). */
  u16be(type: number, v: number): this {
    checkInt(type, v, 0, 0xffff, 'u16');
    this.header(type, 2);
    this.buf.writeUInt16BE(v, this.at);
    this.at += 2;
    this.pad();
    return this;
  }
  /** A u32 in network byte order whatever the family (an IPv4 address packed in a number, for instance). */
  u32be(type: number, v: number): this {
    checkInt(type, v, 0, 0xffffffff, 'u32');
    this.header(type, 4);
    this.put32(v >>> 0, true);
    return this;
  }
  /** Appends an unsigned 32-bit attribute. */
  u32(type: number, v: number): this {
    checkInt(type, v, 0, 0xffffffff, 'u32');
    this.header(type, 4);
    this.put32(v >>> 0, this.codec.bigEndian);
    return this;
  }
  /** Appends a signed 32-bit attribute. */
  s32(type: number, v: number): this {
    checkInt(type, v, -0x80000000, 0x7fffffff, 's32');
    this.header(type, 4);
    if (this.codec.bigEndian) this.buf.writeInt32BE(v, this.at); else this.buf.writeInt32LE(v, this.at);
    this.at += 4;
    return this;
  }
  /** Appends an unsigned 64-bit attribute. */
  u64(type: number, v: bigint | number): this {
    checkInt(type, v, 0, 0xffffffffffffffffn, 'u64');
    this.header(type, 8);
    const big = BigInt(v);
    if (this.codec.bigEndian) this.buf.writeBigUInt64BE(big, this.at); else this.buf.writeBigUInt64LE(big, this.at);
    this.at += 8;
    return this;
  }
  /** NUL-terminated string (NLA_NUL_STRING / NLA_STRING as iproute2 sends it). */
  string(type: number, s: string): this {
    const bytes = Buffer.from(s + '\0', 'utf8');
    return this.bytes(type, bytes);
  }
  /** Appends an IPv4 address attribute (4 bytes, network order). */
  ipv4(type: number, address: string): this {
    return this.bytes(type, ipv4ToBytes(address));
  }
  /** Appends an IPv6 address attribute (16 bytes). */
  ipv6(type: number, address: string): this {
    return this.bytes(type, ipv6ToBytes(address));
  }
  /**
   * Opens a nest to be filled by the calls that follow and closed with closeNest(start): for nests filled in
   * a loop that may stop part-way (a message filled up to a size limit). Returns the nest's offset.
   */
  openNest(type: number, flag = this.codec.nestedFlag): number {
    return this.header(type | (flag ? NLA_F_NESTED : 0), 0);
  }
  /** Closes a nest opened with openNest: patches its nla_len. */
  closeNest(start: number): this {
    if (this.at - start > NLA_MAX_LEN) throw tooLong(this.buf.readUInt16LE(start + 2), this.at - start);
    this.buf.writeUInt16LE(this.at - start, start);
    this.pad();
    return this;
  }
  /** Drops everything written after `length` (an attribute that turned out not to fit where it was put). */
  truncate(length: number): this {
    if (!(Number.isInteger(length) && length >= 0 && length <= this.at)) throw new ValidationError('length', `cannot truncate ${this.at} bytes to ${length}`);
    this.at = length;
    return this;
  }

  /** A nest; NLA_F_NESTED is set when the codec says so, unless `flag` overrides it. */
  nested(type: number, fill: (w: this) => void, flag = this.codec.nestedFlag): this {
    const start = this.header(type | (flag ? NLA_F_NESTED : 0), 0);
    fill(this);
    if (this.at - start > NLA_MAX_LEN) throw tooLong(type, this.at - start);
    this.buf.writeUInt16LE(this.at - start, start);
    this.pad();
    return this;
  }
  /** Re-emits an attribute decoded earlier (unknown ones included) with its flags. */
  attribute(a: Attribute): this {
    const type = a.type | (a.nested ? NLA_F_NESTED : 0) | (a.netByteOrder ? NLA_F_NET_BYTEORDER : 0);
    return this.bytes(type, a.value);
  }
  /** Appends pre-encoded bytes (already aligned attributes). */
  raw(bytes: Uint8Array): this {
    this.reserve(alignTo4(bytes.length));
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
    this.pad();
    return this;
  }

  /** Copies the bytes written so far into `target` at `offset`; returns their length. */
  copyTo(target: Uint8Array, offset: number): number {
    target.set(this.at === this.buf.length ? this.buf : this.buf.subarray(0, this.at), offset);
    return this.at;
  }

  /**
   * The bytes written so far. A view, not a copy: the writer only ever appends after this point (or grows
   * into a new buffer), so the view never changes.
   */
  finish(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** Host-order codec used by rtnetlink and generic netlink. */
export const hostCodec = new AttributeCodec({ byteOrder: 'host', nestedFlag: false });
/** Big-endian codec with flagged nests, used by nfnetlink (conntrack, nf_tables). */
export const netfilterCodec = new AttributeCodec({ byteOrder: 'big', nestedFlag: true });
