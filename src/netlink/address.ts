// IP addresses and prefixes as strings in the API, bytes on the wire. Validation uses node:net.
import { isIPv4, isIPv6 } from 'node:net';
import { AF_INET, AF_INET6 } from './constants.js';
import { ValidationError } from './errors.js';

export type AddressFamily = typeof AF_INET | typeof AF_INET6;

export interface Prefix {
  family: AddressFamily;
  address: string; // canonical text
  prefixLength: number;
}

export function familyOf(address: string, field = 'address'): AddressFamily {
  if (isIPv4(address)) return AF_INET;
  if (isIPv6(address)) return AF_INET6;
  throw new ValidationError(field, `'${address}' is not an IPv4 or IPv6 address`);
}

export function ipv4ToBytes(address: string, field = 'address'): Buffer {
  if (!isIPv4(address)) throw new ValidationError(field, `'${address}' is not an IPv4 address`);
  const parts = address.split('.');
  return Buffer.from([Number(parts[0]), Number(parts[1]), Number(parts[2]), Number(parts[3])]);
}

export function ipv6ToBytes(address: string, field = 'address'): Buffer {
  if (!isIPv6(address)) throw new ValidationError(field, `'${address}' is not an IPv6 address`);
  let text = address.split('%')[0]!;
  const out = Buffer.alloc(16);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) !== -1) {
    const v4 = ipv4ToBytes(text.slice(lastColon + 1), field);
    text = `${text.slice(0, lastColon + 1)}${v4.readUInt16BE(0).toString(16)}:${v4.readUInt16BE(2).toString(16)}`;
  }
  const halves = text.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  head.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  tail.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), 16 - (tail.length - i) * 2));
  return out;
}

export function addressToBytes(address: string, field = 'address'): Buffer {
  return familyOf(address, field) === AF_INET ? ipv4ToBytes(address, field) : ipv6ToBytes(address, field);
}

export function formatIPv4(buf: Uint8Array, offset = 0): string {
  return `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}`;
}

/** RFC 5952 text: lower case, longest run of two or more zero groups as '::', IPv4-mapped tail kept. */
export function formatIPv6(buf: Uint8Array, offset = 0): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((buf[offset + i * 2]! << 8) | buf[offset + i * 2 + 1]!);
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(buf, offset + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatAddress(buf: Uint8Array, offset = 0, length = buf.length - offset): string {
  if (length === 4) return formatIPv4(buf, offset);
  if (length === 16) return formatIPv6(buf, offset);
  return Buffer.from(buf.subarray(offset, offset + length)).toString('hex');
}

/** '10.10.1.0/24' or a bare address (full-length prefix). Host bits are allowed, as `ip` allows them. */
export function parsePrefix(text: string, field = 'prefix'): Prefix {
  const slash = text.indexOf('/');
  const addr = slash === -1 ? text : text.slice(0, slash);
  const family = familyOf(addr, field);
  const max = family === AF_INET ? 32 : 128;
  let prefixLength = max;
  if (slash !== -1) {
    const lenText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lenText) || Number(lenText) > max) {
      throw new ValidationError(field, `'${text}' has a prefix length outside 0..${max}`);
    }
    prefixLength = Number(lenText);
  }
  return { family, address: formatAddress(addressToBytes(addr, field)), prefixLength };
}

/** The address with host bits cleared. */
export function networkOf(p: Prefix): string {
  const bytes = addressToBytes(p.address);
  for (let bit = p.prefixLength; bit < bytes.length * 8; bit++) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return formatAddress(bytes);
}

export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  if (a.family !== b.family) return false;
  const len = Math.min(a.prefixLength, b.prefixLength);
  return networkOf({ ...a, prefixLength: len }) === networkOf({ ...b, prefixLength: len });
}

export function prefixContains(p: Prefix, address: string): boolean {
  return prefixesOverlap(p, { family: familyOf(address), address, prefixLength: p.family === AF_INET ? 32 : 128 });
}
