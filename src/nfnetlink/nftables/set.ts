// Sets and maps (NFT_MSG_NEWSET / DELSET) and their elements (NFT_MSG_NEWSETELEM / DELSETELEM).
import { type Attribute, netfilterCodec, type NetlinkMessage, parseAttributes, NetlinkDecodeError, type AttributeWriter } from '../../netlink/index.js';
import { nfPayload } from '../header.js';
import { FAMILY_NUMBER, type Family, NFTA_LIST_ELEM, SetAttr, SetDescAttr, SetElemAttr, SetElemFlag, SetElemListAttr, SetFlag } from './constants.js';
import { get, objectBody } from './message.js';
import { decodeData } from './expressions/reader.js';
import { writeData } from './expressions/writer.js';
import type { NftData } from './expressions/types.js';

/** One set element: key, and for maps data or a verdict. */
export interface SetElement {
  key: string; // NFTA_SET_ELEM_KEY (hex)
  keyEnd?: string; // NFTA_SET_ELEM_KEY_END (hex)
  data?: NftData; // NFTA_SET_ELEM_DATA
  flags?: number; // NFTA_SET_ELEM_FLAGS (SetElemFlag)
  timeout?: number; // NFTA_SET_ELEM_TIMEOUT (ms)
  expiration?: number; // NFTA_SET_ELEM_EXPIRATION (ms)
  userdata?: string; // NFTA_SET_ELEM_USERDATA
}

/** An nftables set or map. */
export interface NftSet {
  family: Family;
  table: string; // NFTA_SET_TABLE
  name: string; // NFTA_SET_NAME
  flags: number; // NFTA_SET_FLAGS (SetFlag)
  keyType: number; // NFTA_SET_KEY_TYPE (nft datatype id, concatenations shifted by 6 bits)
  keyLen: number; // NFTA_SET_KEY_LEN
  dataType?: number; // NFTA_SET_DATA_TYPE (NFT_DATA_VERDICT for verdict maps)
  dataLen?: number; // NFTA_SET_DATA_LEN
  policy?: number; // NFTA_SET_POLICY
  size?: number; // NFTA_SET_DESC / NFTA_SET_DESC_SIZE
  concat?: number[]; // NFTA_SET_DESC / NFTA_SET_DESC_CONCAT field lengths
  id?: number; // NFTA_SET_ID (names a set created in the same batch)
  timeout?: number; // NFTA_SET_TIMEOUT (ms)
  gcInterval?: number; // NFTA_SET_GC_INTERVAL (ms)
  userdata?: string; // NFTA_SET_USERDATA (nft keeps key byte order and comments here)
  objType?: number; // NFTA_SET_OBJ_TYPE
  handle?: number; // NFTA_SET_HANDLE
  /** Elements, when listed or to be added with the set. */
  elements?: SetElement[];
}

export function encodeSet(s: NftSet): Buffer {
  const w = netfilterCodec.writer(128).string(SetAttr.TABLE, s.table).string(SetAttr.NAME, s.name);
  if (s.handle !== undefined) w.u64(SetAttr.HANDLE, s.handle);
  w.u32(SetAttr.FLAGS, s.flags).u32(SetAttr.KEY_TYPE, s.keyType).u32(SetAttr.KEY_LEN, s.keyLen);
  if (s.dataType !== undefined) w.u32(SetAttr.DATA_TYPE, s.dataType);
  if (s.dataLen !== undefined) w.u32(SetAttr.DATA_LEN, s.dataLen);
  if (s.objType !== undefined) w.u32(SetAttr.OBJ_TYPE, s.objType);
  if (s.id !== undefined) w.u32(SetAttr.ID, s.id);
  if (s.timeout !== undefined) w.u64(SetAttr.TIMEOUT, s.timeout);
  if (s.gcInterval !== undefined) w.u32(SetAttr.GC_INTERVAL, s.gcInterval);
  if (s.policy !== undefined) w.u32(SetAttr.POLICY, s.policy);
  if (s.size !== undefined || s.concat !== undefined) {
    w.nested(SetAttr.DESC, (d) => {
      if (s.size !== undefined) d.u32(SetDescAttr.SIZE, s.size);
      if (s.concat !== undefined) d.nested(SetDescAttr.CONCAT, (c) => { for (const len of s.concat!) c.nested(NFTA_LIST_ELEM, (f) => f.u32(1, len)); });
    });
  }
  if (s.userdata !== undefined) w.bytes(SetAttr.USERDATA, Buffer.from(s.userdata, 'hex'));
  return nfPayload(FAMILY_NUMBER[s.family], w.finish());
}

export function encodeSetRef(family: Family, table: string, name: string): Buffer {
  return nfPayload(FAMILY_NUMBER[family], netfilterCodec.writer(64).string(SetAttr.TABLE, table).string(SetAttr.NAME, name).finish());
}

// nft numbers the elements of the list 1, 2, 3... (the kernel ignores the type; it dumps NFTA_LIST_ELEM).
function encodeElement(w: AttributeWriter, e: SetElement, index: number): void {
  w.nested(index + 1, (n) => {
    if (e.timeout !== undefined) n.u64(SetElemAttr.TIMEOUT, e.timeout);
    if (e.expiration !== undefined) n.u64(SetElemAttr.EXPIRATION, e.expiration);
    if (e.flags !== undefined) n.u32(SetElemAttr.FLAGS, e.flags);
    writeData(n, SetElemAttr.KEY, { value: e.key });
    if (e.keyEnd !== undefined) writeData(n, SetElemAttr.KEY_END, { value: e.keyEnd });
    if (e.data !== undefined) writeData(n, SetElemAttr.DATA, e.data);
    if (e.userdata !== undefined) n.bytes(SetElemAttr.USERDATA, Buffer.from(e.userdata, 'hex'));
  });
}

/** NEWSETELEM / DELSETELEM payload: the set by name (and id when created in the same batch), its elements. */
export function encodeSetElements(family: Family, table: string, set: string, elements: readonly SetElement[], setId?: number): Buffer {
  const w = netfilterCodec.writer(256).string(SetElemListAttr.TABLE, table).string(SetElemListAttr.SET, set);
  if (setId !== undefined) w.u32(SetElemListAttr.SET_ID, setId);
  w.nested(SetElemListAttr.ELEMENTS, (l) => { elements.forEach((e, i) => encodeElement(l, e, i)); });
  return nfPayload(FAMILY_NUMBER[family], w.finish());
}

/** Decodes an NFT_MSG_NEWSET message. */
export function decodeSet(msg: NetlinkMessage): NftSet {
  const b = objectBody(msg, 'set');
  const s: NftSet = {
    family: b.family, table: get.string(b, SetAttr.TABLE, 'set'), name: get.string(b, SetAttr.NAME, 'set'),
    flags: get.u32(b, SetAttr.FLAGS) ?? 0, keyType: get.u32(b, SetAttr.KEY_TYPE) ?? 0, keyLen: get.u32(b, SetAttr.KEY_LEN) ?? 0,
  };
  const opt = (k: keyof NftSet, v: number | string | undefined): void => { if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v; };
  opt('handle', get.u64(b, SetAttr.HANDLE));
  opt('dataType', get.u32(b, SetAttr.DATA_TYPE));
  opt('dataLen', get.u32(b, SetAttr.DATA_LEN));
  opt('objType', get.u32(b, SetAttr.OBJ_TYPE));
  opt('policy', get.u32(b, SetAttr.POLICY));
  opt('id', get.u32(b, SetAttr.ID));
  opt('timeout', get.u64(b, SetAttr.TIMEOUT));
  opt('gcInterval', get.u32(b, SetAttr.GC_INTERVAL));
  opt('userdata', get.hex(b, SetAttr.USERDATA));
  const desc = b.attrs.get(SetAttr.DESC);
  if (desc) {
    for (const a of parseAttributes(desc.value, 0, desc.value.length, 'set desc')) {
      if (a.type === SetDescAttr.SIZE) s.size = netfilterCodec.u32(a);
      else if (a.type === SetDescAttr.CONCAT) {
        s.concat = parseAttributes(a.value, 0, a.value.length, 'set concat').map((f) => {
          const len = parseAttributes(f.value, 0, f.value.length, 'set concat field').find((x) => x.type === 1);
          return len ? netfilterCodec.u32(len) : 0;
        });
      }
    }
  }
  return s;
}

function decodeElement(a: Attribute): SetElement {
  let key: string | undefined;
  const e: Partial<SetElement> = {};
  for (const x of parseAttributes(a.value, 0, a.value.length, 'set element')) {
    switch (x.type) {
      case SetElemAttr.KEY: { const d = decodeData(x, 'set element key'); if ('value' in d) key = d.value; break; }
      case SetElemAttr.KEY_END: { const d = decodeData(x, 'set element key end'); if ('value' in d) e.keyEnd = d.value; break; }
      case SetElemAttr.DATA: e.data = decodeData(x, 'set element data'); break;
      case SetElemAttr.FLAGS: e.flags = netfilterCodec.u32(x); break;
      case SetElemAttr.TIMEOUT: e.timeout = netfilterCodec.u64n(x); break;
      case SetElemAttr.EXPIRATION: e.expiration = netfilterCodec.u64n(x); break;
      case SetElemAttr.USERDATA: e.userdata = x.value.toString('hex'); break;
      default: break; // expressions attached to elements (counters) are not modelled yet
    }
  }
  // A catch-all element has no key.
  return { key: key ?? '', ...e };
}

/** The elements of one NFT_MSG_NEWSETELEM message and the set they belong to. */
export interface SetElements { family: Family; table: string; set: string; setId?: number; elements: SetElement[] }

/** Decodes an NFT_MSG_NEWSETELEM message. */
export function decodeSetElements(msg: NetlinkMessage): SetElements {
  const b = objectBody(msg, 'set elements');
  const list = b.attrs.get(SetElemListAttr.ELEMENTS);
  const elements = list ? parseAttributes(list.value, 0, list.value.length, 'set elements').map(decodeElement) : [];
  const setId = get.u32(b, SetElemListAttr.SET_ID);
  return {
    family: b.family, table: get.string(b, SetElemListAttr.TABLE, 'set elements'), set: get.string(b, SetElemListAttr.SET, 'set elements'),
    ...(setId !== undefined ? { setId } : {}), elements,
  };
}

export const isAnonymous = (s: NftSet): boolean => (s.flags & SetFlag.ANONYMOUS) !== 0;
export const isIntervalEnd = (e: SetElement): boolean => ((e.flags ?? 0) & SetElemFlag.INTERVAL_END) !== 0;
