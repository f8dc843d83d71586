// Concatenations (`ip saddr . tcp dport`): nft loads each field into the 32-bit registers after the previous
// one and looks the whole run up; keys hold each field padded to 4 bytes.
import { type Json, type RegValue, type RenderContext, reg32 } from './context.js';
import { prefixLength } from '../expressions/cmp.js';

const padded = (len: number): number => Math.ceil(len / 4) * 4;

/** The fields of a `keyLen`-byte key starting at register `sreg`, when the key is longer than one field. */
export function concatFields(ctx: RenderContext, sreg: number, keyLen: number | undefined): RegValue[] | undefined {
  const first = ctx.get(sreg);
  if (keyLen === undefined || first.len === undefined || padded(first.len) >= keyLen) return undefined;
  const out: RegValue[] = [];
  let at = reg32(sreg);
  for (let used = 0; used < keyLen;) {
    const v = ctx.at32(at);
    if (!v || v.len === undefined) return undefined;
    out.push(v);
    used += padded(v.len);
    at += padded(v.len) / 4;
  }
  return out;
}

/** The fields as one register value: `ip saddr . tcp dport`, formatting keys field by field. */
export function concatRegister(fields: RegValue[], ctx: RenderContext): RegValue {
  return { text: concatText(fields), json: concatJson(fields, ctx), type: 'hex', hostOrder: false, concat: fields };
}

export const concatText = (fields: readonly RegValue[]): string => fields.map((f) => f.text ?? '?').join(' . ');
export const concatJson = (fields: readonly RegValue[], ctx: RenderContext): Json => ({ concat: fields.map((f) => ctx.lhs(f)) });

/** One field's bytes of a concatenated key. */
function parts(fields: readonly RegValue[], key: Buffer): Buffer[] {
  let off = 0;
  return fields.map((f) => { const b = key.subarray(off, off + f.len!); off += padded(f.len!); return b; });
}

const isAddress = (v: RegValue): boolean => v.type === 'ipv4_addr' || v.type === 'ipv6_addr';

/** A [start, end] pair of one field as nft prints it: a value, a prefix of an address, or a range. */
function span(v: RegValue, a: Buffer, b: Buffer, ctx: RenderContext): { text: string; json: Json } {
  if (a.equals(b)) return { text: ctx.format(v, a), json: ctx.formatJson(v, a) };
  if (isAddress(v)) {
    const mask = Buffer.from(a.map((x, i) => ~(x ^ b[i]!) & 0xff));
    const plen = prefixLength(mask);
    if (plen !== undefined && a.every((x, i) => (x & ~mask[i]! & 0xff) === 0)) {
      return { text: `${ctx.format(v, a)}/${plen}`, json: { prefix: { addr: ctx.formatJson(v, a), len: plen } } };
    }
  }
  return { text: `${ctx.format(v, a)}-${ctx.format(v, b)}`, json: { range: [ctx.formatJson(v, a), ctx.formatJson(v, b)] } };
}

/** A concatenated key (or interval [key, last]) as `10.0.0.1 . 22` and {"concat": ["10.0.0.1", 22]}. */
export function concatValue(fields: readonly RegValue[], key: Buffer, last: Buffer | undefined, ctx: RenderContext): { text: string; json: Json } {
  const a = parts(fields, key);
  const b = last ? parts(fields, last) : a;
  const each = fields.map((f, i) => span(f, a[i]!, b[i]!, ctx));
  return { text: each.map((e) => e.text).join(' . '), json: { concat: each.map((e) => e.json) } };
}
