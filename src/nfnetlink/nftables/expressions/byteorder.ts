// byteorder: convert a register between host and network order (nft adds it before < > on host-order data).
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { ByteorderExpr } from './types.js';

const OPS = ['ntoh', 'hton'] as const; // NFT_BYTEORDER_NTOH, NFT_BYTEORDER_HTON

// enum nft_byteorder_attributes
const FIELDS = fieldCodec<ByteorderExpr>('byteorder', [
  { type: 1, attr: 'NFTA_BYTEORDER_SREG', key: 'sreg', kind: 'u32', required: true },
  { type: 2, attr: 'NFTA_BYTEORDER_DREG', key: 'dreg', kind: 'u32', required: true },
  { type: 3, attr: 'NFTA_BYTEORDER_OP', key: 'op', kind: 'u32', required: true, values: OPS, unknown: 'unmodelled', kernelNames: ['NFT_BYTEORDER_NTOH', 'NFT_BYTEORDER_HTON'] },
  { type: 4, attr: 'NFTA_BYTEORDER_LEN', key: 'len', kind: 'u32', required: true },
  { type: 5, attr: 'NFTA_BYTEORDER_SIZE', key: 'size', kind: 'u32', required: true },
]);

export const byteorder = defineExpression<ByteorderExpr>({
  name: 'byteorder',
  ...FIELDS,
  render(e, ctx) {
    const src = ctx.get(e.sreg);
    ctx.load(e.dreg, { ...src, hostOrder: e.op === 'ntoh' });
  },
});
