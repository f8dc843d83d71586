// numgen: load a number from a counter or a random source, modulo NFTA_NG_MODULUS plus NFTA_NG_OFFSET.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { NumgenExpr } from './types.js';

const MODES = ['inc', 'random'] as const; // NFT_NG_INCREMENTAL, NFT_NG_RANDOM

// enum nft_ng_attributes
const FIELDS = fieldCodec<NumgenExpr>('numgen', [
  { type: 1, attr: 'NFTA_NG_DREG', key: 'dreg', kind: 'u32', required: true },
  { type: 2, attr: 'NFTA_NG_MODULUS', key: 'mod', kind: 'u32', required: true },
  { type: 3, attr: 'NFTA_NG_TYPE', key: 'mode', kind: 'u32', required: true, values: MODES, unknown: 'invalid', kernelNames: ['NFT_NG_INCREMENTAL', 'NFT_NG_RANDOM'] },
  { type: 4, attr: 'NFTA_NG_OFFSET', key: 'offset', kind: 'u32' },
]);

export const numgen = defineExpression<NumgenExpr>({
  name: 'numgen',
  ...FIELDS,
  render(e, ctx) {
    const offset = e.offset ?? 0;
    const text = `numgen ${e.mode} mod ${e.mod}${offset ? ` offset ${offset}` : ''}`;
    const json = { numgen: { mode: e.mode, mod: e.mod, offset } };
    ctx.load(e.dreg, { text, json, type: 'integer', hostOrder: true, computed: { text, json } });
  },
});
