// masq: source NAT to the outgoing interface's address (masquerade), optionally to a port range.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { MasqExpr } from './types.js';
import { natFlagsJson, natFlagsText, portJson, portText } from './nat-flags.js';

const A = { FLAGS: 1, REG_PROTO_MIN: 2, REG_PROTO_MAX: 3 } as const; // NFTA_MASQ_FLAGS, _REG_PROTO_MIN, _REG_PROTO_MAX

export const masq = defineExpression<MasqExpr>({
  name: 'masq',
  encode(e, w) {
    if (e.flags !== undefined) w.u32(A.FLAGS, e.flags);
    if (e.protoMin !== undefined) w.u32(A.REG_PROTO_MIN, e.protoMin);
    if (e.protoMax !== undefined) w.u32(A.REG_PROTO_MAX, e.protoMax);
  },
  decode(attrs) {
    const r = new ExprReader('masq', attrs, Object.values(A));
    const out: MasqExpr = { kind: 'masq' };
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    if (r.has(A.REG_PROTO_MIN)) out.protoMin = r.u32(A.REG_PROTO_MIN);
    if (r.has(A.REG_PROTO_MAX)) out.protoMax = r.u32(A.REG_PROTO_MAX);
    return out;
  },
  render(e, ctx) {
    const ports = portText(ctx, e.protoMin, e.protoMax);
    const j = { ...portJson(ctx, e.protoMin, e.protoMax), ...natFlagsJson(e.flags) };
    ctx.emit(`masquerade${ports ? ` to ${ports}` : ''}${natFlagsText(e.flags)}`, { masquerade: Object.keys(j).length ? j : null });
  },
});
