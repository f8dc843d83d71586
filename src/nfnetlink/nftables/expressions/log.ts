// log: log the packet to the kernel log (level) or to nflog (group).
import { defineExpression } from './codec.js';
import { fieldCodec } from './fields.js';
import type { LogExpr } from './types.js';
import { LogFlag } from '../constants.js';
import type { Json } from '../render/context.js';

/** enum nft_log_level names as nft prints them. */
export const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug', 'audit'] as const;
const FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [LogFlag.TCPSEQ, 'tcp sequence'], [LogFlag.TCPOPT, 'tcp options'], [LogFlag.IPOPT, 'ip options'], [LogFlag.UID, 'skuid'], [LogFlag.MACDECODE, 'ether'],
];

// enum nft_log_attributes
const FIELDS = fieldCodec<LogExpr>('log', [
  { type: 2, attr: 'NFTA_LOG_PREFIX', key: 'prefix', kind: 'string' },
  { type: 1, attr: 'NFTA_LOG_GROUP', key: 'group', kind: 'u16' },
  { type: 3, attr: 'NFTA_LOG_SNAPLEN', key: 'snaplen', kind: 'u32' },
  { type: 4, attr: 'NFTA_LOG_QTHRESHOLD', key: 'qthreshold', kind: 'u16' },
  { type: 5, attr: 'NFTA_LOG_LEVEL', key: 'level', kind: 'u32' },
  { type: 6, attr: 'NFTA_LOG_FLAGS', key: 'flags', kind: 'u32' },
]);

export const log = defineExpression<LogExpr>({
  name: 'log',
  ...FIELDS,
  render(e, ctx) {
    let s = 'log';
    const j: { [k: string]: Json } = {};
    if (e.prefix !== undefined) j.prefix = e.prefix;
    if (e.group !== undefined) j.group = e.group;
    if (e.snaplen !== undefined) j.snaplen = e.snaplen;
    if (e.qthreshold !== undefined) j['queue-threshold'] = e.qthreshold;
    if (e.level !== undefined && e.level !== 4) j.level = LOG_LEVELS[e.level] ?? e.level;
    if (e.prefix !== undefined) s += ` prefix ${JSON.stringify(e.prefix)}`;
    if (e.group !== undefined) s += ` group ${e.group}`;
    if (e.snaplen !== undefined) s += ` snaplen ${e.snaplen}`;
    if (e.qthreshold !== undefined) s += ` queue-threshold ${e.qthreshold}`;
    if (e.level !== undefined && e.level !== 4) s += ` level ${LOG_LEVELS[e.level] ?? e.level}`;
    if (e.flags) {
      const all = LogFlag.TCPSEQ | LogFlag.TCPOPT | LogFlag.IPOPT | LogFlag.UID | LogFlag.MACDECODE;
      // nft groups the tcp flags in one clause: `flags tcp sequence,options`.
      const names = FLAG_NAMES.filter(([b]) => e.flags! & b).map(([, n]) => n);
      const tcp = names.filter((n) => n.startsWith('tcp ')).map((n) => n.slice(4));
      const clauses = [...(tcp.length ? [`tcp ${tcp.join(',')}`] : []), ...names.filter((n) => !n.startsWith('tcp '))];
      s += (e.flags & all) === all ? ' flags all' : clauses.map((c) => ` flags ${c}`).join('');
      j.flags = (e.flags & all) === all ? 'all' : FLAG_NAMES.filter(([b]) => e.flags! & b).map(([, n]) => n);
    }
    ctx.emit(s, { log: Object.keys(j).length ? j : null });
  },
});
