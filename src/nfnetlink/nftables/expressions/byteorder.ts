// byteorder: convert a register between host and network order (nft adds it before < > on host-order data).
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import type { ByteorderExpr } from './types.js';

// enum nft_byteorder_attributes
const A = { SREG: 1, DREG: 2, OP: 3, LEN: 4, SIZE: 5 } as const;
const OPS = ['ntoh', 'hton'] as const; // NFT_BYTEORDER_NTOH, NFT_BYTEORDER_HTON

export const byteorder = defineExpression<ByteorderExpr>({
  name: 'byteorder',
  encode(e, w) {
    w.u32(A.SREG, e.sreg);
    w.u32(A.DREG, e.dreg);
    w.u32(A.OP, OPS.indexOf(e.op));
    w.u32(A.LEN, e.len);
    w.u32(A.SIZE, e.size);
  },
  decode(attrs) {
    const r = new ExprReader('byteorder', attrs, Object.values(A));
    const op = OPS[r.u32(A.OP)];
    if (op === undefined) throw new UnmodelledAttribute('byteorder expression', 'byteorder op value');
    return { kind: 'byteorder', sreg: r.u32(A.SREG), dreg: r.u32(A.DREG), op, len: r.u32(A.LEN), size: r.u32(A.SIZE) };
  },
  render(e, ctx) {
    const src = ctx.get(e.sreg);
    ctx.load(e.dreg, { ...src, hostOrder: e.op === 'ntoh' });
  },
});
