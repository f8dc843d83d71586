// conntrack-tools 1.4.7 text output for flows, events and statistics (what `conntrack -L/-E/-S` print),
// built with plain string concatenation: this runs once per entry of tables with hundreds of thousands.
import type { CpuStatistics, Expectation, Flow, Tuple } from '../../nfnetlink/conntrack/index.js';
import { CPU_STAT_FIELDS, DCCP_STATES, SCTP_STATES, TCP_STATES } from '../../nfnetlink/conntrack/index.js';

export interface FormatOptions {
  extended?: boolean; // -o extended: layer-3 name and number first
  id?: boolean; // -o id: id=N at the end
  /** Seconds since the epoch for delta-time (default: now). */
  now?: number;
}

const L4_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 33: 'dccp', 47: 'gre', 58: 'icmpv6', 132: 'sctp', 136: 'udplite' };
const PAD = '         ';
// "%-8s %u " as conntrack prints the protocol columns.
const L4_PREFIX: string[] = [];
for (let p = 0; p < 256; p++) {
  const name = L4_NAMES[p] ?? 'unknown';
  L4_PREFIX.push(name + PAD.slice(0, Math.max(1, 9 - name.length)) + p + ' ');
}
const L3_PREFIX: Record<number, string> = { 2: 'ipv4     2 ', 10: 'ipv6     10 ' };

const PORT_PROTOS = new Set([6, 17, 33, 132, 136]);

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
  if (f.timestampStart !== undefined) {
    const start = Number(f.timestampStart / 1000000000n);
    const end = f.timestampStop !== undefined && f.timestampStop !== 0n ? Number(f.timestampStop / 1000000000n) : (o.now ?? Math.floor(Date.now() / 1000));
    s += 'delta-time=' + (end - start) + ' ';
  }
  if (f.helper !== undefined) s += 'helper=' + f.helper + ' ';
  if (f.use !== undefined) s += 'use=' + f.use + ' ';
  if (o.id && f.id !== undefined) s += 'id=' + f.id + ' ';
  return s.slice(0, -1);
}

const EVENT_PREFIX = { new: '    [NEW] ', update: ' [UPDATE] ', destroy: '[DESTROY] ' } as const;

/** One event line as conntrack -E prints it. */
export function formatEvent(kind: 'new' | 'update' | 'destroy', f: Flow, portId: number, o: FormatOptions = {}): string {
  let s = EVENT_PREFIX[kind] + formatFlow(f, o);
  if (portId !== 0) s += ' [USERSPACE] portid=' + portId;
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
export function flowJson(f: Flow): string {
  return JSON.stringify(f, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return Buffer.from((v as { data: number[] }).data).toString('hex');
    }
    return v;
  });
}
