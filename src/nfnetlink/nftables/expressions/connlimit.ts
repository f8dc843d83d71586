// connlimit: match on the number of connections of the (set element's) key: nft's `ct count [over] N`.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { ConnlimitExpr } from './types.js';

const A = { COUNT: 1, FLAGS: 2 } as const; // NFTA_CONNLIMIT_COUNT, _FLAGS
const NFT_CONNLIMIT_F_INV = 1;

export const connlimit = defineExpression<ConnlimitExpr>({
  name: 'connlimit',
  encode(e, w) {
    w.u32(A.COUNT, e.count);
    w.u32(A.FLAGS, e.flags ?? 0);
  },
  decode(attrs) {
    const r = new ExprReader('connlimit', attrs, Object.values(A));
    const out: ConnlimitExpr = { kind: 'connlimit', count: r.u32(A.COUNT) };
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    return out;
  },
  render(e, ctx) {
    const inv = ((e.flags ?? 0) & NFT_CONNLIMIT_F_INV) !== 0;
    ctx.emit(`ct count ${inv ? 'over ' : ''}${e.count}`, { 'ct count': { val: e.count, ...(inv ? { inv: true } : {}) } });
  },
});
