// State while one rule's expressions are turned into nft syntax: what each register holds, the statements
// printed so far, and the protocol dependency (meta l4proto / meta nfproto) a later match may make implicit.
import type { Family } from '../constants.js';
import type { NftData } from '../expressions/types.js';
import { type DataType, type FormatOptions, formatValue, formatJson } from './datatypes.js';

/** A JSON value as `nft -j` prints it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

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
  /** A match on this register names the protocol of what follows (meta l4proto, meta nfproto). */
  dependency?: 'l4proto' | 'nfproto';
  /** A match on this register tells what follows (ip protocol, ip6 nexthdr) but stays printed. */
  context?: 'l4proto';
}

/** A set as the renderer needs it: anonymous sets are printed inline. */
export interface RenderSet {
  name: string;
  anonymous: boolean;
  interval: boolean;
  map: boolean;
  elements: ReadonlyArray<{ key: string; keyEnd?: string; data?: NftData; intervalEnd?: boolean; timeout?: number; expiration?: number }>;
  /** The set's default element timeout (ms): elements print theirs only when it differs. */
  timeout?: number;
}

/** How rules are rendered: the formatting options and a lookup of the table's sets. */
export interface RenderOptions extends FormatOptions {
  /** Sets of the rule's table by name, for lookups. */
  set?: (name: string) => RenderSet | undefined;
}

export class RenderContext {
  readonly regs = new Map<number, RegValue>();
  private readonly out: string[] = [];
  private readonly outJson: Json[] = [];
  private dependency: { index: number; key: 'l4proto' | 'nfproto'; value: number; elide: boolean } | undefined;

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
    return formatJson(v.type, bytes, v.hostOrder, this.options);
  }

  /** JSON of a statement's register source: an immediate value, or the loaded expression. */
  sourceJson(reg: number, type?: DataType, hostOrder?: boolean): Json {
    const v = this.get(reg);
    if (v.immediate) return formatJson(type ?? v.type, v.immediate, hostOrder ?? v.hostOrder, this.options);
    return v.json ?? { reg };
  }

  /** Formats bytes as values of the register's type. */
  format(v: RegValue, bytes: Buffer): string {
    return formatValue(v.type, bytes, v.hostOrder, this.options);
  }

  /** The text a statement uses for a register source: an immediate value formatted, or the loaded expression. */
  source(reg: number, type?: DataType, hostOrder?: boolean): string {
    const v = this.get(reg);
    if (v.immediate) return formatValue(type ?? v.type, v.immediate, hostOrder ?? v.hostOrder, this.options);
    return v.text ?? `reg ${reg}`;
  }

  /** Records that statement `index` (an equality on meta l4proto / nfproto) may be implied by what follows. */
  setDependency(index: number, key: 'l4proto' | 'nfproto', value: number, elide = true): void {
    this.dependency = { index, key, value, elide };
  }

  /** A protocol header is about to be named: takes the pending dependency and drops its statement. */
  consumeDependency(key: 'l4proto' | 'nfproto'): number | undefined {
    const d = this.dependency;
    if (!d || d.key !== key) return undefined;
    if (d.elide) this.out[d.index] = '';
    this.dependency = undefined;
    return d.value;
  }

  /** Peeks at the pending dependency without consuming it. */
  pending(key: 'l4proto' | 'nfproto'): number | undefined {
    return this.dependency?.key === key ? this.dependency.value : undefined;
  }

  text(): string {
    return this.out.filter((s) => s !== '').join(' ');
  }

  /** The statements as `nft -j` lists them in a rule's "expr" (elided dependencies left out, as in the text). */
  json(): Json[] {
    return this.outJson.filter((_j, i) => this.out[i] !== '');
  }
}
