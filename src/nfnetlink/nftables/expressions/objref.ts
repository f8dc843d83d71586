// objref: attach a stateful object to the packet by name (NFTA_OBJREF_IMM_*), or by a map lookup of a
// register (NFTA_OBJREF_SET_*): `counter name "c1"`, `ct helper set "ftp"`, `quota name tcp dport map @m`.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { ObjrefExpr } from './types.js';
import { setReference, setReferenceJson } from './lookup.js';

/** NFT_OBJECT_*: how nft refers to an object of each type in a rule (text prefix and JSON key). */
const TYPES: Readonly<Record<number, { text: string; json: string }>> = {
  1: { text: 'counter name', json: 'counter' }, 2: { text: 'quota name', json: 'quota' }, 3: { text: 'ct helper set', json: 'ct helper' },
  4: { text: 'limit name', json: 'limit' }, 7: { text: 'ct timeout set', json: 'ct timeout' }, 8: { text: 'meta secmark set', json: 'secmark' },
  9: { text: 'ct expectation set', json: 'ct expectation' }, 10: { text: 'synproxy name', json: 'synproxy' },
};

// enum nft_objref_attributes
const FIELDS = fieldCodec<ObjrefExpr>('objref', [
  { type: 1, attr: 'NFTA_OBJREF_IMM_TYPE', key: 'type', kind: 'u32' },
  { type: 2, attr: 'NFTA_OBJREF_IMM_NAME', key: 'name', kind: 'string' },
  { type: 3, attr: 'NFTA_OBJREF_SET_SREG', key: 'sreg', kind: 'u32' },
  { type: 4, attr: 'NFTA_OBJREF_SET_NAME', key: 'set', kind: 'string' },
  { type: 5, attr: 'NFTA_OBJREF_SET_ID', key: 'setId', kind: 'u32' },
]);

export const objref = defineExpression<ObjrefExpr>({
  name: 'objref',
  ...FIELDS,
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
