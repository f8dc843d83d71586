// rt: load routing data of the packet (NFTA_RT_KEY: enum nft_rt_keys) into a register.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { RtExpr } from './types.js';
import type { DataType } from '../render/datatypes.js';
import type { Json } from '../render/context.js';

const A = { DREG: 1, KEY: 2 } as const; // NFTA_RT_DREG, NFTA_RT_KEY
/** enum nft_rt_keys: nft's name (and family), value type and byte order. */
const KEYS: ReadonlyArray<{ text: string; json: Json; type: DataType; hostOrder: boolean }> = [
  { text: 'rt classid', json: { rt: { key: 'classid' } }, type: 'realm', hostOrder: true }, // NFT_RT_CLASSID
  { text: 'rt ip nexthop', json: { rt: { key: 'nexthop', family: 'ip' } }, type: 'ipv4_addr', hostOrder: false }, // NFT_RT_NEXTHOP4
  { text: 'rt ip6 nexthop', json: { rt: { key: 'nexthop', family: 'ip6' } }, type: 'ipv6_addr', hostOrder: false }, // NFT_RT_NEXTHOP6
  { text: 'rt mtu', json: { rt: { key: 'mtu' } }, type: 'integer', hostOrder: true }, // NFT_RT_TCPMSS
  { text: 'rt ipsec', json: { rt: { key: 'ipsec' } }, type: 'boolean', hostOrder: true }, // NFT_RT_XFRM
];

export const rt = defineExpression<RtExpr>({
  name: 'rt',
  encode(e, w) { w.u32(A.KEY, e.key); w.u32(A.DREG, e.dreg); },
  decode(attrs) {
    const r = new ExprReader('rt', attrs, Object.values(A));
    return { kind: 'rt', key: r.u32(A.KEY), dreg: r.u32(A.DREG) };
  },
  render(e, ctx) {
    const k = KEYS[e.key] ?? { text: `rt key${e.key}`, json: { rt: { key: e.key } }, type: 'hex', hostOrder: false };
    ctx.load(e.dreg, { text: k.text, json: k.json, type: k.type, hostOrder: k.hostOrder });
  },
});
