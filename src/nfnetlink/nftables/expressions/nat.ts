// nat: snat/dnat to an address (range) and/or port (range) held in registers.
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import type { NatExpr } from './types.js';
import { NfProto } from '../constants.js';
import { natFlagsJson, natFlagsText, portJson, portText } from './nat-flags.js';
import { prefixLength } from './cmp.js';
import type { Json } from '../render/context.js';

// enum nft_nat_attributes
const A = { TYPE: 1, FAMILY: 2, REG_ADDR_MIN: 3, REG_ADDR_MAX: 4, REG_PROTO_MIN: 5, REG_PROTO_MAX: 6, FLAGS: 7 } as const;
const TYPES = ['snat', 'dnat'] as const; // NFT_NAT_SNAT, NFT_NAT_DNAT

/** The prefix length of [lo, hi] when it is exactly one prefix (and not a single address). */
function rangePrefix(lo: Buffer | undefined, hi: Buffer | undefined): number | undefined {
  if (!lo || !hi || lo.length !== hi.length || lo.equals(hi)) return undefined;
  const mask = Buffer.from(lo.map((x, i) => ~(x ^ hi[i]!) & 0xff));
  const plen = prefixLength(mask);
  if (plen === undefined) return undefined;
  const hostsZero = lo.every((x, i) => (x & ~mask[i]! & 0xff) === 0);
  const hostsOnes = hi.every((x, i) => (x | mask[i]!) === 0xff);
  return hostsZero && hostsOnes ? plen : undefined;
}

export const nat = defineExpression<NatExpr>({
  name: 'nat',
  encode(e, w) {
    w.u32(A.TYPE, TYPES.indexOf(e.type));
    w.u32(A.FAMILY, e.family);
    if (e.addrMin !== undefined) w.u32(A.REG_ADDR_MIN, e.addrMin);
    if (e.addrMax !== undefined) w.u32(A.REG_ADDR_MAX, e.addrMax);
    if (e.protoMin !== undefined) w.u32(A.REG_PROTO_MIN, e.protoMin);
    if (e.protoMax !== undefined) w.u32(A.REG_PROTO_MAX, e.protoMax);
    if (e.flags !== undefined) w.u32(A.FLAGS, e.flags);
  },
  decode(attrs) {
    const r = new ExprReader('nat', attrs, Object.values(A));
    const type = TYPES[r.u32(A.TYPE)];
    if (type === undefined) throw new UnmodelledAttribute('nat expression', 'nat type value');
    const out: NatExpr = { kind: 'nat', type, family: r.u32(A.FAMILY) };
    if (r.has(A.REG_ADDR_MIN)) out.addrMin = r.u32(A.REG_ADDR_MIN);
    if (r.has(A.REG_ADDR_MAX)) out.addrMax = r.u32(A.REG_ADDR_MAX);
    if (r.has(A.REG_PROTO_MIN)) out.protoMin = r.u32(A.REG_PROTO_MIN);
    if (r.has(A.REG_PROTO_MAX)) out.protoMax = r.u32(A.REG_PROTO_MAX);
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    return out;
  },
  render(e, ctx) {
    const v6 = e.family === NfProto.IPV6;
    const type = v6 ? 'ipv6_addr' : 'ipv4_addr';
    let addr = '';
    let addrJson: { addr?: Json } = {};
    if (e.addrMin !== undefined) {
      const lo = ctx.sourceJson(e.addrMin, type, false);
      const hi = e.addrMax === undefined ? lo : ctx.sourceJson(e.addrMax, type, false);
      addrJson = { addr: JSON.stringify(lo) === JSON.stringify(hi) ? lo : { range: [lo, hi] } };
    }
    // An address range that is a whole prefix prints as one (`dnat to 10.0.0.0/24`).
    const plen = e.addrMin !== undefined && e.addrMax !== undefined ? rangePrefix(ctx.get(e.addrMin).immediate, ctx.get(e.addrMax).immediate) : undefined;
    if (plen !== undefined) {
      const base = ctx.source(e.addrMin!, type, false);
      addr = `${base}/${plen}`;
      addrJson = { addr: { prefix: { addr: ctx.sourceJson(e.addrMin!, type, false), len: plen } } };
    } else if (e.addrMin !== undefined) {
      const lo = ctx.source(e.addrMin, type, false);
      const hi = e.addrMax === undefined ? lo : ctx.source(e.addrMax, type, false);
      addr = lo === hi ? lo : `${lo}-${hi}`;
      if (v6 && e.protoMin !== undefined) addr = `[${addr}]`;
    }
    const fam = ctx.family === 'inet' ? (v6 ? ' ip6' : ' ip') : '';
    const famJson = ctx.family === 'inet' ? { family: v6 ? 'ip6' : 'ip' } : {};
    ctx.emit(`${e.type}${fam} to ${addr}${portText(ctx, e.protoMin, e.protoMax)}${natFlagsText(e.flags)}`, {
      [e.type]: { ...famJson, ...addrJson, ...portJson(ctx, e.protoMin, e.protoMax), ...natFlagsJson(e.flags) },
    });
  },
});
