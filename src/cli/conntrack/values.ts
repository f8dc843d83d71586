// The values of conntrack-tools' options, read as conntrack 1.4.7 reads them: numbers as C's strtoul reads
// them, cut to the field's width; addresses with CIDR prefixes; protocol, status and state names.
import { AF_INET, AF_INET6 } from '../../netlink/constants.js';
import { IPPROTO, ipProtocolNumber } from '../../netlink/ip-protocols.js';
import type { NatRange } from '../../nfnetlink/conntrack/index.js';
import { DCCP_STATES, SCTP_STATES, Status, TCP_STATES } from '../../nfnetlink/conntrack/constants.js';
import { prefixMask } from '../../nfnetlink/conntrack/filter.js';
import { isIPv4, isIPv6 } from '../../nfnetlink/conntrack/net.js';
import type { NatTarget } from '../../nfnetlink/conntrack/predicates.js';
import { trackedProtocolNumber } from '../../nfnetlink/conntrack/protocols.js';
import { UsageError } from '../io.js';

/**
 * C's strtoul(text, NULL, 0): leading blanks, a sign, 0x for hex, 0 for octal, digits up to the first that
 * does not belong; nothing read is 0; a minus sign negates modulo 2^64. The caller keeps the bits it needs.
 */
export function strtoul(text: string): bigint {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX](?=[0-9a-fA-F])|0(?=[0-7])|)([0-9a-fA-F]*)/.exec(text)!;
  const base = m[2]!.length === 2 ? 16 : m[2] === '0' ? 8 : 10;
  const digits = /^[0-9a-fA-F]*/.exec(m[3]!)![0];
  let v = 0n;
  for (const ch of digits) {
    const d = parseInt(ch, 16);
    if (d >= base) break;
    v = v * BigInt(base) + BigInt(d);
    if (v >= 1n << 64n) { v = (1n << 64n) - 1n; break; } // ULONG_MAX on overflow
  }
  return m[1] === '-' ? ((1n << 64n) - v) % (1n << 64n) : v;
}

/** strtoul, keeping the low `bits` bits (what conntrack-tools stores in a u8/u16/u32 field). */
export function cNumber(text: string, bits: 8 | 16 | 32): number {
  return Number(strtoul(text) & ((1n << BigInt(bits)) - 1n));
}

/** -p: a name or alias of /etc/protocols, or a number 0..255 (strtoul, the whole text). */
export function protocolArg(text: string): number {
  // A name's number is kept in 8 bits, as conntrack-tools stores it (mptcp, 262, is tcp there).
  // conntrack-tools' own protocol modules first, by the names they register, then /etc/protocols.
  const byName = /^\d+$/.test(text) ? undefined : trackedProtocolNumber(text) ?? ipProtocolNumber(text);
  if (byName !== undefined) return byName & 0xff;
  if (/^[ \t]*(0[xX][0-9a-fA-F]+|\d+)$/.test(text)) {
    const n = strtoul(text);
    if (n <= 255n) return Number(n);
  }
  throw new UsageError(`\`${text}' unsupported protocol`);
}

/** An address, or (for -s/-d) an address with a CIDR prefix: the prefix becomes the mask. */
export function addrArg(text: string, cidr: boolean): { addr: string; mask?: string; family: number } {
  const slash = cidr ? text.indexOf('/') : -1;
  const ip = slash < 0 ? text : text.slice(0, slash);
  const family = isIPv4(ip) ? AF_INET : isIPv6(ip) ? AF_INET6 : 0;
  if (!family) throw new UsageError(`Invalid IP address \`${text}'`);
  if (slash < 0) return { addr: ip, family };
  const bits = text.slice(slash + 1);
  const max = family === AF_INET ? 32 : 128;
  if (!/^\d+$/.test(bits) || Number(bits) > max) throw new UsageError('Invalid netmask');
  return { addr: ip, mask: prefixMask(Number(bits), family), family };
}

export function familyArg(text: string): number {
  if (text === 'ipv4') return AF_INET;
  if (text === 'ipv6') return AF_INET6;
  throw new UsageError(`\`${text}' unsupported protocol`);
}

/** -u: the names conntrack-tools takes (any case), comma-separated; UNSET is no bit. */
const STATUS_NAMES: Record<string, number> = {
  ASSURED: Status.ASSURED, SEEN_REPLY: Status.SEEN_REPLY, UNSET: 0, FIXED_TIMEOUT: Status.FIXED_TIMEOUT, EXPECTED: Status.EXPECTED,
  OFFLOAD: Status.OFFLOAD, HW_OFFLOAD: Status.HW_OFFLOAD,
};
export function statusArg(text: string): number {
  let v = 0;
  for (const name of text.split(',')) {
    const bit = STATUS_NAMES[name.toUpperCase()];
    if (bit === undefined) throw new UsageError(`Bad parameter \`${name}'`);
    v |= bit;
  }
  return v;
}

export function markArg(text: string): { mark: number; mask?: number } {
  const slash = text.indexOf('/');
  if (slash < 0) return { mark: cNumber(text, 32) };
  return { mark: cNumber(text.slice(0, slash), 32), mask: cNumber(text.slice(slash + 1), 32) };
}

/** --state: the protocol's state names, exactly as written; LISTEN is TCP's SYN_SENT2, as conntrack-tools has it. */
export function stateArg(proto: number, text: string): number {
  if (proto === IPPROTO.TCP) {
    const i = text === 'LISTEN' ? 9 : (TCP_STATES as readonly string[]).indexOf(text);
    if (i < 0) throw new UsageError(`unknown TCP state \`${text}'`);
    return i;
  }
  const names: readonly string[] = proto === IPPROTO.SCTP ? SCTP_STATES : DCCP_STATES;
  const i = names.indexOf(text);
  if (i < 0) throw new UsageError(`Unknown ${proto === IPPROTO.SCTP ? 'SCTP' : 'DCCP'} state \`${text}'`);
  return i;
}

/** A NAT address for -I (--src-nat IP[:PORT]) or a NAT filter's address and port. */
export function natAddress(text: string): NatTarget & { ip: string } {
  const m = /^(\d+\.\d+\.\d+\.\d+):(.*)$/.exec(text) ?? /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(text);
  const ip = m ? m[1]! : text;
  if (!isIPv4(ip) && !isIPv6(ip)) throw new UsageError(`Invalid IP address \`${text}'`);
  return m ? { ip, port: cNumber(m[2]!, 16) } : { ip };
}

export function natRange(n: NatTarget & { ip: string }): NatRange {
  return n.port === undefined ? { minIp: n.ip } : { minIp: n.ip, minPort: n.port, maxPort: n.port };
}
