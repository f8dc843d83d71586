// cmp: compare a register with constant data; the match that ends most nft relational expressions.
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import { hexBytes, writeData } from './writer.js';
import type { CmpExpr, CmpOp } from './types.js';
import { isBitmask } from '../render/datatypes.js';
import { asRangeBound } from './range.js';
import type { Json, RegValue, RenderContext } from '../render/context.js';

const A = { SREG: 1, OP: 2, DATA: 3 } as const; // NFTA_CMP_SREG, NFTA_CMP_OP, NFTA_CMP_DATA
/** enum nft_cmp_ops in order. */
export const CMP_OPS: readonly CmpOp[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'];
export const OP_TEXT: Readonly<Record<CmpOp, string>> = { eq: '', neq: '!= ', lt: '< ', lte: '<= ', gt: '> ', gte: '>= ' };

/** Length of a prefix mask (ones then zeros), or undefined when the mask is not one. */
export function prefixLength(mask: Buffer): number | undefined {
  let n = 0;
  let ended = false;
  for (const byte of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const set = (byte >> bit) & 1;
      if (set && ended) return undefined;
      if (set) n++; else ended = true;
    }
  }
  return n;
}

export const OP_JSON: Readonly<Record<CmpOp, string>> = { eq: '==', neq: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=' };

/** The same relation as `nft -j` writes it: {"match": {"op", "left", "right"}}. */
export function relationalJson(lhs: RegValue, op: CmpOp, data: Buffer, ctx: RenderContext): Json {
  const left = ctx.lhs(lhs);
  const match = (o: string, l: Json, right: Json): Json => ({ match: { op: o, left: l, right } });
  if (lhs.fieldLen !== undefined && data.length < lhs.fieldLen) {
    const full = Buffer.alloc(lhs.fieldLen);
    data.copy(full);
    return match(OP_JSON[op], left, { prefix: { addr: ctx.formatJson(lhs, full), len: data.length * 8 } });
  }
  if (lhs.mask) {
    const plen = prefixLength(lhs.mask);
    if (isBitmask(lhs.type) && data.every((b) => b === 0) && (op === 'neq' || op === 'eq')) {
      return match(op === 'neq' ? 'in' : '!', left, ctx.formatJson(lhs, lhs.mask));
    }
    if (plen !== undefined && (lhs.type === 'ipv4_addr' || lhs.type === 'ipv6_addr')) {
      return match(OP_JSON[op], left, { prefix: { addr: ctx.formatJson(lhs, data), len: plen } });
    }
    return match(OP_JSON[op], { '&': [left, ctx.formatJson(lhs, lhs.mask)] }, ctx.formatJson(lhs, data));
  }
  return match(OP_JSON[op], left, ctx.formatJson(lhs, data));
}

/** The relational text of `lhs OP value`, as nft prints it. */
export function relational(lhs: RegValue, op: CmpOp, data: Buffer, ctx: RenderContext): string {
  const text = lhs.text ?? '?';
  if (lhs.fieldLen !== undefined && data.length < lhs.fieldLen) {
    const full = Buffer.alloc(lhs.fieldLen);
    data.copy(full);
    return `${text} ${OP_TEXT[op]}${ctx.format(lhs, full)}/${data.length * 8}`;
  }
  if (lhs.mask) {
    const plen = prefixLength(lhs.mask);
    if (isBitmask(lhs.type) && data.every((b) => b === 0) && (op === 'neq' || op === 'eq')) {
      return `${text} ${op === 'eq' ? '! ' : ''}${ctx.format(lhs, lhs.mask)}`;
    }
    if (plen !== undefined && (lhs.type === 'ipv4_addr' || lhs.type === 'ipv6_addr')) {
      return `${text} ${OP_TEXT[op]}${ctx.format(lhs, data)}/${plen}`;
    }
    // `tcp flags syn / syn,ack`: a flag type's value under a mask.
    if (isBitmask(lhs.type) && (op === 'eq' || op === 'neq')) return `${text} ${OP_TEXT[op]}${ctx.format(lhs, data)} / ${ctx.format(lhs, lhs.mask)}`;
    const opText = op === 'eq' ? '==' : OP_TEXT[op].trim();
    return `${text} & ${ctx.format(lhs, lhs.mask)} ${opText} ${ctx.format(lhs, data)}`;
  }
  return `${text} ${OP_TEXT[op]}${ctx.format(lhs, data)}`;
}

export const cmp = defineExpression<CmpExpr>({
  name: 'cmp',
  encode(e, w) {
    w.u32(A.SREG, e.sreg);
    w.u32(A.OP, CMP_OPS.indexOf(e.op));
    writeData(w, A.DATA, { value: e.data });
  },
  decode(attrs) {
    const r = new ExprReader('cmp', attrs, Object.values(A));
    const op = CMP_OPS[r.u32(A.OP)];
    if (op === undefined) throw new UnmodelledAttribute('cmp expression', 'cmp op value');
    return { kind: 'cmp', sreg: r.u32(A.SREG), op, data: r.value(A.DATA) };
  },
  render(e, ctx) {
    const lhs = ctx.get(e.sreg);
    if (lhs.deferUse && (ctx.family === 'ip' || ctx.family === 'ip6' || ctx.family === 'arp')) ctx.use(lhs.deferUse);
    const data = hexBytes(e.data);
    const lb = ctx.lowerBound;
    ctx.lowerBound = undefined;
    if (e.op === 'lte' && lb && lb.index === ctx.lastIndex && lb.text === lhs.text && !lhs.mask) {
      const b = asRangeBound(lhs);
      ctx.replace(lb.index, `${lb.text} ${lb.from}-${ctx.format(b, data)}`,
        { match: { op: '==', left: ctx.lhs(lhs), right: { range: [lb.fromJson, ctx.formatJson(lhs, data)] } } });
      return;
    }
    const index = ctx.emit(relational(lhs, e.op, data, ctx), relationalJson(lhs, e.op, data, ctx));
    if (e.op === 'gte' && lhs.text !== undefined && !lhs.mask) {
      const b = asRangeBound(lhs);
      ctx.lowerBound = { index, text: lhs.text, from: ctx.format(b, data), fromJson: ctx.formatJson(lhs, data) };
    }
    if (e.op === 'eq' && data.length <= 2 && !lhs.mask && lhs.defines) {
      const value = data.length === 1 ? data[0]! : lhs.hostOrder ? data.readUInt16LE(0) : data.readUInt16BE(0);
      const d = lhs.defines;
      ctx.define(d.layer, index, d.normalise ? d.normalise(value) : value, d.removable, d.kind);
    }
  },
});
