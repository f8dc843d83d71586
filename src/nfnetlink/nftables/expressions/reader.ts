// Typed access to the attributes of one expression's NFTA_EXPR_DATA, refusing what it does not know.
import { type Attribute, NetlinkDecodeError, ValidationError, netfilterCodec, parseAttributes } from '../../../netlink/index.js';
import { DataAttr, VerdictAttr, VerdictCode } from '../constants.js';
import type { NftData, Verdict, VerdictName } from './types.js';

/**
 * Thrown by a decoder for well-formed bytes it does not model (an attribute, an enum value, a data type).
 * The expression registry catches exactly this class and keeps the expression raw; anywhere else it leaves
 * the library as what it is, a NetlinkDecodeError.
 */
export class UnmodelledAttribute extends NetlinkDecodeError {
  constructor(context: string, what: string) {
    super(context, 0, `${what} is not modelled by this library`);
    this.name = 'NetlinkDecodeError';
  }
}

export class ExprReader {
  private readonly byType = new Map<number, Attribute>();
  constructor(readonly name: string, attrs: readonly Attribute[], known: readonly number[]) {
    for (const a of attrs) {
      if (!known.includes(a.type)) throw new UnmodelledAttribute(`${name} expression`, `attribute ${a.type}`);
      this.byType.set(a.type, a);
    }
  }
  has(type: number): boolean { return this.byType.has(type); }
  private need(type: number): Attribute {
    const a = this.byType.get(type);
    if (!a) throw new NetlinkDecodeError(`${this.name} expression`, 0, `attribute ${type} is missing`);
    return a;
  }
  u32(type: number): number { return netfilterCodec.u32(this.need(type)); }
  s32(type: number): number { return netfilterCodec.s32(this.need(type)); }
  u64(type: number): number { return netfilterCodec.u64n(this.need(type)); }
  string(type: number): string { return netfilterCodec.string(this.need(type)); }
  u8(type: number): number { return netfilterCodec.u8(this.need(type)); }
  u16(type: number): number { return netfilterCodec.u16(this.need(type)); }
  data(type: number): NftData { return decodeData(this.need(type), this.name); }
  value(type: number): string {
    const d = this.data(type);
    if (!('value' in d)) throw new NetlinkDecodeError(`${this.name} expression`, 0, `attribute ${type} holds a verdict, not a value`);
    return d.value;
  }
}

const codeNames = new Map<number, VerdictName>(Object.entries(VerdictCode).map(([k, v]) => [v, k as VerdictName]));

export function verdictCodeNumber(code: Verdict['code']): number {
  if (typeof code === 'number') return code;
  const n = (VerdictCode as Readonly<Record<string, number>>)[code];
  if (n === undefined) throw new ValidationError('verdict', `'${String(code)}' is not one of ${Object.keys(VerdictCode).join(', ')}`);
  return n;
}

export function decodeVerdict(a: Attribute, context: string): Verdict {
  const attrs = parseAttributes(a.value, 0, a.value.length, `${context} verdict`);
  const out: Verdict = { code: 0 };
  let seen = false;
  for (const v of attrs) {
    if (v.type === VerdictAttr.CODE) { const n = netfilterCodec.s32(v); out.code = codeNames.get(n) ?? n; seen = true; }
    else if (v.type === VerdictAttr.CHAIN) out.chain = netfilterCodec.string(v);
    else if (v.type === VerdictAttr.CHAIN_ID) out.chainId = netfilterCodec.u32(v);
    else throw new UnmodelledAttribute(`${context} verdict`, `attribute ${v.type}`);
  }
  if (!seen) throw new NetlinkDecodeError(`${context} verdict`, 0, 'NFTA_VERDICT_CODE is missing');
  return out;
}

/** NFTA_DATA_VALUE or NFTA_DATA_VERDICT inside a nest. */
export function decodeData(a: Attribute, context: string): NftData {
  const attrs = parseAttributes(a.value, 0, a.value.length, `${context} data`);
  if (attrs.length !== 1) throw new NetlinkDecodeError(`${context} data`, 0, `expected one NFTA_DATA_* attribute, got ${attrs.length}`);
  const d = attrs[0]!;
  if (d.type === DataAttr.VALUE) return { value: d.value.toString('hex') };
  if (d.type === DataAttr.VERDICT) return { verdict: decodeVerdict(d, context) };
  throw new UnmodelledAttribute(`${context} data`, `NFTA_DATA attribute type ${d.type}`);
}
