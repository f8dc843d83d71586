// log: log the packet to the kernel log (level) or to nflog (group).
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { LogExpr } from './types.js';
import { LogFlag } from '../constants.js';
import type { Json } from '../render/context.js';

// enum nft_log_attributes
const A = { GROUP: 1, PREFIX: 2, SNAPLEN: 3, QTHRESHOLD: 4, LEVEL: 5, FLAGS: 6 } as const;
/** enum nft_log_level names as nft prints them. */
export const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug', 'audit'] as const;
const FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [LogFlag.TCPSEQ, 'tcp sequence'], [LogFlag.TCPOPT, 'tcp options'], [LogFlag.IPOPT, 'ip options'], [LogFlag.UID, 'skuid'], [LogFlag.MACDECODE, 'ether'],
];

export const log = defineExpression<LogExpr>({
  name: 'log',
  encode(e, w) {
    if (e.prefix !== undefined) w.string(A.PREFIX, e.prefix);
    if (e.group !== undefined) w.u16(A.GROUP, e.group);
    if (e.snaplen !== undefined) w.u32(A.SNAPLEN, e.snaplen);
    if (e.qthreshold !== undefined) w.u16(A.QTHRESHOLD, e.qthreshold);
    if (e.level !== undefined) w.u32(A.LEVEL, e.level);
    if (e.flags !== undefined) w.u32(A.FLAGS, e.flags);
  },
  decode(attrs) {
    const r = new ExprReader('log', attrs, Object.values(A));
    const out: LogExpr = { kind: 'log' };
    if (r.has(A.PREFIX)) out.prefix = r.string(A.PREFIX);
    if (r.has(A.GROUP)) out.group = r.u16(A.GROUP);
    if (r.has(A.SNAPLEN)) out.snaplen = r.u32(A.SNAPLEN);
    if (r.has(A.QTHRESHOLD)) out.qthreshold = r.u16(A.QTHRESHOLD);
    if (r.has(A.LEVEL)) out.level = r.u32(A.LEVEL);
    if (r.has(A.FLAGS)) out.flags = r.u32(A.FLAGS);
    return out;
  },
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
