// connlimit: match on the number of connections of the (set element's) key: nft's `ct count [over] N`.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { ConnlimitExpr } from './types.js';

const NFT_CONNLIMIT_F_INV = 1;

// enum nft_connlimit_attributes
const FIELDS = fieldCodec<ConnlimitExpr>('connlimit', [
  { type: 1, attr: 'NFTA_CONNLIMIT_COUNT', key: 'count', kind: 'u32', required: true },
  { type: 2, attr: 'NFTA_CONNLIMIT_FLAGS', key: 'flags', kind: 'u32', writeDefault: 0 },
]);

export const connlimit = defineExpression<ConnlimitExpr>({
  name: 'connlimit',
  ...FIELDS,
  render(e, ctx) {
    const inv = ((e.flags ?? 0) & NFT_CONNLIMIT_F_INV) !== 0;
    ctx.emit(`ct count ${inv ? 'over ' : ''}${e.count}`, { 'ct count': { val: e.count, ...(inv ? { inv: true } : {}) } });
  },
});
