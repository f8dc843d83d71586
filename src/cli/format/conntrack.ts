// conntrack-tools 1.4.7 text output for flows, events and statistics (what `conntrack -L/-E/-S` print).
// Two forms of the flow line: formatFlow (a string from the typed Flow) and writeFlowLine (bytes straight
// from a FlowCursor into an output buffer, no object or string per entry: what `-L` uses on large tables).
// They print the same line for the same entry; a test holds them to it.
import type { CpuStatistics, Expectation, Flow, Tuple } from '../../nfnetlink/conntrack/index.js';
import type { FlowCursor, TupleView } from '../../nfnetlink/conntrack/cursor.js';
// From the modules themselves, not the index: `conntrack -L` loads no more than it uses.
import { CPU_STAT_FIELDS, DCCP_STATES, SCTP_STATES, TCP_STATES } from '../../nfnetlink/conntrack/constants.js';
import { ipv6Text } from '../../nfnetlink/conntrack/tuple.js';

export interface FormatOptions {
  extended?: boolean; // -o extended: layer-3 name and number first
  id?: boolean; // -o id: id=N at the end
  ktimestamp?: boolean; // -o ktimestamp: [start=...] and [stop=...], the kernel's timestamps as ctime(3) text
  /** Seconds since the epoch for delta-time (default: now). */
  now?: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => (n < 10 ? '0' : '') + n;

/** A kernel timestamp (ns since the epoch) as ctime(3) prints it in local time, without its newline: 'Fri Nov 27 09:53:05 2026'. */
export function ctimeText(ns: bigint): string {
  const d = new Date(Number(ns / 1000000000n) * 1000);
  const day = d.getDate();
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day < 10 ? ' ' : ''}${day} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}

/** What -o ktimestamp adds after delta-time, as conntrack-tools prints it (a trailing space included). */
function kernelTimestamps(start: bigint | undefined, stop: bigint | undefined): string {
  let s = '';
  if (start !== undefined) s += '[start=' + ctimeText(start) + '] ';
  if (stop !== undefined) s += '[stop=' + ctimeText(stop) + '] ';
  return s;
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

// ---- bytes straight from a FlowCursor ----
// Written through a DataView in 16/32-bit stores: constant words, address octets and digit pairs are
// pre-packed little-endian, so a line of ~150 bytes takes a few dozen stores. A store may write up to 3
// bytes past the text it adds; the buffer keeps SLACK bytes of room for that and the next write covers them.

const SLACK = 8;

/**
 * Output bytes accumulated line by line. take() hands over what was written and starts a fresh buffer, so a
 * chunk given to an asynchronous writer is never written over.
 */
export class LineBuffer {
  buf: Buffer;
  view: DataView;
  pos = 0;
  constructor(private readonly size = 1 << 17) {
    this.buf = Buffer.allocUnsafe(size + SLACK);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }
  /** Room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n + SLACK <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + SLACK));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.size + SLACK);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.pos = 0;
    return out;
  }
}

/** A constant string as little-endian 32-bit words (zero-padded) and its length. */
interface Words { w: Uint32Array; n: number }
function words(s: string): Words {
  const w = new Uint32Array((s.length + 3) >> 2);
  for (let i = 0; i < s.length; i++) w[i >> 2]! |= (s.charCodeAt(i) & 0xff) << ((i & 3) * 8);
  return { w, n: s.length };
}

function put(v: DataView, p: number, c: Words): number {
  const w = c.w;
  for (let i = 0; i < w.length; i++) v.setUint32(p + i * 4, w[i]!, true);
  return p + c.n;
}

let l4Words: Array<Words | undefined> | undefined;
function l4Prefix(proto: number): Words {
  const t = (l4Words ??= new Array<Words | undefined>(256));
  return (t[proto] ??= words(L4_PREFIX[proto]!));
}
const stateWords = (names: readonly string[]): Array<Words | undefined> => names.map((n) => words(n + ' '));
let tcpStates: Array<Words | undefined> | undefined;
let sctpStates: Array<Words | undefined> | undefined;
let dccpStates: Array<Words | undefined> | undefined;
const UNKNOWN_STATE = words('UNKNOWN ');

const W = {
  src: words('src='), dst: words(' dst='), sport: words('sport='), dport: words(' dport='), type: words('type='), code: words(' code='),
  id: words(' id='), srckey: words('srckey=0x'), dstkey: words(' dstkey=0x'), zoneOrig: words('zone-orig='), zoneReply: words('zone-reply='),
  packets: words('packets='), bytes: words(' bytes='), unreplied: words('[UNREPLIED] '), offload: words('[OFFLOAD] '),
  hwOffload: words('[HW_OFFLOAD] '), assured: words('[ASSURED] '), mark: words('mark='), secmark: words('secmark='),
  secctx: words('secctx='), zone: words('zone='), delta: words('delta-time='), helper: words('helper='), use: words('use='),
  idEq: words('id='), unknownL3: words('unknown  '), ipv4: words(L3_PREFIX[2]!), ipv6: words(L3_PREFIX[10]!),
};

// An address octet as its digits and a '.', packed little-endian, and how many bytes that is.
const OCTET = new Uint32Array(256);
const OCTET_LEN = new Uint8Array(256);
// "00".."99" as little-endian 16-bit pairs.
const PAIR = new Uint16Array(100);
for (let i = 0; i < 256; i++) {
  const t = String(i) + '.';
  let w = 0;
  for (let k = 0; k < t.length; k++) w |= t.charCodeAt(k) << (k * 8);
  OCTET[i] = w >>> 0;
  OCTET_LEN[i] = t.length;
  if (i < 100) PAIR[i] = (48 + Math.floor(i / 10)) | ((48 + (i % 10)) << 8);
}

/** Decimal digits of a non-negative integer (up to 2^53). */
function putUint(v: DataView, p: number, x: number): number {
  if (x < 10) { v.setUint8(p, 48 + x); return p + 1; }
  if (x < 100) { v.setUint16(p, PAIR[x]!, true); return p + 2; }
  if (x > 0x7fffffff) return putLarge(v, p, x);
  const n = x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6 : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
  let i = p + n;
  let r = x | 0;
  while (r >= 100) {
    const q = (r / 100) | 0;
    i -= 2;
    v.setUint16(i, PAIR[r - q * 100]!, true);
    r = q;
  }
  if (r >= 10) v.setUint16(i - 2, PAIR[r]!, true);
  else v.setUint8(i - 1, 48 + r);
  return p + n;
}

function putLarge(v: DataView, p: number, x: number): number {
  const t = String(x);
  for (let i = 0; i < t.length; i++) v.setUint8(p + i, t.charCodeAt(i));
  return p + t.length;
}

function putHex(v: DataView, p: number, x: number): number {
  const t = x.toString(16);
  for (let i = 0; i < t.length; i++) v.setUint8(p + i, t.charCodeAt(i));
  return p + t.length;
}

function putAddress(v: DataView, p: number, src: Buffer, at: number, len: number): number {
  if (len === 4) {
    let o = src[at]!;
    v.setUint32(p, OCTET[o]!, true);
    p += OCTET_LEN[o]!;
    o = src[at + 1]!;
    v.setUint32(p, OCTET[o]!, true);
    p += OCTET_LEN[o]!;
    o = src[at + 2]!;
    v.setUint32(p, OCTET[o]!, true);
    p += OCTET_LEN[o]!;
    o = src[at + 3]!;
    v.setUint32(p, OCTET[o]!, true);
    return p + OCTET_LEN[o]! - 1; // without the last '.'
  }
  if (len === 16) {
    const t = ipv6Text(src, at);
    for (let i = 0; i < t.length; i++) v.setUint8(p + i, t.charCodeAt(i));
    return p + t.length;
  }
  return p;
}

/** "src=A dst=B " plus the layer-4 part of a tuple, as formatFlow's l4(). */
function putTuple(v: DataView, p: number, t: TupleView, proto: number): number {
  p = put(v, p, W.src);
  p = putAddress(v, p, t.buf, t.srcAt, t.srcLen);
  p = put(v, p, W.dst);
  p = putAddress(v, p, t.buf, t.dstAt, t.dstLen);
  v.setUint8(p++, 32);
  if (proto === 6 || proto === 17 || proto === 33 || proto === 132 || proto === 136) {
    p = put(v, p, W.sport);
    p = putUint(v, p, t.sport < 0 ? 0 : t.sport);
    p = put(v, p, W.dport);
    p = putUint(v, p, t.dport < 0 ? 0 : t.dport);
    v.setUint8(p++, 32);
  } else if (proto === 1 || proto === 58) {
    p = put(v, p, W.type);
    p = putUint(v, p, t.icmpType < 0 ? 0 : t.icmpType);
    p = put(v, p, W.code);
    p = putUint(v, p, t.icmpCode < 0 ? 0 : t.icmpCode);
    p = put(v, p, W.id);
    p = putUint(v, p, t.icmpId < 0 ? 0 : t.icmpId);
    v.setUint8(p++, 32);
  } else if (proto === 47) {
    p = put(v, p, W.srckey);
    p = putHex(v, p, t.sport < 0 ? 0 : t.sport);
    p = put(v, p, W.dstkey);
    p = putHex(v, p, t.dport < 0 ? 0 : t.dport);
    v.setUint8(p++, 32);
  }
  return p;
}

function putCounters(v: DataView, p: number, packets: number, count: number): number {
  p = put(v, p, W.packets);
  p = putUint(v, p, packets);
  p = put(v, p, W.bytes);
  p = putUint(v, p, count);
  v.setUint8(p, 32);
  return p + 1;
}

/** A "name=value " pair with a decimal value. */
function putPair(v: DataView, p: number, name: Words, x: number): number {
  p = putUint(v, put(v, p, name), x);
  v.setUint8(p, 32);
  return p + 1;
}

function putState(v: DataView, p: number, proto: number, c: FlowCursor): number {
  let s: Words | undefined;
  if (proto === 6) { if (c.tcpState < 0) return p; s = (tcpStates ??= stateWords(TCP_STATES))[c.tcpState]; }
  else if (proto === 132) { if (c.sctpState < 0) return p; s = (sctpStates ??= stateWords(SCTP_STATES))[c.sctpState]; }
  else if (proto === 33) { if (c.dccpState < 0) return p; s = (dccpStates ??= stateWords(DCCP_STATES))[c.dccpState]; }
  else return p;
  return put(v, p, s ?? UNKNOWN_STATE);
}

/** Text bytes copied from the message (helper and security-context names), then a space. */
function putName(out: LineBuffer, p: number, name: Words, src: Buffer, start: number, end: number): number {
  p = put(out.view, p, name);
  src.copy(out.buf, p, start, end);
  p += end - start;
  out.view.setUint8(p, 32);
  return p + 1;
}

/** The current entry of a cursor as conntrack -L prints it, newline included (formatFlow's line, as bytes). */
export function writeFlowLine(out: LineBuffer, c: FlowCursor, o: FormatOptions = {}): void {
  out.ensure(1024 + (c.helperAt >= 0 ? c.helperEnd - c.helperAt : 0) + (c.secctxAt >= 0 ? c.secctxEnd - c.secctxAt : 0));
  const v = out.view;
  let p = out.pos;
  const orig = c.original;
  const proto = orig.protocol;
  if (o.extended) {
    if (c.family === 2) p = put(v, p, W.ipv4);
    else if (c.family === 10) p = put(v, p, W.ipv6);
    else p = putPair(v, p, W.unknownL3, c.family);
  }
  p = put(v, p, l4Prefix(proto));
  if (c.timeout >= 0) { p = putUint(v, p, c.timeout); v.setUint8(p++, 32); }
  p = putState(v, p, proto, c);
  p = putTuple(v, p, orig, proto);
  if (orig.zone >= 0) p = putPair(v, p, W.zoneOrig, orig.zone);
  if (c.hasCountersOriginal) p = putCounters(v, p, c.packetsOriginal, c.bytesOriginal);
  const status = c.status < 0 ? 0 : c.status;
  if (!(status & 2)) p = put(v, p, W.unreplied);
  const r = c.reply;
  if (r.present) {
    p = putTuple(v, p, r, proto);
    if (r.zone >= 0) p = putPair(v, p, W.zoneReply, r.zone);
  }
  if (c.hasCountersReply) p = putCounters(v, p, c.packetsReply, c.bytesReply);
  if (status & 0x4000) p = put(v, p, W.offload);
  if (status & 0x8000) p = put(v, p, W.hwOffload);
  if (status & 4) p = put(v, p, W.assured);
  if (c.mark >= 0) p = putPair(v, p, W.mark, c.mark);
  if (c.secmark > 0) p = putPair(v, p, W.secmark, c.secmark);
  if (c.secctxAt >= 0) p = putName(out, p, W.secctx, c.buf, c.secctxAt, c.secctxEnd);
  if (c.zone >= 0) p = putPair(v, p, W.zone, c.zone);
  if (c.timestampStartAt >= 0) {
    const start = Number(c.timestampStart()! / 1000000000n);
    const stop = c.timestampStop();
    const end = stop !== undefined && stop !== 0n ? Number(stop / 1000000000n) : (o.now ?? Math.floor(Date.now() / 1000));
    const t = String(end - start);
    p = put(v, p, W.delta);
    for (let i = 0; i < t.length; i++) v.setUint8(p++, t.charCodeAt(i));
    v.setUint8(p++, 32);
  }
  if (o.ktimestamp) {
    const t = kernelTimestamps(c.timestampStartAt >= 0 ? c.timestampStart() : undefined, c.timestampStop());
    for (let i = 0; i < t.length; i++) v.setUint8(p++, t.charCodeAt(i));
  }
  if (c.helperAt >= 0) p = putName(out, p, W.helper, c.buf, c.helperAt, c.helperEnd);
  if (c.use >= 0) p = putPair(v, p, W.use, c.use);
  if (o.id && c.id >= 0) p = putPair(v, p, W.idEq, c.id);
  v.setUint8(p - 1, 10); // the last space becomes the newline
  out.pos = p;
}

/**
 * Every remaining entry of a cursor's chunk as lines (writeFlowLine for each); returns how many. A small
 * function of its own, so the per-entry loop is optimised early, not only once the caller's loop is.
 */
export function writeFlowLines(out: LineBuffer, c: FlowCursor, o: FormatOptions = {}): number {
  let n = 0;
  while (c.next()) {
    writeFlowLine(out, c, o);
    n++;
  }
  return n;
}

/** Status names -o save writes after -u, in bit order (the names conntrack -u reads back); none is UNSET. */
const SAVE_STATUS: Array<[number, string]> = [[1, 'EXPECTED'], [2, 'SEEN_REPLY'], [4, 'ASSURED'], [0x400, 'FIXED_TIMEOUT'], [0x4000, 'OFFLOAD'], [0x8000, 'HW_OFFLOAD']];

function saveL4(t: Tuple, proto: number, reply: boolean): string {
  const v6 = proto === 58 ? 'v6' : '';
  if (PORT_PROTOS.has(proto)) {
    if (proto === 33 && !t.sport && !t.dport) return ''; // what conntrack-tools writes for a DCCP entry without ports
    return reply ? ` --reply-port-src ${t.sport ?? 0} --reply-port-dst ${t.dport ?? 0}` : ` --sport ${t.sport ?? 0} --dport ${t.dport ?? 0}`;
  }
  if (proto === 47) return reply ? ` --reply-key-src ${t.sport ?? 0} --reply-key-dst ${t.dport ?? 0}` : ` --srckey ${t.sport ?? 0} --dstkey ${t.dport ?? 0}`;
  if ((proto === 1 || proto === 58) && !reply) return ` --icmp${v6}-type ${t.icmpType ?? 0} --icmp${v6}-code ${t.icmpCode ?? 0} --icmp${v6}-id ${t.icmpId ?? 0}`;
  return '';
}

/**
 * An SCTP verification tag as conntrack-tools reads and writes it: the attribute's four bytes taken in the
 * machine's order (the kernel keeps them as they are on the wire, big-endian; conntrack-tools neither swaps
 * them on -I nor on output). On a little-endian machine that is the byte-swapped value.
 */
export function hostOrderVtag(v: number): number {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return new Uint32Array(new Uint8Array(b).buffer)[0]!; // the same bytes, read in the machine's order
}

/**
 * One entry as `conntrack -L -o save` writes it: a conntrack command line (-A ...) that -R or -I reads back.
 * A NATed reply direction is written as -g (destination NAT: the reply's source) or -n (source NAT: the
 * reply's destination) in place of -r / -q, as conntrack-tools does; the mark is not written (neither is it there).
 */
export function formatSave(f: Flow, command: '-A' | '-D' = '-A'): string {
  const o = f.original;
  const r = f.reply ?? { ...o, src: o.dst, dst: o.src };
  const proto = o.protocol;
  const status = SAVE_STATUS.filter(([bit]) => ((f.status ?? 0) & bit) !== 0).map(([, n]) => n);
  let s = `${command} -t ${f.timeout ?? 0} -u ${status.length ? status.join(',') : 'UNSET'}`;
  if (f.zone !== undefined) s += ` -w ${f.zone}`;
  s += ` -s ${o.src} -d ${o.dst}`;
  s += r.src !== o.dst ? ` -g ${r.src}` : ` -r ${r.src}`;
  s += r.dst !== o.src ? ` -n ${r.dst}` : ` -q ${r.dst}`;
  s += ` -p ${L4_NAMES[proto] ?? proto}` + saveL4(o, proto, false) + saveL4(r, proto, true);
  if (proto === 6 && f.tcp?.state !== undefined) s += ` --state ${TCP_STATES[f.tcp.state] ?? 'NONE'}`;
  if (proto === 132 && f.sctp?.state !== undefined) {
    s += ` --state ${SCTP_STATES[f.sctp.state] ?? 'NONE'}`;
    if (f.sctp.vtagOriginal !== undefined) s += ` --orig-vtag ${hostOrderVtag(f.sctp.vtagOriginal)}`;
    if (f.sctp.vtagReply !== undefined) s += ` --reply-vtag ${hostOrderVtag(f.sctp.vtagReply)}`;
  }
  return s;
}

/** Seconds from the entry's start to its stop (or to `now`), as conntrack-tools' delta-time; undefined without timestamps. */
function deltaTime(f: Flow, now?: number): number | undefined {
  if (f.timestampStart === undefined) return undefined;
  const start = Number(f.timestampStart / 1000000000n);
  const end = f.timestampStop !== undefined && f.timestampStop !== 0n ? Number(f.timestampStop / 1000000000n) : (now ?? Math.floor(Date.now() / 1000));
  return end - start;
}

/** The first and last lines conntrack-tools wraps -o xml entries in (written only when there is an entry). */
export const XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n<conntrack>';
export const XML_FOOTER = '</conntrack>';

function xmlTuple(t: Tuple, family: number, direction: string, counters?: { packets: number | bigint; bytes: number | bigint }): string {
  const proto = t.protocol;
  const l3 = family === 10 ? 'ipv6' : 'ipv4';
  let l4 = '';
  if (PORT_PROTOS.has(proto)) l4 = `<sport>${t.sport ?? 0}</sport><dport>${t.dport ?? 0}</dport>`;
  else if (proto === 47) l4 = `<srckey>0x${(t.sport ?? 0).toString(16)}</srckey><dstkey>0x${(t.dport ?? 0).toString(16)}</dstkey>`;
  return `<meta direction="${direction}"><layer3 protonum="${family}" protoname="${l3}"><src>${t.src}</src><dst>${t.dst}</dst></layer3>`
    + `<layer4 protonum="${proto}" protoname="${L4_NAMES[proto] ?? 'unknown'}">${l4}</layer4>`
    + (counters ? `<counters><packets>${counters.packets}</packets><bytes>${counters.bytes}</bytes></counters>` : '') + '</meta>';
}

/**
 * One entry as `conntrack -o xml` writes it, on one line. The state is named from TCP's table whatever the
 * protocol (an SCTP entry in ESTABLISHED, state 4, reads FIN_WAIT), as conntrack-tools writes it.
 */
export function formatXml(f: Flow, o: Pick<FormatOptions, 'now'> = {}): string {
  const state = f.tcp?.state ?? f.sctp?.state ?? f.dccp?.state;
  let s = '<flow>' + xmlTuple(f.original, f.family, 'original', f.countersOriginal);
  if (f.reply) s += xmlTuple(f.reply, f.family, 'reply', f.countersReply);
  s += '<meta direction="independent">';
  if (state !== undefined) s += `<state>${TCP_STATES[state] ?? 'UNKNOWN'}</state>`;
  if (f.timeout !== undefined) s += `<timeout>${f.timeout}</timeout>`;
  if (f.mark !== undefined) s += `<mark>${f.mark}</mark>`;
  if (f.secmark) s += `<secmark>${f.secmark}</secmark>`;
  if (f.zone !== undefined) s += `<zone>${f.zone}</zone>`;
  if (f.use !== undefined) s += `<use>${f.use}</use>`;
  if (f.id !== undefined) s += `<id>${f.id}</id>`;
  const status = f.status ?? 0;
  if (status & 4) s += '<assured/>';
  if (!(status & 2)) s += '<unreplied/>';
  const delta = deltaTime(f, o.now);
  if (delta !== undefined) s += `<deltatime>${delta}</deltatime>`;
  return s + '</meta></flow>';
}
