// dynset: add, update or delete the packet's key (and data) in a set from the rule: `add @s { ip saddr }`.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { DynsetExpr } from './types.js';
import { durationText } from '../render/set-types.js';

const OPS = ['add', 'update', 'delete'] as const; // NFT_DYNSET_OP_ADD, _UPDATE, _DELETE

// enum nft_dynset_attributes (EXPR/EXPRESSIONS, the per-element statements, are not modelled: kept raw)
const FIELDS = fieldCodec<DynsetExpr>('dynset', [
  { type: 4, attr: 'NFTA_DYNSET_SREG_KEY', key: 'sregKey', kind: 'u32', required: true },
  { type: 5, attr: 'NFTA_DYNSET_SREG_DATA', key: 'sregData', kind: 'u32' },
  {
    type: 3, attr: 'NFTA_DYNSET_OP', key: 'op', kind: 'u32', required: true, values: OPS, unknown: 'invalid',
    kernelNames: ['NFT_DYNSET_OP_ADD', 'NFT_DYNSET_OP_UPDATE', 'NFT_DYNSET_OP_DELETE'],
  },
  { type: 1, attr: 'NFTA_DYNSET_SET_NAME', key: 'set', kind: 'string', required: true },
  { type: 2, attr: 'NFTA_DYNSET_SET_ID', key: 'setId', kind: 'u32' },
  { type: 6, attr: 'NFTA_DYNSET_TIMEOUT', key: 'timeout', kind: 'u64' },
  { type: 9, attr: 'NFTA_DYNSET_FLAGS', key: 'flags', kind: 'u32' },
], { alsoKnown: [8] }); // NFTA_DYNSET_PAD

export const dynset = defineExpression<DynsetExpr>({
  name: 'dynset',
  ...FIELDS,
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
