// tproxy: divert the packet to a local socket (address and/or port in registers).
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { TproxyExpr } from './types.js';
import { NfProto } from '../constants.js';


// enum nft_tproxy_attributes
const FIELDS = fieldCodec<TproxyExpr>('tproxy', [
  { type: 1, attr: 'NFTA_TPROXY_FAMILY', key: 'family', kind: 'u32', required: true },
  { type: 2, attr: 'NFTA_TPROXY_REG_ADDR', key: 'addrReg', kind: 'u32' },
  { type: 3, attr: 'NFTA_TPROXY_REG_PORT', key: 'portReg', kind: 'u32' },
]);

export const tproxy = defineExpression<TproxyExpr>({
  name: 'tproxy',
  ...FIELDS,
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
