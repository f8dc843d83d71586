// Shared by the object codecs: a decoded nf_tables message's family and attributes.
import { type Attribute, type NetlinkMessage, netfilterCodec, parseAttributes, NetlinkDecodeError } from '../../netlink/index.js';
import { NFGENMSG_SIZE, decodeNfGenMsg } from '../header.js';
import { type Family, familyName } from './constants.js';

export interface ObjectBody {
  family: Family;
  attrs: Map<number, Attribute>;
}

export function objectBody(msg: NetlinkMessage, what: string): ObjectBody {
  const h = decodeNfGenMsg(msg.payload);
  const family = familyName(h.family);
  if (!family) throw new NetlinkDecodeError(what, 16, `unknown nfgen_family ${h.family}`);
  const attrs = new Map<number, Attribute>();
  for (const a of parseAttributes(msg.payload, NFGENMSG_SIZE, msg.payload.length, what)) attrs.set(a.type, a);
  return { family, attrs };
}

/** Typed getters that name the object in errors. */
export const get = {
  string(b: ObjectBody, type: number, what: string): string {
    const a = b.attrs.get(type);
    if (!a) throw new NetlinkDecodeError(what, 0, `attribute ${type} is missing`);
    return netfilterCodec.string(a);
  },
  u32(b: ObjectBody, type: number): number | undefined {
    const a = b.attrs.get(type);
    return a ? netfilterCodec.u32(a) : undefined;
  },
  u64(b: ObjectBody, type: number): number | undefined {
    const a = b.attrs.get(type);
    return a ? netfilterCodec.u64n(a) : undefined;
  },
  str(b: ObjectBody, type: number): string | undefined {
    const a = b.attrs.get(type);
    return a ? netfilterCodec.string(a) : undefined;
  },
  hex(b: ObjectBody, type: number): string | undefined {
    const a = b.attrs.get(type);
    return a ? a.value.toString('hex') : undefined;
  },
};
