// The friendly layer: common matches and statements as expression lists, so callers never pick registers.
// Each helper returns the expressions nft 1.0.6 generates for the same text (checked by the golden tests).
import { ValidationError, addressToBytes, parsePrefix, familyOf, AF_INET } from '../../netlink/index.js';
import { IFNAMSIZ, NatRangeFlag } from './constants.js';
import type { CmpOp, Expression, Verdict } from './expressions/types.js';
import { META_KEYS } from './expressions/meta.js';
import { CT_KEYS } from './expressions/ct.js';

const R1 = 1; // NFT_REG_1: nft loads every single value into the first 16-byte register
const R2 = 2;

export interface MatchOptions { negate?: boolean }

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const op = (o?: MatchOptions): CmpOp => (o?.negate ? 'neq' : 'eq');

function ifnameBytes(name: string): Buffer {
  const b = Buffer.from(name, 'utf8');
  if (b.length === 0 || b.length >= IFNAMSIZ) throw new ValidationError('interface name', `'${name}' must be 1..15 bytes`);
  const out = Buffer.alloc(IFNAMSIZ);
  b.copy(out);
  return out;
}

function hostUint(value: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  b.writeUIntLE(value, 0, len);
  return b;
}

/** `meta KEY == value` for any meta key, with the value laid out as the key's type wants. */
export function metaMatch(key: string, value: number | string, o?: MatchOptions): Expression[] {
  const info = META_KEYS[key];
  if (!info) throw new ValidationError('meta key', `'${key}' is not known`);
  const data = typeof value === 'string' ? ifnameBytes(value) : info.hostOrder ? hostUint(value, info.len) : Buffer.from(value.toString(16).padStart(info.len * 2, '0'), 'hex');
  return [{ kind: 'meta', key, dreg: R1 }, { kind: 'cmp', sreg: R1, op: op(o), data: hex(data) }];
}

export const iifname = (name: string, o?: MatchOptions): Expression[] => metaMatch('iifname', name, o);
export const oifname = (name: string, o?: MatchOptions): Expression[] => metaMatch('oifname', name, o);
export const metaMark = (mark: number, o?: MatchOptions): Expression[] => metaMatch('mark', mark, o);
export const l4proto = (proto: 'tcp' | 'udp' | 'icmp' | number, o?: MatchOptions): Expression[] =>
  metaMatch('l4proto', typeof proto === 'number' ? proto : { tcp: 6, udp: 17, icmp: 1 }[proto], o);

/**
 * A payload address match as nft builds it: a prefix on a byte boundary loads fewer bytes; any other
 * prefix loads the address and masks it with bitwise.
 */
function addressMatch(offsetV4: number, offsetV6: number, text: string, o?: MatchOptions): Expression[] {
  const p = parsePrefix(text);
  const v4 = p.family === AF_INET;
  const bytes = addressToBytes(p.address);
  const full = bytes.length;
  const offset = v4 ? offsetV4 : offsetV6;
  if (p.prefixLength % 8 === 0) {
    const len = p.prefixLength / 8;
    if (len === 0) throw new ValidationError('prefix', `'${text}' matches everything`);
    return [
      { kind: 'payload', base: 'network', offset, len, dreg: R1 },
      { kind: 'cmp', sreg: R1, op: op(o), data: hex(bytes.subarray(0, len)) },
    ];
  }
  const mask = Buffer.alloc(full);
  for (let bit = 0; bit < p.prefixLength; bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
  const net = Buffer.from(bytes.map((b, i) => b & mask[i]!));
  return [
    { kind: 'payload', base: 'network', offset, len: full, dreg: R1 },
    { kind: 'bitwise', sreg: R1, dreg: R1, op: 'mask_xor', len: full, mask: hex(mask), xor: hex(Buffer.alloc(full)) },
    { kind: 'cmp', sreg: R1, op: op(o), data: hex(net) },
  ];
}

/** `ip saddr 10.10.1.0/24` (or `ip6 saddr ...` for an IPv6 prefix); `negate` gives `!=`. */
export const ipSaddr = (prefix: string, o?: MatchOptions): Expression[] => addressMatch(12, 8, prefix, o);
/** `ip daddr 10.10.1.0/24`; `negate` gives `!=`. */
export const ipDaddr = (prefix: string, o?: MatchOptions): Expression[] => addressMatch(16, 24, prefix, o);

/** `tcp dport 22` / `udp sport 53`: the l4proto dependency nft adds, then the port. */
export function port(proto: 'tcp' | 'udp', which: 'sport' | 'dport', value: number, o?: MatchOptions): Expression[] {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value);
  return [
    ...l4proto(proto),
    { kind: 'payload', base: 'transport', offset: which === 'sport' ? 0 : 2, len: 2, dreg: R1 },
    { kind: 'cmp', sreg: R1, op: op(o), data: hex(b) },
  ];
}
export const tcpDport = (p: number, o?: MatchOptions): Expression[] => port('tcp', 'dport', p, o);
export const udpDport = (p: number, o?: MatchOptions): Expression[] => port('udp', 'dport', p, o);

/** `ct KEY set VALUE` for integer keys (zone, mark). */
export function ctSet(key: 'zone' | 'mark', value: number): Expression[] {
  const info = CT_KEYS[key]!;
  return [
    { kind: 'immediate', dreg: R1, data: { value: hex(hostUint(value, info.len)) } },
    { kind: 'ct', key, sreg: R1 },
  ];
}
export const ctZoneSet = (zone: number): Expression[] => ctSet('zone', zone);
export const ctMarkSet = (mark: number): Expression[] => ctSet('mark', mark);

const CT_STATE = { invalid: 1, established: 2, related: 4, new: 8, untracked: 64 } as const;
/** `ct state established,related`: mask the state bits, compare with zero. */
export function ctState(...states: Array<keyof typeof CT_STATE>): Expression[] {
  const mask = hostUint(states.reduce((m, s) => m | CT_STATE[s], 0), 4);
  return [
    { kind: 'ct', key: 'state', dreg: R1 },
    { kind: 'bitwise', sreg: R1, dreg: R1, op: 'mask_xor', len: 4, mask: hex(mask), xor: '00000000' },
    { kind: 'cmp', sreg: R1, op: 'neq', data: '00000000' },
  ];
}
/** `ct zone 1`. */
export const ctZone = (zone: number, o?: MatchOptions): Expression[] =>
  [{ kind: 'ct', key: 'zone', dreg: R1 }, { kind: 'cmp', sreg: R1, op: op(o), data: hex(hostUint(zone, 2)) }];

export interface MasqueradeOptions { ports?: [number, number] | number; random?: boolean; fullyRandom?: boolean; persistent?: boolean }

function natFlags(o: MasqueradeOptions, ports: boolean): number | undefined {
  let f = 0;
  if (ports) f |= NatRangeFlag.PROTO_SPECIFIED;
  if (o.random) f |= NatRangeFlag.PROTO_RANDOM;
  if (o.fullyRandom) f |= NatRangeFlag.PROTO_RANDOM_FULLY;
  if (o.persistent) f |= NatRangeFlag.PERSISTENT;
  return f === 0 ? undefined : f;
}

function portImmediates(ports: [number, number] | number): Expression[] {
  const [lo, hi] = typeof ports === 'number' ? [ports, ports] : ports;
  const b = (v: number): string => { const x = Buffer.alloc(2); x.writeUInt16BE(v); return hex(x); };
  return [{ kind: 'immediate', dreg: R1, data: { value: b(lo) } }, { kind: 'immediate', dreg: R2, data: { value: b(hi) } }];
}

/** `masquerade`, optionally `to :1024-2048`, `random`, `fully-random`, `persistent`. */
export function masquerade(o: MasqueradeOptions = {}): Expression[] {
  const flags = natFlags(o, o.ports !== undefined);
  if (o.ports === undefined) return [{ kind: 'masq', ...(flags !== undefined ? { flags } : {}) }];
  return [...portImmediates(o.ports), { kind: 'masq', ...(flags !== undefined ? { flags } : {}), protoMin: R1, protoMax: R2 }];
}

/** `snat to ADDR` / `dnat to ADDR` (IPv4 or IPv6 by the address). */
export function natTo(type: 'snat' | 'dnat', address: string): Expression[] {
  const fam = familyOf(address) === AF_INET ? 2 : 10;
  return [
    { kind: 'immediate', dreg: R1, data: { value: hex(addressToBytes(address)) } },
    { kind: 'nat', type, family: fam, addrMin: R1, flags: NatRangeFlag.MAP_IPS },
  ];
}
export const snat = (address: string): Expression[] => natTo('snat', address);
export const dnat = (address: string): Expression[] => natTo('dnat', address);

export const counter = (): Expression[] => [{ kind: 'counter', bytes: 0, packets: 0 }];
export const notrack = (): Expression[] => [{ kind: 'notrack' }];
export const log = (prefix?: string): Expression[] => [{ kind: 'log', ...(prefix !== undefined ? { prefix } : {}) }];

function verdict(v: Verdict): Expression[] {
  return [{ kind: 'immediate', dreg: 0, data: { verdict: v } }];
}
export const accept = (): Expression[] => verdict({ code: 'accept' });
export const drop = (): Expression[] => verdict({ code: 'drop' });
export const continue_ = (): Expression[] => verdict({ code: 'continue' });
export const return_ = (): Expression[] => verdict({ code: 'return' });
export const jump = (chain: string): Expression[] => verdict({ code: 'jump', chain });
export const goto = (chain: string): Expression[] => verdict({ code: 'goto', chain });

/** Concatenates helper results into one rule body: `rule(iifname('x'), ctZoneSet(1))`. */
export function rule(...parts: Expression[][]): Expression[] {
  return parts.flat();
}
