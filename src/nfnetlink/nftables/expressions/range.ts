// range: match a register against an inclusive range (tcp dport 1000-2000).
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import { hexBytes, writeData } from './writer.js';
import type { RangeExpr } from './types.js';
import type { RegValue } from '../render/context.js';
import { hasSymbols } from '../render/datatypes.js';

/** nft prints the bounds of a range of a keyword type as numbers in its text (`icmp code 1-3`), as keywords in JSON. */
export const asRangeBound = (v: RegValue): RegValue =>
  (hasSymbols(v.type) ? { ...v, type: 'integer' } : v.type === 'duration' ? { ...v, type: 'seconds' } : v);

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
    const b = asRangeBound(lhs);
    ctx.emit(`${lhs.text ?? '?'} ${e.op === 'neq' ? '!= ' : ''}${ctx.format(b, hexBytes(e.from))}-${ctx.format(b, hexBytes(e.to))}`, {
      match: { op: e.op === 'neq' ? '!=' : '==', left: ctx.lhs(lhs), right: { range: [ctx.formatJson(lhs, hexBytes(e.from)), ctx.formatJson(lhs, hexBytes(e.to))] } },
    });
  },
});
