// State while one rule's expressions are turned into nft syntax: what each register holds, the statements
// printed so far, and the protocol dependency (meta l4proto / meta nfproto) a later match may make implicit.
import type { Family } from '../constants.js';
import type { NftData } from '../expressions/types.js';
import { type DataType, type FormatOptions, formatValue, formatJson } from './datatypes.js';
import { concatValue } from './concat.js';

/** A JSON value as `nft -j` prints it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/** Protocol layers whose identity a match can state: link (meta iiftype), network (meta nfproto/protocol,
 * ether type), transport (meta l4proto, ip protocol), and the icmp message type some icmp fields need. */
export type Layer = 'll' | 'nh' | 'th' | 'icmp';

/** What a register holds, symbolically. */
export interface RegValue {
  /** nft text of the expression loaded: 'ip saddr', 'meta iifname'. Absent for an immediate value. */
  text?: string;
  /** The same expression in nft's JSON: {"payload": {"protocol": "ip", "field": "saddr"}}. */
  json?: Json;
  type: DataType;
  hostOrder: boolean;
  /** Bytes of an immediate value loaded into the register. */
  immediate?: Buffer;
  /** Length of the whole field when the load was shortened to a prefix (ip daddr loaded as 3 bytes = /24). */
  fieldLen?: number;
  /** A mask applied by bitwise: 'ip saddr & 0xff' or a prefix. */
  mask?: Buffer;
  /** An equality on this register states the protocol of a layer (value normalised: EtherType for nh). */
  defines?: { layer: Layer; removable: boolean; kind: string; normalise?: (v: number) => number };
  /** A raw load a mask may narrow to a named sub-byte field: (first bit, bit count) inside the load -> that field. */
  resolveBits?: (bit: number, bits: number) => RegValue | undefined;
  /** A raw payload load not yet named: a later mask may pick a sub-byte field of `header`. */
  payload?: { base: string; offset: number; len: number; header?: string; layer?: Layer };
  /** The register as a computed value (`ct mark | 0x23`, `ct mark >> 8`) when a statement uses it as its source. */
  computed?: { text: string; json: Json };
  /** A layer whose stating match this value hides only when it is used in a set, map or (in ip/ip6/arp tables) a comparison. */
  deferUse?: Layer;
  /** A concatenation: its fields; values format field by field (`10.0.0.1 . 22`). */
  concat?: RegValue[];
  /** Bytes loaded (a concatenation's next field starts at the next 32-bit register after them). */
  len?: number;
  /** A sub-byte field: values sit `shift` bits up in the loaded bytes and are `bits` wide. */
  shift?: number;
  bits?: number;
}

/** A set as the renderer needs it: anonymous sets are printed inline. */
export interface RenderSet {
  name: string;
  anonymous: boolean;
  interval: boolean;
  map: boolean;
  elements: ReadonlyArray<{ key: string; keyEnd?: string; data?: NftData; objref?: string; intervalEnd?: boolean; timeout?: number; expiration?: number }>;
  /** The set's default element timeout (ms): elements print theirs only when it differs. */
  timeout?: number;
  /** The set was declared for a raw payload (`@nh,16,16 { ... }`): nft prints its elements in hex. */
  rawKey?: boolean;
  /** NFTA_SET_KEY_LEN: longer than the first field for a concatenation. */
  keyLen?: number;
  /** NFTA_SET_DATA_TYPE: how a map's data prints. */
  dataType?: number;
  /** The map's data formatting (from dataType) for statements that write into it. */
  dataFormat?: { format: DataType; hostOrder: boolean };
  /** NFTA_SET_OBJ_TYPE of an object map (NFT_OBJECT_*). */
  objectType?: number;
}

/** How rules are rendered: the formatting options and a lookup of the table's sets. */
export interface RenderOptions extends FormatOptions {
  /** Sets of the rule's table by name, for lookups. */
  set?: (name: string) => RenderSet | undefined;
}

/** A register number as its 32-bit register index: NFT_REG_1..4 (16 bytes) start at NFT_REG32_00 (8) + 4 each. */
export const reg32 = (reg: number): number => (reg >= 1 && reg <= 4 ? 8 + (reg - 1) * 4 : reg);

/** The bytes a value of a sub-byte field stands for: shifted down to the field and cut to its width. */
export function fieldValue(v: RegValue, bytes: Buffer): Buffer {
  if (!v.shift && v.bits === undefined) return bytes;
  let n = bytes.length ? BigInt(`0x${bytes.toString('hex')}`) : 0n;
  n >>= BigInt(v.shift ?? 0);
  const len = Math.max(1, Math.ceil((v.bits ?? bytes.length * 8) / 8));
  n &= (1n << BigInt(len * 8)) - 1n;
  return Buffer.from(n.toString(16).padStart(len * 2, '0'), 'hex');
}

export class RenderContext {
  readonly regs = new Map<number, RegValue>();
  private readonly by32 = new Map<number, RegValue>();
  private readonly out: string[] = [];
  private readonly outJson: Json[] = [];
  private readonly deps: Partial<Record<Layer, { index: number; value: number; removable: boolean; kind: string; done: boolean }>> = {};

  constructor(readonly family: Family, readonly options: RenderOptions = {}) {}

  /** A `>=` match a following `<=` on the same field turns into `field FROM-TO` (nft's range encoding). */
  lowerBound: { index: number; text: string; from: string; fromJson: Json } | undefined;

  replace(index: number, text: string, json: Json): void {
    this.out[index] = text;
    this.outJson[index] = json;
  }

  get lastIndex(): number {
    return this.out.length - 1;
  }

  /** Adds a statement: its nft text and its `nft -j` form. */
  emit(text: string, json: Json): number {
    this.out.push(text);
    this.outJson.push(json);
    return this.out.length - 1;
  }

  load(reg: number, value: RegValue): void {
    this.regs.set(reg, value);
    this.by32.set(reg32(reg), value);
  }

  /** What was loaded at a 32-bit register index (NFT_REG32_00 = 8; NFT_REG_1..4 are 8, 12, 16, 20). */
  at32(index: number): RegValue | undefined {
    return this.by32.get(index);
  }

  get(reg: number): RegValue {
    return this.regs.get(reg) ?? { text: `reg ${reg}`, json: { reg }, type: 'hex', hostOrder: false };
  }

  /** The JSON of what a register holds (a loaded expression). */
  lhs(v: RegValue): Json {
    return v.json ?? (v.immediate ? formatJson(v.type, v.immediate, v.hostOrder, this.options) : null);
  }

  /** Formats bytes as a JSON value of the register's type. */
  formatJson(v: RegValue, bytes: Buffer): Json {
    if (v.concat) return concatValue(v.concat, bytes, undefined, this).json;
    return formatJson(v.type, fieldValue(v, bytes), v.hostOrder, this.options);
  }

  /** JSON of a statement's register source: an immediate value, or the loaded expression. */
  sourceJson(reg: number, type?: DataType, hostOrder?: boolean): Json {
    const v = this.get(reg);
    if (v.computed) return v.computed.json;
    if (v.immediate) return formatJson(type ?? v.type, v.immediate, hostOrder ?? v.hostOrder, this.options);
    return v.json ?? { reg };
  }

  /** Formats bytes as values of the register's type. */
  format(v: RegValue, bytes: Buffer): string {
    if (v.concat) return concatValue(v.concat, bytes, undefined, this).text;
    return formatValue(v.type, fieldValue(v, bytes), v.hostOrder, this.options);
  }

  /** The text a statement uses for a register source: an immediate value formatted, or the loaded expression. */
  source(reg: number, type?: DataType, hostOrder?: boolean): string {
    const v = this.get(reg);
    if (v.computed) return v.computed.text;
    if (v.immediate) return formatValue(type ?? v.type, v.immediate, hostOrder ?? v.hostOrder, this.options);
    return v.text ?? `reg ${reg}`;
  }

  /** Statement `index` (an equality) states the protocol of `layer`; removable: nft hides it when a later match implies it. */
  define(layer: Layer, index: number, value: number, removable: boolean, kind: string): void {
    this.deps[layer] = { index, value, removable, kind, done: false };
  }

  /** The protocol stated for `layer`, if any. */
  peek(layer: Layer): number | undefined {
    return this.deps[layer]?.value;
  }

  /** Kind of the statement that stated `layer` ('meta l4proto', 'ip protocol'...). */
  peekKind(layer: Layer): string | undefined {
    return this.deps[layer]?.kind;
  }

  /** A match names a header of `layer`: the statement that stated it is implied, so it is hidden (once). */
  use(layer: Layer): number | undefined {
    const d = this.deps[layer];
    if (!d) return undefined;
    if (d.removable && !d.done) { this.out[d.index] = ''; d.done = true; }
    // In an ip/ip6 table `meta protocol ip` before a transport match is implied by the table itself.
    if (layer === 'th') {
      const nh = this.deps.nh;
      const own = this.family === 'ip' ? 0x0800 : this.family === 'ip6' ? 0x86dd : undefined;
      if (nh && !nh.done && nh.kind === 'meta protocol' && nh.value === own) { this.out[nh.index] = ''; nh.done = true; }
      // icmp and icmpv6 imply their IP version: the `meta nfproto` before them is hidden too (not so for igmp).
      const ipOf = d.value === 1 ? 0x0800 : d.value === 58 ? 0x86dd : undefined;
      if (nh && !nh.done && ['meta nfproto', 'meta protocol', 'ether type'].includes(nh.kind) && nh.value === ipOf) { this.out[nh.index] = ''; nh.done = true; }
    }
    return d.value;
  }

  text(): string {
    return this.out.filter((s) => s !== '').join(' ');
  }

  /** The statements as `nft -j` lists them in a rule's "expr" (elided dependencies left out, as in the text). */
  json(): Json[] {
    return this.outJson.filter((_j, i) => this.out[i] !== '');
  }
}
