// immediate: load constant data into a register, or a verdict into the verdict register.
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import { hexBytes, writeData } from './writer.js';
import type { ImmediateExpr, Verdict } from './types.js';
import { verdictJson } from '../render/elements.js';

const A = { DREG: 1, DATA: 2 } as const; // NFTA_IMMEDIATE_DREG, NFTA_IMMEDIATE_DATA

/** A verdict as nft prints it: accept, drop, jump CHAIN... */
export function verdictText(v: Verdict): string {
  const code = typeof v.code === 'number' ? `verdict ${v.code}` : v.code;
  return v.chain !== undefined ? `${code} ${v.chain}` : code;
}

export const immediate = defineExpression<ImmediateExpr>({
  name: 'immediate',
  encode(e, w) {
    w.u32(A.DREG, e.dreg);
    writeData(w, A.DATA, e.data);
  },
  decode(attrs) {
    const r = new ExprReader('immediate', attrs, Object.values(A));
    return { kind: 'immediate', dreg: r.u32(A.DREG), data: r.data(A.DATA) };
  },
  render(e, ctx) {
    if ('verdict' in e.data) ctx.emit(verdictText(e.data.verdict), verdictJson(e.data.verdict));
    else ctx.load(e.dreg, { type: 'hex', hostOrder: false, immediate: hexBytes(e.data.value) });
  },
});
