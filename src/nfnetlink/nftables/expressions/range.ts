// range: match a register against an inclusive range (tcp dport 1000-2000).
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import { hexBytes, writeData } from './writer.js';
import type { RangeExpr } from './types.js';

// enum nft_range_attributes
const A = { SREG: 1, OP: 2, FROM_DATA: 3, TO_DATA: 4 } as const;
const OPS = ['eq', 'neq'] as const; // NFT_RANGE_EQ, NFT_RANGE_NEQ

export const range = defineExpression<RangeExpr>({
  name: 'range',
  encode(e, w) {
    w.u32(A.SREG, e.sreg);
    w.u32(A.OP, OPS.indexOf(e.op));
    writeData(w, A.FROM_DATA, { value: e.from });
    writeData(w, A.TO_DATA, { value: e.to });
  },
  decode(attrs) {
    const r = new ExprReader('range', attrs, Object.values(A));
    const op = OPS[r.u32(A.OP)];
    if (op === undefined) throw new UnmodelledAttribute('range expression', 'range op value');
    return { kind: 'range', sreg: r.u32(A.SREG), op, from: r.value(A.FROM_DATA), to: r.value(A.TO_DATA) };
  },
  render(e, ctx) {
    const lhs = ctx.get(e.sreg);
    ctx.emit(`${lhs.text ?? '?'} ${e.op === 'neq' ? '!= ' : ''}${ctx.format(lhs, hexBytes(e.from))}-${ctx.format(lhs, hexBytes(e.to))}`, {
      match: { op: e.op === 'neq' ? '!=' : '==', left: ctx.lhs(lhs), right: { range: [ctx.formatJson(lhs, hexBytes(e.from)), ctx.formatJson(lhs, hexBytes(e.to))] } },
    });
  },
});
