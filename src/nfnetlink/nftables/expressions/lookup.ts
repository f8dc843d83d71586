// lookup: is the register's value in a set (match), or what does a map give for it (dreg; 0 = verdict map).
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { LookupExpr } from './types.js';
import { elementTexts, dataText, elementJson, dataJson } from '../render/elements.js';
import type { Json, RenderContext, RegValue, RenderSet } from '../render/context.js';
import type { NftData } from './types.js';
import { hexBytes } from './writer.js';
import { formatJson, formatValue } from '../render/datatypes.js';
import { setTypeInfo } from '../render/set-types.js';
import { NFT_DATA_VERDICT } from '../constants.js';
import { concatFields, concatRegister, concatValue } from '../render/concat.js';

// enum nft_lookup_attributes
const A = { SET: 1, SREG: 2, DREG: 3, SET_ID: 4, FLAGS: 5 } as const;
const NFT_LOOKUP_F_INV = 1;

/** How a map's data prints, by the set's data type (verdict maps and unknown types: undefined). */
function mapData(set: RenderSet): ReturnType<typeof setTypeInfo> | undefined {
  if (set.dataType === undefined || set.dataType === NFT_DATA_VERDICT) return undefined;
  const info = setTypeInfo(set.dataType);
  return info.format === 'hex' ? undefined : info;
}

/** nft sorts elements as numbers in the key's byte order; strings count as host-order numbers. */
const sortsAsHost = (v: RegValue): boolean => v.hostOrder || v.type === 'ifname';

/** `@name`, or the anonymous set's elements inline. */
export function setReference(name: string, lhs: RegValue, ctx: RenderContext): string {
  const set = ctx.options.set?.(name);
  if (!set || !set.anonymous) return `@${name}`;
  const isAddress = lhs.type === 'ipv4_addr' || lhs.type === 'ipv6_addr';
  const data = mapData(set);
  const text = (d: NftData): string => ('verdict' in d || !data ? dataText(d) : formatValue(data.format, hexBytes(d.value), data.hostOrder, ctx.options));
  // Raw values print in hex in anonymous sets (and for a set declared raw), in decimal as map keys.
  const key: RegValue = set.map ? (lhs.type === 'raw' ? { ...lhs, type: 'integer' } : lhs) : set.rawKey ? { ...lhs, type: 'raw' } : lhs;
  const span = lhs.concat ? (a: Buffer, b: Buffer): string => concatValue(lhs.concat!, a, b, ctx).text : undefined;
  return `{ ${elementTexts(set, (k) => ctx.format(key, k), text, isAddress, sortsAsHost(lhs), lhs.type === 'ifname', span).join(', ')} }`;
}

/** `"@name"`, or the anonymous set's elements as {"set": [...]}. */
export function setReferenceJson(name: string, lhs: RegValue, ctx: RenderContext): Json {
  const set = ctx.options.set?.(name);
  if (!set || !set.anonymous) return `@${name}`;
  const isAddress = lhs.type === 'ipv4_addr' || lhs.type === 'ipv6_addr';
  const data = mapData(set);
  const json = (d: NftData): Json => ('verdict' in d || !data ? dataJson(d) : formatJson(data.format, hexBytes(d.value), data.hostOrder, ctx.options));
  const span = lhs.concat ? (a: Buffer, b: Buffer): Json => concatValue(lhs.concat!, a, b, ctx).json : undefined;
  return { set: elementJson(set, (k) => ctx.formatJson(lhs.type === 'raw' ? { ...lhs, type: 'integer' } : lhs, k), json, isAddress, sortsAsHost(lhs), lhs.type === 'ifname', span) };
}

export const lookup = defineExpression<LookupExpr>({
  name: 'lookup',
  encode(e, w) {
    w.u32(A.SREG, e.sreg);
    if (e.dreg !== undefined) w.u32(A.DREG, e.dreg);
    w.string(A.SET, e.set);
    if (e.setId !== undefined) w.u32(A.SET_ID, e.setId);
    if (e.invert) w.u32(A.FLAGS, NFT_LOOKUP_F_INV);
  },
  decode(attrs) {
    const r = new ExprReader('lookup', attrs, Object.values(A));
    const out: LookupExpr = { kind: 'lookup', set: r.string(A.SET), sreg: r.u32(A.SREG) };
    if (r.has(A.DREG)) out.dreg = r.u32(A.DREG);
    if (r.has(A.SET_ID)) out.setId = r.u32(A.SET_ID);
    if (r.has(A.FLAGS) && r.u32(A.FLAGS) & NFT_LOOKUP_F_INV) out.invert = true;
    return out;
  },
  render(e, ctx) {
    const fields = concatFields(ctx, e.sreg, ctx.options.set?.(e.set)?.keyLen);
    const lhs = fields ? concatRegister(fields, ctx) : ctx.get(e.sreg);
    if (lhs.deferUse) ctx.use(lhs.deferUse);
    const ref = setReference(e.set, lhs, ctx);
    const refJson = setReferenceJson(e.set, lhs, ctx);
    if (e.dreg === 0) ctx.emit(`${lhs.text ?? '?'} vmap ${ref}`, { vmap: { key: ctx.lhs(lhs), data: refJson } });
    else if (e.dreg !== undefined) {
      const set = ctx.options.set?.(e.set);
      const data = set ? mapData(set) : undefined;
      ctx.load(e.dreg, { text: `${lhs.text ?? '?'} map ${ref}`, json: { map: { key: ctx.lhs(lhs), data: refJson } }, type: data?.format ?? 'hex', hostOrder: data?.hostOrder ?? false });
    } else ctx.emit(`${lhs.text ?? '?'} ${e.invert ? '!= ' : ''}${ref}`, { match: { op: e.invert ? '!=' : '==', left: ctx.lhs(lhs), right: refJson } });
  },
});
