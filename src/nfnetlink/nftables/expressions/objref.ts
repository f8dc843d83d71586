// objref: attach a stateful object to the packet by name (NFTA_OBJREF_IMM_*), or by a map lookup of a
// register (NFTA_OBJREF_SET_*): `counter name "c1"`, `ct helper set "ftp"`, `quota name tcp dport map @m`.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { ObjrefExpr } from './types.js';
import { setReference, setReferenceJson } from './lookup.js';

// enum nft_objref_attributes
const A = { IMM_TYPE: 1, IMM_NAME: 2, SET_SREG: 3, SET_NAME: 4, SET_ID: 5 } as const;
/** NFT_OBJECT_*: how nft refers to an object of each type in a rule (text prefix and JSON key). */
const TYPES: Readonly<Record<number, { text: string; json: string }>> = {
  1: { text: 'counter name', json: 'counter' }, 2: { text: 'quota name', json: 'quota' }, 3: { text: 'ct helper set', json: 'ct helper' },
  4: { text: 'limit name', json: 'limit' }, 7: { text: 'ct timeout set', json: 'ct timeout' }, 8: { text: 'meta secmark set', json: 'secmark' },
  9: { text: 'ct expectation set', json: 'ct expectation' }, 10: { text: 'synproxy name', json: 'synproxy' },
};

export const objref = defineExpression<ObjrefExpr>({
  name: 'objref',
  encode(e, w) {
    if (e.type !== undefined) w.u32(A.IMM_TYPE, e.type);
    if (e.name !== undefined) w.string(A.IMM_NAME, e.name);
    if (e.sreg !== undefined) w.u32(A.SET_SREG, e.sreg);
    if (e.set !== undefined) w.string(A.SET_NAME, e.set);
    if (e.setId !== undefined) w.u32(A.SET_ID, e.setId);
  },
  decode(attrs) {
    const r = new ExprReader('objref', attrs, Object.values(A));
    const out: ObjrefExpr = { kind: 'objref' };
    if (r.has(A.IMM_TYPE)) out.type = r.u32(A.IMM_TYPE);
    if (r.has(A.IMM_NAME)) out.name = r.string(A.IMM_NAME);
    if (r.has(A.SET_SREG)) out.sreg = r.u32(A.SET_SREG);
    if (r.has(A.SET_NAME)) out.set = r.string(A.SET_NAME);
    if (r.has(A.SET_ID)) out.setId = r.u32(A.SET_ID);
    return out;
  },
  render(e, ctx) {
    if (e.name !== undefined) {
      const t = TYPES[e.type ?? 0] ?? { text: `object ${e.type} name`, json: `object ${e.type}` };
      ctx.emit(`${t.text} ${JSON.stringify(e.name)}`, { [t.json]: e.name });
      return;
    }
    if (e.set === undefined || e.sreg === undefined) return;
    // The object type of a map lookup is the map's; nft's listing names it from the set, known here only by name.
    const set = ctx.options.set?.(e.set);
    const t = TYPES[set?.objectType ?? 0] ?? { text: 'counter name', json: 'counter' };
    const lhs = ctx.get(e.sreg);
    ctx.emit(`${t.text} ${lhs.text ?? '?'} map ${setReference(e.set, lhs, ctx)}`,
      { [t.json]: { map: { key: ctx.lhs(lhs), data: setReferenceJson(e.set, lhs, ctx) } } });
  },
});
