// bitwise: (reg & mask) ^ xor, or a shift; nft uses it for prefixes that are not byte-aligned and for flags.
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import { hexBytes, writeData } from './writer.js';
import type { BitwiseExpr } from './types.js';

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
      const n = e.data ? Buffer.from(e.data, 'hex').readUIntBE(0, Math.min(4, e.data.length / 2)) : 0;
      ctx.load(e.dreg, { ...src, text: `${src.text ?? '?'} ${sh} ${e.data ?? ''}`, json: { [sh]: [ctx.lhs(src), n] } });
      return;
    }
    const xor = e.xor ? hexBytes(e.xor) : Buffer.alloc(0);
    if (xor.some((b) => b !== 0)) {
      // (x & mask) ^ xor writes a field inside a byte (ip dscp set ...): keep both for the payload write.
      ctx.load(e.dreg, { ...src, mask: hexBytes(e.mask), immediate: xor });
      return;
    }
    ctx.load(e.dreg, { ...src, mask: hexBytes(e.mask) });
  },
});
