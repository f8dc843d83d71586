// xfrm: load a property of the packet's IPsec state (nft's `ipsec in|out [spnum N] KEY`) into a register.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { XfrmExpr } from './types.js';
import type { DataType } from '../render/datatypes.js';

const A = { DREG: 1, KEY: 2, DIR: 3, SPNUM: 4 } as const; // NFTA_XFRM_DREG, _KEY, _DIR, _SPNUM
/** enum nft_xfrm_keys from NFT_XFRM_KEY_DADDR_IP4: nft's key, family and value type. */
const KEYS: Readonly<Record<number, { key: string; family?: 'ip' | 'ip6'; type: DataType; hostOrder: boolean; len?: number }>> = {
  1: { key: 'daddr', family: 'ip', type: 'ipv4_addr', hostOrder: false, len: 4 }, 2: { key: 'daddr', family: 'ip6', type: 'ipv6_addr', hostOrder: false, len: 16 },
  3: { key: 'saddr', family: 'ip', type: 'ipv4_addr', hostOrder: false, len: 4 }, 4: { key: 'saddr', family: 'ip6', type: 'ipv6_addr', hostOrder: false, len: 16 },
  5: { key: 'reqid', type: 'integer', hostOrder: true }, 6: { key: 'spi', type: 'integer', hostOrder: false },
};

export const xfrm = defineExpression<XfrmExpr>({
  name: 'xfrm',
  encode(e, w) {
    w.u32(A.DREG, e.dreg);
    w.u32(A.KEY, e.key);
    w.u8(A.DIR, e.dir);
    w.u32(A.SPNUM, e.spnum);
  },
  decode(attrs) {
    const r = new ExprReader('xfrm', attrs, Object.values(A));
    return { kind: 'xfrm', dreg: r.u32(A.DREG), key: r.u32(A.KEY), dir: r.u8(A.DIR), spnum: r.has(A.SPNUM) ? r.u32(A.SPNUM) : 0 };
  },
  render(e, ctx) {
    const k = KEYS[e.key] ?? { key: `key${e.key}`, type: 'hex' as DataType, hostOrder: false };
    const dir = e.dir === 0 ? 'in' : 'out';
    const text = `ipsec ${dir}${e.spnum ? ` spnum ${e.spnum}` : ''} ${k.family ? `${k.family} ` : ''}${k.key}`;
    ctx.load(e.dreg, {
      text, json: { ipsec: { key: k.key, ...(k.family ? { family: k.family } : {}), dir, spnum: e.spnum } }, type: k.type, hostOrder: k.hostOrder,
      ...(k.len !== undefined ? { fieldLen: k.len } : {}),
    });
  },
});
