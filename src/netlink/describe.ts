// Generic, schema-driven rendering of netlink messages as JSON-ready objects, for `decode` and debugging.
// Families register their message and attribute names; anything unknown is shown raw, never dropped.
import { AttributeCodec, type Attribute, hostCodec, parseAttributes } from './attributes.js';
import { Flags, MAX_NEST_DEPTH, MessageType } from './constants.js';
import { decodeDone, decodeError } from './ack.js';
import { errnoName } from './errno.js';
import { NetlinkDecodeError } from './errors.js';
import { formatAddress } from './address.js';
import type { NetlinkMessage } from './message.js';

export type AttrKind =
  | 'u8' | 'u16' | 'u32' | 'u64' | 's32' | 'u16be' | 'u32be' | 'u64be'
  | 'string' | 'binary' | 'flag' | 'ip' | 'hex' | 'nested' | 'array';

export interface AttrSpec {
  name: string;
  kind: AttrKind;
  /** For 'nested': the policy of the nest. For 'array': the policy of each element's content. */
  policy?: AttrPolicy | (() => AttrPolicy);
  /** For 'array': every element is one nest whose type is its index. */
  element?: AttrSpec;
  /** Value rendering beyond the kind, e.g. enum names. */
  render?: (value: number | bigint | string) => unknown;
  /** For 'nested': a policy chosen by the nest's siblings (IFLA_INFO_DATA by IFLA_INFO_KIND); `policy` otherwise. */
  policyBy?: (siblings: readonly Attribute[]) => AttrPolicy | undefined;
  /** For 'nested': bytes of a fixed header before the nested attributes (VETH_INFO_PEER's struct ifinfomsg). */
  skip?: number;
}

export type AttrPolicy = Readonly<Record<number, AttrSpec>>;

/** Kind of request a message type is, which decides how flags 0x100..0x800 are named. */
export type RequestKind = 'get' | 'new' | 'del' | 'other';

export interface MessageSpec {
  name: string;
  kind: RequestKind;
  /** Fixed header after nlmsghdr (e.g. struct ifinfomsg): its size and renderer. */
  fixed?: { size: number; render(buf: Buffer): Record<string, unknown> };
  /** Attribute policy; a function when it depends on the fixed header (e.g. nfnetlink subsystems). */
  attributes?: AttrPolicy | ((payload: Buffer) => AttrPolicy | undefined);
  codec?: AttributeCodec;
}

export interface FamilyDescriptor {
  name: string;
  protocol: number;
  message(type: number): MessageSpec | undefined;
}

const registry = new Map<number, FamilyDescriptor>();

export function registerFamily(f: FamilyDescriptor): void {
  registry.set(f.protocol, f);
}

export function familyFor(protocol: number): FamilyDescriptor | undefined {
  return registry.get(protocol);
}

export function flagNames(flags: number, kind: RequestKind): string[] {
  const names: string[] = [];
  const common: Array<[number, string]> = [
    [Flags.REQUEST, 'REQUEST'], [Flags.MULTI, 'MULTI'], [Flags.ACK, 'ACK'], [Flags.ECHO, 'ECHO'],
    [Flags.DUMP_INTR, 'DUMP_INTR'], [Flags.DUMP_FILTERED, 'DUMP_FILTERED'],
  ];
  const high: Record<RequestKind, Array<[number, string]>> = {
    get: [[Flags.ROOT, 'ROOT'], [Flags.MATCH, 'MATCH'], [Flags.ATOMIC, 'ATOMIC']],
    new: [[Flags.REPLACE, 'REPLACE'], [Flags.EXCL, 'EXCL'], [Flags.CREATE, 'CREATE'], [Flags.APPEND, 'APPEND']],
    del: [[Flags.NONREC, 'NONREC'], [Flags.BULK, 'BULK']],
    other: [[Flags.CAPPED, 'CAPPED'], [Flags.ACK_TLVS, 'ACK_TLVS']],
  };
  let rest = flags;
  for (const [bit, name] of [...common, ...high[kind]]) {
    if (flags & bit) { names.push(name); rest &= ~bit; }
  }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

/** One attribute of a described message: its name from the family's schema, and its value or nested attributes. */
export interface DescribedAttribute {
  type: number;
  name?: string;
  nested?: true;
  netByteOrder?: true;
  value?: unknown;
  attributes?: DescribedAttribute[];
  raw?: string;
  error?: string;
}

function resolvePolicy(p: AttrSpec['policy']): AttrPolicy | undefined {
  return typeof p === 'function' ? p() : p;
}

function renderValue(spec: AttrSpec, a: Attribute, codec: AttributeCodec): unknown {
  let v: number | bigint | string;
  switch (spec.kind) {
    case 'u8': v = codec.u8(a); break;
    case 'u16': v = codec.u16(a); break;
    case 'u32': v = codec.u32(a); break;
    case 's32': v = codec.s32(a); break;
    case 'u64': { const b = codec.u64(a); v = b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString(); break; }
    case 'u16be': if (a.value.length < 2) throw new NetlinkDecodeError(spec.name, 0, 'u16 needs 2 bytes'); v = a.value.readUInt16BE(0); break;
    case 'u32be': if (a.value.length < 4) throw new NetlinkDecodeError(spec.name, 0, 'u32 needs 4 bytes'); v = a.value.readUInt32BE(0); break;
    case 'u64be': if (a.value.length < 8) throw new NetlinkDecodeError(spec.name, 0, 'u64 needs 8 bytes'); v = a.value.readBigUInt64BE(0).toString(); break;
    case 'string': v = codec.string(a); break;
    case 'flag': return true;
    case 'ip': v = a.value.length === 4 || a.value.length === 16 ? formatAddress(a.value) : a.value.toString('hex'); break;
    case 'hex': case 'binary': default: return a.value.toString('hex');
  }
  return spec.render ? spec.render(v) : v;
}

/**
 * The attributes of `buf` as JSON-ready objects. What does not decode is shown raw with the decode error's
 * text; only NetlinkDecodeError is reported that way, anything else is a bug and is thrown.
 */
export function describeAttributes(buf: Buffer, policy: AttrPolicy | undefined, codec: AttributeCodec, context = 'attributes', depth = 0): DescribedAttribute[] {
  let attrs: Attribute[];
  try {
    if (depth > MAX_NEST_DEPTH) throw new NetlinkDecodeError(context, 0, `attributes nested deeper than ${MAX_NEST_DEPTH} levels`);
    attrs = parseAttributes(buf, 0, buf.length, context);
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) throw e;
    return [{ type: -1, error: e.message, raw: buf.toString('hex') }];
  }
  return attrs.map((a) => describeAttribute(a, policy?.[a.type], codec, depth + 1, attrs));
}

function describeAttribute(a: Attribute, spec: AttrSpec | undefined, codec: AttributeCodec, depth: number, siblings: readonly Attribute[] = []): DescribedAttribute {
  const out: DescribedAttribute = { type: a.type };
  if (spec) out.name = spec.name;
  if (a.nested) out.nested = true;
  if (a.netByteOrder) out.netByteOrder = true;
  try {
    if (spec?.kind === 'nested') {
      const policy = spec.policyBy ? spec.policyBy(siblings) : resolvePolicy(spec.policy);
      if (spec.skip !== undefined && a.value.length < spec.skip) throw new NetlinkDecodeError(spec.name, 0, `${a.value.length} bytes, shorter than its ${spec.skip}-byte header`);
      out.attributes = describeAttributes(a.value.subarray(spec.skip ?? 0), policy, codec, spec.name, depth);
    } else if (spec?.kind === 'array') {
      if (depth > MAX_NEST_DEPTH) throw new NetlinkDecodeError(spec.name, 0, `attributes nested deeper than ${MAX_NEST_DEPTH} levels`);
      const elements = parseAttributes(a.value, 0, a.value.length, spec.name);
      out.attributes = elements.map((e) => describeAttribute(e, spec.element ?? { name: 'element', kind: 'nested', policy: spec.policy }, codec, depth + 1));
    } else if (spec) {
      out.value = renderValue(spec, a, codec);
    } else if (a.nested) {
      out.attributes = describeAttributes(a.value, undefined, codec, 'attributes', depth);
    } else {
      out.raw = a.value.toString('hex');
    }
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) throw e;
    out.error = e.message;
    out.raw = a.value.toString('hex');
  }
  return out;
}

/** A netlink message decoded for people: family, type and flag names, header and attributes. */
export interface DescribedMessage {
  length: number;
  type: number;
  typeName: string;
  flags: string[];
  seq: number;
  pid: number;
  family?: string;
  fixed?: Record<string, unknown>;
  attributes?: DescribedAttribute[];
  error?: { errno: number; code: string; message?: string; offset?: number; missingType?: number; requestType?: number; requestSeq?: number };
  payload?: string;
  decodeError?: string;
}

/** Renders one message with the names its family registered; raw hex where nothing is known. */
export function describeMessage(msg: NetlinkMessage, protocol: number | undefined): DescribedMessage {
  const family = protocol === undefined ? undefined : registry.get(protocol);
  const base = { length: msg.length, type: msg.type, seq: msg.seq, pid: msg.pid };
  try {
    if (msg.type === MessageType.ERROR) {
      const info = decodeError(msg);
      return {
        ...base, typeName: 'NLMSG_ERROR', flags: flagNames(msg.flags, 'other'),
        error: { errno: info.errno, code: info.errno === 0 ? 'ACK' : errnoName(info.errno), message: info.extAck.message, offset: info.extAck.offset, missingType: info.extAck.missingType, requestType: info.requestType, requestSeq: info.requestSeq },
      };
    }
    if (msg.type === MessageType.DONE) {
      const info = decodeDone(msg);
      return { ...base, typeName: 'NLMSG_DONE', flags: flagNames(msg.flags, 'other'), ...(info.errno ? { error: { errno: info.errno, code: errnoName(info.errno), message: info.extAck.message } } : {}) };
    }
    if (msg.type === MessageType.NOOP) return { ...base, typeName: 'NLMSG_NOOP', flags: flagNames(msg.flags, 'other') };
    if (msg.type === MessageType.OVERRUN) return { ...base, typeName: 'NLMSG_OVERRUN', flags: flagNames(msg.flags, 'other') };
    const spec = family?.message(msg.type);
    if (!spec) {
      return { ...base, typeName: `0x${msg.type.toString(16)}`, flags: flagNames(msg.flags, 'other'), ...(family ? { family: family.name } : {}), payload: msg.payload.toString('hex') };
    }
    const out: DescribedMessage = { ...base, typeName: spec.name, flags: flagNames(msg.flags, spec.kind), family: family!.name };
    let rest = msg.payload;
    if (spec.fixed) {
      if (rest.length < spec.fixed.size) {
        // Dump requests may carry only the legacy one-byte family header (struct rtgenmsg), padded to 4:
        // the kernel accepts it, so it is shown as such rather than as an error.
        if (spec.kind === 'get' && rest.length <= 4) return { ...out, fixed: { family: rest[0] ?? 0, shortHeader: rest.toString('hex') } };
        throw new NetlinkDecodeError(spec.name, 16, `payload of ${rest.length} bytes is shorter than its ${spec.fixed.size}-byte header`);
      }
      out.fixed = spec.fixed.render(rest.subarray(0, spec.fixed.size));
      rest = rest.subarray((spec.fixed.size + 3) & ~3);
    }
    const policy = typeof spec.attributes === 'function' ? spec.attributes(msg.payload) : spec.attributes;
    if (rest.length > 0) out.attributes = describeAttributes(rest, policy, spec.codec ?? hostCodec, spec.name);
    return out;
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) throw e;
    return { ...base, typeName: `0x${msg.type.toString(16)}`, flags: flagNames(msg.flags, 'other'), payload: msg.payload.toString('hex'), decodeError: e.message };
  }
}
