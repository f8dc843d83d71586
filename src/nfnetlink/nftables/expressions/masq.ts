// masq: source NAT to the outgoing interface's address (masquerade), optionally to a port range.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { MasqExpr } from './types.js';
import { natFlagsJson, natFlagsText, portJson, portText } from './nat-flags.js';


// enum nft_masq_attributes
const FIELDS = fieldCodec<MasqExpr>('masq', [
  { type: 1, attr: 'NFTA_MASQ_FLAGS', key: 'flags', kind: 'u32' },
  { type: 2, attr: 'NFTA_MASQ_REG_PROTO_MIN', key: 'protoMin', kind: 'u32' },
  { type: 3, attr: 'NFTA_MASQ_REG_PROTO_MAX', key: 'protoMax', kind: 'u32' },
]);

export const masq = defineExpression<MasqExpr>({
  name: 'masq',
  ...FIELDS,
  render(e, ctx) {
    const ports = portText(ctx, e.protoMin, e.protoMax);
    const j = { ...portJson(ctx, e.protoMin, e.protoMax), ...natFlagsJson(e.flags) };
    ctx.emit(`masquerade${ports ? ` to ${ports}` : ''}${natFlagsText(e.flags)}`, { masquerade: Object.keys(j).length ? j : null });
  },
});
