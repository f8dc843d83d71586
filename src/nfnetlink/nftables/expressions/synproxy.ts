// synproxy: answer SYNs for the server with the given MSS, window scale and TCP options (NF_SYNPROXY_OPT_*).
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { SynproxyExpr } from './types.js';
import type { Json } from '../render/context.js';

const OPT = { MSS: 0x01, WSCALE: 0x02, SACK_PERM: 0x04, TIMESTAMP: 0x08 } as const; // NF_SYNPROXY_OPT_*

// enum nft_synproxy_attributes
const FIELDS = fieldCodec<SynproxyExpr>('synproxy', [
  { type: 1, attr: 'NFTA_SYNPROXY_MSS', key: 'mss', kind: 'u16' },
  { type: 2, attr: 'NFTA_SYNPROXY_WSCALE', key: 'wscale', kind: 'u8' },
  { type: 3, attr: 'NFTA_SYNPROXY_FLAGS', key: 'flags', kind: 'u32' },
]);

export const synproxy = defineExpression<SynproxyExpr>({
  name: 'synproxy',
  ...FIELDS,
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
