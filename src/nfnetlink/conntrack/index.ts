/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
/**
 * `nlts/conntrack`: the connection tracking table over ctnetlink (NFNL_SUBSYS_CTNETLINK and _EXP): list
 * with kernel-side filters, count, get, create, update, delete and flush flows, read per-CPU and global
 * statistics and expectations, and follow events. Start with {@link Conntrack.open}.
 *
 * Curated: the zero-copy flow cursor and the byte writers behind `nlts conntrack -L` stay inside the package.
 * @module nlts/conntrack
 */

// The client.
export { Conntrack, FlowDump, type ConntrackOpenOptions, type DumpOptions, type DumpReport, type FlowSpec } from './client.js';
export { ConntrackEvents, DEFAULT_EVENT_BUFFER, type ConntrackEvent, type EventKind, type EventOptions } from './events.js';

// Models, filters and their codecs.
export {
  decodeFlow, encodeFlow,
  type Flow, type NatRange, type Counters, type TcpInfo, type TcpFlags, type SctpInfo, type DccpInfo, type SeqAdj, type Synproxy,
} from './flow.js';
export { decodeTuple, invertTuple, tupleFamily, type Tuple } from './tuple.js';
export { matchFlow, type FlowFilter, type TupleMatch, type KernelFilterParts } from './filter.js';
export { decodeCpuStatistics, decodeGlobalStatistics, type CpuStatistics, type CpuCounterName, type GlobalStatistics } from './stats.js';
export { decodeExpectation, type Expectation } from './expect.js';

// Kernel constants (linux/netfilter/nfnetlink_conntrack.h, nf_conntrack_common.h, nf_conntrack_tcp.h).
export {
  CtMsg, ExpMsg, CtGroup, CTA, CTA_TUPLE, CTA_IP, CTA_PROTO, CTA_PROTOINFO, CTA_PROTOINFO_TCP, CTA_PROTOINFO_DCCP, CTA_PROTOINFO_SCTP,
  CTA_COUNTERS, CTA_TIMESTAMP, CTA_NAT, CTA_PROTONAT, CTA_SEQADJ, CTA_SYNPROXY, CTA_HELP, CTA_SECCTX, CTA_FILTER, FilterFlag,
  CTA_STATS, CTA_STATS_GLOBAL, CTA_EXPECT, CTA_EXPECT_NAT, CTA_STATS_EXP, CPU_STAT_FIELDS,
  Status, STATUS_UNCHANGEABLE, statusNames, TCP_STATES, SCTP_STATES, DCCP_STATES, TcpFlag, IPPROTO, ZONE_MAX,
  type StatusName, type TcpState,
} from './constants.js';
