// counter: packets and bytes seen by the rule.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { CounterExpr } from './types.js';

const A = { BYTES: 1, PACKETS: 2, PAD: 3 } as const; // NFTA_COUNTER_BYTES, _PACKETS, _PAD

export const counter = defineExpression<CounterExpr>({
  name: 'counter',
  encode(e, w) {
    if (e.bytes !== undefined) w.u64(A.BYTES, e.bytes);
    if (e.packets !== undefined) w.u64(A.PACKETS, e.packets);
  },
  decode(attrs) {
    const r = new ExprReader('counter', attrs, Object.values(A));
    const out: CounterExpr = { kind: 'counter' };
    if (r.has(A.BYTES)) out.bytes = r.u64(A.BYTES);
    if (r.has(A.PACKETS)) out.packets = r.u64(A.PACKETS);
    return out;
  },
  render(e, ctx) {
    ctx.emit(`counter packets ${e.packets ?? 0} bytes ${e.bytes ?? 0}`, { counter: { packets: e.packets ?? 0, bytes: e.bytes ?? 0 } });
  },
});
