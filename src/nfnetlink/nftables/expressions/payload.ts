// payload: load bytes of a packet header into a register, or write a register into the packet.
import { ValidationError } from '../../../netlink/index.js';
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import type { PayloadBase, PayloadExpr } from './types.js';
import type { Json, RenderContext } from '../render/context.js';
import { TRANSPORT_HEADER, findField, type Field } from '../render/fields.js';
import { formatJson, formatValue } from '../render/datatypes.js';

// enum nft_payload_attributes
const A = { DREG: 1, BASE: 2, OFFSET: 3, LEN: 4, SREG: 5, CSUM_TYPE: 6, CSUM_OFFSET: 7, CSUM_FLAGS: 8 } as const;
/** enum nft_payload_bases. */
const BASES: readonly PayloadBase[] = ['ll', 'network', 'transport', 'inner']; // NFT_PAYLOAD_LL_HEADER.. _INNER_HEADER
const RAW_BASE: Readonly<Record<PayloadBase, string>> = { ll: 'll', network: 'nh', transport: 'th', inner: 'ih' };

function baseNumber(b: PayloadBase): number {
  const n = BASES.indexOf(b);
  if (n < 0) throw new ValidationError('payload base', `'${b}' is not one of ${BASES.join(', ')}`);
  return n;
}

/** Which header a payload at `base` refers to here, consuming the dependency that names it. */
function headerOf(e: PayloadExpr, ctx: RenderContext): string | undefined {
  if (e.base === 'network') {
    if (ctx.family === 'ip') return 'ip';
    if (ctx.family === 'ip6') return 'ip6';
    const p = ctx.consumeDependency('nfproto');
    return p === 2 ? 'ip' : p === 10 ? 'ip6' : undefined;
  }
  if (e.base === 'transport') {
    const p = ctx.pending('l4proto');
    const h = p === undefined ? undefined : TRANSPORT_HEADER[p];
    if (h) { ctx.consumeDependency('l4proto'); return h; }
    return 'th';
  }
  return undefined;
}

export function describePayload(e: PayloadExpr, ctx: RenderContext): { text: string; json: Json; field?: Field; prefix: boolean } {
  const header = headerOf(e, ctx);
  const found = header ? findField(header, e.offset, e.len) : undefined;
  if (found) return { text: `${header} ${found.field.name}`, json: { payload: { protocol: header!, field: found.field.name } }, field: found.field, prefix: found.prefix };
  return { text: `@${RAW_BASE[e.base]},${e.offset * 8},${e.len * 8}`, json: { payload: { base: RAW_BASE[e.base], offset: e.offset * 8, len: e.len * 8 } }, prefix: false };
}

export const payload = defineExpression<PayloadExpr>({
  name: 'payload',
  encode(e, w) {
    if (e.sreg !== undefined) w.u32(A.SREG, e.sreg);
    if (e.dreg !== undefined) w.u32(A.DREG, e.dreg);
    w.u32(A.BASE, baseNumber(e.base));
    w.u32(A.OFFSET, e.offset);
    w.u32(A.LEN, e.len);
    if (e.csumType !== undefined) w.u32(A.CSUM_TYPE, e.csumType);
    if (e.csumOffset !== undefined) w.u32(A.CSUM_OFFSET, e.csumOffset);
    if (e.csumFlags !== undefined) w.u32(A.CSUM_FLAGS, e.csumFlags);
  },
  decode(attrs) {
    const r = new ExprReader('payload', attrs, Object.values(A));
    const base = BASES[r.u32(A.BASE)];
    if (base === undefined) throw new UnmodelledAttribute('payload expression', 'payload base value');
    const out: PayloadExpr = { kind: 'payload', base, offset: r.u32(A.OFFSET), len: r.u32(A.LEN) };
    if (r.has(A.DREG)) out.dreg = r.u32(A.DREG);
    if (r.has(A.SREG)) out.sreg = r.u32(A.SREG);
    if (r.has(A.CSUM_TYPE)) out.csumType = r.u32(A.CSUM_TYPE);
    if (r.has(A.CSUM_OFFSET)) out.csumOffset = r.u32(A.CSUM_OFFSET);
    if (r.has(A.CSUM_FLAGS)) out.csumFlags = r.u32(A.CSUM_FLAGS);
    return out;
  },
  render(e, ctx) {
    const d = describePayload(e, ctx);
    if (e.dreg !== undefined) {
      ctx.load(e.dreg, {
        text: d.text, json: d.json, type: d.field?.type ?? 'integer', hostOrder: false,
        ...(d.prefix && d.field ? { fieldLen: d.field.len } : {}),
        ...(d.field?.dependency ? { dependency: d.field.dependency } : {}),
      });
    } else if (e.sreg !== undefined) {
      const src = ctx.get(e.sreg);
      // `ip dscp set X`: the ToS byte rewritten through (load & 0xff03) ^ (X << 2).
      if (d.text === '@nh,0,16' && ctx.family !== 'ip6' && src.mask?.toString('hex') === 'ff03' && src.immediate?.length === 2) {
        const dscp = Buffer.from([src.immediate[1]! >> 2]);
        ctx.emit(`ip dscp set ${formatValue('dscp', dscp, false)}`,
          { mangle: { key: { payload: { protocol: 'ip', field: 'dscp' } }, value: formatJson('dscp', dscp, false) } });
        return;
      }
      ctx.emit(`${d.text} set ${ctx.source(e.sreg, d.field?.type ?? 'integer', false)}`,
        { mangle: { key: d.json, value: ctx.sourceJson(e.sreg, d.field?.type ?? 'integer', false) } });
    }
  },
});
