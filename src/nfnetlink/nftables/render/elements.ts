// Set elements in nft syntax: `{ 22, 80 }`, intervals merged back into prefixes and ranges, map data.
import type { NftData } from '../expressions/types.js';
import { verdictText } from '../expressions/immediate.js';
import type { RenderSet } from './context.js';

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

/** Element texts in nft's order (sorted by key), intervals merged. */
export function elementTexts(set: RenderSet, key: KeyFormatter, data: DataFormatter, isAddress: boolean): string[] {
  const els = [...set.elements].sort(byKey);
  const out: string[] = [];
  const withData = (text: string, d?: NftData): string => (d && set.map ? `${text} : ${data(d)}` : text);
  if (!set.interval) {
    for (const e of els) out.push(withData(key(Buffer.from(e.key, 'hex')), e.data));
    return out;
  }
  for (let i = 0; i < els.length; i++) {
    const e = els[i]!;
    if (e.intervalEnd) continue;
    const start = Buffer.from(e.key, 'hex');
    let endEx: Buffer | undefined;
    if (e.keyEnd !== undefined) endEx = undefined;
    const next = els[i + 1];
    if (e.keyEnd === undefined && next?.intervalEnd) endEx = Buffer.from(next.key, 'hex');
    if (e.keyEnd !== undefined) {
      const last = Buffer.from(e.keyEnd, 'hex');
      out.push(withData(last.equals(start) ? key(start) : `${key(start)}-${key(last)}`, e.data));
      continue;
    }
    const plen = endEx ? prefixOf(start, endEx) : prefixOf(start, Buffer.alloc(start.length));
    if (isAddress && plen !== undefined && plen < start.length * 8) { out.push(withData(`${key(start)}/${plen}`, e.data)); continue; }
    const last = endEx ? minusOne(endEx) : Buffer.alloc(start.length, 0xff);
    out.push(withData(last.equals(start) ? key(start) : `${key(start)}-${key(last)}`, e.data));
  }
  return out;
}

export function dataText(d: NftData): string {
  return 'verdict' in d ? verdictText(d.verdict) : `0x${d.value}`;
}
