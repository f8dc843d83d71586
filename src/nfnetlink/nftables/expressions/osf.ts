// osf: load the name (or name:version) of the passive OS fingerprint of a SYN packet into a register.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { OsfExpr } from './types.js';

const A = { DREG: 1, TTL: 2, FLAGS: 3 } as const; // NFTA_OSF_DREG, _TTL, _FLAGS
const NFT_OSF_F_VERSION = 1;
const TTL = ['', 'loose', 'skip']; // the ttl check: 0 = exact (nft's default), 1 = loose, 2 = skip

export const osf = defineExpression<OsfExpr>({
  name: 'osf',
  encode(e, w) {
    w.u32(A.DREG, e.dreg);
    if (e.ttl !== undefined) w.u8(A.TTL, e.ttl);
    if (e.flags !== undefined) w.u32(A.FLAGS, e.flags);
  },
  decode(attrs) {
    const r = new ExprReader('osf', attrs, Object.values(A));
    const out: OsfExpr = { kind: 'osf', dreg: r.u32(A.DREG) };
    if (r.has(A.TTL)) out.ttl = r.u8(A.TTL);
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    return out;
  },
  render(e, ctx) {
    const key = (e.flags ?? 0) & NFT_OSF_F_VERSION ? 'version' : 'name';
    const ttl = TTL[e.ttl ?? 0] ?? String(e.ttl);
    ctx.load(e.dreg, {
      text: `osf ${ttl ? `ttl ${ttl} ` : ''}${key}`, json: { osf: { key, ...(ttl ? { ttl } : {}) } }, type: 'ifname', hostOrder: false,
    });
  },
});
