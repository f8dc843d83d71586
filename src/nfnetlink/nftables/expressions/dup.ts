// dup: send a copy of the packet to an address (register), optionally through a device (register).
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { DupExpr } from './types.js';
import type { Json, RenderContext } from '../render/context.js';


/** An address register's value as an IPv4 or IPv6 address (by its length). */
export function addressSource(reg: number, ctx: RenderContext): { text: string; json: Json } {
  const v = ctx.get(reg);
  const type = v.immediate?.length === 16 ? 'ipv6_addr' : 'ipv4_addr';
  return { text: ctx.source(reg, type, false), json: ctx.sourceJson(reg, type, false) };
}

// enum nft_dup_attributes
const FIELDS = fieldCodec<DupExpr>('dup', [
  { type: 1, attr: 'NFTA_DUP_SREG_ADDR', key: 'addrReg', kind: 'u32' },
  { type: 2, attr: 'NFTA_DUP_SREG_DEV', key: 'devReg', kind: 'u32' },
]);

export const dup = defineExpression<DupExpr>({
  name: 'dup',
  ...FIELDS,
  render(e, ctx) {
    const addr = e.addrReg !== undefined ? addressSource(e.addrReg, ctx) : undefined;
    const dev = e.devReg !== undefined ? { text: ctx.source(e.devReg, 'iface_index', true), json: ctx.sourceJson(e.devReg, 'iface_index', true) } : undefined;
    ctx.emit(`dup${addr ? ` to ${addr.text}` : ''}${dev ? ` device ${dev.text}` : ''}`,
      { dup: { ...(addr ? { addr: addr.json } : {}), ...(dev ? { dev: dev.json } : {}) } });
  },
});
