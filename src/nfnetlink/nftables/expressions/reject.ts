// reject: drop the packet and answer with an ICMP error or a TCP reset.
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import type { RejectExpr } from './types.js';

const A = { TYPE: 1, ICMP_CODE: 2 } as const; // NFTA_REJECT_TYPE, NFTA_REJECT_ICMP_CODE
const TYPES = ['icmp_unreach', 'tcp_rst', 'icmpx_unreach'] as const; // enum nft_reject_types

export const ICMP_CODES: Readonly<Record<number, string>> = {
  0: 'net-unreachable', 1: 'host-unreachable', 2: 'prot-unreachable', 3: 'port-unreachable',
  9: 'net-prohibited', 10: 'host-prohibited', 13: 'admin-prohibited',
};
export const ICMPV6_CODES: Readonly<Record<number, string>> = {
  0: 'no-route', 1: 'admin-prohibited', 3: 'addr-unreachable', 4: 'port-unreachable', 5: 'policy-fail', 6: 'reject-route',
};
export const ICMPX_CODES: Readonly<Record<number, string>> = { 0: 'no-route', 1: 'port-unreachable', 2: 'host-unreachable', 3: 'admin-prohibited' };

export const reject = defineExpression<RejectExpr>({
  name: 'reject',
  encode(e, w) {
    w.u32(A.TYPE, TYPES.indexOf(e.type));
    w.u8(A.ICMP_CODE, e.code);
  },
  decode(attrs) {
    const r = new ExprReader('reject', attrs, Object.values(A));
    const type = TYPES[r.u32(A.TYPE)];
    if (type === undefined) throw new UnmodelledAttribute('reject expression', 'reject type value');
    return { kind: 'reject', type, code: r.has(A.ICMP_CODE) ? r.u8(A.ICMP_CODE) : 0 };
  },
  render(e, ctx) {
    if (e.type === 'tcp_rst') {
      // `reject with tcp reset` implies the tcp match nft put before it.
      // In ip/ip6 tables; inet, bridge and netdev keep the `meta l4proto tcp` before it.
      if (ctx.peek('th') === 6 && (ctx.family === 'ip' || ctx.family === 'ip6')) ctx.use('th');
      ctx.emit('reject with tcp reset', { reject: { type: 'tcp reset' } });
      return;
    }
    if (e.type === 'icmpx_unreach') {
      ctx.emit(e.code === 1 && (ctx.family === 'inet' || ctx.family === 'netdev') ? 'reject' : `reject with icmpx ${ICMPX_CODES[e.code] ?? e.code}`,
        { reject: { type: 'icmpx', expr: ICMPX_CODES[e.code] ?? e.code } });
      return;
    }
    // In inet/bridge/netdev, `reject with icmp ...` implies the `meta nfproto` match nft put before it.
    if (ctx.family !== 'ip' && ctx.family !== 'ip6') ctx.use('nh');
    const v6 = ctx.family === 'ip6' || (ctx.family !== 'ip' && e.type === 'icmp_unreach' && ctx.peek('nh') === 0x86dd);
    const defaultCode = v6 ? 4 : 3;
    const name = (v6 ? ICMPV6_CODES : ICMP_CODES)[e.code] ?? String(e.code);
    const json = { reject: { type: v6 ? 'icmpv6' : 'icmp', expr: name } };
    if (e.code === defaultCode && (ctx.family === 'ip' || ctx.family === 'ip6')) { ctx.emit('reject', json); return; }
    ctx.emit(`reject with ${v6 ? 'icmpv6' : 'icmp'} ${name}`, json);
  },
});
