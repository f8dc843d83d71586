// numgen: load a number from a counter or a random source, modulo NFTA_NG_MODULUS plus NFTA_NG_OFFSET.
import { NetlinkDecodeError } from '../../../netlink/index.js';
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { NumgenExpr } from './types.js';

const A = { DREG: 1, MODULUS: 2, TYPE: 3, OFFSET: 4 } as const; // NFTA_NG_DREG, _MODULUS, _TYPE, _OFFSET
const MODES = ['inc', 'random'] as const; // NFT_NG_INCREMENTAL, NFT_NG_RANDOM

export const numgen = defineExpression<NumgenExpr>({
  name: 'numgen',
  encode(e, w) {
    w.u32(A.DREG, e.dreg);
    w.u32(A.MODULUS, e.mod);
    w.u32(A.TYPE, MODES.indexOf(e.mode));
    if (e.offset !== undefined) w.u32(A.OFFSET, e.offset);
  },
  decode(attrs) {
    const r = new ExprReader('numgen', attrs, Object.values(A));
    const mode = MODES[r.u32(A.TYPE)];
    if (mode === undefined) throw new NetlinkDecodeError('numgen expression', 0, 'type out of range');
    const out: NumgenExpr = { kind: 'numgen', dreg: r.u32(A.DREG), mod: r.u32(A.MODULUS), mode };
    if (r.has(A.OFFSET)) out.offset = r.u32(A.OFFSET);
    return out;
  },
  render(e, ctx) {
    const offset = e.offset ?? 0;
    const text = `numgen ${e.mode} mod ${e.mod}${offset ? ` offset ${offset}` : ''}`;
    const json = { numgen: { mode: e.mode, mod: e.mod, offset } };
    ctx.load(e.dreg, { text, json, type: 'integer', hostOrder: true, computed: { text, json } });
  },
});
