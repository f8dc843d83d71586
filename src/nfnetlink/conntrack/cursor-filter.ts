// A FlowFilter compiled for FlowCursor: matchFlow's rules applied to the cursor's numbers and address
// bytes, so entries are tested without decoding them.
import { AF_UNSPEC, ipv4ToBytes, ipv6ToBytes } from '../../netlink/core.js';
import type { FlowFilter, TupleMatch } from './filter.js';
import type { FlowCursor } from './cursor.js';
import type { TupleView } from './tuple.js';

/** A FlowFilter turned into numbers and address bytes, for testing entries without decoding them. */
interface CompiledTupleMatch {
  src?: Buffer;
  dst?: Buffer;
  srcMask?: Buffer;
  dstMask?: Buffer;
  sport: number;
  dport: number;
  icmpType: number;
  icmpCode: number;
  icmpId: number;
  zone: number;
}
export interface CompiledFilter {
  family: number;
  zone: number;
  mark: number;
  markMask: number;
  status: number;
  statusMask: number;
  protocol: number;
  state: number;
  original?: CompiledTupleMatch;
  reply?: CompiledTupleMatch;
}

const opt = (v: number | undefined): number => (v === undefined ? -1 : v);

function compileTuple(m: TupleMatch | undefined): CompiledTupleMatch | undefined {
  if (!m) return undefined;
  const addr = (a: string | undefined): Buffer | undefined => (a === undefined ? undefined : a.includes(':') ? ipv6ToBytes(a) : ipv4ToBytes(a));
  return {
    src: addr(m.src), dst: addr(m.dst), srcMask: addr(m.srcMask), dstMask: addr(m.dstMask), sport: opt(m.sport), dport: opt(m.dport), icmpType: opt(m.icmpType),
    icmpCode: opt(m.icmpCode), icmpId: opt(m.icmpId), zone: opt(m.zone),
  };
}

/** Compiles a validated filter (validateFilter) for FlowCursor; matchFlow's rules, on the record. */
export function compileFilter(f: FlowFilter): CompiledFilter {
  return {
    family: f.family === undefined || f.family === AF_UNSPEC ? -1 : f.family,
    zone: opt(f.zone),
    mark: f.mark === undefined ? -1 : f.mark >>> 0,
    markMask: (f.markMask ?? 0xffffffff) >>> 0,
    status: f.status === undefined ? -1 : f.status >>> 0,
    statusMask: (f.statusMask ?? f.status ?? 0) >>> 0,
    protocol: opt(f.protocol),
    state: opt(f.state),
    original: compileTuple(f.original),
    reply: compileTuple(f.reply),
  };
}

function sameBytes(buf: Buffer, at: number, len: number, want: Buffer): boolean {
  if (len !== want.length) return false;
  for (let i = 0; i < len; i++) if (buf[at + i] !== want[i]) return false;
  return true;
}

/** (buf[at, at+len) & mask) == (want & mask). */
function sameMaskedBytes(buf: Buffer, at: number, len: number, want: Buffer, mask: Buffer): boolean {
  if (len !== want.length || len !== mask.length) return false;
  for (let i = 0; i < len; i++) if ((buf[at + i]! & mask[i]!) !== (want[i]! & mask[i]!)) return false;
  return true;
}

function tupleMatches(t: TupleView, m: CompiledTupleMatch): boolean {
  if (!t.present) return false;
  if (m.src && !(m.srcMask ? sameMaskedBytes(t.buf, t.srcAt, t.srcLen, m.src, m.srcMask) : sameBytes(t.buf, t.srcAt, t.srcLen, m.src))) return false;
  if (m.dst && !(m.dstMask ? sameMaskedBytes(t.buf, t.dstAt, t.dstLen, m.dst, m.dstMask) : sameBytes(t.buf, t.dstAt, t.dstLen, m.dst))) return false;
  if (m.sport >= 0 && t.sport !== m.sport) return false;
  if (m.dport >= 0 && t.dport !== m.dport) return false;
  if (m.icmpType >= 0 && t.icmpType !== m.icmpType) return false;
  if (m.icmpCode >= 0 && t.icmpCode !== m.icmpCode) return false;
  if (m.icmpId >= 0 && t.icmpId !== m.icmpId) return false;
  if (m.zone >= 0 && (t.zone < 0 ? 0 : t.zone) !== m.zone) return false;
  return true;
}

/** matchFlow's rules on the cursor's current entry. */
export function cursorMatches(c: FlowCursor, f: CompiledFilter): boolean {
  if (f.family >= 0 && c.family !== f.family) return false;
  if (f.zone >= 0 && (c.zone < 0 ? 0 : c.zone) !== f.zone) return false;
  if (f.mark >= 0 && (((c.mark < 0 ? 0 : c.mark) & f.markMask) >>> 0) !== f.mark) return false;
  if (f.status >= 0 && (((c.status < 0 ? 0 : c.status) & f.statusMask) >>> 0) !== ((f.status & f.statusMask) >>> 0)) return false;
  if (f.protocol >= 0 && c.original.protocol !== f.protocol) return false;
  if (f.state >= 0 && c.protocolState() !== f.state) return false;
  if (f.original && !tupleMatches(c.original, f.original)) return false;
  if (f.reply && !tupleMatches(c.reply, f.reply)) return false;
  return true;
}
