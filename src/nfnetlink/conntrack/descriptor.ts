// `decode` learns ctnetlink: message and attribute names for NFNL_SUBSYS_CTNETLINK and _CTNETLINK_EXP.
import type { AttrPolicy, AttrSpec, MessageSpec, RequestKind } from '../../netlink/describe.js';
import { Subsystem } from '../constants.js';
import { registerSubsystem } from '../descriptor.js';
import { statusNames, TCP_STATES } from './constants.js';

const u8 = (name: string, render?: AttrSpec['render']): AttrSpec => ({ name, kind: 'u8', ...(render ? { render } : {}) });
const u16 = (name: string): AttrSpec => ({ name, kind: 'u16' });
const u32 = (name: string, render?: AttrSpec['render']): AttrSpec => ({ name, kind: 'u32', ...(render ? { render } : {}) });
const u64 = (name: string): AttrSpec => ({ name, kind: 'u64' });
const nest = (name: string, policy: AttrPolicy | (() => AttrPolicy)): AttrSpec => ({ name, kind: 'nested', policy });

const ip: AttrPolicy = { 1: { name: 'CTA_IP_V4_SRC', kind: 'ip' }, 2: { name: 'CTA_IP_V4_DST', kind: 'ip' }, 3: { name: 'CTA_IP_V6_SRC', kind: 'ip' }, 4: { name: 'CTA_IP_V6_DST', kind: 'ip' } };
const proto: AttrPolicy = {
  1: u8('CTA_PROTO_NUM'), 2: u16('CTA_PROTO_SRC_PORT'), 3: u16('CTA_PROTO_DST_PORT'), 4: u16('CTA_PROTO_ICMP_ID'),
  5: u8('CTA_PROTO_ICMP_TYPE'), 6: u8('CTA_PROTO_ICMP_CODE'), 7: u16('CTA_PROTO_ICMPV6_ID'), 8: u8('CTA_PROTO_ICMPV6_TYPE'), 9: u8('CTA_PROTO_ICMPV6_CODE'),
};
const tuple: AttrPolicy = { 1: nest('CTA_TUPLE_IP', ip), 2: nest('CTA_TUPLE_PROTO', proto), 3: u16('CTA_TUPLE_ZONE') };
const tcp: AttrPolicy = {
  1: u8('CTA_PROTOINFO_TCP_STATE', (v) => TCP_STATES[Number(v)] ?? v), 2: u8('CTA_PROTOINFO_TCP_WSCALE_ORIGINAL'), 3: u8('CTA_PROTOINFO_TCP_WSCALE_REPLY'),
  4: { name: 'CTA_PROTOINFO_TCP_FLAGS_ORIGINAL', kind: 'hex' }, 5: { name: 'CTA_PROTOINFO_TCP_FLAGS_REPLY', kind: 'hex' },
};
const protoinfo: AttrPolicy = {
  1: nest('CTA_PROTOINFO_TCP', tcp),
  2: nest('CTA_PROTOINFO_DCCP', { 1: u8('CTA_PROTOINFO_DCCP_STATE'), 2: u8('CTA_PROTOINFO_DCCP_ROLE'), 3: u64('CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ') }),
  3: nest('CTA_PROTOINFO_SCTP', { 1: u8('CTA_PROTOINFO_SCTP_STATE'), 2: u32('CTA_PROTOINFO_SCTP_VTAG_ORIGINAL'), 3: u32('CTA_PROTOINFO_SCTP_VTAG_REPLY') }),
};
const counters: AttrPolicy = { 1: u64('CTA_COUNTERS_PACKETS'), 2: u64('CTA_COUNTERS_BYTES'), 3: u32('CTA_COUNTERS32_PACKETS'), 4: u32('CTA_COUNTERS32_BYTES') };
const nat: AttrPolicy = {
  1: { name: 'CTA_NAT_V4_MINIP', kind: 'ip' }, 2: { name: 'CTA_NAT_V4_MAXIP', kind: 'ip' },
  3: nest('CTA_NAT_PROTO', { 1: u16('CTA_PROTONAT_PORT_MIN'), 2: u16('CTA_PROTONAT_PORT_MAX') }),
  4: { name: 'CTA_NAT_V6_MINIP', kind: 'ip' }, 5: { name: 'CTA_NAT_V6_MAXIP', kind: 'ip' },
};
const seqadj: AttrPolicy = { 1: u32('CTA_SEQADJ_CORRECTION_POS'), 2: u32('CTA_SEQADJ_OFFSET_BEFORE'), 3: u32('CTA_SEQADJ_OFFSET_AFTER') };

/** enum ctattr_type. */
export const flowPolicy: AttrPolicy = {
  1: nest('CTA_TUPLE_ORIG', tuple), 2: nest('CTA_TUPLE_REPLY', tuple), 3: u32('CTA_STATUS', (v) => statusNames(Number(v)).join('|') || '0'),
  4: nest('CTA_PROTOINFO', protoinfo), 5: nest('CTA_HELP', { 1: { name: 'CTA_HELP_NAME', kind: 'string' }, 2: { name: 'CTA_HELP_INFO', kind: 'hex' } }),
  6: nest('CTA_NAT_SRC', nat), 7: u32('CTA_TIMEOUT'), 8: u32('CTA_MARK'), 9: nest('CTA_COUNTERS_ORIG', counters), 10: nest('CTA_COUNTERS_REPLY', counters),
  11: u32('CTA_USE'), 12: u32('CTA_ID'), 13: nest('CTA_NAT_DST', nat), 14: nest('CTA_TUPLE_MASTER', tuple),
  15: nest('CTA_SEQ_ADJ_ORIG', seqadj), 16: nest('CTA_SEQ_ADJ_REPLY', seqadj), 17: u32('CTA_SECMARK'), 18: u16('CTA_ZONE'),
  19: nest('CTA_SECCTX', { 1: { name: 'CTA_SECCTX_NAME', kind: 'string' } }), 20: nest('CTA_TIMESTAMP', { 1: u64('CTA_TIMESTAMP_START'), 2: u64('CTA_TIMESTAMP_STOP') }),
  21: u32('CTA_MARK_MASK'), 22: { name: 'CTA_LABELS', kind: 'hex' }, 23: { name: 'CTA_LABELS_MASK', kind: 'hex' },
  24: nest('CTA_SYNPROXY', { 1: u32('CTA_SYNPROXY_ISN'), 2: u32('CTA_SYNPROXY_ITS'), 3: u32('CTA_SYNPROXY_TSOFF') }),
  25: nest('CTA_FILTER', { 1: u32('CTA_FILTER_ORIG_FLAGS'), 2: u32('CTA_FILTER_REPLY_FLAGS') }), 26: u32('CTA_STATUS_MASK'), 27: u64('CTA_TIMESTAMP_EVENT'),
};
const cpuStats: AttrPolicy = Object.fromEntries(
  ['SEARCHED', 'FOUND', 'NEW', 'INVALID', 'IGNORE', 'DELETE', 'DELETE_LIST', 'INSERT', 'INSERT_FAILED', 'DROP', 'EARLY_DROP', 'ERROR', 'SEARCH_RESTART', 'CLASH_RESOLVE', 'CHAIN_TOOLONG']
    .map((n, i) => [i + 1, u32(`CTA_STATS_${n}`)]),
);
const globalStats: AttrPolicy = { 1: u32('CTA_STATS_GLOBAL_ENTRIES'), 2: u32('CTA_STATS_GLOBAL_MAX_ENTRIES') };
const expectPolicy: AttrPolicy = {
  1: nest('CTA_EXPECT_MASTER', tuple), 2: nest('CTA_EXPECT_TUPLE', tuple), 3: nest('CTA_EXPECT_MASK', tuple), 4: u32('CTA_EXPECT_TIMEOUT'),
  5: u32('CTA_EXPECT_ID'), 6: { name: 'CTA_EXPECT_HELP_NAME', kind: 'string' }, 7: u16('CTA_EXPECT_ZONE'), 8: u32('CTA_EXPECT_FLAGS'),
  9: u32('CTA_EXPECT_CLASS'), 10: nest('CTA_EXPECT_NAT', { 1: u32('CTA_EXPECT_NAT_DIR'), 2: nest('CTA_EXPECT_NAT_TUPLE', tuple) }), 11: { name: 'CTA_EXPECT_FN', kind: 'string' },
};
const expStats: AttrPolicy = { 1: u32('CTA_STATS_EXP_NEW'), 2: u32('CTA_STATS_EXP_CREATE'), 3: u32('CTA_STATS_EXP_DELETE') };

const spec = (name: string, kind: RequestKind, attributes: AttrPolicy): MessageSpec => ({ name, kind, attributes });

const CT: Record<number, MessageSpec> = {
  0: spec('IPCTNL_MSG_CT_NEW', 'new', flowPolicy), 1: spec('IPCTNL_MSG_CT_GET', 'get', flowPolicy), 2: spec('IPCTNL_MSG_CT_DELETE', 'del', flowPolicy),
  3: spec('IPCTNL_MSG_CT_GET_CTRZERO', 'get', flowPolicy), 4: spec('IPCTNL_MSG_CT_GET_STATS_CPU', 'get', cpuStats),
  5: spec('IPCTNL_MSG_CT_GET_STATS', 'get', globalStats), 6: spec('IPCTNL_MSG_CT_GET_DYING', 'get', flowPolicy), 7: spec('IPCTNL_MSG_CT_GET_UNCONFIRMED', 'get', flowPolicy),
};
const EXP: Record<number, MessageSpec> = {
  0: spec('IPCTNL_MSG_EXP_NEW', 'new', expectPolicy), 1: spec('IPCTNL_MSG_EXP_GET', 'get', expectPolicy), 2: spec('IPCTNL_MSG_EXP_DELETE', 'del', expectPolicy),
  3: spec('IPCTNL_MSG_EXP_GET_STATS_CPU', 'get', expStats),
};

registerSubsystem(Subsystem.CTNETLINK, { name: 'ctnetlink', message: (m) => CT[m] });
registerSubsystem(Subsystem.CTNETLINK_EXP, { name: 'ctnetlink_exp', message: (m) => EXP[m] });
