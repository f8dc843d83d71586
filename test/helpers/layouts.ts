// The fixed kernel structs declared with buffer-layout, as a cross-check of the plain offsets and sizes
// the library uses (src/netlink/constants.ts, src/rtnetlink/headers.ts): two independent spellings of each
// struct from the UAPI headers. Test-only: the package does not depend on buffer-layout at run time.
import * as BL from '@solana/buffer-layout';
import type { NlAttrHdr, NlMsgHdr, SockaddrNl } from '../../src/netlink/structs.js';
import type { IfaCacheInfo } from '../../src/rtnetlink/index.js';
import type { FibRuleHdr, IfAddrMsg, IfInfoMsg, NdMsg, NhMsg, RtMsg, RtNextHop } from '../../src/rtnetlink/headers.js';

/** struct nlmsghdr (linux/netlink.h). */
export const nlmsghdrLayout = BL.struct<NlMsgHdr>([
  BL.u32('len'), BL.u16('type'), BL.u16('flags'), BL.u32('seq'), BL.u32('pid'),
]);
/** struct nlattr (linux/netlink.h). */
export const nlattrLayout = BL.struct<NlAttrHdr>([BL.u16('len'), BL.u16('type')]);
/** struct sockaddr_nl (linux/netlink.h). */
export const sockaddrNlLayout = BL.struct<SockaddrNl>([
  BL.u16('family'), BL.u16('pad'), BL.u32('pid'), BL.u32('groups'),
]);
/** struct nfgenmsg (linux/netfilter/nfnetlink.h); res_id is big-endian. */
export const nfgenmsgLayout = BL.struct<{ family: number; version: number; resourceId: number }>([
  BL.u8('family'), BL.u8('version'), BL.u16be('resourceId'),
]);

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
