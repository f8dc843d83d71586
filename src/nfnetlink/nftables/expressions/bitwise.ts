// bitwise: (reg & mask) ^ xor, or a shift; nft uses it for prefixes that are not byte-aligned and for flags.
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import { hexBytes, writeData } from './writer.js';
import type { BitwiseExpr } from './types.js';
import type { Json, RegValue, RenderContext } from '../render/context.js';
import { maskedField } from './payload.js';

// enum nft_bitwise_attributes
const A = { SREG: 1, DREG: 2, LEN: 3, MASK: 4, XOR: 5, OP: 6, DATA: 7 } as const;
const OPS = ['mask_xor', 'lshift', 'rshift'] as const; // enum nft_bitwise_ops

export const bitwise = defineExpression<BitwiseExpr>({
  name: 'bitwise',
  encode(e, w) {
    w.u32(A.SREG, e.sreg);
    w.u32(A.DREG, e.dreg);
    if (e.op !== undefined) w.u32(A.OP, OPS.indexOf(e.op));
    w.u32(A.LEN, e.len);
    if (e.mask !== undefined) writeData(w, A.MASK, { value: e.mask });
    if (e.xor !== undefined) writeData(w, A.XOR, { value: e.xor });
    if (e.data !== undefined) writeData(w, A.DATA, { value: e.data });
  },
  decode(attrs) {
    const r = new ExprReader('bitwise', attrs, Object.values(A));
    const out: BitwiseExpr = { kind: 'bitwise', sreg: r.u32(A.SREG), dreg: r.u32(A.DREG), len: r.u32(A.LEN) };
    if (r.has(A.OP)) {
      const op = OPS[r.u32(A.OP)];
      if (op === undefined) throw new UnmodelledAttribute('bitwise expression', 'bitwise op value');
      out.op = op;
    }
    if (r.has(A.MASK)) out.mask = r.value(A.MASK);
    if (r.has(A.XOR)) out.xor = r.value(A.XOR);
    if (r.has(A.DATA)) out.data = r.value(A.DATA);
    return out;
  },
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
