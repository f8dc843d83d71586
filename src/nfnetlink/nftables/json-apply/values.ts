// Constants of nft's JSON as bytes, by data type: the reverse of render/datatypes.ts formatJson, reading
// its keyword tables (valueNames) so each table is written once.
import { addressToBytes } from '../../../netlink/index.js';
import { IFNAMSIZ } from '../constants.js';
import { type DataType, valueNames } from '../render/datatypes.js';
import { type J, fail, str, uint } from './common.js';

/** How a constant is laid out: its type, size, byte order, and the shift of a sub-byte field. */
export interface ValueType { type: DataType; len: number; hostOrder: boolean; shift?: number }

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function keyword(t: ValueType, name: string, what: string, ifindex?: (n: string) => number | undefined): bigint | undefined {
  const names = valueNames(t.type);
  if (names) {
    const e = Object.entries(names.names).find(([, n]) => n === name);
    if (e) return BigInt(e[0]);
  }
  switch (t.type) {
    case 'iface_index': {
      const i = ifindex?.(name);
      return i === undefined ? fail(what, `interface '${name}' is not known here (no index)`) : BigInt(i);
    }
    case 'tc_handle': {
      if (name === 'root') return 0xffffffffn;
      if (name === 'none') return 0n;
      const m = /^([0-9a-f]*):([0-9a-f]*)$/i.exec(name);
      return m ? (BigInt(parseInt(m[1] || '0', 16)) << 16n) | BigInt(parseInt(m[2] || '0', 16)) : undefined;
    }
    case 'day': { const d = DAYS.indexOf(name); return d < 0 ? undefined : BigInt(d); }
    case 'hour': {
      // Seconds since midnight UTC; nft prints (and reads) them in the local time zone.
      const m = /^(\d+):(\d+)(?::(\d+))?$/.exec(name);
      if (!m) return undefined;
      const offset = -new Date().getTimezoneOffset() * 60;
      const s = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) - offset;
      return BigInt(((s % 86400) + 86400) % 86400);
    }
    case 'time': {
      const m = /^(\d+)-(\d+)-(\d+)(?: (\d+):(\d+)(?::(\d+))?)?$/.exec(name);
      if (!m) return undefined;
      const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
      return BigInt(d.getTime()) * 1000000n;
    }
    default: return /^\d+$/.test(name) ? BigInt(name) : /^0x[0-9a-f]+$/i.test(name) ? BigInt(name) : undefined;
  }
}

/** A constant of type `t` (a number, keyword, address, list of flag names) as the bytes the kernel compares. */
export function encodeValue(t: ValueType, v: J, what = 'value', ifindex?: (n: string) => number | undefined): Buffer {
  if (t.type === 'ipv4_addr' || t.type === 'ipv6_addr') return Buffer.from(addressToBytes(str(v, what)));
  if (t.type === 'ifname') {
    const b = Buffer.from(str(v, what), 'utf8');
    if (b.length >= IFNAMSIZ) fail(what, `interface name '${String(v)}' is too long`);
    const out = Buffer.alloc(t.len);
    b.copy(out);
    return out;
  }
  if (t.type === 'ether_addr' && typeof v === 'string') return Buffer.from(v.split(':').map((x) => parseInt(x, 16)));
  let n = 0n;
  if (Array.isArray(v)) {
    for (const x of v) n |= typeof x === 'number' ? BigInt(x) : keyword(t, str(x, what), what, ifindex) ?? fail(what, `'${String(x)}' is not a ${t.type} value`);
  } else if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    n = BigInt(v);
  } else if (typeof v === 'boolean') {
    n = v ? 1n : 0n;
  } else if (typeof v === 'string') {
    n = keyword(t, v, what, ifindex) ?? fail(what, `cannot encode ${JSON.stringify(v)} as ${t.type}`);
  } else {
    fail(what, `cannot encode ${JSON.stringify(v)} as ${t.type}`);
  }
  if ((t.type === 'duration' || t.type === 'seconds') && typeof v === 'number') n *= 1000n;
  return uint(n << BigInt(t.shift ?? 0), t.len, t.hostOrder);
}
