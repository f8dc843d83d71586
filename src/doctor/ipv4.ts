// IPv4 addresses and prefixes as unsigned 32-bit numbers: the doctor compares many of them while it
// follows packets through rules and routes. IPv4 only (the write-up's scenario); IPv6 is not analysed.
import { ValidationError } from '../netlink/index.js';

export interface V4Prefix { network: number; length: number }

export function v4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw new ValidationError('IPv4 address', `'${text}' is not a dotted quad`);
  let n = 0;
  for (const p of parts) {
    const b = /^\d{1,3}$/.test(p) ? Number(p) : NaN;
    if (!(b >= 0 && b <= 255)) throw new ValidationError('IPv4 address', `'${text}' is not a dotted quad`);
    n = n * 256 + b;
  }
  return n;
}

export const v4Text = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export const maskOf = (length: number): number => (length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0);

/** '10.10.1.0/24', '10.10.1.7' (a /32) or 'default' (0.0.0.0/0); host bits are cleared. */
export function v4Prefix(text: string): V4Prefix {
  if (text === 'default') return { network: 0, length: 0 };
  const [addr, len] = text.split('/');
  const length = len === undefined ? 32 : Number(len);
  if (!Number.isInteger(length) || length < 0 || length > 32) throw new ValidationError('IPv4 prefix', `'${text}' has a bad length`);
  return { network: (v4(addr!) & maskOf(length)) >>> 0, length };
}

export const prefixText = (p: V4Prefix): string => `${v4Text(p.network)}/${p.length}`;

export const contains = (p: V4Prefix, addr: number): boolean => ((addr & maskOf(p.length)) >>> 0) === p.network;

/** The prefix `inner` lies wholly inside `outer`. */
export const covers = (outer: V4Prefix, inner: V4Prefix): boolean => inner.length >= outer.length && contains(outer, inner.network);

export const isV4 = (text: string | undefined): boolean => text !== undefined && text !== 'default' && !text.includes(':');
