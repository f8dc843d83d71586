// The one attribute (struct nlattr TLV) codec for every family.
// rtnetlink integers are in host byte order; nfnetlink integers are big-endian and nests carry
// NLA_F_NESTED. An AttributeCodec fixes both choices once per family.
import { endianness } from 'node:os';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK, alignTo4 } from './constants.js';
import { NetlinkDecodeError } from './errors.js';
import { formatIPv4, formatIPv6, ipv4ToBytes, ipv6ToBytes } from './address.js';

/** One decoded attribute. `value` is a view into the received buffer (no copy). */
export interface Attribute {
  type: number; // nla_type without the flag bits
  nested: boolean; // NLA_F_NESTED was set
  netByteOrder: boolean; // NLA_F_NET_BYTEORDER was set
  value: Buffer;
}

/**
 * Splits [start, end) of `buf` into attributes. Each one must have nla_len >= 4 and fit; a tail shorter
 * than a header is an error (the kernel never sends one). Offsets in errors are relative to `buf`.
 */
export function parseAttributes(buf: Buffer, start = 0, end = buf.length, context = 'attributes'): Attribute[] {
  const out: Attribute[] = [];
  let offset = start;
  while (offset < end) {
    if (end - offset < NLA_HDRLEN) {
      throw new NetlinkDecodeError(context, offset, `${end - offset} trailing bytes, shorter than an attribute header`);
    }
    const length = buf.readUInt16LE(offset);
    const rawType = buf.readUInt16LE(offset + 2);
    if (length < NLA_HDRLEN) throw new NetlinkDecodeError(context, offset, `nla_len ${length} is smaller than the header`);
    if (length > end - offset) {
      throw new NetlinkDecodeError(context, offset, `nla_len ${length} runs past the end (${end - offset} bytes left)`);
    }
    out.push({
      type: rawType & NLA_TYPE_MASK,
      nested: (rawType & NLA_F_NESTED) !== 0,
      netByteOrder: (rawType & NLA_F_NET_BYTEORDER) !== 0,
      value: buf.subarray(offset + NLA_HDRLEN, offset + length),
    });
    offset += alignTo4(length);
  }
  return out;
}

/** Last attribute of each type, indexed by type (the kernel's nla_parse keeps the last one too). */
export function indexAttributes(attrs: readonly Attribute[]): Map<number, Attribute> {
  const m = new Map<number, Attribute>();
  for (const a of attrs) m.set(a.type, a);
  return m;
}

export type ByteOrder = 'host' | 'big';
const HOST_IS_LE = endianness() === 'LE';

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

  u8(a: Attribute): number {
    if (a.value.length < 1) throw lengthError(a, 'u8', '1');
    return a.value[0]!;
  }
  u16(a: Attribute): number {
    if (a.value.length < 2) throw lengthError(a, 'u16', '2');
    return this.be(a) ? a.value.readUInt16BE(0) : a.value.readUInt16LE(0);
  }
  u32(a: Attribute): number {
    if (a.value.length < 4) throw lengthError(a, 'u32', '4');
    return this.be(a) ? a.value.readUInt32BE(0) : a.value.readUInt32LE(0);
  }
  s32(a: Attribute): number {
    if (a.value.length < 4) throw lengthError(a, 's32', '4');
    return this.be(a) ? a.value.readInt32BE(0) : a.value.readInt32LE(0);
  }
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
  bytes(a: Attribute): Buffer {
    return a.value;
  }
  flag(_a: Attribute): true {
    return true;
  }
  ipv4(a: Attribute): string {
    if (a.value.length !== 4) throw lengthError(a, 'IPv4 address', '4');
    return formatIPv4(a.value);
  }
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
  nested(a: Attribute, context?: string): Attribute[] {
    return parseAttributes(a.value, 0, a.value.length, context ?? `nested attribute ${a.type}`);
  }

  writer(initialSize = 256): AttributeWriter {
    return new AttributeWriter(this, initialSize);
  }
}

/** Builds a run of attributes into one growing buffer; nests patch their length when closed. */
export class AttributeWriter {
  private buf: Buffer;
  private at = 0;

  constructor(private readonly codec: AttributeCodec, initialSize = 256) {
    this.buf = Buffer.alloc(initialSize);
  }

  get length(): number {
    return this.at;
  }

  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  private header(type: number, valueLength: number): number {
    this.reserve(alignTo4(NLA_HDRLEN + valueLength));
    const start = this.at;
    this.buf.writeUInt16LE(NLA_HDRLEN + valueLength, start);
    this.buf.writeUInt16LE(type & 0xffff, start + 2);
    this.at += NLA_HDRLEN;
    return start;
  }

  private pad(): void {
    const aligned = alignTo4(this.at);
    this.buf.fill(0, this.at, aligned);
    this.at = aligned;
  }

  /** Raw value bytes, padded. `type` may carry NLA_F_* bits. */
  bytes(type: number, value: Uint8Array): this {
    this.header(type, value.length);
    this.buf.set(value, this.at);
    this.at += value.length;
    this.pad();
    return this;
  }
  flag(type: number): this {
    return this.bytes(type, Buffer.alloc(0));
  }
  u8(type: number, v: number): this {
    this.header(type, 1);
    this.buf.writeUInt8(v, this.at);
    this.at += 1;
    this.pad();
    return this;
  }
  u16(type: number, v: number): this {
    this.header(type, 2);
    if (this.codec.bigEndian) this.buf.writeUInt16BE(v, this.at); else this.buf.writeUInt16LE(v, this.at);
    this.at += 2;
    this.pad();
    return this;
  }
  /** A u16 in network byte order whatever the family (ports in rtnetlink, for instance). */
  u16be(type: number, v: number): this {
    this.header(type, 2);
    this.buf.writeUInt16BE(v, this.at);
    this.at += 2;
    this.pad();
    return this;
  }
  u32(type: number, v: number): this {
    this.header(type, 4);
    if (this.codec.bigEndian) this.buf.writeUInt32BE(v >>> 0, this.at); else this.buf.writeUInt32LE(v >>> 0, this.at);
    this.at += 4;
    return this;
  }
  s32(type: number, v: number): this {
    this.header(type, 4);
    if (this.codec.bigEndian) this.buf.writeInt32BE(v, this.at); else this.buf.writeInt32LE(v, this.at);
    this.at += 4;
    return this;
  }
  u64(type: number, v: bigint | number): this {
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
  ipv4(type: number, address: string): this {
    return this.bytes(type, ipv4ToBytes(address));
  }
  ipv6(type: number, address: string): this {
    return this.bytes(type, ipv6ToBytes(address));
  }
  /** A nest; NLA_F_NESTED is set when the codec says so, unless `flag` overrides it. */
  nested(type: number, fill: (w: this) => void, flag = this.codec.nestedFlag): this {
    const start = this.header(type | (flag ? NLA_F_NESTED : 0), 0);
    fill(this);
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

  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at));
  }
}

/** Host-order codec used by rtnetlink and generic netlink. */
export const hostCodec = new AttributeCodec({ byteOrder: 'host', nestedFlag: false });
/** Big-endian codec with flagged nests, used by nfnetlink (conntrack, nf_tables). */
export const netfilterCodec = new AttributeCodec({ byteOrder: 'big', nestedFlag: true });
