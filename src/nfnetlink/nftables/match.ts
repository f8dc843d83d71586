/**
 * The friendly layer: common matches and statements as expression lists, so callers never pick registers.
 * Each helper returns the expressions nft 1.0.6 generates for the same text (checked by the golden tests);
 * {@link rule} joins them: `match.rule(match.iifname('veth0'), match.ctZoneSet(1))`.
 * @module
 */
import { ValidationError, addressToBytes, parsePrefix, familyOf } from '../../netlink/index.js';
import { AF_INET } from '../../netlink/constants.js';
import { ipProtocolNumber } from '../../netlink/ip-protocols.js';
import { IFNAMSIZ, NatRangeFlag } from './constants.js';
import type { CmpOp, Expression, Verdict } from './expressions/types.js';
import { META_KEYS } from './expressions/meta.js';
import { CT_KEYS } from './expressions/ct.js';

const R1 = 1; // NFT_REG_1: nft loads every single value into the first 16-byte register
const R2 = 2;

/** Options of a match: `negate` makes it `!=`. */
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

/** A number the caller gives for a field of `len` bytes: an integer that fits, or a ValidationError. */
function checkUint(field: string, value: number, len: number): number {
  const max = 2 ** (8 * len) - 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new ValidationError(field, `${String(value)} is not an integer 0..${max}`);
  }
  return value;
}

function hostUint(value: number, len: number, field = 'value'): Buffer {
  checkUint(field, value, len);
  const b = Buffer.alloc(len);
  b.writeUIntLE(value, 0, len);
  return b;
}

/** `meta KEY == value` for any meta key, with the value laid out as the key's type wants. */
export function metaMatch(key: string, value: number | string, o?: MatchOptions): Expression[] {
  const info = META_KEYS[key];
  if (!info) throw new ValidationError('meta key', `'${key}' is not known`);
  if (typeof value === 'number') checkUint(`meta ${key}`, value, info.len);
  const data = typeof value === 'string' ? ifnameBytes(value) : info.hostOrder ? hostUint(value, info.len) : Buffer.from(value.toString(16).padStart(info.len * 2, '0'), 'hex');
  return [{ kind: 'meta', key, dreg: R1 }, { kind: 'cmp', sreg: R1, op: op(o), data: hex(data) }];
}

/** `iifname NAME`. */
export const iifname = (name: string, o?: MatchOptions): Expression[] => metaMatch('iifname', name, o);
/** `oifname NAME`. */
export const oifname = (name: string, o?: MatchOptions): Expression[] => metaMatch('oifname', name, o);
/** `meta mark MARK`. */
export const metaMark = (mark: number, o?: MatchOptions): Expression[] => metaMatch('mark', mark, o);
const L4PROTO_NAMES: readonly string[] = ['tcp', 'udp', 'icmp'];
/** `meta l4proto PROTO`. */
export function l4proto(proto: 'tcp' | 'udp' | 'icmp' | number, o?: MatchOptions): Expression[] {
  const n = typeof proto === 'number' ? proto : L4PROTO_NAMES.includes(proto) ? ipProtocolNumber(proto) : undefined;
  if (n === undefined) throw new ValidationError('l4proto', `'${String(proto)}' is not a protocol number nor one of ${L4PROTO_NAMES.join(', ')}`);
  return metaMatch('l4proto', n, o);
}

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
  b.writeUInt16BE(checkUint(`${proto} ${which}`, value, 2));
  return [
    ...l4proto(proto),
    { kind: 'payload', base: 'transport', offset: which === 'sport' ? 0 : 2, len: 2, dreg: R1 },
    { kind: 'cmp', sreg: R1, op: op(o), data: hex(b) },
  ];
}
/** `tcp dport PORT`. */
export const tcpDport = (p: number, o?: MatchOptions): Expression[] => port('tcp', 'dport', p, o);

/**
 * `tcp dport { 22, 80 }`: a lookup in an anonymous set that the transaction creates with the rule
 * (Transaction.addRule); `negate` gives `!= { ... }`.
 */
export function portIn(proto: 'tcp' | 'udp', which: 'sport' | 'dport', ports: readonly number[], o?: MatchOptions): Expression[] {
  if (ports.length === 0) throw new ValidationError('port set', 'needs at least one port');
  const key = (v: number): string => { const b = Buffer.alloc(2); b.writeUInt16BE(checkUint(`${proto} ${which}`, v, 2)); return hex(b); };
  const elements = [...new Set(ports)].map(key);
  return [
    ...l4proto(proto),
    { kind: 'payload', base: 'transport', offset: which === 'sport' ? 0 : 2, len: 2, dreg: R1 },
    { kind: 'lookup', set: '__set%d', sreg: R1, ...(o?.negate ? { invert: true } : {}), anonymousSet: { keyType: 13, keyLen: 2, elements } }, // 13: inet_service
  ];
}
/** `udp dport PORT`. */
export const udpDport = (p: number, o?: MatchOptions): Expression[] => port('udp', 'dport', p, o);

/** `ct KEY set VALUE` for integer keys (zone, mark). */
export function ctSet(key: 'zone' | 'mark', value: number): Expression[] {
  const info = CT_KEYS[key]!;
  return [
    { kind: 'immediate', dreg: R1, data: { value: hex(hostUint(value, info.len, `ct ${key}`)) } },
    { kind: 'ct', key, sreg: R1 },
  ];
}
/** `ct zone set ZONE`. */
export const ctZoneSet = (zone: number): Expression[] => ctSet('zone', zone);
/** `ct mark set MARK`. */
export const ctMarkSet = (mark: number): Expression[] => ctSet('mark', mark);

const CT_STATE = { invalid: 1, established: 2, related: 4, new: 8, untracked: 64 } as const;
/** `ct state established,related`: mask the state bits, compare with zero. */
export function ctState(...states: Array<keyof typeof CT_STATE>): Expression[] {
  for (const s of states) {
    if (!Object.hasOwn(CT_STATE, s)) throw new ValidationError('ct state', `'${String(s)}' is not one of ${Object.keys(CT_STATE).join(', ')}`);
  }
  const mask = hostUint(states.reduce((m, s) => m | CT_STATE[s], 0), 4);
  return [
    { kind: 'ct', key: 'state', dreg: R1 },
    { kind: 'bitwise', sreg: R1, dreg: R1, op: 'mask_xor', len: 4, mask: hex(mask), xor: '00000000' },
    { kind: 'cmp', sreg: R1, op: 'neq', data: '00000000' },
  ];
}
/** `ct zone 1`. */
export const ctZone = (zone: number, o?: MatchOptions): Expression[] =>
  [{ kind: 'ct', key: 'zone', dreg: R1 }, { kind: 'cmp', sreg: R1, op: op(o), data: hex(hostUint(zone, 2, 'ct zone')) }];

/** Options of masquerade and NAT to ports: port range, random, fully-random, persistent. */
export interface MasqueradeOptions { ports?: [number, number] | number; random?: boolean; fullyRandom?: boolean; persistent?: boolean }

function natFlags(o: MasqueradeOptions, ports: boolean): number | undefined {
  let f = 0;
  if (ports) f |= NatRangeFlag.PROTO_SPECIFIED;
  if (o.random) f |= NatRangeFlag.PROTO_RANDOM;
  if (o.fullyRandom) f |= NatRangeFlag.PROTO_RANDOM_FULLY;
  if (o.persistent) f |= NatRangeFlag.PERSISTENT;
  return f === 0 ? undefined : f;
}

const port16 = (v: number): string => { const x = Buffer.alloc(2); x.writeUInt16BE(checkUint('port', v, 2)); return hex(x); };

function portImmediates(ports: [number, number] | number): Expression[] {
  const [lo, hi] = typeof ports === 'number' ? [ports, ports] : ports;
  const b = (v: number): string => port16(v);
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
/** `snat to ADDRESS`. */
export const snat = (address: string): Expression[] => natTo('snat', address);
/** `dnat to ADDRESS`. */
export const dnat = (address: string): Expression[] => natTo('dnat', address);


/**
 * `snat to ADDR:PORT` / `dnat to ADDR:PORT` (or a port range `[lo, hi]`): the address in register 1, the
 * port(s) in the next ones, NF_NAT_RANGE_PROTO_SPECIFIED set, as nft sends it.
 */
export function natToPort(type: 'snat' | 'dnat', address: string, ports: number | [number, number], o: MasqueradeOptions = {}): Expression[] {
  const fam = familyOf(address) === AF_INET ? 2 : 10;
  const [lo, hi] = typeof ports === 'number' ? [ports, undefined] : ports;
  const flags = natFlags(o, true)!;
  return [
    { kind: 'immediate', dreg: R1, data: { value: hex(addressToBytes(address)) } },
    { kind: 'immediate', dreg: R2, data: { value: port16(lo) } },
    ...(hi !== undefined ? [{ kind: 'immediate', dreg: 3, data: { value: port16(hi) } } as Expression] : []),
    { kind: 'nat', type, family: fam, addrMin: R1, protoMin: R2, ...(hi !== undefined ? { protoMax: 3 } : {}), flags },
  ];
}
/** `dnat to 10.10.1.1:80`. */
export const dnatPort = (address: string, port: number | [number, number]): Expression[] => natToPort('dnat', address, port);
/** `snat to 10.10.2.2:5000-6000`. */
export const snatPort = (address: string, port: number | [number, number]): Expression[] => natToPort('snat', address, port);

/** `redirect` / `redirect to :8080` (to the local machine, optionally to a port). */
export function redirect(port?: number): Expression[] {
  if (port === undefined) return [{ kind: 'redir' }];
  return [{ kind: 'immediate', dreg: R1, data: { value: port16(port) } }, { kind: 'redir', protoMin: R1, flags: NatRangeFlag.PROTO_SPECIFIED }];
}

/**
 * `tproxy to ADDR:PORT` / `tproxy to :PORT`; in an inet table pass `family` ('ip' or 'ip6') for
 * `tproxy ip to ...` (an address implies its family). Needs a `meta l4proto tcp|udp` match before it.
 */
export function tproxy(o: { address?: string; port?: number; family?: 'ip' | 'ip6' }): Expression[] {
  const v6 = o.address !== undefined ? familyOf(o.address) !== AF_INET : o.family === 'ip6';
  const out: Expression[] = [];
  let reg = R1;
  let addrReg: number | undefined;
  if (o.address !== undefined) { out.push({ kind: 'immediate', dreg: reg, data: { value: hex(addressToBytes(o.address)) } }); addrReg = reg++; }
  if (o.port !== undefined) out.push({ kind: 'immediate', dreg: reg, data: { value: port16(o.port) } });
  out.push({ kind: 'tproxy', family: v6 ? 10 : 2, ...(addrReg !== undefined ? { addrReg } : {}), ...(o.port !== undefined ? { portReg: reg } : {}) });
  return out;
}

const ICMP_CODE: Readonly<Record<string, number>> = {
  'net-unreachable': 0, 'host-unreachable': 1, 'prot-unreachable': 2, 'port-unreachable': 3, 'net-prohibited': 9, 'host-prohibited': 10, 'admin-prohibited': 13,
};
const ICMPX_CODE: Readonly<Record<string, number>> = { 'no-route': 0, 'port-unreachable': 1, 'host-unreachable': 2, 'admin-prohibited': 3 };
const ICMPV6_CODE: Readonly<Record<string, number>> = { 'no-route': 0, 'admin-prohibited': 1, 'addr-unreachable': 3, 'port-unreachable': 4, 'policy-fail': 5, 'reject-route': 6 };

/**
 * `reject` (ICMP port unreachable), `reject with icmp host-unreachable`, `reject with icmpx ...`,
 * `reject with icmpv6 ...`, or `reject with tcp reset` (which brings nft's `meta l4proto tcp` match).
 */
export function reject(o: { with?: 'tcp reset' } | { with: 'icmp' | 'icmpx' | 'icmpv6'; code: string } = {}): Expression[] {
  if (o.with === 'tcp reset') return [...l4proto('tcp'), { kind: 'reject', type: 'tcp_rst', code: 0 }];
  if (o.with === undefined) return [{ kind: 'reject', type: 'icmp_unreach', code: 3 }];
  const table = o.with === 'icmpx' ? ICMPX_CODE : o.with === 'icmpv6' ? ICMPV6_CODE : ICMP_CODE;
  const code = table['code' in o ? o.code : ''];
  if (code === undefined) throw new ValidationError('reject code', `'${'code' in o ? o.code : ''}' is not an ${o.with} code`);
  return [{ kind: 'reject', type: o.with === 'icmpx' ? 'icmpx_unreach' : 'icmp_unreach', code }];
}

const LIMIT_PER: Readonly<Record<string, number>> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };
/** `limit rate [over] N/second [burst B packets]` (nft's default burst is 5 packets). */
export function limit(rate: number, per: 'second' | 'minute' | 'hour' | 'day' | 'week', o: { burst?: number; over?: boolean } = {}): Expression[] {
  const unit = LIMIT_PER[per];
  if (unit === undefined) throw new ValidationError('limit', `'per ${String(per)}' is not one of ${Object.keys(LIMIT_PER).join(', ')}`);
  if (!Number.isSafeInteger(rate) || rate < 0) throw new ValidationError('limit rate', `${String(rate)} is not a non-negative integer`);
  if (o.burst !== undefined) checkUint('limit burst', o.burst, 4);
  return [{ kind: 'limit', rate, unit, burst: o.burst ?? 5, type: 'pkts', ...(o.over ? { invert: true } : {}) }];
}

/** `counter`. */
export const counter = (): Expression[] => [{ kind: 'counter', bytes: 0, packets: 0 }];
/** `notrack`. */
export const notrack = (): Expression[] => [{ kind: 'notrack' }];
/** `log [prefix PREFIX]`. */
export const log = (prefix?: string): Expression[] => [{ kind: 'log', ...(prefix !== undefined ? { prefix } : {}) }];

function verdict(v: Verdict): Expression[] {
  return [{ kind: 'immediate', dreg: 0, data: { verdict: v } }];
}
/** `accept`. */
export const accept = (): Expression[] => verdict({ code: 'accept' });
/** `drop`. */
export const drop = (): Expression[] => verdict({ code: 'drop' });
/** `continue`. */
export const continue_ = (): Expression[] => verdict({ code: 'continue' });
/** `return`. */
export const return_ = (): Expression[] => verdict({ code: 'return' });
/** `jump CHAIN`. */
export const jump = (chain: string): Expression[] => verdict({ code: 'jump', chain });
/** `goto CHAIN`. */
export const goto = (chain: string): Expression[] => verdict({ code: 'goto', chain });

/** Concatenates helper results into one rule body: `rule(iifname('x'), ctZoneSet(1))`. */
export function rule(...parts: Expression[][]): Expression[] {
  return parts.flat();
}
