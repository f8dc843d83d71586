// --subnet prefixes, compiled for testing addresses in place in a dump buffer (no string per entry).
import { addressToBytes, formatAddress, parsePrefix } from '../netlink/address.js';

/** A `--subnet` prefix, compiled for testing addresses in place. */
export interface Subnet {
  /** The label value: the prefix as given, host bits cleared ('10.1.0.0/16'). */
  text: string;
  /** Address length in bytes: 4 or 16. */
  length: number;
  /** The network's bytes and the prefix length in bits. */
  network: Buffer;
  prefixLength: number;
}

/** Parses 'ADDR/LEN' (or a bare address); a ValidationError names the bad text. */
export function parseSubnet(text: string): Subnet {
  const p = parsePrefix(text, 'subnet');
  const network = addressToBytes(p.address, 'subnet');
  for (let bit = p.prefixLength; bit < network.length * 8; bit++) network[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return { text: `${formatAddress(network)}/${p.prefixLength}`, length: network.length, network, prefixLength: p.prefixLength };
}

/** Whether buf[at, at+len) is an address inside `s`. */
export function subnetContains(s: Subnet, buf: Buffer, at: number, len: number): boolean {
  if (len !== s.length) return false;
  const full = s.prefixLength >> 3;
  for (let i = 0; i < full; i++) if (buf[at + i] !== s.network[i]) return false;
  const rest = s.prefixLength & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (buf[at + full]! & mask) === s.network[full];
}
