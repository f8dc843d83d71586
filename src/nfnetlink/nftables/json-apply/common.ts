// Small readers of nft's JSON shared by the JSON apply's modules: typed access that fails with a
// ValidationError naming what was wrong, and integers laid out in either byte order.
import { ValidationError } from '../../../netlink/index.js';

export type J = unknown;
export type Obj = Record<string, J>;

export const fail = (what: string, why: string): never => { throw new ValidationError(what, why); };
export const isObj = (v: J): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const only = (v: J, what: string): [string, J] => {
  if (!isObj(v) || Object.keys(v).length !== 1) return fail(what, `expected an object with one key, got ${JSON.stringify(v)}`);
  const k = Object.keys(v)[0]!;
  return [k, v[k]];
};
export const str = (v: J, what: string): string => (typeof v === 'string' ? v : fail(what, `expected a string, got ${JSON.stringify(v)}`));
export const num = (v: J, what: string): number => (typeof v === 'number' && Number.isInteger(v) ? v : fail(what, `expected an integer, got ${JSON.stringify(v)}`));

/** The register every load of a rule goes through (NFT_REG_1 in nft's 16-byte register numbering). */
export const R1 = 1;
export const hex = (b: Uint8Array | number[]): string => Buffer.from(b).toString('hex');

/** An unsigned integer of `len` bytes, big-endian or in host (little-endian) order. */
export function uint(v: number | bigint, len: number, hostOrder: boolean): Buffer {
  const b = Buffer.alloc(len);
  let x = BigInt(v);
  for (let i = 0; i < len; i++) {
    b[hostOrder ? i : len - 1 - i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return b;
}
