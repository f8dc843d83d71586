// Encoding helpers shared by the expression encoders: NFTA_DATA nests and verdicts.
import { type AttributeWriter, ValidationError } from '../../../netlink/index.js';
import { DataAttr, VerdictAttr } from '../constants.js';
import { verdictCodeNumber } from './reader.js';
import type { NftData, Verdict } from './types.js';

/** Data values are hex strings; Buffer.from would silently stop at the first non-hex character. */
export function hexBytes(hex: string, field = 'data value'): Buffer {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) {
    throw new ValidationError(field, `${JSON.stringify(hex)} is not hexadecimal bytes`);
  }
  return Buffer.from(hex, 'hex');
}

export function writeVerdict(w: AttributeWriter, type: number, v: Verdict): void {
  w.nested(type, (n) => {
    n.s32(VerdictAttr.CODE, verdictCodeNumber(v.code));
    if (v.chain !== undefined) n.string(VerdictAttr.CHAIN, v.chain);
    if (v.chainId !== undefined) n.u32(VerdictAttr.CHAIN_ID, v.chainId);
  });
}

/** A nest holding NFTA_DATA_VALUE or NFTA_DATA_VERDICT. */
export function writeData(w: AttributeWriter, type: number, d: NftData): void {
  w.nested(type, (n) => {
    if ('value' in d) n.bytes(DataAttr.VALUE, hexBytes(d.value));
    else writeVerdict(n, DataAttr.VERDICT, d.verdict);
  });
}
