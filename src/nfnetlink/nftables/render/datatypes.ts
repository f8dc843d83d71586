// How nft prints a value of each data type it knows (as `nft list ruleset` does, without -n/-N flags).
// Symbol tables are nft(8)'s keyword tables (and `nft describe`); protocol names are /etc/protocols'.
import { formatIPv4, formatIPv6 } from '../../../netlink/index.js';
import { durationText } from './set-types.js';
import { IP_PROTOCOL_NAMES } from '../../../netlink/ip-protocols.js';

/** An nft data type of a value, which decides how it is printed. */
export type DataType =
  | 'ipv4_addr' | 'ipv6_addr' | 'inet_service' | 'inet_proto' | 'nf_proto' | 'ifname' | 'iface_index'
  | 'mark' | 'integer' | 'uid' | 'gid' | 'ct_state' | 'ct_dir' | 'ct_status' | 'ct_event' | 'verdict' | 'hex' | 'dscp'
  | 'pkttype' | 'ether_addr' | 'ether_type' | 'arp_op' | 'icmp_type' | 'icmp_code' | 'icmpv6_type' | 'icmpv6_code'
  | 'icmpx_code' | 'igmp_type' | 'dccp_pkttype' | 'tcp_flag' | 'ecn' | 'iface_type' | 'bitmask' | 'boolean' | 'mh_type'
  | 'tc_handle' | 'realm' | 'devgroup' | 'time' | 'day' | 'hour' | 'duration' | 'seconds' | 'raw' | 'fib_addrtype'
  | 'ct_label';

/** IP protocol numbers by the names of /etc/protocols (nft prints inet_proto values with getprotobynumber): the one table. */
export const L4_PROTOCOLS: Readonly<Record<number, string>> = IP_PROTOCOL_NAMES;
const NFPROTO_NAMES: Readonly<Record<number, string>> = { 2: 'ipv4', 10: 'ipv6' };
const CT_STATE_BITS: ReadonlyArray<[number, string]> = [[1, 'invalid'], [2, 'established'], [4, 'related'], [8, 'new'], [64, 'untracked']];
const CT_STATUS_BITS: ReadonlyArray<[number, string]> = [
  [1, 'expected'], [2, 'seen-reply'], [4, 'assured'], [8, 'confirmed'], [16, 'snat'], [32, 'dnat'], [512, 'dying'],
];
const CT_EVENT_BITS: ReadonlyArray<[number, string]> = [
  [1, 'new'], [2, 'related'], [4, 'destroy'], [8, 'reply'], [16, 'assured'], [32, 'protoinfo'], [64, 'helper'], [128, 'mark'],
  [256, 'seqadj'], [512, 'secmark'], [1024, 'label'],
];
const TCP_FLAG_BITS: ReadonlyArray<[number, string]> = [
  [1, 'fin'], [2, 'syn'], [4, 'rst'], [8, 'psh'], [16, 'ack'], [32, 'urg'], [64, 'ecn'], [128, 'cwr'],
];
export const DSCP_NAMES: Readonly<Record<number, string>> = {
  0: 'cs0', 1: 'lephb', 8: 'cs1', 10: 'af11', 12: 'af12', 14: 'af13', 16: 'cs2', 18: 'af21', 20: 'af22', 22: 'af23', 24: 'cs3',
  26: 'af31', 28: 'af32', 30: 'af33', 32: 'cs4', 34: 'af41', 36: 'af42', 38: 'af43', 40: 'cs5', 44: 'va', 46: 'ef', 48: 'cs6', 56: 'cs7',
};

/** Types with keywords: names by value, and how nft prints a value that has none (hex of the type's width, or decimal). */
interface SymbolTable { names: Readonly<Record<number, string>>; hexDigits?: number }
const SYMBOLS: Partial<Record<DataType, SymbolTable>> = {
  ether_type: { names: { 0x0800: 'ip', 0x0806: 'arp', 0x86dd: 'ip6', 0x8100: '8021q', 0x88a8: '8021ad' }, hexDigits: 4 },
  arp_op: { names: { 1: 'request', 2: 'reply', 3: 'rrequest', 4: 'rreply', 8: 'inrequest', 9: 'inreply', 10: 'nak' }, hexDigits: 4 },
  icmp_type: {
    names: {
      0: 'echo-reply', 3: 'destination-unreachable', 4: 'source-quench', 5: 'redirect', 8: 'echo-request', 9: 'router-advertisement',
      10: 'router-solicitation', 11: 'time-exceeded', 12: 'parameter-problem', 13: 'timestamp-request', 14: 'timestamp-reply',
      15: 'info-request', 16: 'info-reply', 17: 'address-mask-request', 18: 'address-mask-reply',
    },
  },
  icmp_code: {
    names: {
      0: 'net-unreachable', 1: 'host-unreachable', 2: 'prot-unreachable', 3: 'port-unreachable', 4: 'frag-needed', 9: 'net-prohibited',
      10: 'host-prohibited', 13: 'admin-prohibited',
    },
  },
  icmpv6_type: {
    names: {
      1: 'destination-unreachable', 2: 'packet-too-big', 3: 'time-exceeded', 4: 'parameter-problem', 128: 'echo-request', 129: 'echo-reply',
      130: 'mld-listener-query', 131: 'mld-listener-report', 132: 'mld-listener-done', 133: 'nd-router-solicit', 134: 'nd-router-advert',
      135: 'nd-neighbor-solicit', 136: 'nd-neighbor-advert', 137: 'nd-redirect', 138: 'router-renumbering', 141: 'ind-neighbor-solicit',
      142: 'ind-neighbor-advert', 143: 'mld2-listener-report',
    },
  },
  icmpv6_code: { names: { 0: 'no-route', 1: 'admin-prohibited', 3: 'addr-unreachable', 4: 'port-unreachable', 5: 'policy-fail', 6: 'reject-route' } },
  icmpx_code: { names: { 0: 'no-route', 1: 'port-unreachable', 2: 'host-unreachable', 3: 'admin-prohibited' } },
  igmp_type: { names: { 0x11: 'membership-query', 0x12: 'membership-report-v1', 0x16: 'membership-report-v2', 0x22: 'membership-report-v3', 0x17: 'leave-group' } },
  dccp_pkttype: {
    names: { 0: 'request', 1: 'response', 2: 'data', 3: 'ack', 4: 'dataack', 5: 'closereq', 6: 'close', 7: 'reset', 8: 'sync', 9: 'syncack' },
    hexDigits: 2,
  },
  ecn: { names: { 0: 'not-ect', 1: 'ect1', 2: 'ect0', 3: 'ce' }, hexDigits: 2 },
  dscp: { names: DSCP_NAMES, hexDigits: 2 },
  iface_type: { names: { 1: 'ether', 0x200: 'ppp', 0x300: 'ipip', 0x301: 'ipip6', 0x304: 'loopback', 0x308: 'sit', 0x30a: 'ipgre' }, hexDigits: 4 },
  pkttype: { names: { 0: 'host', 1: 'broadcast', 2: 'multicast', 3: 'other' } },
  ct_dir: { names: { 0: 'original', 1: 'reply' } },
  boolean: { names: { 0: 'missing', 1: 'exists' } },
  fib_addrtype: {
    names: {
      0: 'unspec', 1: 'unicast', 2: 'local', 3: 'broadcast', 4: 'anycast', 5: 'multicast', 6: 'blackhole', 7: 'unreachable', 8: 'prohibit',
      9: 'throw', 10: 'nat', 11: 'xresolve',
    },
  },
  mh_type: {
    names: {
      0: 'binding-refresh-request', 1: 'home-test-init', 2: 'careof-test-init', 3: 'home-test', 4: 'careof-test', 5: 'binding-update',
      6: 'binding-acknowledgement', 7: 'binding-error', 8: 'fast-binding-update', 9: 'fast-binding-acknowledgement',
      10: 'fast-binding-advertisement', 11: 'experimental-mobility-header', 12: 'home-agent-switch-message',
    },
  },
};

/** Types nft prints as quoted names from iproute2's tables (rt_realms, group): only the stock entries. */
const QUOTED_SYMBOLS: Partial<Record<DataType, Readonly<Record<number, string>>>> = { realm: { 0: 'cosmos' }, devgroup: { 0: 'default' } };
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** tc handle `major:minor` in hex, `root`, `none`. */
function tcHandle(v: number): string {
  if (v === 0xffffffff) return 'root';
  if (v === 0) return 'none';
  return `${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
}

/** nft's time and date types, in the local time zone as nft prints them. */
function timeText(type: 'time' | 'day' | 'hour', b: Buffer, hostOrder: boolean): string {
  if (type === 'day') { const d = readUint(b, hostOrder); return DAYS[d] ?? String(d); }
  if (type === 'hour') {
    const offset = -new Date().getTimezoneOffset() * 60;
    const s = (((readUint(b, hostOrder) + offset) % 86400) + 86400) % 86400;
    const text = `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}`;
    return s % 60 ? `${text}:${pad2(s % 60)}` : text;
  }
  const d = new Date(Number(readBig(b, hostOrder) / 1000000n));
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Value -> keyword of a type's symbol table (for parsers: the reverse lookup). */
export function symbolNames(type: DataType): Readonly<Record<number, string>> | undefined {
  return SYMBOLS[type]?.names;
}

/**
 * The keywords of a type as formatJson prints them (symbols, bit names, quoted names, protocol names), for
 * parsers that read them back (JSON apply): one table serves both directions.
 */
export function valueNames(type: DataType): { names: Readonly<Record<number, string>>; bitmask: boolean } | undefined {
  const bt = BIT_TABLES[type];
  if (bt) return { names: Object.fromEntries(bt.names), bitmask: true };
  const names = type === 'inet_proto' ? L4_PROTOCOLS : type === 'nf_proto' ? NFPROTO_NAMES : SYMBOLS[type]?.names ?? QUOTED_SYMBOLS[type];
  return names ? { names, bitmask: false } : undefined;
}

/** Reads an unsigned integer of up to 6 bytes in the given byte order. */
export function readUint(b: Buffer, hostOrder: boolean): number {
  if (b.length === 0) return 0;
  if (b.length > 6) return Number.NaN;
  return hostOrder ? b.readUIntLE(0, b.length) : b.readUIntBE(0, b.length);
}

/** Any-length unsigned integer (a 128-bit payload load prints as one number). */
export function readBig(b: Buffer, hostOrder: boolean): bigint {
  const bytes = hostOrder ? Buffer.from(b).reverse() : b;
  return bytes.length ? BigInt(`0x${bytes.toString('hex')}`) : 0n;
}

function bitNames(v: number, names: ReadonlyArray<[number, string]>): Array<string | number> {
  const out: Array<string | number> = [];
  let rest = v;
  for (const [bit, name] of names) if (v & bit) { out.push(name); rest &= ~bit; }
  if (rest || out.length === 0) out.push(rest);
  return out;
}

function bits(v: number, names: ReadonlyArray<[number, string]>, digits: number): string {
  const out: string[] = [];
  let rest = v;
  for (const [bit, name] of names) if (v & bit) { out.push(name); rest &= ~bit; }
  if (rest || out.length === 0) out.push(`0x${rest.toString(16).padStart(digits, '0')}`);
  return out.join(',');
}

/** The bits set in a ct label bitmap (128 bits, the kernel's unsigned longs: bit n is byte n / 8, bit n % 8). */
function labelBits(b: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) for (let j = 0; j < 8; j++) if (b[i]! & (1 << j)) out.push(i * 8 + j);
  return out;
}

/** How values are printed: interface names for indexes. */
export interface FormatOptions {
  /** The name of an interface index (iif/oif), when known. */
  ifname?: (index: number) => string | undefined;
}

const BIT_TABLES: Partial<Record<DataType, { names: ReadonlyArray<[number, string]>; digits: number }>> = {
  ct_state: { names: CT_STATE_BITS, digits: 8 }, ct_status: { names: CT_STATUS_BITS, digits: 8 },
  ct_event: { names: CT_EVENT_BITS, digits: 8 }, tcp_flag: { names: TCP_FLAG_BITS, digits: 2 },
};

/** Decimal text of any integer, as nft prints integers of every size. */
function decimal(b: Buffer, hostOrder: boolean): string {
  const n = readUint(b, hostOrder);
  return Number.isNaN(n) ? readBig(b, hostOrder).toString() : String(n);
}

/** Formats `b` as nft prints a value of `type`; `hostOrder` says how integers are laid out. */
export function formatValue(type: DataType, b: Buffer, hostOrder: boolean, opts: FormatOptions = {}): string {
  const sym = SYMBOLS[type];
  if (sym) {
    const v = readUint(b, hostOrder);
    const name = sym.names[v];
    if (name !== undefined) return name;
    return sym.hexDigits ? `0x${v.toString(16).padStart(sym.hexDigits, '0')}` : String(v);
  }
  const bt = BIT_TABLES[type];
  if (bt) return bits(readUint(b, hostOrder), bt.names, bt.digits);
  // Labels by number: names would come from /etc/connlabel.conf, which nft reads and this library does not.
  if (type === 'ct_label') return labelBits(b).join(',') || '0';
  const quoted = QUOTED_SYMBOLS[type];
  if (quoted) { const v = readUint(b, hostOrder); return quoted[v] !== undefined ? JSON.stringify(quoted[v]) : String(v); }
  switch (type) {
    case 'tc_handle': return tcHandle(readUint(b, hostOrder));
    case 'time': case 'day': case 'hour': return JSON.stringify(timeText(type, b, hostOrder));
    case 'duration': return durationText(readUint(b, hostOrder));
    case 'raw': return `0x${readBig(b, hostOrder).toString(16)}`;
    case 'seconds': return `${Math.floor(readUint(b, hostOrder) / 1000)}s`;
    case 'ipv4_addr': return b.length === 4 ? formatIPv4(b) : `0x${b.toString('hex')}`;
    case 'ipv6_addr': return b.length === 16 ? formatIPv6(b) : `0x${b.toString('hex')}`;
    case 'ifname': {
      const nul = b.indexOf(0);
      return JSON.stringify(b.toString('utf8', 0, nul === -1 ? b.length : nul));
    }
    case 'iface_index': {
      const i = readUint(b, hostOrder);
      const name = opts.ifname?.(i);
      return name !== undefined ? JSON.stringify(name) : String(i);
    }
    case 'inet_service': case 'integer': case 'uid': case 'gid': return decimal(b, hostOrder);
    case 'inet_proto': { const v = readUint(b, hostOrder); return L4_PROTOCOLS[v] ?? String(v); }
    case 'nf_proto': { const v = readUint(b, hostOrder); return NFPROTO_NAMES[v] ?? String(v); }
    case 'mark': return `0x${readUint(b, hostOrder).toString(16).padStart(8, '0')}`;
    case 'bitmask': return `0x${readUint(b, hostOrder).toString(16)}`;
    case 'ether_addr': return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
    case 'verdict': case 'hex': default: return `0x${b.toString('hex')}`;
  }
}

/** Data types whose values are bitmasks printed as comma-separated names. */
export const isBitmask = (t: DataType): boolean => BIT_TABLES[t] !== undefined || t === 'ct_label';

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

/** Formats `b` as `nft -j` prints a value of `type`: numbers as numbers, names and addresses as strings. */
export function formatJson(type: DataType, b: Buffer, hostOrder: boolean, opts: FormatOptions = {}): JsonValue {
  if (type === 'boolean') return readUint(b, hostOrder) !== 0;
  const sym = SYMBOLS[type];
  if (sym) { const v = readUint(b, hostOrder); return sym.names[v] ?? v; }
  const bt = BIT_TABLES[type];
  if (bt) {
    const names = bitNames(readUint(b, hostOrder), bt.names);
    return names.length === 1 ? names[0]! : names;
  }
  if (type === 'ct_label') { const set = labelBits(b); return set.length === 1 ? set[0]! : set; }
  const quoted = QUOTED_SYMBOLS[type];
  if (quoted) { const v = readUint(b, hostOrder); return quoted[v] ?? v; }
  switch (type) {
    case 'tc_handle': return tcHandle(readUint(b, hostOrder));
    case 'time': case 'day': case 'hour': return timeText(type, b, hostOrder);
    case 'duration': case 'seconds': return Math.floor(readUint(b, hostOrder) / 1000);
    case 'ifname': { const nul = b.indexOf(0); return b.toString('utf8', 0, nul === -1 ? b.length : nul); }
    case 'iface_index': { const i = readUint(b, hostOrder); return opts.ifname?.(i) ?? i; }
    case 'inet_service': case 'integer': case 'uid': case 'gid': case 'mark': case 'bitmask': case 'raw': {
      const n = readUint(b, hostOrder);
      if (!Number.isNaN(n)) return n;
      const big = readBig(b, hostOrder);
      return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
    }
    case 'inet_proto': { const v = readUint(b, hostOrder); return L4_PROTOCOLS[v] ?? v; }
    case 'nf_proto': { const v = readUint(b, hostOrder); return NFPROTO_NAMES[v] ?? v; }
    default: return formatValue(type, b, hostOrder, opts);
  }
}

/** Types that print as keywords but are integers underneath: ranges of them print as numbers (`icmp code 1-3`). */
export const hasSymbols = (t: DataType): boolean => (SYMBOLS[t] !== undefined && t !== 'dscp') || QUOTED_SYMBOLS[t] !== undefined;
