// quota: match until (or, inverted, after) a number of bytes has passed; NFTA_QUOTA_CONSUMED is what has.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { QuotaExpr } from './types.js';

const A = { BYTES: 1, FLAGS: 2, CONSUMED: 4 } as const; // NFTA_QUOTA_BYTES, _FLAGS, _CONSUMED
const NFT_QUOTA_F_INV = 1;

/** A byte count in the largest unit that divides it, as nft prints quotas: [25, 'mbytes']. */
export function byteUnit(n: number): [number, string] {
  const units = ['bytes', 'kbytes', 'mbytes', 'gbytes'];
  let i = 0;
  while (i < units.length - 1 && n >= 1024 && n % 1024 === 0) { n /= 1024; i++; }
  return [n, units[i]!];
}

export const quota = defineExpression<QuotaExpr>({
  name: 'quota',
  encode(e, w) {
    // The kernel's order (nft_quota_do_dump): bytes, consumed, flags.
    w.u64(A.BYTES, e.bytes);
    if (e.consumed !== undefined) w.u64(A.CONSUMED, e.consumed);
    w.u32(A.FLAGS, e.flags ?? 0);
  },
  decode(attrs) {
    const r = new ExprReader('quota', [...attrs].filter((a) => a.type !== 3), Object.values(A)); // NFTA_QUOTA_PAD carries nothing
    const out: QuotaExpr = { kind: 'quota', bytes: r.u64(A.BYTES) };
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    if (r.has(A.CONSUMED)) out.consumed = r.u64(A.CONSUMED);
    return out;
  },
  render(e, ctx) {
    const inv = ((e.flags ?? 0) & NFT_QUOTA_F_INV) !== 0;
    const [val, unit] = byteUnit(e.bytes);
    const used = e.consumed ? byteUnit(e.consumed) : undefined;
    ctx.emit(`quota ${inv ? 'over ' : ''}${val} ${unit}${used ? ` used ${used[0]} ${used[1]}` : ''}`, {
      quota: { val, val_unit: unit, ...(inv ? { inv: true } : {}), ...(used ? { used: used[0], used_unit: used[1] } : {}) },
    });
  },
});
