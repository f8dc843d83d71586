// synproxy: answer SYNs for the server with the given MSS, window scale and TCP options (NF_SYNPROXY_OPT_*).
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { SynproxyExpr } from './types.js';
import type { Json } from '../render/context.js';

const A = { MSS: 1, WSCALE: 2, FLAGS: 3 } as const; // NFTA_SYNPROXY_MSS, _WSCALE, _FLAGS
const OPT = { MSS: 0x01, WSCALE: 0x02, SACK_PERM: 0x04, TIMESTAMP: 0x08 } as const; // NF_SYNPROXY_OPT_*

export const synproxy = defineExpression<SynproxyExpr>({
  name: 'synproxy',
  encode(e, w) {
    if (e.mss !== undefined) w.u16(A.MSS, e.mss);
    if (e.wscale !== undefined) w.u8(A.WSCALE, e.wscale);
    if (e.flags !== undefined) w.u32(A.FLAGS, e.flags);
  },
  decode(attrs) {
    const r = new ExprReader('synproxy', attrs, Object.values(A));
    const out: SynproxyExpr = { kind: 'synproxy' };
    if (r.has(A.MSS)) out.mss = r.u16(A.MSS);
    if (r.has(A.WSCALE)) out.wscale = r.u8(A.WSCALE);
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    return out;
  },
  render(e, ctx) {
    const f = e.flags ?? 0;
    let text = 'synproxy';
    const json: { [k: string]: Json } = {};
    // nft prints the window scale with the MSS even when only the MSS was given.
    if (f & OPT.MSS) { text += ` mss ${e.mss ?? 0}`; json.mss = e.mss ?? 0; }
    if (f & (OPT.MSS | OPT.WSCALE)) text += ` wscale ${e.wscale ?? 0}`;
    if (f & OPT.WSCALE) json.wscale = e.wscale ?? 0;
    const opts = [...(f & OPT.TIMESTAMP ? ['timestamp'] : []), ...(f & OPT.SACK_PERM ? ['sack-perm'] : [])];
    if (opts.length) { text += ` ${opts.join(' ')}`; json.flags = opts; }
    ctx.emit(text, { synproxy: Object.keys(json).length ? json : null });
  },
});
