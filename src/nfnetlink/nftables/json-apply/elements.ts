// Set and map elements of nft's JSON (values, prefixes, ranges, {"elem": ...} with timeouts, [key, data]
// pairs) as the kernel wants them, intervals as nft sends them, and nft's set userdata.
import { parseIPv4Into } from '../../../netlink/address.js';
import { SetElemFlag } from '../constants.js';
import type { NftData, Verdict } from '../expressions/types.js';
import type { PackedSetKeys, SetElement } from '../set.js';
import { type J, type Obj, fail, hex, isObj, num, only, str } from './common.js';
import type { ValueType } from './values.js';

export function verdictOf(j: J): Verdict {
  const [k, b] = only(j, 'verdict');
  if (k === 'jump' || k === 'goto') return { code: k, chain: str((b as Obj).target, 'verdict target') };
  if (!['accept', 'drop', 'continue', 'return'].includes(k)) fail('verdict', k);
  return { code: k as Verdict['code'] };
}

/**
 * Plain IPv4 keys ("10.0.0.1") of a named set that is neither an interval set nor a map, packed 4 bytes
 * each into one buffer (PackedSetKeys): no string, Buffer or object per element for sets of 100k. Anything
 * else in the list: undefined, and encodeElements' general path takes the list.
 */
export function packIPv4Keys(list: readonly J[]): PackedSetKeys | undefined {
  const keys = Buffer.allocUnsafe(list.length * 4);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'string' || !parseIPv4Into(v, keys, i * 4)) return undefined;
  }
  return { keyLen: 4, keys };
}

/** Set elements (values, prefixes, ranges, {"elem": ...} with timeouts, [key, data] pairs) as the kernel wants them. */
export function encodeElements(list: readonly J[], key: ValueType, interval: boolean, c: { value(t: ValueType, v: J): Buffer }, data?: ValueType | 'verdict'): SetElement[] {
  const items = list.map((raw) => {
    let v = raw;
    let d: NftData | undefined;
    if (Array.isArray(v)) {
      if (!data) fail('set element', 'a [key, data] pair in a set that is not a map');
      d = data === 'verdict' ? { verdict: verdictOf(v[1]) } : { value: hex(c.value(data!, v[1])) };
      v = v[0];
    }
    let timeout: number | undefined;
    if (isObj(v) && 'elem' in v) {
      const e = v.elem as Obj;
      if (e.timeout !== undefined) timeout = num(e.timeout, 'element timeout') * 1000;
      v = e.val;
    }
    let from: Buffer;
    let toEx: Buffer | undefined;
    if (isObj(v) && 'prefix' in v) {
      const p = v.prefix as Obj;
      from = c.value(key, p.addr);
      const plen = num(p.len, 'prefix len');
      const size = 1n << BigInt(key.len * 8 - plen);
      const end = BigInt(`0x${from.toString('hex')}`) + size;
      toEx = end >= (1n << BigInt(key.len * 8)) ? undefined : Buffer.from(end.toString(16).padStart(key.len * 2, '0'), 'hex');
    } else if (isObj(v) && 'range' in v && Array.isArray(v.range)) {
      from = c.value(key, v.range[0]);
      const last = BigInt(`0x${c.value(key, v.range[1]).toString('hex')}`) + 1n;
      toEx = last >= (1n << BigInt(key.len * 8)) ? undefined : Buffer.from(last.toString(16).padStart(key.len * 2, '0'), 'hex');
    } else {
      from = c.value(key, v);
      if (interval) {
        const next = BigInt(`0x${from.toString('hex')}`) + 1n;
        toEx = next >= (1n << BigInt(key.len * 8)) ? undefined : Buffer.from(next.toString(16).padStart(key.len * 2, '0'), 'hex');
      }
    }
    return { from, toEx, d, timeout };
  });
  if (!interval) return items.map((i) => ({ key: hex(i.from), ...(i.timeout !== undefined ? { timeout: i.timeout } : {}), ...(i.d ? { data: i.d } : {}) }));
  // Intervals as nft sends them: sorted starts, each followed by its exclusive end flagged INTERVAL_END,
  // adjacent intervals merged, and an end at zero first when nothing starts there.
  items.sort((a, b) => Buffer.compare(a.from, b.from));
  const out: SetElement[] = [];
  const zero = Buffer.alloc(key.len);
  if (items.length && !items[0]!.from.equals(zero)) out.push({ key: hex(zero), flags: SetElemFlag.INTERVAL_END });
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    let toEx = it.toEx;
    while (!it.d && toEx && items[i + 1] && !items[i + 1]!.d && items[i + 1]!.from.equals(toEx)) toEx = items[++i]!.toEx;
    out.push({ key: hex(it.from), ...(it.timeout !== undefined ? { timeout: it.timeout } : {}), ...(it.d ? { data: it.d } : {}) });
    if (toEx && !(items[i + 1] && items[i + 1]!.from.equals(toEx))) out.push({ key: hex(toEx), flags: SetElemFlag.INTERVAL_END });
  }
  return out;
}

/** nft's set userdata (observed in its requests): key byte order (2 big-endian, 1 host), and the data's for maps. */
export function setUserdata(keyHostOrder: boolean, interval: boolean, dataHostOrder?: boolean): string {
  const tlv = (type: number, v: number): string => Buffer.from([type, 4, v, 0, 0, 0]).toString('hex');
  return tlv(0, keyHostOrder ? 1 : 2) + (interval ? tlv(2, 1) : '') + (dataHostOrder === undefined ? '' : tlv(1, dataHostOrder ? 1 : 2));
}
