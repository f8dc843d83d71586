// limit: token-bucket rate limit on packets or bytes.
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import type { LimitExpr } from './types.js';

// enum nft_limit_attributes
const A = { RATE: 1, UNIT: 2, BURST: 3, TYPE: 4, FLAGS: 5, PAD: 6 } as const;
const TYPES = ['pkts', 'bytes'] as const; // NFT_LIMIT_PKTS, NFT_LIMIT_PKT_BYTES
const NFT_LIMIT_F_INV = 1;
export const LIMIT_UNITS: Readonly<Record<string, number>> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };

function unitName(seconds: number): string {
  return Object.entries(LIMIT_UNITS).find(([, v]) => v === seconds)?.[0] ?? `${seconds} seconds`;
}

function bytesText(n: number): string {
  for (const [unit, size] of [['mbytes', 1024 * 1024], ['kbytes', 1024]] as const) if (n % size === 0 && n >= size) return `${n / size} ${unit}`;
  return `${n} bytes`;
}

export const limit = defineExpression<LimitExpr>({
  name: 'limit',
  encode(e, w) {
    w.u64(A.RATE, e.rate);
    w.u64(A.UNIT, e.unit);
    w.u32(A.BURST, e.burst);
    w.u32(A.TYPE, TYPES.indexOf(e.type));
    w.u32(A.FLAGS, e.invert ? NFT_LIMIT_F_INV : 0);
  },
  decode(attrs) {
    const r = new ExprReader('limit', attrs, Object.values(A));
    const type = TYPES[r.has(A.TYPE) ? r.u32(A.TYPE) : 0];
    if (type === undefined) throw new UnmodelledAttribute('limit expression', 'limit type value');
    const out: LimitExpr = { kind: 'limit', rate: r.u64(A.RATE), unit: r.u64(A.UNIT), burst: r.has(A.BURST) ? r.u32(A.BURST) : 0, type };
    if (r.has(A.FLAGS) && r.u32(A.FLAGS) & NFT_LIMIT_F_INV) out.invert = true;
    return out;
  },
  render(e, ctx) {
    const over = e.invert ? 'over ' : '';
    const inv = e.invert ? { inv: true } : {};
    if (e.type === 'pkts') {
      ctx.emit(`limit rate ${over}${e.rate}/${unitName(e.unit)}${e.burst !== 5 && e.burst !== 0 ? ` burst ${e.burst} packets` : ''}`,
        { limit: { rate: e.rate, burst: e.burst, per: unitName(e.unit), ...inv } });
    } else {
      const [rate, rateUnit] = bytesText(e.rate).split(' ') as [string, string];
      const [burst, burstUnit] = bytesText(e.burst).split(' ') as [string, string];
      ctx.emit(`limit rate ${over}${bytesText(e.rate)}/${unitName(e.unit)}${e.burst ? ` burst ${bytesText(e.burst)}` : ''}`, {
        // nft -j writes the burst of a byte rate always (0 bytes when none), in this key order.
        limit: { rate: Number(rate), burst: e.burst ? Number(burst) : 0, per: unitName(e.unit), ...inv, rate_unit: rateUnit, burst_unit: e.burst ? burstUnit : 'bytes' },
      });
    }
  },
});
