// conntrack-tools 1.4.7 text output for flows, events and statistics (what `conntrack -L/-E/-S` print).
// Two forms of the flow line: formatFlow here (a string from the typed Flow) and writeFlowLine in
// ./conntrack-bytes.ts (bytes straight from a FlowCursor, no object or string per entry: what `-L` uses on
// large tables). They print the same line for the same entry; a test holds them to it. This module also
// exports the other conntrack forms (./conntrack-save.ts, ./conntrack-common.ts), as it always has.
import type { CpuStatistics, Expectation, Flow, Tuple } from '../../nfnetlink/conntrack/index.js';
// From the modules themselves, not the index: `conntrack -L` loads no more than it uses.
import { CPU_STAT_FIELDS, DCCP_STATES, SCTP_STATES, TCP_STATES } from '../../nfnetlink/conntrack/constants.js';
import { PORT_PROTOCOLS } from '../../netlink/ip-protocols.js';
import { L3_PREFIX, L4_PREFIX, deltaTime, kernelTimestamps, type FormatOptions } from './conntrack-common.js';

export { ctimeText, type FormatOptions } from './conntrack-common.js';
export { writeFlowLine, writeFlowLines } from './conntrack-bytes.js';
export { XML_FOOTER, XML_HEADER, formatSave, formatXml, hostOrderVtag } from './conntrack-save.js';
export { LineBuffer } from './line-buffer.js';

const PORT_PROTOS = PORT_PROTOCOLS;

function l4(t: Tuple, proto: number): string {
  if (PORT_PROTOS.has(proto)) return 'sport=' + (t.sport ?? 0) + ' dport=' + (t.dport ?? 0) + ' ';
  if (proto === 1 || proto === 58) return 'type=' + (t.icmpType ?? 0) + ' code=' + (t.icmpCode ?? 0) + ' id=' + (t.icmpId ?? 0) + ' ';
  if (proto === 47) return 'srckey=0x' + (t.sport ?? 0).toString(16) + ' dstkey=0x' + (t.dport ?? 0).toString(16) + ' ';
  return '';
}

function stateOf(f: Flow, proto: number): string {
  if (proto === 6 && f.tcp?.state !== undefined) return (TCP_STATES[f.tcp.state] ?? 'UNKNOWN') + ' ';
  if (proto === 132 && f.sctp?.state !== undefined) return (SCTP_STATES[f.sctp.state] ?? 'UNKNOWN') + ' ';
  if (proto === 33 && f.dccp?.state !== undefined) return (DCCP_STATES[f.dccp.state] ?? 'UNKNOWN') + ' ';
  return '';
}

/** One entry as conntrack -L prints it, without the newline. */
export function formatFlow(f: Flow, o: FormatOptions = {}): string {
  const orig = f.original;
  const proto = orig.protocol;
  let s = o.extended ? (L3_PREFIX[f.family] ?? 'unknown  ' + f.family + ' ') : '';
  s += L4_PREFIX[proto]!;
  if (f.timeout !== undefined) s += f.timeout + ' ';
  if (proto === 6 || proto === 132 || proto === 33) s += stateOf(f, proto);
  s += 'src=' + orig.src + ' dst=' + orig.dst + ' ' + l4(orig, proto);
  if (orig.zone !== undefined) s += 'zone-orig=' + orig.zone + ' ';
  const co = f.countersOriginal;
  if (co) s += 'packets=' + co.packets + ' bytes=' + co.bytes + ' ';
  const status = f.status ?? 0;
  if (!(status & 2)) s += '[UNREPLIED] ';
  const r = f.reply;
  if (r) {
    s += 'src=' + r.src + ' dst=' + r.dst + ' ' + l4(r, proto);
    if (r.zone !== undefined) s += 'zone-reply=' + r.zone + ' ';
  }
  const cr = f.countersReply;
  if (cr) s += 'packets=' + cr.packets + ' bytes=' + cr.bytes + ' ';
  if (status & 0x4000) s += '[OFFLOAD] ';
  if (status & 0x8000) s += '[HW_OFFLOAD] ';
  if (status & 4) s += '[ASSURED] ';
  if (f.mark !== undefined) s += 'mark=' + f.mark + ' ';
  if (f.secmark) s += 'secmark=' + f.secmark + ' ';
  if (f.secctx !== undefined) s += 'secctx=' + f.secctx + ' ';
  if (f.zone !== undefined) s += 'zone=' + f.zone + ' ';
  const delta = deltaTime(f, o.now);
  if (delta !== undefined) s += 'delta-time=' + delta + ' ';
  if (o.ktimestamp) s += kernelTimestamps(f.timestampStart, f.timestampStop);
  if (f.helper !== undefined) s += 'helper=' + f.helper + ' ';
  if (f.use !== undefined) s += 'use=' + f.use + ' ';
  if (o.id && f.id !== undefined) s += 'id=' + f.id + ' ';
  return s.slice(0, -1);
}

const EVENT_PREFIX = { new: '    [NEW] ', update: ' [UPDATE] ', destroy: '[DESTROY] ' } as const;

/**
 * One event line as conntrack -E prints it. Events a process caused (portId not 0) end with its port id and,
 * when the program holding that socket was found, its name.
 */
/** What -E -o timestamp puts before an event: the wall clock when it was read, '[1795774291.018692]\t' (µs, zero-padded). */
export function eventTimestamp(epochMs: number): string {
  const sec = Math.floor(epochMs / 1000);
  const usec = Math.min(999999, Math.floor((epochMs - sec * 1000) * 1000));
  return `[${sec}.${String(usec).padStart(6, '0')}]\t`;
}

export function formatEvent(kind: 'new' | 'update' | 'destroy', f: Flow, portId: number, o: FormatOptions = {}, progname?: string): string {
  let s = EVENT_PREFIX[kind] + formatFlow(f, o);
  if (portId !== 0) s += ' [USERSPACE] portid=' + portId + (progname !== undefined ? ' progname=' + progname : '');
  return s;
}

/** conntrack -S lines: "cpu=N   \tfound=... " with the counters the kernel reported. */
export function formatCpuStatistics(s: CpuStatistics): string {
  let line = 'cpu=' + String(s.cpu).padEnd(4) + '\t';
  for (const [, field, name] of CPU_STAT_FIELDS) {
    const v = s[field];
    if (v !== undefined) line += name + '=' + v + ' ';
  }
  return line;
}

/** An expectation line (conntrack -L expect). */
export function formatExpectation(x: Expectation): string {
  const t = x.tuple;
  const m = x.mask;
  const proto = t?.protocol ?? 0;
  let s = (x.timeout ?? 0) + ' proto=' + proto + ' ';
  if (t) s += 'src=' + t.src + ' dst=' + t.dst + ' ' + l4(t, proto);
  if (m) s += 'mask-src=' + m.src + ' mask-dst=' + m.dst + ' ' + l4(m, proto);
  const ma = x.master;
  if (ma) s += 'master-src=' + ma.src + ' master-dst=' + ma.dst + ' ' + l4(ma, ma.protocol);
  if (x.flags) {
    const names: string[] = [];
    if (x.flags & 1) names.push('PERMANENT');
    if (x.flags & 2) names.push('INACTIVE');
    if (x.flags & 4) names.push('USERSPACE');
    s += names.join(',') + ' ';
  }
  if (x.class !== undefined) s += 'class=' + x.class + ' ';
  if (x.zone !== undefined) s += 'zone=' + x.zone + ' ';
  if (x.helper) s += 'helper=' + x.helper + ' ';
  return s.slice(0, -1);
}

/** JSON of a flow (bigints as strings, buffers as hex). */
export function flowJson(f: Flow | EventJson): string {
  return JSON.stringify(f, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return Buffer.from((v as { data: number[] }).data).toString('hex');
    }
    return v;
  });
}

/** An event for `-E -o json`: its type as -E prints it, when it was received (seconds since the epoch, to the µs), the flow. */
export type EventJson = { event: 'NEW' | 'UPDATE' | 'DESTROY'; timestamp: number } & Flow;
export const eventJson = (kind: 'new' | 'update' | 'destroy', f: Flow, epochMs: number): string =>
  flowJson({ event: kind === 'new' ? 'NEW' : kind === 'update' ? 'UPDATE' : 'DESTROY', timestamp: Math.round(epochMs * 1000) / 1e6, ...f });
