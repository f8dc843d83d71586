// fwd: forward the packet out of a device (netdev family), optionally to a next-hop address.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { FwdExpr } from './types.js';
import { addressSource } from './dup.js';


// enum nft_fwd_attributes
const FIELDS = fieldCodec<FwdExpr>('fwd', [
  { type: 1, attr: 'NFTA_FWD_SREG_DEV', key: 'devReg', kind: 'u32' },
  { type: 2, attr: 'NFTA_FWD_SREG_ADDR', key: 'addrReg', kind: 'u32' },
  { type: 3, attr: 'NFTA_FWD_NFPROTO', key: 'nfproto', kind: 'u32' },
]);

export const fwd = defineExpression<FwdExpr>({
  name: 'fwd',
  ...FIELDS,
  render(e, ctx) {
    const dev = e.devReg !== undefined ? { text: ctx.source(e.devReg, 'iface_index', true), json: ctx.sourceJson(e.devReg, 'iface_index', true) } : undefined;
    const addr = e.addrReg !== undefined ? addressSource(e.addrReg, ctx) : undefined;
    const family = e.nfproto === 10 ? 'ip6' : e.nfproto === 2 ? 'ip' : undefined;
    const text = addr ? `fwd ${family ?? 'ip'} to ${addr.text}${dev ? ` device ${dev.text}` : ''}` : `fwd to ${dev?.text ?? '?'}`;
    ctx.emit(text, { fwd: { ...(dev ? { dev: dev.json } : {}), ...(addr ? { family: family ?? 'ip', addr: addr.json } : {}) } });
  },
});
