// redir: redirect to the local machine, optionally to a port (range).
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { RedirExpr } from './types.js';
import { natFlagsJson, natFlagsText, portJson, portText } from './nat-flags.js';


// enum nft_redir_attributes
const FIELDS = fieldCodec<RedirExpr>('redir', [
  { type: 1, attr: 'NFTA_REDIR_REG_PROTO_MIN', key: 'protoMin', kind: 'u32' },
  { type: 2, attr: 'NFTA_REDIR_REG_PROTO_MAX', key: 'protoMax', kind: 'u32' },
  { type: 3, attr: 'NFTA_REDIR_FLAGS', key: 'flags', kind: 'u32' },
]);

export const redir = defineExpression<RedirExpr>({
  name: 'redir',
  ...FIELDS,
  render(e, ctx) {
    const ports = portText(ctx, e.protoMin, e.protoMax);
    const j = { ...portJson(ctx, e.protoMin, e.protoMax), ...natFlagsJson(e.flags) };
    ctx.emit(`redirect${ports ? ` to ${ports}` : ''}${natFlagsText(e.flags)}`, { redirect: Object.keys(j).length ? j : null });
  },
});
