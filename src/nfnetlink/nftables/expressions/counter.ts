// counter: packets and bytes seen by the rule.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { CounterExpr } from './types.js';


// enum nft_counter_attributes
const FIELDS = fieldCodec<CounterExpr>('counter', [
  { type: 1, attr: 'NFTA_COUNTER_BYTES', key: 'bytes', kind: 'u64' },
  { type: 2, attr: 'NFTA_COUNTER_PACKETS', key: 'packets', kind: 'u64' },
], { alsoKnown: [3] }); // NFTA_COUNTER_PAD

export const counter = defineExpression<CounterExpr>({
  name: 'counter',
  ...FIELDS,
  render(e, ctx) {
    ctx.emit(`counter packets ${e.packets ?? 0} bytes ${e.bytes ?? 0}`, { counter: { packets: e.packets ?? 0, bytes: e.bytes ?? 0 } });
  },
});
