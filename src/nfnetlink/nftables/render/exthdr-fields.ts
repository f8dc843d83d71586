// Fields of what the exthdr expression reads (nft(8) EXTENSION HEADER EXPRESSIONS): IPv6 extension headers,
// TCP options, IPv4 options and SCTP chunks, by the header/option/chunk type the kernel is given
// (NFTA_EXTHDR_TYPE) and the bit position inside it. Layouts are the protocols' RFC formats.
import type { DataType } from './datatypes.js';
import type { HeaderField } from './fields.js';

/** enum nft_exthdr_op. */
export type ExthdrOp = 'ipv6' | 'tcpopt' | 'ipv4' | 'sctp' | 'dccp';
export const EXTHDR_OPS: readonly ExthdrOp[] = ['ipv6', 'tcpopt', 'ipv4', 'sctp', 'dccp']; // NFT_EXTHDR_OP_IPV6..DCCP

/** How nft names what an op reads: `hbh nexthdr` (ipv6), `tcp option maxseg size`, `ip option ra value`, `sctp chunk data tsn`. */
export const OP_PREFIX: Readonly<Record<ExthdrOp, { text: string; json: string }>> = {
  ipv6: { text: '', json: 'exthdr' }, tcpopt: { text: 'tcp option ', json: 'tcp option' }, ipv4: { text: 'ip option ', json: 'ip option' },
  sctp: { text: 'sctp chunk ', json: 'sctp chunk' }, dccp: { text: 'dccp option ', json: 'dccp option' },
};

export interface ExtHeader { name: string; fields: readonly HeaderField[] }

const fld = (name: string, bit: number, bits: number, type: DataType = 'integer'): HeaderField => ({ name, bit, bits, type });
const NEXT = [fld('nexthdr', 0, 8, 'inet_proto'), fld('hdrlength', 8, 8)];
const KIND = [fld('kind', 0, 8), fld('length', 8, 8)];
const CHUNK = [fld('type', 0, 8), fld('flags', 8, 8), fld('length', 16, 16)];
const sack = (n: number): HeaderField[] => [fld('left', 16 + n * 64, 32), fld('right', 48 + n * 64, 32)];
/** srh sid[1..]: 128-bit segment addresses after the 8-byte routing header. */
const SIDS = Array.from({ length: 16 }, (_, i) => fld(`sid[${i + 1}]`, 64 + i * 128, 128, 'ipv6_addr'));

/** IPv6 extension headers by next-header value; the routing header (43) is printed as srh beyond its first 4 bytes. */
const IPV6: Readonly<Record<number, ExtHeader>> = {
  0: { name: 'hbh', fields: NEXT },
  43: { name: 'rt', fields: [...NEXT, fld('type', 16, 8), fld('seg-left', 24, 8)] },
  44: { name: 'frag', fields: [fld('nexthdr', 0, 8, 'inet_proto'), fld('reserved', 8, 8), fld('frag-off', 16, 13), fld('reserved2', 29, 2), fld('more-fragments', 31, 1), fld('id', 32, 32)] },
  60: { name: 'dst', fields: NEXT },
  135: { name: 'mh', fields: [...NEXT, fld('type', 16, 8, 'mh_type'), fld('reserved', 24, 8), fld('checksum', 32, 16)] },
};
const SRH: ExtHeader = { name: 'srh', fields: [fld('last-entry', 32, 8), fld('flags', 40, 8), fld('tag', 48, 16), ...SIDS] };

const TCP: Readonly<Record<number, ExtHeader>> = {
  0: { name: 'eol', fields: [fld('kind', 0, 8)] },
  1: { name: 'nop', fields: [fld('kind', 0, 8)] },
  2: { name: 'maxseg', fields: [...KIND, fld('size', 16, 16)] },
  3: { name: 'window', fields: [...KIND, fld('count', 16, 8)] },
  4: { name: 'sack-perm', fields: KIND },
  5: { name: 'sack', fields: [...KIND, ...sack(0)] },
  8: { name: 'timestamp', fields: [...KIND, fld('tsval', 16, 32), fld('tsecr', 48, 32)] },
  30: { name: 'mptcp', fields: [...KIND, fld('subtype', 16, 4)] },
};
/** sack1..sack3: the later SACK blocks, named after the block they start in. */
const SACK_BLOCKS: readonly ExtHeader[] = [1, 2, 3].map((n) => ({ name: `sack${n}`, fields: sack(n) }));

const ROUTE = [fld('type', 0, 8), fld('length', 8, 8), fld('ptr', 16, 8), fld('addr', 24, 32, 'ipv4_addr')];
const IPV4: Readonly<Record<number, ExtHeader>> = {
  7: { name: 'rr', fields: ROUTE }, 131: { name: 'lsrr', fields: ROUTE }, 137: { name: 'ssrr', fields: ROUTE },
  148: { name: 'ra', fields: [fld('type', 0, 8), fld('length', 8, 8), fld('value', 16, 16)] },
};

const tsn = (name: string): HeaderField => fld(name, 32, 32);
const INIT = [...CHUNK, fld('init-tag', 32, 32), fld('a-rwnd', 64, 32), fld('num-outbound-streams', 96, 16), fld('num-inbound-streams', 112, 16), fld('initial-tsn', 128, 32)];
const SCTP: Readonly<Record<number, ExtHeader>> = {
  0: { name: 'data', fields: [...CHUNK, tsn('tsn'), fld('stream', 64, 16), fld('ssn', 80, 16), fld('ppid', 96, 32)] },
  1: { name: 'init', fields: INIT }, 2: { name: 'init-ack', fields: INIT },
  3: { name: 'sack', fields: [...CHUNK, tsn('cum-tsn-ack'), fld('a-rwnd', 64, 32), fld('num-gap-ack-blocks', 96, 16), fld('num-dup-tsns', 112, 16)] },
  4: { name: 'heartbeat', fields: CHUNK }, 5: { name: 'heartbeat-ack', fields: CHUNK }, 6: { name: 'abort', fields: CHUNK },
  7: { name: 'shutdown', fields: [...CHUNK, tsn('cum-tsn-ack')] }, 8: { name: 'shutdown-ack', fields: CHUNK }, 9: { name: 'error', fields: CHUNK },
  10: { name: 'cookie-echo', fields: CHUNK }, 11: { name: 'cookie-ack', fields: CHUNK }, 12: { name: 'ecne', fields: [...CHUNK, tsn('lowest-tsn')] },
  13: { name: 'cwr', fields: [...CHUNK, tsn('lowest-tsn')] }, 14: { name: 'shutdown-complete', fields: CHUNK },
  0x80: { name: 'asconf-ack', fields: [...CHUNK, tsn('seqno')] }, 0xc0: { name: 'forward-tsn', fields: [...CHUNK, tsn('new-cum-tsn')] },
  0xc1: { name: 'asconf', fields: [...CHUNK, tsn('seqno')] },
};

/** The header/option/chunk of an op by its type number. */
export function extHeader(op: ExthdrOp, type: number): ExtHeader | undefined {
  return (op === 'ipv6' ? IPV6 : op === 'tcpopt' ? TCP : op === 'ipv4' ? IPV4 : op === 'sctp' ? SCTP : undefined)?.[type];
}

/** The header and field a load of `len` bytes at byte `offset` names (the routing header's srh and tcp's sack blocks included). */
export function extField(op: ExthdrOp, type: number, offset: number, len: number, bit = 0, bits = len * 8): { header: ExtHeader; field: HeaderField } | undefined {
  const at = offset * 8 + bit;
  const candidates = [extHeader(op, type), ...(op === 'ipv6' && type === 43 ? [SRH] : []), ...(op === 'tcpopt' && type === 5 ? SACK_BLOCKS : [])];
  for (const header of candidates) {
    const field = header?.fields.find((f) => f.bit === at && f.bits === bits);
    if (header && field) return { header, field };
  }
  return undefined;
}
