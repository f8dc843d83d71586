// Per-CPU statistics (IPCTNL_MSG_CT_GET_STATS_CPU) and the global entry count (IPCTNL_MSG_CT_GET_STATS).
import { AttributeCursor, NetlinkDecodeError, netfilterCodec } from '../../netlink/core.js';
import { CPU_STAT_FIELDS, CTA_STATS_GLOBAL } from './constants.js';

/** One CPU's counters; only those the kernel reported are set. */
export interface CpuStatistics {
  cpu: number; // nfgenmsg res_id
  searched?: number; // CTA_STATS_SEARCHED (no longer used)
  found?: number; // CTA_STATS_FOUND
  new?: number; // CTA_STATS_NEW (no longer used)
  invalid?: number; // CTA_STATS_INVALID
  ignore?: number; // CTA_STATS_IGNORE (no longer used)
  delete?: number; // CTA_STATS_DELETE (no longer used)
  deleteList?: number; // CTA_STATS_DELETE_LIST (no longer used)
  insert?: number; // CTA_STATS_INSERT
  insertFailed?: number; // CTA_STATS_INSERT_FAILED
  drop?: number; // CTA_STATS_DROP
  earlyDrop?: number; // CTA_STATS_EARLY_DROP
  error?: number; // CTA_STATS_ERROR
  searchRestart?: number; // CTA_STATS_SEARCH_RESTART
  clashResolve?: number; // CTA_STATS_CLASH_RESOLVE
  chainTooLong?: number; // CTA_STATS_CHAIN_TOOLONG
}
/** The name of a per-CPU counter, as `conntrack -S` prints it. */
export type CpuCounterName = Exclude<keyof CpuStatistics, 'cpu'>;

// CPU_STAT_FIELDS (attribute -> field -> name) lives in constants.ts.
const BY_TYPE = new Map(CPU_STAT_FIELDS.map(([t, f]) => [t, f]));

/** Each attribute of a statistics payload holding a u32 (shorter ones are skipped). */
function eachU32(payload: Buffer, fn: (type: number, value: number) => void, ctx: string): void {
  if (payload.length < 4) throw new NetlinkDecodeError(ctx, 0, 'shorter than nfgenmsg');
  const c = new AttributeCursor(netfilterCodec).reset(payload, 4, payload.length, ctx);
  while (c.next()) if (c.length >= 4) fn(c.type, c.u32be());
}

/** Decodes one IPCTNL_MSG_CT_GET_STATS_CPU reply. */
export function decodeCpuStatistics(payload: Buffer): CpuStatistics {
  if (payload.length < 4) throw new NetlinkDecodeError('statistics', 0, 'shorter than nfgenmsg');
  const s: CpuStatistics = { cpu: payload.readUInt16BE(2) };
  eachU32(payload, (type, value) => {
    const field = BY_TYPE.get(type);
    if (field) s[field] = value;
  }, 'CTA_STATS');
  return s;
}

/** The table's entry count and limit (IPCTNL_MSG_CT_GET_STATS). */
export interface GlobalStatistics {
  entries?: number; // CTA_STATS_GLOBAL_ENTRIES
  maxEntries?: number; // CTA_STATS_GLOBAL_MAX_ENTRIES
}

/** Decodes the IPCTNL_MSG_CT_GET_STATS reply. */
export function decodeGlobalStatistics(payload: Buffer): GlobalStatistics {
  const g: GlobalStatistics = {};
  eachU32(payload, (type, value) => {
    if (type === CTA_STATS_GLOBAL.ENTRIES) g.entries = value;
    else if (type === CTA_STATS_GLOBAL.MAX_ENTRIES) g.maxEntries = value;
  }, 'CTA_STATS_GLOBAL');
  return g;
}
