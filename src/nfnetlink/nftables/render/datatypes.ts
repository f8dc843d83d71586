// How nft prints a value of each data type it knows (as `nft list ruleset` does, without -n/-N flags).
import { formatIPv4, formatIPv6 } from '../../../netlink/index.js';

/** An nft data type of a value, which decides how it is printed. */
export type DataType =
  | 'ipv4_addr' | 'ipv6_addr' | 'inet_service' | 'inet_proto' | 'nf_proto' | 'ifname' | 'iface_index'
  | 'mark' | 'integer' | 'uid' | 'gid' | 'ct_state' | 'ct_dir' | 'ct_status' | 'verdict' | 'hex' | 'dscp'
  | 'pkttype' | 'ether_addr';

export const L4_PROTOCOLS: Readonly<Record<number, string>> = {
  1: 'icmp', 2: 'igmp', 6: 'tcp', 17: 'udp', 33: 'dccp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'ipv6-icmp', 132: 'sctp', 136: 'udplite',
};
const NFPROTO_NAMES: Readonly<Record<number, string>> = { 2: 'ipv4', 10: 'ipv6' };
const CT_STATE_BITS: ReadonlyArray<[number, string]> = [[1, 'invalid'], [2, 'established'], [4, 'related'], [8, 'new'], [64, 'untracked']];
const CT_STATUS_BITS: ReadonlyArray<[number, string]> = [
  [1, 'expected'], [2, 'seen-reply'], [4, 'assured'], [8, 'confirmed'], [16, 'snat'], [32, 'dnat'], [512, 'dying'],
];
export const DSCP_NAMES: Readonly<Record<number, string>> = {
  0: 'cs0', 1: 'lephb', 8: 'cs1', 10: 'af11', 12: 'af12', 14: 'af13', 16: 'cs2', 18: 'af21', 20: 'af22', 22: 'af23', 24: 'cs3',
  26: 'af31', 28: 'af32', 30: 'af33', 32: 'cs4', 34: 'af41', 36: 'af42', 38: 'af43', 40: 'cs5', 44: 'va', 46: 'ef', 48: 'cs6', 56: 'cs7',
};

/** Reads an unsigned integer of up to 6 bytes in the given byte order. */
export function readUint(b: Buffer, hostOrder: boolean): number {
  if (b.length === 0) return 0;
  if (b.length > 6) return Number.NaN;
  return hostOrder ? b.readUIntLE(0, b.length) : b.readUIntBE(0, b.length);
}

function bitNames(v: number, names: ReadonlyArray<[number, string]>): Array<string | number> {
  const out: Array<string | number> = [];
  let rest = v;
  for (const [bit, name] of names) if (v & bit) { out.push(name); rest &= ~bit; }
  if (rest || out.length === 0) out.push(rest);
  return out;
}

function bits(v: number, names: ReadonlyArray<[number, string]>): string {
  const out: string[] = [];
  let rest = v;
  for (const [bit, name] of names) if (v & bit) { out.push(name); rest &= ~bit; }
  if (rest || out.length === 0) out.push(`0x${rest.toString(16).padStart(8, '0')}`);
  return out.join(',');
}

/** How values are printed: interface names for indexes. */
export interface FormatOptions {
  /** The name of an interface index (iif/oif), when known. */
  ifname?: (index: number) => string | undefined;
}

/** Formats `b` as nft prints a value of `type`; `hostOrder` says how integers are laid out. */
export function formatValue(type: DataType, b: Buffer, hostOrder: boolean, opts: FormatOptions = {}): string {
  switch (type) {
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
    case 'inet_service': case 'integer': case 'uid': case 'gid': return String(readUint(b, hostOrder));
    case 'inet_proto': { const v = readUint(b, hostOrder); return L4_PROTOCOLS[v] ?? String(v); }
    case 'nf_proto': { const v = readUint(b, hostOrder); return NFPROTO_NAMES[v] ?? String(v); }
    case 'mark': return `0x${readUint(b, hostOrder).toString(16).padStart(8, '0')}`;
    case 'ct_state': return bits(readUint(b, hostOrder), CT_STATE_BITS);
    case 'ct_status': return bits(readUint(b, hostOrder), CT_STATUS_BITS);
    case 'ct_dir': return readUint(b, hostOrder) === 0 ? 'original' : 'reply';
    case 'dscp': { const v = readUint(b, hostOrder); return DSCP_NAMES[v] ?? `0x${v.toString(16).padStart(2, '0')}`; }
    case 'pkttype': { const v = readUint(b, hostOrder); return ['host', 'broadcast', 'multicast', 'other'][v] ?? String(v); }
    case 'ether_addr': return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
    case 'verdict': case 'hex': default: return `0x${b.toString('hex')}`;
  }
}

/** Data types whose values are bitmasks printed as comma-separated names. */
export const isBitmask = (t: DataType): boolean => t === 'ct_state' || t === 'ct_status';

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

/** Formats `b` as `nft -j` prints a value of `type`: numbers as numbers, names and addresses as strings. */
export function formatJson(type: DataType, b: Buffer, hostOrder: boolean, opts: FormatOptions = {}): JsonValue {
  switch (type) {
    case 'ifname': { const nul = b.indexOf(0); return b.toString('utf8', 0, nul === -1 ? b.length : nul); }
    case 'iface_index': { const i = readUint(b, hostOrder); return opts.ifname?.(i) ?? i; }
    case 'inet_service': case 'integer': case 'uid': case 'gid': case 'mark': return readUint(b, hostOrder);
    case 'inet_proto': { const v = readUint(b, hostOrder); return L4_PROTOCOLS[v] ?? v; }
    case 'nf_proto': { const v = readUint(b, hostOrder); return NFPROTO_NAMES[v] ?? v; }
    case 'ct_state': case 'ct_status': {
      const names = bitNames(readUint(b, hostOrder), type === 'ct_state' ? CT_STATE_BITS : CT_STATUS_BITS);
      return names.length === 1 ? names[0]! : names;
    }
    case 'dscp': { const v = readUint(b, hostOrder); return DSCP_NAMES[v] ?? v; }
    default: return formatValue(type, b, hostOrder, opts);
  }
}
