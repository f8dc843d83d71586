// Header fields nft names, by (header, offset, length) of a payload expression.
import type { DataType } from './datatypes.js';

export interface Field { name: string; offset: number; len: number; type: DataType; dependency?: 'l4proto' }

export const HEADERS: Readonly<Record<string, readonly Field[]>> = {
  ip: [
    { name: 'length', offset: 2, len: 2, type: 'integer' }, { name: 'id', offset: 4, len: 2, type: 'integer' },
    { name: 'frag-off', offset: 6, len: 2, type: 'integer' }, { name: 'ttl', offset: 8, len: 1, type: 'integer' },
    { name: 'protocol', offset: 9, len: 1, type: 'inet_proto', dependency: 'l4proto' },
    { name: 'checksum', offset: 10, len: 2, type: 'integer' },
    { name: 'saddr', offset: 12, len: 4, type: 'ipv4_addr' }, { name: 'daddr', offset: 16, len: 4, type: 'ipv4_addr' },
  ],
  ip6: [
    { name: 'length', offset: 4, len: 2, type: 'integer' },
    { name: 'nexthdr', offset: 6, len: 1, type: 'inet_proto', dependency: 'l4proto' },
    { name: 'hoplimit', offset: 7, len: 1, type: 'integer' },
    { name: 'saddr', offset: 8, len: 16, type: 'ipv6_addr' }, { name: 'daddr', offset: 24, len: 16, type: 'ipv6_addr' },
  ],
  tcp: [
    { name: 'sport', offset: 0, len: 2, type: 'inet_service' }, { name: 'dport', offset: 2, len: 2, type: 'inet_service' },
    { name: 'sequence', offset: 4, len: 4, type: 'integer' }, { name: 'ackseq', offset: 8, len: 4, type: 'integer' },
    { name: 'window', offset: 14, len: 2, type: 'integer' }, { name: 'checksum', offset: 16, len: 2, type: 'integer' },
    { name: 'urgptr', offset: 18, len: 2, type: 'integer' },
  ],
  udp: [
    { name: 'sport', offset: 0, len: 2, type: 'inet_service' }, { name: 'dport', offset: 2, len: 2, type: 'inet_service' },
    { name: 'length', offset: 4, len: 2, type: 'integer' }, { name: 'checksum', offset: 6, len: 2, type: 'integer' },
  ],
  th: [
    { name: 'sport', offset: 0, len: 2, type: 'inet_service' }, { name: 'dport', offset: 2, len: 2, type: 'inet_service' },
  ],
};

/** Header names for a transport protocol number. */
export const TRANSPORT_HEADER: Readonly<Record<number, string>> = { 6: 'tcp', 17: 'udp', 136: 'udplite', 33: 'dccp', 132: 'sctp' };

/** The field a load of `len` bytes at `offset` names, exactly or as a shortened (prefix) load of an address. */
export function findField(header: string, offset: number, len: number): { field: Field; prefix: boolean } | undefined {
  for (const f of HEADERS[header] ?? []) {
    if (f.offset !== offset) continue;
    if (f.len === len) return { field: f, prefix: false };
    if (len < f.len && (f.type === 'ipv4_addr' || f.type === 'ipv6_addr')) return { field: f, prefix: true };
  }
  return undefined;
}
