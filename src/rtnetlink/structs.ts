// Fixed headers of rtnetlink messages, declared with buffer-layout (host byte order, little-endian hosts).
// Hot paths read and write at the same offsets through headers.ts (plain numbers, checked against these
// layouts by the codec tests), so decoding never waits for the layout library to load.
import { createRequire } from 'node:module';
import type * as BLTypes from '@solana/buffer-layout';
import type { FibRuleHdr, IfAddrMsg, IfaCacheInfo, IfInfoMsg, NdMsg, NhMsg, RtMsg, RtNextHop } from './headers.js';

export * from './headers.js';

// CommonJS: require() is several times cheaper than an ESM import, which scans the file for export names.
const BL = createRequire(import.meta.url)('@solana/buffer-layout') as typeof BLTypes;

export const ifinfomsgLayout = BL.struct<IfInfoMsg>([BL.u8('family'), BL.u8('pad'), BL.u16('type'), BL.s32('index'), BL.u32('flags'), BL.u32('change')]);
export const ifaddrmsgLayout = BL.struct<IfAddrMsg>([BL.u8('family'), BL.u8('prefixLength'), BL.u8('flags'), BL.u8('scope'), BL.u32('index')]);
export const rtmsgLayout = BL.struct<RtMsg>([
  BL.u8('family'), BL.u8('dstLength'), BL.u8('srcLength'), BL.u8('tos'), BL.u8('table'), BL.u8('protocol'), BL.u8('scope'), BL.u8('type'), BL.u32('flags'),
]);
export const fibRuleHdrLayout = BL.struct<FibRuleHdr>([
  BL.u8('family'), BL.u8('dstLength'), BL.u8('srcLength'), BL.u8('tos'), BL.u8('table'), BL.u8('res1'), BL.u8('res2'), BL.u8('action'), BL.u32('flags'),
]);
export const ndmsgLayout = BL.struct<NdMsg & { pad1: number; pad2: number }>([
  BL.u8('family'), BL.u8('pad1'), BL.u16('pad2'), BL.s32('index'), BL.u16('state'), BL.u8('flags'), BL.u8('type'),
]);
export const nhmsgLayout = BL.struct<NhMsg & { resvd: number }>([BL.u8('family'), BL.u8('scope'), BL.u8('protocol'), BL.u8('resvd'), BL.u32('flags')]);
export const rtnexthopLayout = BL.struct<RtNextHop>([BL.u16('length'), BL.u8('flags'), BL.u8('hops'), BL.s32('index')]);
export const ifaCacheInfoLayout = BL.struct<IfaCacheInfo>([BL.u32('preferred'), BL.u32('valid'), BL.u32('created'), BL.u32('updated')]);

/** struct fib_rule_uid_range / fib_rule_port_range (fib_rules.h). */
export const uidRangeLayout = BL.struct<{ start: number; end: number }>([BL.u32('start'), BL.u32('end')]);
export const portRangeLayout = BL.struct<{ start: number; end: number }>([BL.u16('start'), BL.u16('end')]);
