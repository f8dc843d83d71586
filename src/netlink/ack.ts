// Decoding of NLMSG_ERROR (struct nlmsgerr) and of the error code a NLMSG_DONE may carry,
// including the extended ACK TLVs (NLMSGERR_ATTR_*).
import { ExtAckAttr, Flags, NLMSG_HDRLEN, alignTo4 } from './constants.js';
import { hostCodec, parseAttributes } from './attributes.js';
import { type ExtendedAck, NetlinkDecodeError } from './errors.js';
import { readHeader, type HeaderFields, type NetlinkMessage } from './message.js';

/** What an NLMSG_ERROR message says: success (errno 0) or the error, with its extended ACK. */
export interface AckInfo {
  /** 0 for an ACK, a positive errno for an error. */
  errno: number;
  /** Type of the request this answers (from the echoed header). */
  requestType?: number;
  requestSeq?: number;
  extAck: ExtendedAck;
}

function parseExtAck(buf: Buffer, start: number): ExtendedAck {
  const ack: ExtendedAck = {};
  if (start >= buf.length) return ack;
  for (const a of parseAttributes(buf, start, buf.length, 'extended ack')) {
    switch (a.type) {
      case ExtAckAttr.MSG: ack.message = hostCodec.string(a); break;
      case ExtAckAttr.OFFS: ack.offset = hostCodec.u32(a); break;
      case ExtAckAttr.COOKIE: ack.cookie = Buffer.from(a.value); break;
      case ExtAckAttr.MISS_TYPE: ack.missingType = hostCodec.u32(a); break;
      case ExtAckAttr.MISS_NEST: ack.missingNest = hostCodec.u32(a); break;
      default: break; // NLMSGERR_ATTR_POLICY and newer ones are informational
    }
  }
  return ack;
}

/** Decodes the payload of an NLMSG_ERROR message. */
export function decodeError(msg: NetlinkMessage): AckInfo {
  const p = msg.payload;
  if (p.length < 4) throw new NetlinkDecodeError('NLMSG_ERROR', 0, `payload of ${p.length} bytes has no error code`);
  const errno = -p.readInt32LE(0);
  if (p.length < 4 + NLMSG_HDRLEN) return { errno, extAck: {} };
  // The request's nlmsghdr, echoed after the error code (struct nlmsgerr).
  const request: HeaderFields = { length: 0, type: 0, flags: 0, seq: 0, pid: 0 };
  readHeader(p, 4, request);
  const requestType = request.type;
  const requestSeq = request.seq;
  // Without NLM_F_CAPPED the whole request is echoed before the TLVs.
  const echoed = msg.flags & Flags.CAPPED ? NLMSG_HDRLEN : alignTo4(Math.max(request.length, NLMSG_HDRLEN));
  const tlvStart = 4 + echoed;
  const extAck = msg.flags & Flags.ACK_TLVS && tlvStart <= p.length ? parseExtAck(p, tlvStart) : {};
  return { errno, requestType, requestSeq, extAck };
}

/** The error a NLMSG_DONE carries (dumps report failures there); 0 when it carries none. */
export function decodeDone(msg: NetlinkMessage): AckInfo {
  const p = msg.payload;
  if (p.length < 4) return { errno: 0, extAck: {} };
  const errno = -p.readInt32LE(0);
  const extAck = msg.flags & Flags.ACK_TLVS ? parseExtAck(p, 4) : {};
  return { errno, extAck };
}
