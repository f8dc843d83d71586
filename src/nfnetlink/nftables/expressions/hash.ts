// hash: load a hash (jhash of a register's bytes, or symhash of the flow) modulo NFTA_HASH_MODULUS.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { HashExpr } from './types.js';
import type { Json } from '../render/context.js';
import { concatFields, concatRegister } from '../render/concat.js';

const TYPES = ['jhash', 'symhash'] as const; // NFT_HASH_JENKINS, NFT_HASH_SYM

// enum nft_hash_attributes
const FIELDS = fieldCodec<HashExpr>('hash', [
  { type: 1, attr: 'NFTA_HASH_SREG', key: 'sreg', kind: 'u32' },
  { type: 2, attr: 'NFTA_HASH_DREG', key: 'dreg', kind: 'u32', required: true },
  { type: 3, attr: 'NFTA_HASH_LEN', key: 'len', kind: 'u32' },
  { type: 4, attr: 'NFTA_HASH_MODULUS', key: 'mod', kind: 'u32', required: true },
  { type: 5, attr: 'NFTA_HASH_SEED', key: 'seed', kind: 'u32' },
  { type: 6, attr: 'NFTA_HASH_OFFSET', key: 'offset', kind: 'u32' },
  {
    type: 7, attr: 'NFTA_HASH_TYPE', key: 'type', kind: 'u32', required: true, values: TYPES, unknown: 'invalid', readDefault: 0,
    kernelNames: ['NFT_HASH_JENKINS', 'NFT_HASH_SYM'],
  },
]);

export const hash = defineExpression<HashExpr>({
  name: 'hash',
  ...FIELDS,
  render(e, ctx) {
    const fields = e.type === 'jhash' && e.sreg !== undefined ? concatFields(ctx, e.sreg, e.len) : undefined;
    const src = fields ? concatRegister(fields, ctx) : e.type === 'jhash' && e.sreg !== undefined ? ctx.get(e.sreg) : undefined;
    const seed = e.seed ? ` seed 0x${e.seed.toString(16)}` : '';
    const offset = e.offset ? ` offset ${e.offset}` : '';
    const text = `${e.type}${src ? ` ${src.text ?? '?'}` : ''} mod ${e.mod}${seed}${offset}`;
    const body: { [k: string]: Json } = { mod: e.mod };
    if (e.seed) body.seed = e.seed;
    if (e.offset) body.offset = e.offset;
    if (src) body.expr = ctx.lhs(src);
    const json = { [e.type]: body };
    ctx.load(e.dreg, { text, json, type: 'integer', hostOrder: true, computed: { text, json } });
  },
});
