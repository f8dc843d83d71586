// Stateful objects (NFT_MSG_NEWOBJ as the kernel lists them for NFT_MSG_GETOBJ): table, name, type, handle,
// comment, and for named counters (NFT_OBJECT_COUNTER) their packets and bytes. Other types keep their
// NFTA_OBJ_DATA undecoded (hex), so a listing of every object never fails on a type we do not model.
import { netfilterCodec, parseAttributes, type NetlinkMessage } from '../../netlink/index.js';
import { nfPayload } from '../header.js';
import { FAMILY_NUMBER, ObjAttr, OBJECT_TYPES, type Family } from './constants.js';
import { get, objectBody } from './message.js';
import { decodeComment, encodeComment } from './userdata.js';

/** A stateful object type name (counter, quota, ct helper, ...). */
export type ObjectTypeName = keyof typeof OBJECT_TYPES;

const COUNTER = { BYTES: 1, PACKETS: 2 } as const; // NFTA_COUNTER_BYTES, NFTA_COUNTER_PACKETS
const TYPE_NAMES = new Map(Object.entries(OBJECT_TYPES).map(([n, v]) => [v as number, n as ObjectTypeName]));

/** A named stateful object (NFT_MSG_NEWOBJ): counter, quota, limit, ... */
export interface NftObject {
  family: Family;
  table: string; // NFTA_OBJ_TABLE
  name: string; // NFTA_OBJ_NAME
  /** NFTA_OBJ_TYPE as a number (NFT_OBJECT_*) and its nft name when known. */
  type: number;
  typeName?: ObjectTypeName;
  handle?: number; // NFTA_OBJ_HANDLE
  use?: number; // NFTA_OBJ_USE
  comment?: string; // NFTA_OBJ_USERDATA, nft's comment
  /** NFT_OBJECT_COUNTER: NFTA_COUNTER_PACKETS / _BYTES. */
  counter?: { packets: number; bytes: number };
  /** NFTA_OBJ_DATA of other types, as hex. */
  data?: string;
}

/** Decodes an NFT_MSG_NEWOBJ message. */
export function decodeObject(msg: NetlinkMessage): NftObject {
  const b = objectBody(msg, 'object');
  const type = get.u32(b, ObjAttr.TYPE) ?? 0;
  const o: NftObject = { family: b.family, table: get.string(b, ObjAttr.TABLE, 'object'), name: get.string(b, ObjAttr.NAME, 'object'), type };
  const typeName = TYPE_NAMES.get(type);
  if (typeName) o.typeName = typeName;
  const handle = get.u64(b, ObjAttr.HANDLE);
  if (handle !== undefined) o.handle = handle;
  const use = get.u32(b, ObjAttr.USE);
  if (use !== undefined) o.use = use;
  const ud = get.hex(b, ObjAttr.USERDATA);
  if (ud !== undefined) {
    const comment = decodeComment(ud);
    if (comment !== undefined) o.comment = comment;
  }
  const data = b.attrs.get(ObjAttr.DATA);
  if (data) {
    if (type === OBJECT_TYPES.counter) {
      const c = { packets: 0, bytes: 0 };
      for (const a of parseAttributes(data.value, 0, data.value.length, 'NFTA_OBJ_DATA')) {
        if (a.type === COUNTER.PACKETS) c.packets = netfilterCodec.u64n(a);
        else if (a.type === COUNTER.BYTES) c.bytes = netfilterCodec.u64n(a);
      }
      o.counter = c;
    } else {
      o.data = data.value.toString('hex');
    }
  }
  return o;
}

/** NEWOBJ payload: table, name, type, then NFTA_OBJ_DATA (a counter's values, or `data` as it is). */
export function encodeObject(o: NftObject): Buffer {
  const w = netfilterCodec.writer(128).string(ObjAttr.TABLE, o.table).string(ObjAttr.NAME, o.name).u32(ObjAttr.TYPE, o.type);
  if (o.counter) w.nested(ObjAttr.DATA, (d) => d.u64(COUNTER.BYTES, o.counter!.bytes).u64(COUNTER.PACKETS, o.counter!.packets));
  else if (o.data !== undefined) w.nested(ObjAttr.DATA, (d) => d.raw(Buffer.from(o.data!, 'hex')));
  if (o.comment !== undefined) w.bytes(ObjAttr.USERDATA, Buffer.from(encodeComment(o.comment), 'hex'));
  return nfPayload(FAMILY_NUMBER[o.family], w.finish());
}
