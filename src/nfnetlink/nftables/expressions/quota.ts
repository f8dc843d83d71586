// quota: match until (or, inverted, after) a number of bytes has passed; NFTA_QUOTA_CONSUMED is what has.
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { QuotaExpr } from './types.js';

const NFT_QUOTA_F_INV = 1;

/** A byte count in the largest unit that divides it, as nft prints quotas: [25, 'mbytes']. */
export function byteUnit(n: number): [number, string] {
  const units = ['bytes', 'kbytes', 'mbytes', 'gbytes'];
  let i = 0;
  while (i < units.length - 1 && n >= 1024 && n % 1024 === 0) { n /= 1024; i++; }
  return [n, units[i]!];
}

// enum nft_quota_attributes
const FIELDS = fieldCodec<QuotaExpr>('quota', [
  { type: 1, attr: 'NFTA_QUOTA_BYTES', key: 'bytes', kind: 'u64', required: true },
  { type: 4, attr: 'NFTA_QUOTA_CONSUMED', key: 'consumed', kind: 'u64' },
  { type: 2, attr: 'NFTA_QUOTA_FLAGS', key: 'flags', kind: 'u32', writeDefault: 0 },
], { alsoKnown: [3] }); // NFTA_QUOTA_PAD; written in the kernel's order (nft_quota_do_dump)

export const quota = defineExpression<QuotaExpr>({
  name: 'quota',
  ...FIELDS,
  render(e, ctx) {
    const inv = ((e.flags ?? 0) & NFT_QUOTA_F_INV) !== 0;
    const [val, unit] = byteUnit(e.bytes);
    const used = e.consumed ? byteUnit(e.consumed) : undefined;
    ctx.emit(`quota ${inv ? 'over ' : ''}${val} ${unit}${used ? ` used ${used[0]} ${used[1]}` : ''}`, {
      quota: { val, val_unit: unit, ...(inv ? { inv: true } : {}), ...(used ? { used: used[0], used_unit: used[1] } : {}) },
    });
  },
});
