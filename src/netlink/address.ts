// IP addresses and prefixes as strings in the API, bytes on the wire. Validation uses node:net, loaded on
// first use: formatting (every dump) does not need it, and it is one of the slower built-ins to load.
import { createRequire } from 'node:module';
import { AF_INET, AF_INET6 } from './constants.js';
import { ValidationError } from './errors.js';

let net: typeof import('node:net') | undefined;
const loadNet = (): typeof import('node:net') => (net ??= createRequire(import.meta.url)('node:net') as typeof import('node:net'));
const isIPv6 = (s: string): boolean => loadNet().isIPv6(s);

/**
 * Dotted-quad IPv4 text into `out` at `at`, in one pass and without a regular expression: true when `text` is
 * an address node:net's isIPv4 accepts (four decimal fields 0..255, no leading zeros, nothing else), which
 * the codec tests check on random input. Bulk writes parse thousands of these.
 */
export function parseIPv4Into(text: string, out: Uint8Array, at: number): boolean {
  const n = text.length;
  if (n < 7 || n > 15) return false;
  let i = 0;
  for (let field = 0; field < 4; field++) {
    if (field > 0) {
      if (i >= n || text.charCodeAt(i) !== 46) return false; // '.'
      i++;
    }
    const start = i;
    let v = 0;
    while (i < n) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || v > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return false;
    out[at + field] = v;
  }
  return i === n;
}

/**
 * 'a.b.c.d/len' or 'a.b.c.d' (an IPv4 address as parseIPv4Into accepts it, a length of 1 to 3 decimal digits up to
 * 32 without a leading zero)
 * in one pass: the address packed as a u32 in network order, times 64, plus the prefix length (a non-negative
 * number below 2^38, exact in a double); -1 for anything else (IPv6, errors), which parsePrefix then handles.
 * For encoders that read thousands of prefixes.
 */
export function parseIPv4PrefixPacked(text: string): number {
  const n = text.length;
  let i = 0;
  let addr = 0;
  for (let field = 0; field < 4; field++) {
    if (field > 0) {
      if (i >= n || text.charCodeAt(i) !== 46) return -1; // '.'
      i++;
    }
    const start = i;
    let v = 0;
    while (i < n) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || v > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return -1;
    addr = addr * 256 + v;
  }
  if (i === n) return addr * 64 + 32;
  if (text.charCodeAt(i) !== 47) return -1; // '/'
  const digits = n - i - 1;
  let len = 0;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    len = len * 10 + c;
  }
  // A leading zero makes the length octal to ip ('/024' is 20): parsePrefixValue reads those.
  return digits >= 1 && digits <= 3 && len <= 32 && !(digits > 1 && text.charCodeAt(n - digits) === 48) ? addr * 64 + len : -1;
}

const scratch4 = new Uint8Array(4);
const isIPv4 = (s: string): boolean => parseIPv4Into(s, scratch4, 0);

/** AF_INET or AF_INET6. */
export type AddressFamily = typeof AF_INET | typeof AF_INET6;

/** A parsed prefix: family, network bytes and length. */
export interface Prefix {
  family: AddressFamily;
  address: string; // canonical text
  prefixLength: number;
}

/** The family of an address in text form; ValidationError when it is neither IPv4 nor IPv6. */
export function familyOf(address: string, field = 'address'): AddressFamily {
  if (typeof address === 'string' && isIPv4(address)) return AF_INET;
  if (isIPv6(address)) return AF_INET6;
  throw new ValidationError(field, `'${address}' is not an IPv4 or IPv6 address`);
}

export function ipv4ToBytes(address: string, field = 'address'): Buffer {
  const out = Buffer.allocUnsafe(4);
  if (typeof address !== 'string' || !parseIPv4Into(address, out, 0)) throw new ValidationError(field, `'${address}' is not an IPv4 address`);
  return out;
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

/** The bytes of an IPv4 or IPv6 address in text form; ValidationError otherwise. */
export function addressToBytes(address: string, field = 'address'): Buffer {
  return familyOf(address, field) === AF_INET ? ipv4ToBytes(address, field) : ipv6ToBytes(address, field);
}

// '0' .. '255', so formatting an address converts no numbers. (Writing digits into a buffer and slicing one
// string out measured slower in a decoder than these few short concatenations.)
const DECIMAL: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** Dotted-quad text of the 4 bytes at `offset`. */
export function formatIPv4(buf: Uint8Array, offset = 0): string {
  return DECIMAL[buf[offset]!]! + '.' + DECIMAL[buf[offset + 1]!]! + '.' + DECIMAL[buf[offset + 2]!]! + '.' + DECIMAL[buf[offset + 3]!]!;
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

/** Text of a 4- or 16-byte address (IPv6 in RFC 5952 form). */
export function formatAddress(buf: Uint8Array, offset = 0, length = buf.length - offset): string {
  if (length === 4) return formatIPv4(buf, offset);
  if (length === 16) return formatIPv6(buf, offset);
  return Buffer.from(buf.subarray(offset, offset + length)).toString('hex');
}

const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13); // isspace() in the C locale
const digitValue = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : 99);

/**
 * strtoul(3) with base 0 from text[at]: blanks, a sign, then hexadecimal after 0x, octal after 0, else
 * decimal. `end` is where it stopped (`at` when it read no digits); a negative value other than -0 wraps
 * to a huge unsigned long, and so does overflow: both are Infinity here.
 */
function strtoul0(text: string, at: number): { value: number; end: number } {
  let i = at;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') { negative = text[i] === '-'; i++; }
  let base = 10;
  if (text[i] === '0') {
    base = 8;
    if ((text[i + 1] === 'x' || text[i + 1] === 'X') && digitValue(text.charCodeAt(i + 2)) < 16) { base = 16; i += 2; }
  }
  const first = i;
  let value = 0;
  while (i < text.length && digitValue(text.charCodeAt(i)) < base) value = value * base + digitValue(text.charCodeAt(i++));
  if (i === first) return { value: 0, end: at };
  return { value: negative && value !== 0 ? Infinity : value > 0xffffffffffff ? Infinity : value, end: i };
}

/** iproute2's get_addr_ipv4 on a netmask: up to four strtoul fields of at most 255 joined by dots, missing ones zero. */
function ipv4MaskBits(text: string): number {
  if (text === 'default' || text === 'any' || text === 'all') return 0;
  let bits = 0;
  let at = 0;
  for (let field = 0; field < 4; field++) {
    const r = strtoul0(text, at);
    if (r.end === at || r.value > 255) return -1;
    bits = (bits | (r.value << (24 - field * 8))) >>> 0;
    if (r.end === text.length) break;
    if (field === 3 || text[r.end] !== '.') return -1;
    at = r.end + 1;
  }
  // mask2bits: the host part must be 2^n - 1.
  const host = ~bits >>> 0;
  if ((host & (host + 1)) !== 0) return -1;
  return 32 - Math.log2(host + 1);
}

/**
 * A prefix length as iproute2's get_netmask() reads it (lib/utils.c): an unsigned int as strtoul(3) base 0
 * reads it, so '024' is octal (20) and '0x18' hex (24); or else an IPv4 netmask ('255.255.240.0' is 20,
 * 'default' is 0). -1 when it is neither.
 */
export function ipPrefixLength(text: string): number {
  const r = strtoul0(text, 0);
  if (r.end !== 0 && r.end === text.length) return r.value <= 0xffffffff ? r.value : -1;
  return ipv4MaskBits(text);
}

/** '10.10.1.0/24' or a bare address (full-length prefix). Host bits are allowed, as `ip` allows them. */
export function parsePrefix(text: string, field = 'prefix'): Prefix {
  const p = parsePrefixValue(text, field);
  return { family: p.family, address: p.address, prefixLength: p.prefixLength };
}

/** A parsed prefix with its address as encoders want it: IPv4 packed in a number, IPv6 as bytes. */
export interface PrefixValue extends Prefix {
  /** IPv4: the address as a u32 in network byte order (first octet highest); 0 for IPv6. */
  v4: number;
  /** IPv6: the 16 address bytes. */
  v6: Buffer | undefined;
}

const v4scratch = new Uint8Array(4);

/** parsePrefix, with the address as well (parsed once, and for IPv4 without allocating): for encoders. */
export function parsePrefixValue(text: string, field = 'prefix'): PrefixValue {
  const slash = text.indexOf('/');
  const addr = slash === -1 ? text : text.slice(0, slash);
  const family = typeof addr === 'string' && parseIPv4Into(addr, v4scratch, 0) ? AF_INET : familyOf(addr, field);
  const max = family === AF_INET ? 32 : 128;
  let prefixLength = max;
  if (slash !== -1) {
    // Fast path: one to three decimal digits without a leading zero. Anything else is read as ip reads it.
    const digits = text.length - slash - 1;
    let v = 0;
    for (let i = slash + 1; i < text.length; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) { v = -1; break; }
      v = v * 10 + c;
    }
    if (digits < 1 || digits > 3 || v < 0 || (digits > 1 && text.charCodeAt(slash + 1) === 48)) v = ipPrefixLength(text.slice(slash + 1));
    if (v < 0 || v > max) {
      throw new ValidationError(field, `'${text}' has a prefix length outside 0..${max}`);
    }
    prefixLength = v;
  }
  if (family === AF_INET) {
    // Accepted IPv4 text is canonical already (no leading zeros).
    const v4 = ((v4scratch[0]! << 24) | (v4scratch[1]! << 16) | (v4scratch[2]! << 8) | v4scratch[3]!) >>> 0;
    return { family, address: addr, prefixLength, v4, v6: undefined };
  }
  const v6 = ipv6ToBytes(addr, field);
  return { family, address: formatIPv6(v6), prefixLength, v4: 0, v6 };
}

/** The address with host bits cleared. */
export function networkOf(p: Prefix): string {
  const bytes = addressToBytes(p.address);
  for (let bit = p.prefixLength; bit < bytes.length * 8; bit++) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return formatAddress(bytes);
}

/** Whether two prefixes of the same family share an address. */
export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  if (a.family !== b.family) return false;
  const len = Math.min(a.prefixLength, b.prefixLength);
  return networkOf({ ...a, prefixLength: len }) === networkOf({ ...b, prefixLength: len });
}

/** Whether `address` lies inside prefix `p`. */
export function prefixContains(p: Prefix, address: string): boolean {
  return prefixesOverlap(p, { family: familyOf(address), address, prefixLength: p.family === AF_INET ? 32 : 128 });
}
