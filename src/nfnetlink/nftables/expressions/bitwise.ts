// bitwise: (reg & mask) ^ xor, or a shift; nft uses it for prefixes that are not byte-aligned and for flags.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import { hexBytes } from './writer.js';
import type { BitwiseExpr } from './types.js';
import type { Json, RegValue, RenderContext } from '../render/context.js';
import { maskedField } from './payload.js';

const OPS = ['mask_xor', 'lshift', 'rshift'] as const; // enum nft_bitwise_ops

// enum nft_bitwise_attributes
const FIELDS = fieldCodec<BitwiseExpr>('bitwise', [
  { type: 1, attr: 'NFTA_BITWISE_SREG', key: 'sreg', kind: 'u32', required: true },
  { type: 2, attr: 'NFTA_BITWISE_DREG', key: 'dreg', kind: 'u32', required: true },
  {
    type: 6, attr: 'NFTA_BITWISE_OP', key: 'op', kind: 'u32', values: OPS, unknown: 'unmodelled',
    kernelNames: ['NFT_BITWISE_MASK_XOR', 'NFT_BITWISE_LSHIFT', 'NFT_BITWISE_RSHIFT'],
  },
  { type: 3, attr: 'NFTA_BITWISE_LEN', key: 'len', kind: 'u32', required: true },
  { type: 4, attr: 'NFTA_BITWISE_MASK', key: 'mask', kind: 'data' },
  { type: 5, attr: 'NFTA_BITWISE_XOR', key: 'xor', kind: 'data' },
  { type: 7, attr: 'NFTA_BITWISE_DATA', key: 'data', kind: 'data' },
]);

export const bitwise = defineExpression<BitwiseExpr>({
  name: 'bitwise',
  ...FIELDS,
  render(e, ctx) {
    const src = ctx.get(e.sreg);
    if ((e.op ?? 'mask_xor') !== 'mask_xor' || !e.mask) {
      const sh = e.op === 'rshift' ? '>>' : '<<';
      // The shift amount is a 32-bit value in host byte order.
      const raw = e.data ? hexBytes(e.data) : Buffer.alloc(0);
      const n = raw.length >= 4 ? raw.readUInt32LE(0) : raw.length ? raw.readUIntLE(0, raw.length) : 0;
      // A sub-byte field shifted down to its value (`ip dscp @set`): still the field.
      if (sh === '>>' && src.shift !== undefined && src.shift >= n && src.bits !== undefined) {
        ctx.load(e.dreg, { ...src, shift: src.shift - n });
        return;
      }
      const text = `${src.text ?? '?'} ${sh} ${n}`;
      const json = { [sh]: [ctx.lhs(src), n] };
      ctx.load(e.dreg, { ...src, text, json, computed: { text, json } });
      return;
    }
    const mask = hexBytes(e.mask);
    const xor = e.xor ? hexBytes(e.xor) : Buffer.alloc(mask.length);
    const xorZero = xor.every((b) => b === 0);
    if (xorZero && !src.mask) {
      const field = maskedField(src, mask, ctx);
      if (field) { ctx.load(e.dreg, field); return; }
    }
    ctx.load(e.dreg, { ...src, mask, ...(xorZero ? {} : { immediate: xor }), computed: computedText(src, mask, xor, ctx) });
  },
});

/** `x & m`, `x | v`, `x ^ v` as nft writes a bitwise result used as a value (`ct mark set ct mark | 0x23`). */
function computedText(src: RegValue, mask: Buffer, xor: Buffer, ctx: RenderContext): { text: string; json: Json } {
  const lhs = src.computed ?? { text: src.text ?? '?', json: ctx.lhs(src) };
  const v = { ...src, shift: undefined, bits: undefined };
  const allOnes = mask.every((b) => b === 0xff);
  const xorZero = xor.every((b) => b === 0);
  const or = !xorZero && mask.every((b, i) => b === (~xor[i]! & 0xff));
  const op = xorZero ? '&' : allOnes ? '^' : or ? '|' : undefined;
  if (op) {
    const operand = op === '&' ? mask : xor;
    return { text: `${lhs.text} ${op} ${ctx.format(v, operand)}`, json: { [op]: [lhs.json, ctx.formatJson(v, operand)] } };
  }
  const inner = `${lhs.text} & ${ctx.format(v, mask)}`;
  return { text: `${inner} ^ ${ctx.format(v, xor)}`, json: { '^': [{ '&': [lhs.json, ctx.formatJson(v, mask)] }, ctx.formatJson(v, xor)] } };
}
