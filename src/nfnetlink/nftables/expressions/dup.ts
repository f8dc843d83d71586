// dup: send a copy of the packet to an address (register), optionally through a device (register).
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { DupExpr } from './types.js';
import type { Json, RenderContext } from '../render/context.js';

const A = { SREG_ADDR: 1, SREG_DEV: 2 } as const; // NFTA_DUP_SREG_ADDR, NFTA_DUP_SREG_DEV

/** An address register's value as an IPv4 or IPv6 address (by its length). */
export function addressSource(reg: number, ctx: RenderContext): { text: string; json: Json } {
  const v = ctx.get(reg);
  const type = v.immediate?.length === 16 ? 'ipv6_addr' : 'ipv4_addr';
  return { text: ctx.source(reg, type, false), json: ctx.sourceJson(reg, type, false) };
}

export const dup = defineExpression<DupExpr>({
  name: 'dup',
  encode(e, w) {
    if (e.addrReg !== undefined) w.u32(A.SREG_ADDR, e.addrReg);
    if (e.devReg !== undefined) w.u32(A.SREG_DEV, e.devReg);
  },
  decode(attrs) {
    const r = new ExprReader('dup', attrs, Object.values(A));
    const out: DupExpr = { kind: 'dup' };
    if (r.has(A.SREG_ADDR)) out.addrReg = r.u32(A.SREG_ADDR);
    if (r.has(A.SREG_DEV)) out.devReg = r.u32(A.SREG_DEV);
    return out;
  },
  render(e, ctx) {
    const addr = e.addrReg !== undefined ? addressSource(e.addrReg, ctx) : undefined;
    const dev = e.devReg !== undefined ? { text: ctx.source(e.devReg, 'iface_index', true), json: ctx.sourceJson(e.devReg, 'iface_index', true) } : undefined;
    ctx.emit(`dup${addr ? ` to ${addr.text}` : ''}${dev ? ` device ${dev.text}` : ''}`,
      { dup: { ...(addr ? { addr: addr.json } : {}), ...(dev ? { dev: dev.json } : {}) } });
  },
});
