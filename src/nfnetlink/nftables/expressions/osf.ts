// osf: load the name (or name:version) of the passive OS fingerprint of a SYN packet into a register.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { OsfExpr } from './types.js';

const NFT_OSF_F_VERSION = 1;
const TTL = ['', 'loose', 'skip']; // the ttl check: 0 = exact (nft's default), 1 = loose, 2 = skip

// enum nft_osf_attributes
const FIELDS = fieldCodec<OsfExpr>('osf', [
  { type: 1, attr: 'NFTA_OSF_DREG', key: 'dreg', kind: 'u32', required: true },
  { type: 2, attr: 'NFTA_OSF_TTL', key: 'ttl', kind: 'u8' },
  { type: 3, attr: 'NFTA_OSF_FLAGS', key: 'flags', kind: 'u32' },
]);

export const osf = defineExpression<OsfExpr>({
  name: 'osf',
  ...FIELDS,
  render(e, ctx) {
    const key = (e.flags ?? 0) & NFT_OSF_F_VERSION ? 'version' : 'name';
    const ttl = TTL[e.ttl ?? 0] ?? String(e.ttl);
    ctx.load(e.dreg, {
      text: `osf ${ttl ? `ttl ${ttl} ` : ''}${key}`, json: { osf: { key, ...(ttl ? { ttl } : {}) } }, type: 'ifname', hostOrder: false,
    });
  },
});
