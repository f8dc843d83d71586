// redir: redirect to the local machine, optionally to a port (range).
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { RedirExpr } from './types.js';
import { natFlagsJson, natFlagsText, portJson, portText } from './nat-flags.js';

const A = { REG_PROTO_MIN: 1, REG_PROTO_MAX: 2, FLAGS: 3 } as const; // NFTA_REDIR_REG_PROTO_MIN, _MAX, NFTA_REDIR_FLAGS

export const redir = defineExpression<RedirExpr>({
  name: 'redir',
  encode(e, w) {
    if (e.protoMin !== undefined) w.u32(A.REG_PROTO_MIN, e.protoMin);
    if (e.protoMax !== undefined) w.u32(A.REG_PROTO_MAX, e.protoMax);
    if (e.flags !== undefined) w.u32(A.FLAGS, e.flags);
  },
  decode(attrs) {
    const r = new ExprReader('redir', attrs, Object.values(A));
    const out: RedirExpr = { kind: 'redir' };
    if (r.has(A.REG_PROTO_MIN)) out.protoMin = r.u32(A.REG_PROTO_MIN);
    if (r.has(A.REG_PROTO_MAX)) out.protoMax = r.u32(A.REG_PROTO_MAX);
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    return out;
  },
  render(e, ctx) {
    const ports = portText(ctx, e.protoMin, e.protoMax);
    const j = { ...portJson(ctx, e.protoMin, e.protoMax), ...natFlagsJson(e.flags) };
    ctx.emit(`redirect${ports ? ` to ${ports}` : ''}${natFlagsText(e.flags)}`, { redirect: Object.keys(j).length ? j : null });
  },
});
