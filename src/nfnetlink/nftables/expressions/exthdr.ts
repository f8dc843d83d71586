// exthdr: load (or write, or strip) a field of an IPv6 extension header, a TCP option, an IPv4 option or
// an SCTP chunk; with NFT_EXTHDR_F_PRESENT it loads whether the header is there at all.
import { NetlinkDecodeError } from '../../../netlink/index.js';
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { ExthdrExpr } from './types.js';
import type { Json, RegValue, RenderContext } from '../render/context.js';
import { EXTHDR_OPS, OP_PREFIX, extField, extHeader, type ExthdrOp } from '../render/exthdr-fields.js';

// enum nft_exthdr_attributes
const A = { DREG: 1, TYPE: 2, OFFSET: 3, LEN: 4, FLAGS: 5, OP: 6, SREG: 7 } as const;
const NFT_EXTHDR_F_PRESENT = 1;

/** The protocol the op's headers belong to, as a layer value an earlier match may have stated (and nft then hides). */
function useDependency(op: ExthdrOp, ctx: RenderContext): void {
  if (op === 'ipv6' && ctx.peek('nh') === 0x86dd) ctx.use('nh');
  if (op === 'ipv4' && ctx.peek('nh') === 0x0800) ctx.use('nh');
  if (op === 'tcpopt' && ctx.peek('th') === 6) ctx.use('th');
  if (op === 'sctp' && ctx.peek('th') === 132) ctx.use('th');
}

/** `tcp option maxseg` / `exthdr hbh` (existence) / `hbh` (fields): the header's name with its op's prefix. */
function headerName(e: ExthdrExpr, name: string | undefined, present: boolean): { text: string; json: Json } {
  const p = OP_PREFIX[e.op];
  if (name === undefined) {
    // An option without a name: `tcp option 255 exists`, `tcp option @255,8,8`.
    return { text: present ? `${p.text}${e.type}` : `${p.text}@${e.type},${e.offset * 8},${e.len * 8}`, json: { [p.json]: { base: e.type, offset: e.offset * 8, len: e.len * 8 } } };
  }
  return { text: e.op === 'ipv6' && present ? `exthdr ${name}` : `${p.text}${name}`, json: { [p.json]: { name } } };
}

/** The register value of a load: a named field, the existence flag, or a raw load a mask may still name. */
function describe(e: ExthdrExpr, ctx: RenderContext): RegValue {
  useDependency(e.op, ctx);
  if ((e.flags ?? 0) & NFT_EXTHDR_F_PRESENT) {
    const h = headerName(e, extHeader(e.op, e.type)?.name, true);
    return { ...h, type: 'boolean', hostOrder: false };
  }
  const named = (bit: number, bits: number): RegValue | undefined => {
    const f = extField(e.op, e.type, e.offset, e.len, bit, bits);
    if (!f) return undefined;
    const p = OP_PREFIX[e.op];
    return { text: `${p.text}${f.header.name} ${f.field.name}`, json: { [p.json]: { name: f.header.name, field: f.field.name } }, type: f.field.type, hostOrder: false };
  };
  const exact = named(0, e.len * 8);
  if (exact) return exact;
  return { ...headerName(e, undefined, false), type: 'integer', hostOrder: false, resolveBits: named };
}

export const exthdr = defineExpression<ExthdrExpr>({
  name: 'exthdr',
  encode(e, w) {
    if (e.dreg !== undefined) w.u32(A.DREG, e.dreg);
    if (e.sreg !== undefined) w.u32(A.SREG, e.sreg);
    w.u8(A.TYPE, e.type);
    w.u32(A.OFFSET, e.offset);
    w.u32(A.LEN, e.len);
    if (e.flags !== undefined) w.u32(A.FLAGS, e.flags);
    w.u32(A.OP, EXTHDR_OPS.indexOf(e.op));
  },
  decode(attrs) {
    const r = new ExprReader('exthdr', attrs, Object.values(A));
    const op = EXTHDR_OPS[r.has(A.OP) ? r.u32(A.OP) : 0];
    if (op === undefined) throw new NetlinkDecodeError('exthdr expression', 0, 'op out of range');
    const out: ExthdrExpr = { kind: 'exthdr', op, type: r.u8(A.TYPE), offset: r.u32(A.OFFSET), len: r.u32(A.LEN) };
    if (r.has(A.DREG)) out.dreg = r.u32(A.DREG);
    if (r.has(A.SREG)) out.sreg = r.u32(A.SREG);
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    return out;
  },
  render(e, ctx) {
    if (e.dreg !== undefined) { ctx.load(e.dreg, { ...describe(e, ctx), len: e.len }); return; }
    if (e.sreg !== undefined) {
      const d = describe(e, ctx);
      ctx.emit(`${d.text} set ${ctx.source(e.sreg, d.type, false)}`, { mangle: { key: d.json ?? null, value: ctx.sourceJson(e.sreg, d.type, false) } });
      return;
    }
    // Neither register: the option is stripped (`reset tcp option sack-perm`).
    useDependency(e.op, ctx);
    const h = headerName(e, extHeader(e.op, e.type)?.name, true);
    ctx.emit(`reset ${h.text}`, { reset: h.json });
  },
});
