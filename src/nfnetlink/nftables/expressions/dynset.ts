// dynset: add, update or delete the packet's key (and data) in a set from the rule: `add @s { ip saddr }`.
import { NetlinkDecodeError } from '../../../netlink/index.js';
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { DynsetExpr } from './types.js';
import { durationText } from '../render/set-types.js';

// enum nft_dynset_attributes (EXPR/EXPRESSIONS, the per-element statements, are not modelled: kept raw)
const A = { SET_NAME: 1, SET_ID: 2, OP: 3, SREG_KEY: 4, SREG_DATA: 5, TIMEOUT: 6, FLAGS: 9 } as const;
const OPS = ['add', 'update', 'delete'] as const; // NFT_DYNSET_OP_ADD, _UPDATE, _DELETE

export const dynset = defineExpression<DynsetExpr>({
  name: 'dynset',
  encode(e, w) {
    w.u32(A.SREG_KEY, e.sregKey);
    if (e.sregData !== undefined) w.u32(A.SREG_DATA, e.sregData);
    w.u32(A.OP, OPS.indexOf(e.op));
    w.string(A.SET_NAME, e.set);
    if (e.setId !== undefined) w.u32(A.SET_ID, e.setId);
    if (e.timeout !== undefined) w.u64(A.TIMEOUT, e.timeout);
    if (e.flags !== undefined) w.u32(A.FLAGS, e.flags);
  },
  decode(attrs) {
    const r = new ExprReader('dynset', [...attrs].filter((a) => a.type !== 8), Object.values(A)); // NFTA_DYNSET_PAD carries nothing
    const op = OPS[r.u32(A.OP)];
    if (op === undefined) throw new NetlinkDecodeError('dynset expression', 0, 'op out of range');
    const out: DynsetExpr = { kind: 'dynset', op, set: r.string(A.SET_NAME), sregKey: r.u32(A.SREG_KEY) };
    if (r.has(A.SREG_DATA)) out.sregData = r.u32(A.SREG_DATA);
    if (r.has(A.SET_ID)) out.setId = r.u32(A.SET_ID);
    if (r.has(A.TIMEOUT)) out.timeout = r.u64(A.TIMEOUT);
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    return out;
  },
  render(e, ctx) {
    const key = ctx.get(e.sregKey);
    const timeout = e.timeout ? ` timeout ${durationText(e.timeout)}` : '';
    const data = e.sregData !== undefined ? ctx.source(e.sregData, ctx.options.set?.(e.set)?.dataFormat?.format, ctx.options.set?.(e.set)?.dataFormat?.hostOrder) : undefined;
    const text = `${e.op} @${e.set} { ${key.text ?? '?'}${timeout}${data !== undefined ? ` : ${data}` : ''} }`;
    // nft -j writes a map update as its text (it has no JSON form for the data).
    if (data !== undefined) { ctx.emit(text, text); return; }
    const elem = e.timeout ? { elem: { val: ctx.lhs(key), timeout: Math.floor(e.timeout / 1000) } } : ctx.lhs(key);
    ctx.emit(text, { set: { op: e.op, elem, set: `@${e.set}` } });
  },
});
