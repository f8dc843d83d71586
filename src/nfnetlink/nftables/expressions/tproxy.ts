// tproxy: divert the packet to a local socket (address and/or port in registers).
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { TproxyExpr } from './types.js';
import { NfProto } from '../constants.js';

const A = { FAMILY: 1, REG_ADDR: 2, REG_PORT: 3 } as const; // NFTA_TPROXY_FAMILY, _REG_ADDR, _REG_PORT

export const tproxy = defineExpression<TproxyExpr>({
  name: 'tproxy',
  encode(e, w) {
    w.u32(A.FAMILY, e.family);
    if (e.addrReg !== undefined) w.u32(A.REG_ADDR, e.addrReg);
    if (e.portReg !== undefined) w.u32(A.REG_PORT, e.portReg);
  },
  decode(attrs) {
    const r = new ExprReader('tproxy', attrs, Object.values(A));
    const out: TproxyExpr = { kind: 'tproxy', family: r.u32(A.FAMILY) };
    if (r.has(A.REG_ADDR)) out.addrReg = r.u32(A.REG_ADDR);
    if (r.has(A.REG_PORT)) out.portReg = r.u32(A.REG_PORT);
    return out;
  },
  render(e, ctx) {
    const v6 = e.family === NfProto.IPV6;
    let addr = e.addrReg === undefined ? '' : ctx.source(e.addrReg, v6 ? 'ipv6_addr' : 'ipv4_addr', false);
    if (v6 && addr) addr = `[${addr}]`;
    const port = e.portReg === undefined ? '' : `:${ctx.source(e.portReg, 'inet_service', false)}`;
    const fam = ctx.family === 'inet' && e.family !== NfProto.UNSPEC ? (v6 ? ' ip6' : ' ip') : '';
    ctx.emit(`tproxy${fam} to ${addr}${port}`, {
      tproxy: {
        ...(fam ? { family: v6 ? 'ip6' : 'ip' } : {}),
        ...(e.addrReg !== undefined ? { addr: ctx.sourceJson(e.addrReg, v6 ? 'ipv6_addr' : 'ipv4_addr', false) } : {}),
        ...(e.portReg !== undefined ? { port: ctx.sourceJson(e.portReg, 'inet_service', false) } : {}),
      },
    });
  },
});
