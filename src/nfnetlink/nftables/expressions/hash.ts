// hash: load a hash (jhash of a register's bytes, or symhash of the flow) modulo NFTA_HASH_MODULUS.
import { NetlinkDecodeError } from '../../../netlink/index.js';
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { HashExpr } from './types.js';
import type { Json } from '../render/context.js';
import { concatFields, concatRegister } from '../render/concat.js';

// enum nft_hash_attributes
const A = { SREG: 1, DREG: 2, LEN: 3, MODULUS: 4, SEED: 5, OFFSET: 6, TYPE: 7 } as const;
const TYPES = ['jhash', 'symhash'] as const; // NFT_HASH_JENKINS, NFT_HASH_SYM

export const hash = defineExpression<HashExpr>({
  name: 'hash',
  encode(e, w) {
    if (e.sreg !== undefined) w.u32(A.SREG, e.sreg);
    w.u32(A.DREG, e.dreg);
    if (e.len !== undefined) w.u32(A.LEN, e.len);
    w.u32(A.MODULUS, e.mod);
    if (e.seed !== undefined) w.u32(A.SEED, e.seed);
    if (e.offset !== undefined) w.u32(A.OFFSET, e.offset);
    w.u32(A.TYPE, TYPES.indexOf(e.type));
  },
  decode(attrs) {
    const r = new ExprReader('hash', attrs, Object.values(A));
    const type = TYPES[r.has(A.TYPE) ? r.u32(A.TYPE) : 0];
    if (type === undefined) throw new NetlinkDecodeError('hash expression', 0, 'type out of range');
    const out: HashExpr = { kind: 'hash', type, dreg: r.u32(A.DREG), mod: r.u32(A.MODULUS) };
    if (r.has(A.SREG)) out.sreg = r.u32(A.SREG);
    if (r.has(A.LEN)) out.len = r.u32(A.LEN);
    if (r.has(A.SEED)) out.seed = r.u32(A.SEED);
    if (r.has(A.OFFSET)) out.offset = r.u32(A.OFFSET);
    return out;
  },
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
