// fwd: forward the packet out of a device (netdev family), optionally to a next-hop address.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { FwdExpr } from './types.js';
import { addressSource } from './dup.js';

const A = { SREG_DEV: 1, SREG_ADDR: 2, NFPROTO: 3 } as const; // NFTA_FWD_SREG_DEV, _SREG_ADDR, _NFPROTO

export const fwd = defineExpression<FwdExpr>({
  name: 'fwd',
  encode(e, w) {
    if (e.devReg !== undefined) w.u32(A.SREG_DEV, e.devReg);
    if (e.addrReg !== undefined) w.u32(A.SREG_ADDR, e.addrReg);
    if (e.nfproto !== undefined) w.u32(A.NFPROTO, e.nfproto);
  },
  decode(attrs) {
    const r = new ExprReader('fwd', attrs, Object.values(A));
    const out: FwdExpr = { kind: 'fwd' };
    if (r.has(A.SREG_DEV)) out.devReg = r.u32(A.SREG_DEV);
    if (r.has(A.SREG_ADDR)) out.addrReg = r.u32(A.SREG_ADDR);
    if (r.has(A.NFPROTO)) out.nfproto = r.u32(A.NFPROTO);
    return out;
  },
  render(e, ctx) {
    const dev = e.devReg !== undefined ? { text: ctx.source(e.devReg, 'iface_index', true), json: ctx.sourceJson(e.devReg, 'iface_index', true) } : undefined;
    const addr = e.addrReg !== undefined ? addressSource(e.addrReg, ctx) : undefined;
    const family = e.nfproto === 10 ? 'ip6' : e.nfproto === 2 ? 'ip' : undefined;
    const text = addr ? `fwd ${family ?? 'ip'} to ${addr.text}${dev ? ` device ${dev.text}` : ''}` : `fwd to ${dev?.text ?? '?'}`;
    ctx.emit(text, { fwd: { ...(dev ? { dev: dev.json } : {}), ...(addr ? { family: family ?? 'ip', addr: addr.json } : {}) } });
  },
});
