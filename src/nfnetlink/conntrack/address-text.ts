// Address text of conntrack's hot paths: IPv4/IPv6 bytes in a received buffer turned into text through
// small caches (a dump repeats addresses a lot).
import { formatIPv6 } from '../../netlink/core.js';

// Address text is made through small direct-mapped caches keyed by the address bytes: a table repeats
// addresses a lot (the reply tuple mirrors the original, servers and NAT addresses recur), and a hit costs
// no string. A slot always holds a matching (key, text) pair, so a hit needs no "filled" flag.
const V4_SLOTS = 4096;
const v4Keys = new Int32Array(V4_SLOTS);
const v4Text: string[] = new Array<string>(V4_SLOTS).fill('0.0.0.0');
const V6_SLOTS = 1024;
const v6Keys = new Int32Array(V6_SLOTS * 4);
const v6Text: string[] = new Array<string>(V6_SLOTS).fill('::');

// Misses are common too (every client address once): the text is then made from a cached "a.b.c." prefix
// (hosts of one /24 share it) and the last octet, one concatenation instead of seven.
const PREFIX_SLOTS = 1024;
const prefixKeys = new Int32Array(PREFIX_SLOTS);
const prefixText: string[] = new Array<string>(PREFIX_SLOTS).fill('0.0.0.');
const DECIMAL: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** Text of the IPv4 address at buf[at, at + 4) ('192.0.2.1'). */
export function ipv4Text(buf: Uint8Array, at: number): string {
  const k = (buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!;
  const slot = (k ^ (k >>> 13)) & (V4_SLOTS - 1);
  if (v4Keys[slot] === k) return v4Text[slot]!;
  const p = k >>> 8;
  const ps = (p ^ (p >>> 10)) & (PREFIX_SLOTS - 1);
  let prefix = prefixText[ps]!;
  if (prefixKeys[ps] !== p) {
    prefix = DECIMAL[buf[at]!] + '.' + DECIMAL[buf[at + 1]!] + '.' + DECIMAL[buf[at + 2]!] + '.';
    prefixKeys[ps] = p;
    prefixText[ps] = prefix;
  }
  const text = prefix + DECIMAL[buf[at + 3]!];
  v4Keys[slot] = k;
  v4Text[slot] = text;
  return text;
}

const be32 = (b: Uint8Array, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;

/** RFC 5952 text of the IPv6 address at buf[at, at + 16). */
export function ipv6Text(buf: Uint8Array, at: number): string {
  const a = be32(buf, at);
  const b = be32(buf, at + 4);
  const c = be32(buf, at + 8);
  const d = be32(buf, at + 12);
  const h = a ^ b ^ c ^ d;
  const slot = (h ^ (h >>> 10) ^ (h >>> 20)) & (V6_SLOTS - 1);
  const k = slot * 4;
  if (v6Keys[k] === a && v6Keys[k + 1] === b && v6Keys[k + 2] === c && v6Keys[k + 3] === d) return v6Text[slot]!;
  const text = formatIPv6(buf, at);
  v6Keys[k] = a;
  v6Keys[k + 1] = b;
  v6Keys[k + 2] = c;
  v6Keys[k + 3] = d;
  v6Text[slot] = text;
  return text;
}
