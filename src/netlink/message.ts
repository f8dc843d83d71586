// Netlink message framing: struct nlmsghdr, strict splitting of a datagram into messages, encoding.
import { MessageType, NLMSGHDR_FIELDS as O, NLMSG_HDRLEN, alignTo4 } from './constants.js';
import { NetlinkDecodeError, ValidationError } from './errors.js';

/** The nlmsghdr fields besides the length. */
export interface MessageHeader {
  type: number; // nlmsg_type
  flags: number; // nlmsg_flags
  seq: number; // nlmsg_seq
  pid: number; // nlmsg_pid (port id)
}

/** One message: its header and a view of its payload (no copy). */
export interface NetlinkMessage extends MessageHeader {
  length: number; // nlmsg_len
  payload: Buffer;
}

/** The nlmsghdr fields, as readHeader() fills them. */
export interface HeaderFields extends MessageHeader {
  length: number; // nlmsg_len
}

/**
 * Reads the struct nlmsghdr at buf[offset] into `h`: the one place a header is read (host byte order,
 * little-endian here). The caller checks that NLMSG_HDRLEN bytes are there and that nlmsg_len fits.
 */
export function readHeader(buf: Uint8Array, offset: number, h: HeaderFields): void {
  h.length = u32le(buf, offset + O.len);
  h.type = buf[offset + O.type]! | (buf[offset + O.type + 1]! << 8);
  h.flags = buf[offset + O.flags]! | (buf[offset + O.flags + 1]! << 8);
  h.seq = u32le(buf, offset + O.seq);
  h.pid = u32le(buf, offset + O.pid);
}

/** nlmsg_len of the header at buf[offset] (a framing check before readHeader). */
export function headerLength(buf: Uint8Array, offset: number): number {
  return u32le(buf, offset + O.len);
}

const u32le = (b: Uint8Array, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/**
 * A reusable, allocation-free walk over the messages of a buffer: after next() returns true, the header
 * fields and [payloadStart, payloadEnd) describe the current message. Framing is checked exactly as
 * iterateMessages checks it, with the same errors. Hot paths (large dumps) use it instead of one object
 * per message; iterateMessages is built on it.
 */
export class MessageCursor {
  buf: Buffer = EMPTY;
  /** Offset of the current message's header. */
  offset = 0;
  length = 0; // nlmsg_len
  type = 0; // nlmsg_type
  flags = 0; // nlmsg_flags
  seq = 0; // nlmsg_seq
  pid = 0; // nlmsg_pid
  payloadStart = 0;
  payloadEnd = 0;
  private nextOffset = 0;
  private end = 0;
  private context = 'netlink message';

  reset(buf: Buffer, start = 0, end = buf.length, context = 'netlink message'): this {
    this.buf = buf;
    this.nextOffset = start;
    this.end = end;
    this.context = context;
    return this;
  }

  next(): boolean {
    const offset = this.nextOffset;
    const end = this.end;
    if (offset >= end) return false;
    const buf = this.buf;
    if (end - offset < NLMSG_HDRLEN) {
      throw new NetlinkDecodeError(this.context, offset, `${end - offset} trailing bytes, shorter than a ${NLMSG_HDRLEN}-byte header`);
    }
    const length = headerLength(buf, offset);
    if (length < NLMSG_HDRLEN) throw new NetlinkDecodeError(this.context, offset, `nlmsg_len ${length} is smaller than the header`);
    if (length > end - offset) {
      throw new NetlinkDecodeError(this.context, offset, `nlmsg_len ${length} runs past the end of the buffer (${end - offset} bytes left)`);
    }
    this.offset = offset;
    readHeader(buf, offset, this);
    this.payloadStart = offset + NLMSG_HDRLEN;
    this.payloadEnd = offset + length;
    this.nextOffset = offset + ((length + 3) & ~3);
    return true;
  }

  /** The current message as iterateMessages yields it (payload is a view). */
  message(): NetlinkMessage {
    return {
      length: this.length, type: this.type, flags: this.flags, seq: this.seq, pid: this.pid,
      payload: this.buf.subarray(this.payloadStart, this.payloadEnd),
    };
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Splits a buffer (one datagram, or a concatenation of messages) into messages.
 * Fails with NetlinkDecodeError on a length that is too small, runs past the end, or a truncated tail.
 */
export function* iterateMessages(buf: Buffer, context = 'netlink message'): Generator<NetlinkMessage> {
  const c = new MessageCursor().reset(buf, 0, buf.length, context);
  while (c.next()) yield c.message();
}

/**
 * Splits a datagram the way the kernel reads a request (netlink_rcv_skb): it stops quietly at a tail that
 * is too short or whose nlmsg_len is impossible. Tools rely on this (`ip` sends its whole request struct,
 * zeros after the message included), so decoding what they sent must too. `ignored` counts those bytes.
 */
export function splitRequestDatagram(buf: Buffer): { messages: NetlinkMessage[]; ignored: number } {
  const messages: NetlinkMessage[] = [];
  let offset = 0;
  while (buf.length - offset >= NLMSG_HDRLEN) {
    const length = headerLength(buf, offset);
    if (length < NLMSG_HDRLEN || length > buf.length - offset) break;
    messages.push(...iterateMessages(buf.subarray(offset, offset + length)));
    offset = Math.min(buf.length, offset + alignTo4(length));
  }
  return { messages, ignored: buf.length - offset };
}

/** All messages of a datagram; NetlinkDecodeError on a malformed one. */
export function parseMessages(buf: Buffer, context?: string): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  const c = new MessageCursor().reset(buf, 0, buf.length, context);
  while (c.next()) out.push(c.message());
  return out;
}

/** Encodes one message; the payload parts are concatenated and the total padded to 4 bytes. */
export function encodeMessage(header: MessageHeader, ...payload: Uint8Array[]): Buffer {
  let bodyLength = 0;
  for (const p of payload) bodyLength += p.length;
  const length = NLMSG_HDRLEN + bodyLength;
  const out = Buffer.alloc(alignTo4(length));
  writeHeader(out, 0, length, header);
  let at = NLMSG_HDRLEN;
  for (const p of payload) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Writes a struct nlmsghdr at out[offset]: the one place a header is written. ValidationError on a type or flags that is not a u16. */
export function writeHeader(out: Uint8Array, offset: number, length: number, h: MessageHeader): void {
  if (!(h.type >= 0 && h.type <= 0xffff && Number.isInteger(h.type))) throw new ValidationError('nlmsg_type', `${String(h.type)} is not a u16`);
  if (!(h.flags >= 0 && h.flags <= 0xffff && Number.isInteger(h.flags))) throw new ValidationError('nlmsg_flags', `${String(h.flags)} is not a u16`);
  put32le(out, offset + O.len, length >>> 0);
  out[offset + O.type] = h.type & 0xff;
  out[offset + O.type + 1] = h.type >>> 8;
  out[offset + O.flags] = h.flags & 0xff;
  out[offset + O.flags + 1] = h.flags >>> 8;
  put32le(out, offset + O.seq, h.seq >>> 0);
  put32le(out, offset + O.pid, h.pid >>> 0);
}

function put32le(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = v >>> 24;
}

/** Rewrites seq and pid of a message in place (used by batches and replay normalisation). */
export function setSequence(buf: Uint8Array, offset: number, seq: number, pid?: number): void {
  put32le(buf, offset + O.seq, seq >>> 0);
  if (pid !== undefined) put32le(buf, offset + O.pid, pid >>> 0);
}

export const isControlType = (type: number): boolean => type < MessageType.MIN_TYPE;
