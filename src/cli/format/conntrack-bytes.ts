// conntrack-tools' flow line written as bytes straight from a FlowCursor into a LineBuffer: no object or string
// per entry, what `-L` uses on large tables. formatFlow (./conntrack.ts) prints the same line from a typed Flow;
// a test holds the two to it.
import type { FlowCursor, TupleView } from '../../nfnetlink/conntrack/cursor.js';
import { DCCP_STATES, SCTP_STATES, TCP_STATES } from '../../nfnetlink/conntrack/constants.js';
import { ipv6Text } from '../../nfnetlink/conntrack/tuple.js';
import { L3_PREFIX, L4_PREFIX, kernelTimestamps, type FormatOptions } from './conntrack-common.js';
import type { LineBuffer } from './line-buffer.js';

// Written through a DataView in 16/32-bit stores: constant words, address octets and digit pairs are
// pre-packed little-endian, so a line of ~150 bytes takes a few dozen stores. A store may write up to 3
// bytes past the text it adds; the buffer keeps SLACK bytes of room for that and the next write covers them.


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

// Built once when the module loads (a few microseconds), never changed after.
const L4_WORDS: readonly Words[] = L4_PREFIX.map(words);
const l4Prefix = (proto: number): Words => L4_WORDS[proto]!;
const stateWords = (names: readonly string[]): Array<Words | undefined> => names.map((n) => words(n + ' '));
const TCP_STATE_WORDS = stateWords(TCP_STATES);
const SCTP_STATE_WORDS = stateWords(SCTP_STATES);
const DCCP_STATE_WORDS = stateWords(DCCP_STATES);
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
  if (proto === 6) { if (c.tcpState < 0) return p; s = TCP_STATE_WORDS[c.tcpState]; }
  else if (proto === 132) { if (c.sctpState < 0) return p; s = SCTP_STATE_WORDS[c.sctpState]; }
  else if (proto === 33) { if (c.dccpState < 0) return p; s = DCCP_STATE_WORDS[c.dccpState]; }
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

