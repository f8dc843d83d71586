// Netlink message framing: struct nlmsghdr, strict splitting of a datagram into messages, encoding.
import { MessageType, NLMSG_HDRLEN, alignTo4 } from './constants.js';
import { NetlinkDecodeError } from './errors.js';
import { NLMSGHDR_OFFSETS as O } from './structs.js';

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

/**
 * Splits a buffer (one datagram, or a concatenation of messages) into messages.
 * Fails with NetlinkDecodeError on a length that is too small, runs past the end, or a truncated tail.
 */
export function* iterateMessages(buf: Buffer, context = 'netlink message'): Generator<NetlinkMessage> {
  let offset = 0;
  const end = buf.length;
  while (offset < end) {
    if (end - offset < NLMSG_HDRLEN) {
      throw new NetlinkDecodeError(context, offset, `${end - offset} trailing bytes, shorter than a ${NLMSG_HDRLEN}-byte header`);
    }
    const length = buf.readUInt32LE(offset + O.len);
    if (length < NLMSG_HDRLEN) throw new NetlinkDecodeError(context, offset, `nlmsg_len ${length} is smaller than the header`);
    if (length > end - offset) {
      throw new NetlinkDecodeError(context, offset, `nlmsg_len ${length} runs past the end of the buffer (${end - offset} bytes left)`);
    }
    yield {
      length,
      type: buf.readUInt16LE(offset + O.type),
      flags: buf.readUInt16LE(offset + O.flags),
      seq: buf.readUInt32LE(offset + O.seq),
      pid: buf.readUInt32LE(offset + O.pid),
      payload: buf.subarray(offset + NLMSG_HDRLEN, offset + length),
    };
    offset += alignTo4(length);
  }
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
    const length = buf.readUInt32LE(offset + O.len);
    if (length < NLMSG_HDRLEN || length > buf.length - offset) break;
    messages.push(...iterateMessages(buf.subarray(offset, offset + length)));
    offset = Math.min(buf.length, offset + alignTo4(length));
  }
  return { messages, ignored: buf.length - offset };
}

export function parseMessages(buf: Buffer, context?: string): NetlinkMessage[] {
  return [...iterateMessages(buf, context)];
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

export function writeHeader(out: Buffer, offset: number, length: number, h: MessageHeader): void {
  out.writeUInt32LE(length >>> 0, offset + O.len);
  out.writeUInt16LE(h.type, offset + O.type);
  out.writeUInt16LE(h.flags, offset + O.flags);
  out.writeUInt32LE(h.seq >>> 0, offset + O.seq);
  out.writeUInt32LE(h.pid >>> 0, offset + O.pid);
}

/** Rewrites seq and pid of a message in place (used by batches and replay normalisation). */
export function setSequence(buf: Buffer, offset: number, seq: number, pid?: number): void {
  buf.writeUInt32LE(seq >>> 0, offset + O.seq);
  if (pid !== undefined) buf.writeUInt32LE(pid >>> 0, offset + O.pid);
}

export const isControlType = (type: number): boolean => type < MessageType.MIN_TYPE;
