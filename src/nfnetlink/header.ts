// struct nfgenmsg (linux/netfilter/nfnetlink.h): the 4-byte header after nlmsghdr in every nfnetlink message.
import { NetlinkDecodeError, ValidationError } from '../netlink/index.js';
import { NFNETLINK_V0 } from './constants.js';

/** The nfgenmsg header of every nfnetlink message. */
export interface NfGenMsg {
  family: number; // nfgen_family (AF_INET, AF_INET6, NFPROTO_*)
  version: number; // version (NFNETLINK_V0)
  resourceId: number; // res_id, big-endian on the wire
}

/** sizeof(struct nfgenmsg). */
export const NFGENMSG_SIZE = 4;

/** Encodes an nfgenmsg header. */
export function encodeNfGenMsg(family: number, resourceId = 0, version = NFNETLINK_V0): Buffer {
  if (!(Number.isInteger(family) && family >= 0 && family <= 0xff)) throw new ValidationError('nfgen_family', `${String(family)} is not a protocol family number (0..255)`);
  const b = Buffer.alloc(NFGENMSG_SIZE);
  b[0] = family;
  b[1] = version;
  b.writeUInt16BE(resourceId & 0xffff, 2);
  return b;
}

/** Decodes the nfgenmsg header at the start of a payload. */
export function decodeNfGenMsg(payload: Buffer): NfGenMsg {
  if (payload.length < NFGENMSG_SIZE) throw new NetlinkDecodeError('nfgenmsg', 0, `payload of ${payload.length} bytes is shorter than nfgenmsg`);
  return { family: payload[0]!, version: payload[1]!, resourceId: payload.readUInt16BE(2) };
}

/** nfgenmsg followed by attributes. */
export function nfPayload(family: number, attributes: Uint8Array, resourceId = 0): Buffer {
  return Buffer.concat([encodeNfGenMsg(family, resourceId), attributes]);
}
