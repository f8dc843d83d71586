// Set elements in nft syntax: `{ 22, 80 }`, intervals merged back into prefixes and ranges, map data.
import type { NftData } from '../expressions/types.js';
import { verdictText } from '../expressions/immediate.js';
import type { Json, RenderSet } from './context.js';
import { durationText } from './set-types.js';

export type KeyFormatter = (key: Buffer) => string;
export type DataFormatter = (data: NftData) => string;

function prefixOf(start: Buffer, endExclusive: Buffer): number | undefined {
  // [start, end) is a prefix when end - start is a power of two aligned at start.
  const len = start.length * 8;
  const a = BigInt(`0x${start.toString('hex') || '0'}`);
  const b = BigInt(`0x${endExclusive.toString('hex') || '0'}`) || (1n << BigInt(len));
  const size = b - a;
  if (size <= 0n || (size & (size - 1n)) !== 0n || a % size !== 0n) return undefined;
  return len - (size.toString(2).length - 1);
}

function minusOne(b: Buffer): Buffer {
  const out = Buffer.from(b);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! > 0) { out[i]!--; break; }
    out[i] = 0xff;
  }
  return out;
}

const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
/** Host-order keys (meta length, marks) sort by value: compare their bytes reversed. */
const reversed = (k: string): string => Buffer.from(k, 'hex').reverse().toString('hex');
const byHostKey = (a: { key: string }, b: { key: string }): number => byKey({ key: reversed(a.key) }, { key: reversed(b.key) });

/** One element as nft shows it: a value, a prefix or a range, with its map data and timeouts. */
export interface ElementItem {
  key: Buffer;
  /** Inclusive last value of a range. */
  last?: Buffer;
  /** Prefix length when the interval is a prefix of an address. */
  prefix?: number;
  data?: NftData;
  /** The object an object map's element names. */
  objref?: string;
  timeout?: number;
  expiration?: number;
}

/** Elements in nft's order (sorted by key), intervals merged back into prefixes and ranges. */
export function elementItems(set: RenderSet, isAddress: boolean, hostOrder = false): ElementItem[] {
  const els = [...set.elements].sort(hostOrder && !set.interval ? byHostKey : byKey);
  const out: ElementItem[] = [];
  const extra = (e: RenderSet['elements'][number]): Partial<ElementItem> => ({
    ...(e.data && set.map ? { data: e.data } : {}),
    ...(e.objref !== undefined ? { objref: e.objref } : {}),
    ...(e.timeout !== undefined && e.timeout !== set.timeout ? { timeout: e.timeout } : {}),
    ...(e.expiration !== undefined ? { expiration: e.expiration } : {}),
  });
  if (!set.interval) {
    for (const e of els) out.push({ key: Buffer.from(e.key, 'hex'), ...extra(e) });
    return out;
  }
  for (let i = 0; i < els.length; i++) {
    const e = els[i]!;
    if (e.intervalEnd) continue;
    const start = Buffer.from(e.key, 'hex');
    if (e.keyEnd !== undefined) {
      const last = Buffer.from(e.keyEnd, 'hex');
      out.push({ key: start, ...(last.equals(start) ? {} : { last }), ...extra(e) });
      continue;
    }
    const next = els[i + 1];
    const endEx = next?.intervalEnd ? Buffer.from(next.key, 'hex') : undefined;
    const plen = endEx ? prefixOf(start, endEx) : prefixOf(start, Buffer.alloc(start.length));
    if (isAddress && plen !== undefined && plen < start.length * 8) { out.push({ key: start, prefix: plen, ...extra(e) }); continue; }
    const last = endEx ? minusOne(endEx) : Buffer.alloc(start.length, 0xff);
    out.push({ key: start, ...(last.equals(start) ? {} : { last }), ...extra(e) });
  }
  return out;
}

/** Element texts in nft's order: `22`, `10.0.0.0/8`, `1-5`, `80 : 10.0.0.1`, `1.2.3.4 timeout 10m expires 9m58s`. */
/** An interface-name range "ppp\0.." - "ppp\xff.." is nft's wildcard `"ppp*"`: the common prefix, or undefined. */
export function wildcardPrefix(start: Buffer, last: Buffer): string | undefined {
  let n = 0;
  while (n < start.length && start[n] === last[n]) n++;
  if (n === 0 || n === start.length) return undefined;
  for (let i = n; i < start.length; i++) if (start[i] !== 0 || last[i] !== 0xff) return undefined;
  return start.toString('utf8', 0, n);
}

/** A concatenated interval [key, last] printed field by field. */
export type SpanFormatter<T> = (key: Buffer, last: Buffer) => T;

export function elementTexts(set: RenderSet, key: KeyFormatter, data: DataFormatter, isAddress: boolean, hostOrder = false, strings = false,
  span?: SpanFormatter<string>): string[] {
  return elementItems(set, isAddress, hostOrder).map((it) => {
    const wild = strings && it.last ? wildcardPrefix(it.key, it.last) : undefined;
    let text = span && it.last ? span(it.key, it.last) : wild !== undefined ? JSON.stringify(`${wild}*`)
      : it.prefix !== undefined ? `${key(it.key)}/${it.prefix}` : it.last ? `${key(it.key)}-${key(it.last)}` : key(it.key);
    if (it.timeout !== undefined) text += ` timeout ${durationText(it.timeout)}`;
    if (it.expiration !== undefined) text += ` expires ${durationText(it.expiration)}`;
    return it.data ? `${text} : ${data(it.data)}` : it.objref !== undefined ? `${text} : ${JSON.stringify(it.objref)}` : text;
  });
}

export type KeyJson = (key: Buffer) => Json;

/** The same elements as `nft -j` lists them ("elem" of a set, "set" of an anonymous one). */
export function elementJson(set: RenderSet, key: KeyJson, data: (d: NftData) => Json, isAddress: boolean, hostOrder = false, strings = false,
  span?: SpanFormatter<Json>): Json[] {
  return elementItems(set, isAddress, hostOrder).map((it) => {
    const wild = strings && it.last ? wildcardPrefix(it.key, it.last) : undefined;
    let v: Json = span && it.last ? span(it.key, it.last) : wild !== undefined ? `${wild}*`
      : it.prefix !== undefined ? { prefix: { addr: key(it.key), len: it.prefix } } : it.last ? { range: [key(it.key), key(it.last)] } : key(it.key);
    if (it.timeout !== undefined || it.expiration !== undefined) {
      v = { elem: { val: v, ...(it.timeout !== undefined ? { timeout: Math.floor(it.timeout / 1000) } : {}), ...(it.expiration !== undefined ? { expires: Math.floor(it.expiration / 1000) } : {}) } };
    }
    return it.data ? [v, data(it.data)] : it.objref !== undefined ? [v, it.objref] : v;
  });
}

export function dataText(d: NftData): string {
  return 'verdict' in d ? verdictText(d.verdict) : `0x${d.value}`;
}

/** A verdict as `nft -j` writes it: {"accept": null}, {"jump": {"target": "x"}}. */
export function verdictJson(v: { code: string | number; chain?: string }): Json {
  if (typeof v.code === 'number') return { verdict: v.code };
  return { [v.code]: v.chain !== undefined ? { target: v.chain } : null };
}

export function dataJson(d: NftData): Json {
  return 'verdict' in d ? verdictJson(d.verdict) : `0x${d.value}`;
}
