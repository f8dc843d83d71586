// Header fields nft names (nft(8) PAYLOAD EXPRESSIONS), by bit position inside their header, with the data
// type nft prints them with (`nft describe HEADER FIELD`). Byte layouts are the protocols' RFC headers.
import type { DataType } from './datatypes.js';
import type { PayloadBase } from '../expressions/types.js';

export interface HeaderField {
  name: string;
  /** Position and size in bits from the start of the header. */
  bit: number; bits: number;
  type: DataType;
  /** A match on this field tells which protocol the next header is (ip protocol, ether type). */
  next?: 'th' | 'nh';
  /** icmp/icmpv6 fields that share a position: the message types they belong to. */
  icmpTypes?: readonly number[];
}

export interface Header { name: string; base: PayloadBase; /** Offset of the header from its base, bytes (vlan follows ether). */ at: number; fields: readonly HeaderField[] }

const fld = (name: string, bit: number, bits: number, type: DataType = 'integer', extra: Partial<HeaderField> = {}): HeaderField =>
  ({ name, bit, bits, type, ...extra });

const PORTS = [fld('sport', 0, 16, 'inet_service'), fld('dport', 16, 16, 'inet_service')];

export const PROTOCOLS: Readonly<Record<string, Header>> = {
  ether: { name: 'ether', base: 'll', at: 0, fields: [fld('daddr', 0, 48, 'ether_addr'), fld('saddr', 48, 48, 'ether_addr'), fld('type', 96, 16, 'ether_type', { next: 'nh' })] },
  vlan: {
    name: 'vlan', base: 'll', at: 14,
    fields: [fld('pcp', 0, 3), fld('dei', 3, 1), fld('id', 4, 12), fld('type', 16, 16, 'ether_type', { next: 'nh' })],
  },
  arp: {
    name: 'arp', base: 'network', at: 0,
    fields: [
      fld('htype', 0, 16), fld('ptype', 16, 16, 'ether_type'), fld('hlen', 32, 8), fld('plen', 40, 8), fld('operation', 48, 16, 'arp_op'),
      fld('saddr ether', 64, 48, 'ether_addr'), fld('saddr ip', 112, 32, 'ipv4_addr'), fld('daddr ether', 144, 48, 'ether_addr'),
      fld('daddr ip', 192, 32, 'ipv4_addr'),
    ],
  },
  ip: {
    name: 'ip', base: 'network', at: 0,
    fields: [
      fld('version', 0, 4), fld('hdrlength', 4, 4), fld('dscp', 8, 6, 'dscp'), fld('ecn', 14, 2, 'ecn'), fld('length', 16, 16),
      fld('id', 32, 16), fld('frag-off', 48, 16), fld('ttl', 64, 8), fld('protocol', 72, 8, 'inet_proto', { next: 'th' }),
      fld('checksum', 80, 16), fld('saddr', 96, 32, 'ipv4_addr'), fld('daddr', 128, 32, 'ipv4_addr'),
    ],
  },
  ip6: {
    name: 'ip6', base: 'network', at: 0,
    fields: [
      fld('version', 0, 4), fld('dscp', 4, 6, 'dscp'), fld('ecn', 10, 2, 'ecn'), fld('flowlabel', 12, 20), fld('length', 32, 16),
      fld('nexthdr', 48, 8, 'inet_proto', { next: 'th' }), fld('hoplimit', 56, 8), fld('saddr', 64, 128, 'ipv6_addr'), fld('daddr', 192, 128, 'ipv6_addr'),
    ],
  },
  icmp: {
    name: 'icmp', base: 'transport', at: 0,
    fields: [
      fld('type', 0, 8, 'icmp_type'), fld('code', 8, 8, 'icmp_code'), fld('checksum', 16, 16),
      fld('id', 32, 16, 'integer', { icmpTypes: [0, 8] }), fld('sequence', 48, 16, 'integer', { icmpTypes: [0, 8] }),
      fld('gateway', 32, 32, 'integer', { icmpTypes: [5] }), fld('mtu', 48, 16, 'integer', { icmpTypes: [3] }),
    ],
  },
  igmp: { name: 'igmp', base: 'transport', at: 0, fields: [fld('type', 0, 8, 'igmp_type'), fld('mrt', 8, 8), fld('checksum', 16, 16), fld('group', 32, 32)] },
  icmpv6: {
    name: 'icmpv6', base: 'transport', at: 0,
    fields: [
      fld('type', 0, 8, 'icmpv6_type'), fld('code', 8, 8, 'icmpv6_code'), fld('checksum', 16, 16),
      fld('parameter-problem', 32, 32, 'integer', { icmpTypes: [4] }), fld('mtu', 32, 32, 'integer', { icmpTypes: [2] }),
      fld('id', 32, 16, 'integer', { icmpTypes: [128, 129] }), fld('sequence', 48, 16, 'integer', { icmpTypes: [128, 129] }),
      fld('max-delay', 32, 16, 'integer', { icmpTypes: [130, 131, 132] }),
    ],
  },
  tcp: {
    name: 'tcp', base: 'transport', at: 0,
    fields: [
      ...PORTS, fld('sequence', 32, 32), fld('ackseq', 64, 32), fld('doff', 96, 4), fld('reserved', 100, 4), fld('flags', 104, 8, 'tcp_flag'),
      fld('window', 112, 16), fld('checksum', 128, 16), fld('urgptr', 144, 16),
    ],
  },
  udp: { name: 'udp', base: 'transport', at: 0, fields: [...PORTS, fld('length', 32, 16), fld('checksum', 48, 16)] },
  udplite: { name: 'udplite', base: 'transport', at: 0, fields: [...PORTS, fld('csumcov', 32, 16), fld('checksum', 48, 16)] },
  sctp: { name: 'sctp', base: 'transport', at: 0, fields: [...PORTS, fld('vtag', 32, 32), fld('checksum', 64, 32)] },
  dccp: { name: 'dccp', base: 'transport', at: 0, fields: [...PORTS, fld('type', 67, 4, 'dccp_pkttype')] },
  ah: {
    name: 'ah', base: 'transport', at: 0,
    fields: [fld('nexthdr', 0, 8, 'inet_proto'), fld('hdrlength', 8, 8), fld('reserved', 16, 16), fld('spi', 32, 32), fld('sequence', 64, 32)],
  },
  esp: { name: 'esp', base: 'transport', at: 0, fields: [fld('spi', 0, 32), fld('sequence', 32, 32)] },
  comp: { name: 'comp', base: 'transport', at: 0, fields: [fld('nexthdr', 0, 8, 'inet_proto'), fld('flags', 8, 8, 'bitmask'), fld('cpi', 16, 16)] },
  th: { name: 'th', base: 'transport', at: 0, fields: PORTS },
};

/** The header that follows an IP header carrying protocol number N. */
export const TRANSPORT_HEADER: Readonly<Record<number, string>> = {
  1: 'icmp', 2: 'igmp', 6: 'tcp', 17: 'udp', 33: 'dccp', 50: 'esp', 51: 'ah', 58: 'icmpv6', 108: 'comp', 132: 'sctp', 136: 'udplite',
};
/** The header an EtherType (or nfproto) announces. */
export const NETWORK_HEADER: Readonly<Record<number, string>> = { 0x0800: 'ip', 0x86dd: 'ip6', 0x0806: 'arp', 0x8100: 'vlan', 0x88a8: 'vlan' };

/** A field found for a load: `shift`/`mask` say how the field sits in the loaded bytes (sub-byte fields). */
export interface FieldMatch { header: Header; field: HeaderField; prefix: boolean }

/**
 * The field a load of `len` bytes at byte `offset` (from the base) names exactly, or as a shortened
 * (prefix) load of an address. `icmpType` picks among icmp fields that share a position.
 */
export function findField(header: Header, offset: number, len: number, icmpType?: number): FieldMatch | undefined {
  const bit = (offset - header.at) * 8;
  let fallback: FieldMatch | undefined;
  for (const f of header.fields) {
    if (f.bit !== bit) continue;
    if (f.bits === len * 8) {
      if (f.icmpTypes && icmpType !== undefined && !f.icmpTypes.includes(icmpType)) { fallback ??= { header, field: f, prefix: false }; continue; }
      return { header, field: f, prefix: false };
    }
    if (len * 8 < f.bits && (f.type === 'ipv4_addr' || f.type === 'ipv6_addr')) return { header, field: f, prefix: true };
  }
  return fallback;
}

/** The sub-byte (or unaligned) field covering bits [bit, bit+bits) of a load at byte `offset`. */
export function findBitField(header: Header, offset: number, bit: number, bits: number): HeaderField | undefined {
  const at = (offset - header.at) * 8 + bit;
  return header.fields.find((f) => f.bit === at && f.bits === bits);
}

/** Byte-aligned fields of the headers nft's JSON apply builds (by byte offset and length). */
export interface Field { name: string; offset: number; len: number; type: DataType; dependency?: 'l4proto' }
export const HEADERS: Readonly<Record<string, readonly Field[]>> = Object.fromEntries(['ip', 'ip6', 'tcp', 'udp', 'th'].map((h) => [h,
  PROTOCOLS[h]!.fields.filter((f) => f.bit % 8 === 0 && f.bits % 8 === 0 && !f.icmpTypes)
    .map((f) => ({ name: f.name, offset: f.bit / 8, len: f.bits / 8, type: f.type, ...(f.next === 'th' ? { dependency: 'l4proto' as const } : {}) }))]));
