// The view of a conntrack entry, and the one decoder of it: a FlowCursor walks the conntrack messages of raw
// dump chunks (FlowDump.cursors(), or any buffer of nlmsghdr-framed messages), or one payload (load()), with
// the core's attribute cursor, and exposes the current entry as numbers and buffer offsets in one reused
// record; nothing is allocated per entry. It is what `nlts conntrack -L` formats from. toModel() (flow())
// gives the typed Flow: decodeFlow is load() + toModel().
//
// What the walk reads it checks (framing of every top-level attribute and of the nests it reads, sizes of the
// values it reads). Nests the fast path does not need (NAT, sequence adjustment, synproxy, master tuple) are
// checked and read by toModel(). Malformed input throws NetlinkDecodeError.
import { AttributeCursor, MessageCursor, NLA_TYPE_MASK, NetlinkDecodeError, netfilterCodec } from '../../netlink/core.js';
import { CTA, CTA_COUNTERS, CTA_HELP, CTA_SECCTX, CTA_TIMESTAMP, CtMsg } from './constants.js';
import type { Flow } from './flow.js';
import type { FlowFilter } from './filter.js';
import { TupleView, type Tuple } from './tuple.js';
import { compileFilter, cursorMatches, type CompiledFilter } from './cursor-filter.js';
import { helpModel, natModel, parseProtoinfo, protoinfoModel, seqAdjModel, synproxyModel } from './flow-nests.js';

export { TupleView };

const EMPTY = Buffer.alloc(0);

/** Top-level attributes whose model value the view holds (toModel() needs no cursor for them), as bits by type. */
const VIEW_SCALARS = [
  CTA.TUPLE_ORIG, CTA.TUPLE_REPLY, CTA.STATUS, CTA.TIMEOUT, CTA.MARK, CTA.USE, CTA.ID, CTA.ZONE, CTA.SECMARK, CTA.COUNTERS_ORIG,
  CTA.COUNTERS_REPLY, CTA.TIMESTAMP, CTA.SECCTX,
].reduce((bits, t) => bits | (1 << t), 0);

/** Counters a cursor keeps for a filtered dump (FlowDump.report). */
export interface CursorCounts {
  received: number;
  matched: number;
  filteredLocally: number;
}

/**
 * Walks conntrack entries (IPCTNL_MSG_CT_NEW messages) in raw chunks. After next() returns true the fields
 * describe the current entry: numbers are -1 where the attribute was absent (all of them are unsigned).
 * Everything is overwritten by the next call; copy what must outlive it, or call flow().
 */
export class FlowCursor {
  /** The chunk being walked. */
  buf: Buffer = EMPTY;
  /** The nlmsghdr walk: type, flags, seq, pid, offset and length of the current message. */
  readonly message = new MessageCursor();
  family = 0; // nfgen_family
  readonly original = new TupleView(); // CTA_TUPLE_ORIG (present: false, protocol 0 when absent)
  readonly reply = new TupleView(); // CTA_TUPLE_REPLY
  status = -1; // CTA_STATUS
  timeout = -1; // CTA_TIMEOUT
  mark = -1; // CTA_MARK
  secmark = -1; // CTA_SECMARK
  use = -1; // CTA_USE
  id = -1; // CTA_ID
  zone = -1; // CTA_ZONE
  tcpState = -1; // CTA_PROTOINFO_TCP_STATE
  sctpState = -1; // CTA_PROTOINFO_SCTP_STATE
  dccpState = -1; // CTA_PROTOINFO_DCCP_STATE
  hasCountersOriginal = false; // CTA_COUNTERS_ORIG
  packetsOriginal = 0;
  bytesOriginal = 0;
  hasCountersReply = false; // CTA_COUNTERS_REPLY
  packetsReply = 0;
  bytesReply = 0;
  /** Offset of the 8-byte big-endian CTA_TIMESTAMP_START / _STOP value, -1 when absent. */
  timestampStartAt = -1;
  timestampStopAt = -1;
  /** CTA_HELP_NAME bytes buf[helperAt, helperEnd) without the NUL; helperAt -1 when absent. */
  helperAt = -1;
  helperEnd = -1;
  /** CTA_SECCTX_NAME bytes, as the helper's. */
  secctxAt = -1;
  secctxEnd = -1;
  /** The CTA_TUPLE_ORIG attribute, header included: buf[originalAttrAt, originalAttrEnd) (-1 when absent). */
  originalAttrAt = -1;
  originalAttrEnd = -1;

  private readonly filter: CompiledFilter | undefined;
  private context = 'conntrack dump';
  private base = 0; // where the current payload starts: error offsets are relative to it
  // The current entry's top-level attributes in order, (raw nla_type, header offset) each: toModel() takes
  // the scalars from the view and revisits only the nests, without walking the payload again.
  private attrs = new Int32Array(64);
  private attrCount = 0;
  private readonly master = new TupleView(); // CTA_TUPLE_MASTER, read by toModel()
  private readonly top = new AttributeCursor(netfilterCodec);
  private readonly nest = new AttributeCursor(netfilterCodec);
  private readonly leaf = new AttributeCursor(netfilterCodec);

  /**
   * `filter` (validated, see validateFilter): next() skips entries it does not match, as matchFlow would,
   * counting them in `counts` (filteredLocally) with the entries seen (received) and passed (matched).
   */
  constructor(filter?: FlowFilter, readonly counts: CursorCounts = { received: 0, matched: 0, filteredLocally: 0 }) {
    this.filter = filter ? compileFilter(filter) : undefined;
  }

  /** Starts on a buffer of whole netlink messages (a dump chunk, a datagram). */
  reset(chunk: Buffer, context = 'conntrack dump'): this {
    this.buf = chunk;
    this.context = context;
    this.message.reset(chunk, 0, chunk.length, context);
    return this;
  }

  /** Makes the payload buf[start, end) (nfgenmsg + attributes) the current entry. Error offsets are relative to start. */
  load(buf: Buffer, start: number, end: number): this {
    this.buf = buf;
    this.message.reset(buf, end, end, this.context); // no messages: next() is false
    this.parse(start, end);
    return this;
  }

  /** Moves to the next entry (that passes the filter); false at the end of the buffer. */
  next(): boolean {
    const m = this.message;
    while (m.next()) {
      if ((m.type & 0xff) !== CtMsg.NEW) continue;
      this.parse(m.payloadStart, m.payloadEnd);
      this.counts.received++;
      if (this.filter && !cursorMatches(this, this.filter)) {
        this.counts.filteredLocally++;
        continue;
      }
      this.counts.matched++;
      return true;
    }
    return false;
  }

  /** The current entry's payload (nfgenmsg + attributes), a view of the chunk. */
  payload(): Buffer {
    return this.buf.subarray(this.base, this.payloadEnd);
  }

  /** The current entry as the typed model (see toModel). */
  flow(): Flow {
    return this.toModel();
  }

  /** CTA_TIMESTAMP_START / _STOP in ns, undefined when absent. */
  timestampStart(): bigint | undefined {
    return this.timestampStartAt < 0 ? undefined : this.buf.readBigUInt64BE(this.timestampStartAt);
  }
  timestampStop(): bigint | undefined {
    return this.timestampStopAt < 0 ? undefined : this.buf.readBigUInt64BE(this.timestampStopAt);
  }

  /** The TCP, SCTP or DCCP state of the current entry (by its protocol), -1 when it has none. */
  protocolState(): number {
    switch (this.original.protocol) {
      case 6: return this.tcpState; // IPPROTO_TCP
      case 132: return this.sctpState; // IPPROTO_SCTP
      case 33: return this.dccpState; // IPPROTO_DCCP
      default: return -1;
    }
  }

  private payloadEnd = 0;

  /** Parses the payload buf[start, end). */
  private parse(start: number, end: number): void {
    const buf = this.buf;
    if (end - start < 4) throw new NetlinkDecodeError('conntrack message', 0, `payload of ${end - start} bytes is shorter than nfgenmsg`);
    this.base = start;
    this.payloadEnd = end;
    this.family = buf[start]!;
    this.original.clear();
    this.reply.clear();
    this.status = -1;
    this.timeout = -1;
    this.mark = -1;
    this.secmark = -1;
    this.use = -1;
    this.id = -1;
    this.zone = -1;
    this.tcpState = -1;
    this.sctpState = -1;
    this.dccpState = -1;
    this.hasCountersOriginal = false;
    this.hasCountersReply = false;
    this.timestampStartAt = -1;
    this.timestampStopAt = -1;
    this.helperAt = -1;
    this.secctxAt = -1;
    this.originalAttrAt = -1;
    let n = 0;
    const c = this.top.reset(buf, start + 4, end, 'conntrack message', start);
    while (c.next()) {
      if (n === this.attrs.length) this.growAttrs();
      this.attrs[n++] = c.rawType;
      this.attrs[n++] = c.start;
      switch (c.type) {
        case CTA.TUPLE_ORIG: this.original.parse(buf, c.valueStart, c.valueEnd, start); this.originalAttrAt = c.start; this.originalAttrEnd = c.valueEnd; break;
        case CTA.TUPLE_REPLY: this.reply.parse(buf, c.valueStart, c.valueEnd, start); break;
        case CTA.STATUS: this.status = c.u32be('CTA_STATUS'); break;
        case CTA.TIMEOUT: this.timeout = c.u32be('CTA_TIMEOUT'); break;
        case CTA.MARK: this.mark = c.u32be('CTA_MARK'); break;
        case CTA.USE: this.use = c.u32be('CTA_USE'); break;
        case CTA.ID: this.id = c.u32be('CTA_ID'); break;
        case CTA.ZONE: this.zone = c.u16be('CTA_ZONE'); break;
        case CTA.SECMARK: this.secmark = c.u32be('CTA_SECMARK'); break;
        case CTA.MARK_MASK: c.expect(4, 'CTA_MARK_MASK'); break;
        case CTA.TIMESTAMP_EVENT: c.expect(8, 'CTA_TIMESTAMP_EVENT'); break;
        case CTA.PROTOINFO: parseProtoinfo(c.child(this.nest, 'CTA_PROTOINFO'), this.leaf, this); break;
        case CTA.COUNTERS_ORIG: this.parseCounters(c.child(this.nest, 'CTA_COUNTERS'), true); break;
        case CTA.COUNTERS_REPLY: this.parseCounters(c.child(this.nest, 'CTA_COUNTERS'), false); break;
        case CTA.TIMESTAMP: this.parseTimestamp(c.child(this.nest, 'CTA_TIMESTAMP')); break;
        case CTA.HELP: this.parseNamed(c.child(this.nest, 'CTA_HELP'), CTA_HELP.NAME, true); break;
        case CTA.SECCTX: this.parseNamed(c.child(this.nest, 'CTA_SECCTX'), CTA_SECCTX.NAME, false); break;
        default: break;
      }
    }
    this.attrCount = n;
  }

  private growAttrs(): void {
    const a = new Int32Array(this.attrs.length * 2);
    a.set(this.attrs);
    this.attrs = a;
  }

  private parseCounters(c: AttributeCursor, original: boolean): void {
    let packets = 0;
    let bytes = 0;
    while (c.next()) {
      switch (c.type) {
        case CTA_COUNTERS.PACKETS: packets = c.u64nbe('CTA_COUNTERS_PACKETS'); break;
        case CTA_COUNTERS.BYTES: bytes = c.u64nbe('CTA_COUNTERS_BYTES'); break;
        case CTA_COUNTERS.PACKETS32: packets = c.u32be('CTA_COUNTERS32_PACKETS'); break;
        case CTA_COUNTERS.BYTES32: bytes = c.u32be('CTA_COUNTERS32_BYTES'); break;
        default: break;
      }
    }
    if (original) {
      this.hasCountersOriginal = true;
      this.packetsOriginal = packets;
      this.bytesOriginal = bytes;
    } else {
      this.hasCountersReply = true;
      this.packetsReply = packets;
      this.bytesReply = bytes;
    }
  }

  private parseTimestamp(c: AttributeCursor): void {
    while (c.next()) {
      if (c.type === CTA_TIMESTAMP.START) this.timestampStartAt = c.expect(8, 'CTA_TIMESTAMP_START').valueStart;
      else if (c.type === CTA_TIMESTAMP.STOP) this.timestampStopAt = c.expect(8, 'CTA_TIMESTAMP_STOP').valueStart;
    }
  }

  /** CTA_HELP / CTA_SECCTX: the NAME's bytes up to its NUL. */
  private parseNamed(c: AttributeCursor, nameType: number, helper: boolean): void {
    while (c.next()) {
      if (c.type !== nameType) continue;
      const b = c.buf;
      let z = c.valueStart;
      while (z < c.valueEnd && b[z] !== 0) z++;
      if (helper) { this.helperAt = c.valueStart; this.helperEnd = z; } else { this.secctxAt = c.valueStart; this.secctxEnd = z; }
    }
  }

  /**
   * The current entry as the typed Flow: its fields in the order their attributes came (family and original
   * first), the nests the walk skipped checked and read now, unknown attributes kept (values are views of buf).
   */
  toModel(): Flow {
    const buf = this.buf;
    const original: Tuple = this.original.present ? this.original.toModel() : { src: '', dst: '', protocol: 0 };
    const f: Flow = { family: this.family, original };
    const c = this.top;
    const a = this.attrs;
    for (let i = 0; i < this.attrCount; i += 2) {
      const type = a[i]! & NLA_TYPE_MASK;
      // Each field made in the order its attribute came; the nests' readers get the cursor on it again.
      if (type > 31 || ((VIEW_SCALARS >>> type) & 1) === 0) c.reset(buf, a[i + 1]!, this.payloadEnd, 'conntrack message', this.base).next();
      switch (type) {
        case CTA.TUPLE_ORIG: break;
        case CTA.TUPLE_REPLY: f.reply = this.reply.toModel(); break;
        case CTA.STATUS: f.status = this.status; break;
        case CTA.TIMEOUT: f.timeout = this.timeout; break;
        case CTA.MARK: f.mark = this.mark; break;
        case CTA.USE: f.use = this.use; break;
        case CTA.ID: f.id = this.id; break;
        case CTA.ZONE: f.zone = this.zone; break;
        case CTA.PROTOINFO: protoinfoModel(c.child(this.nest, 'CTA_PROTOINFO'), this.leaf, f); break;
        case CTA.COUNTERS_ORIG: f.countersOriginal = { packets: this.packetsOriginal, bytes: this.bytesOriginal }; break;
        case CTA.COUNTERS_REPLY: f.countersReply = { packets: this.packetsReply, bytes: this.bytesReply }; break;
        case CTA.SYNPROXY: f.synproxy = synproxyModel(c.child(this.nest, 'CTA_SYNPROXY')); break;
        case CTA.TIMESTAMP: this.timestampModel(f); break;
        case CTA.TIMESTAMP_EVENT: f.timestampEvent = c.u64be(); break;
        case CTA.TUPLE_MASTER: f.master = this.master.parse(buf, c.valueStart, c.valueEnd, this.base).toModel(); break;
        case CTA.SEQ_ADJ_ORIG: f.seqAdjOriginal = seqAdjModel(c.child(this.nest, 'CTA_SEQ_ADJ')); break;
        case CTA.SEQ_ADJ_REPLY: f.seqAdjReply = seqAdjModel(c.child(this.nest, 'CTA_SEQ_ADJ')); break;
        case CTA.SECMARK: f.secmark = this.secmark; break;
        case CTA.HELP: helpModel(c.child(this.nest, 'CTA_HELP'), f); break;
        case CTA.SECCTX: if (this.secctxAt >= 0) f.secctx = buf.toString('utf8', this.secctxAt, this.secctxEnd); break;
        case CTA.LABELS: f.labels = Buffer.from(c.value()); break;
        case CTA.LABELS_MASK: f.labelsMask = Buffer.from(c.value()); break;
        case CTA.MARK_MASK: f.markMask = c.u32be(); break;
        case CTA.NAT_SRC: f.natSrc = natModel(c.child(this.nest, 'CTA_NAT'), this.leaf); break;
        case CTA.NAT_DST: f.natDst = natModel(c.child(this.nest, 'CTA_NAT'), this.leaf); break;
        default: (f.unknown ??= []).push(c.attribute());
      }
    }
    return f;
  }

  /** CTA_TIMESTAMP's START and STOP, in the order they came. */
  private timestampModel(f: Flow): void {
    const start = this.timestampStart();
    const stop = this.timestampStop();
    if (stop !== undefined && start !== undefined && this.timestampStopAt < this.timestampStartAt) {
      f.timestampStop = stop;
      f.timestampStart = start;
    } else {
      if (start !== undefined) f.timestampStart = start;
      if (stop !== undefined) f.timestampStop = stop;
    }
  }
}

/**
 * Decodes an IPCTNL_MSG_CT_NEW / _DELETE message payload (nfgenmsg + attributes).
 * Throws NetlinkDecodeError (and nothing else) on malformed input.
 */
export function decodeFlow(payload: Buffer): Flow {
  return decodeFlowAt(payload, 0, payload.length);
}

/**
 * decodeFlow for the payload at buf[start, end) (a message inside a received datagram, without making a
 * view of it first). Error offsets are relative to `start`. Unknown attributes' values are views of `buf`.
 */
export function decodeFlowAt(buf: Buffer, start: number, end: number): Flow {
  return new FlowCursor().load(buf, start, end).toModel();
}
