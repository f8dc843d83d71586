// notrack: exempt the packet from connection tracking. No attributes.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { NotrackExpr } from './types.js';

export const notrack = defineExpression<NotrackExpr>({
  name: 'notrack',
  noData: true,
  encode() { /* no attributes */ },
  decode(attrs) {
    new ExprReader('notrack', attrs, []);
    return { kind: 'notrack' };
  },
  render(_e, ctx) {
    ctx.emit('notrack', { notrack: null });
  },
});
