// Sets and maps (NFT_MSG_NEWSET / DELSET) and their elements (NFT_MSG_NEWSETELEM / DELSETELEM).
import { netfilterCodec, type NetlinkMessage, parseAttributes, NetlinkDecodeError, type AttributeWriter, NLA_HDRLEN, ValidationError } from '../../netlink/index.js';
import { AttributeCursor } from '../../netlink/attributes.js';
import { NFGENMSG_SIZE, encodeNfGenMsg, nfPayload } from '../header.js';
import { DataAttr, FAMILY_NUMBER, type Family, NFTA_LIST_ELEM, SetAttr, SetDescAttr, SetElemAttr, SetElemFlag, SetElemListAttr, SetFlag } from './constants.js';
import { get, objectBody } from './message.js';
import { decodeData } from './expressions/reader.js';
import { writeData } from './expressions/writer.js';
import type { NftData } from './expressions/types.js';

/** One set element: key, and for maps data or a verdict. */
export interface SetElement {
  key: string; // NFTA_SET_ELEM_KEY (hex)
  keyEnd?: string; // NFTA_SET_ELEM_KEY_END (hex)
  data?: NftData; // NFTA_SET_ELEM_DATA
  /** The stateful object an object map's element names (NFTA_SET_ELEM_OBJREF): `69 : "tftp-69"`. */
  objref?: string; // NFTA_SET_ELEM_OBJREF
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
// Written with explicit nests and hex decoded in place: this runs once per element of sets of 100k.
function encodeElement(w: AttributeWriter, e: SetElement, index: number): void {
  const elem = w.openNest(index + 1);
  if (e.timeout !== undefined) w.u64(SetElemAttr.TIMEOUT, e.timeout);
  if (e.expiration !== undefined) w.u64(SetElemAttr.EXPIRATION, e.expiration);
  if (e.flags !== undefined) w.u32(SetElemAttr.FLAGS, e.flags);
  const key = w.openNest(SetElemAttr.KEY);
  w.hex(DataAttr.VALUE, e.key, 'set element key');
  w.closeNest(key);
  if (e.keyEnd !== undefined) {
    const end = w.openNest(SetElemAttr.KEY_END);
    w.hex(DataAttr.VALUE, e.keyEnd, 'set element key end');
    w.closeNest(end);
  }
  if (e.data !== undefined) writeData(w, SetElemAttr.DATA, e.data);
  if (e.objref !== undefined) w.string(SetElemAttr.OBJREF, e.objref);
  if (e.userdata !== undefined) w.hex(SetElemAttr.USERDATA, e.userdata, 'set element userdata');
  w.closeNest(elem);
}

/**
 * Elements that are keys only, `keyLen` bytes each, back to back in `keys`: a large set without an object per
 * element (what `nft -j` input of plain addresses becomes). Accepted wherever an element list is written.
 */
export interface PackedSetKeys { readonly keyLen: number; readonly keys: Uint8Array }
/** Elements to write: one object each, or packed keys. */
export type SetElementList = readonly SetElement[] | PackedSetKeys;

export function isPackedKeys(list: SetElementList): list is PackedSetKeys {
  return !Array.isArray(list);
}
/** How many elements a list holds. */
export function elementCount(list: SetElementList): number {
  return isPackedKeys(list) ? list.keys.length / list.keyLen : list.length;
}

function checkPacked(p: PackedSetKeys): void {
  if (!(Number.isInteger(p.keyLen) && p.keyLen >= 1 && p.keyLen <= 64)) throw new ValidationError('packed set keys', `keyLen ${String(p.keyLen)} is not 1..64 bytes`);
  if (p.keys.length % p.keyLen !== 0) throw new ValidationError('packed set keys', `${p.keys.length} bytes are not a whole number of ${p.keyLen}-byte keys`);
}

/**
 * `count` packed keys from `first` on as element nests, written in place: every element has the same layout
 * (nest, NFTA_SET_ELEM_KEY nest, NFTA_DATA_VALUE, key, padding), so one tight loop writes them all.
 */
function writePackedKeys(w: AttributeWriter, p: PackedSetKeys, first: number, count: number): void {
  const keyLen = p.keyLen;
  const padded = (keyLen + 3) & ~3;
  const elemSize = 3 * NLA_HDRLEN + padded;
  const keyNestLen = 2 * NLA_HDRLEN + padded;
  const valueLen = NLA_HDRLEN + keyLen;
  const keys = p.keys;
  w.claim(count * elemSize, (b, start) => {
    let at = start;
    let k = first * keyLen;
    for (let i = 1; i <= count; i++) {
      // nla_len and nla_type are host order (little-endian hosts, as the attribute codec writes them).
      b[at] = elemSize & 0xff; b[at + 1] = elemSize >>> 8; b[at + 2] = i & 0xff; b[at + 3] = (i >>> 8) | 0x80; // element i, NLA_F_NESTED
      b[at + 4] = keyNestLen & 0xff; b[at + 5] = keyNestLen >>> 8; b[at + 6] = SetElemAttr.KEY; b[at + 7] = 0x80;
      b[at + 8] = valueLen & 0xff; b[at + 9] = valueLen >>> 8; b[at + 10] = DataAttr.VALUE; b[at + 11] = 0;
      at += 12;
      for (let j = 0; j < keyLen; j++) b[at + j] = keys[k + j]!;
      for (let j = keyLen; j < padded; j++) b[at + j] = 0;
      at += padded;
      k += keyLen;
    }
  });
}

/**
 * Bytes of element nests per NEWSETELEM / DELSETELEM message. NFTA_SET_ELEM_LIST_ELEMENTS is one attribute
 * and nla_len is a u16, so a long list must be split across messages of the same batch (nft does the same).
 * Well under 64 KiB: the kernel echoes a failing message whole in its error, and that echo must fit in the
 * 64 KiB datagrams the socket receives.
 */
export const SET_ELEMENTS_CHUNK_BYTES = 32 * 1024;

/** One NEWSETELEM / DELSETELEM payload of a split list: its elements are [first, first + count) of the list. */
export interface SetElementChunk { payload: Buffer; first: number; count: number }

/**
 * NEWSETELEM / DELSETELEM payloads: the set by name (and id when created in the same batch) and its elements,
 * as many per message as fit in `chunkBytes` (always at least one). Each chunk is written into one buffer
 * sized for it; elements are numbered from 1 in each message, as nft numbers them.
 */
export function encodeSetElementChunks(
  family: Family, table: string, set: string, elements: SetElementList, setId?: number, chunkBytes = SET_ELEMENTS_CHUNK_BYTES,
): SetElementChunk[] {
  const familyNumber = FAMILY_NUMBER[family];
  const packed = isPackedKeys(elements) ? elements : undefined;
  if (packed) checkPacked(packed);
  const count = elementCount(elements);
  const chunks: SetElementChunk[] = [];
  let w: AttributeWriter | undefined;
  let nest = 0;
  let first = 0;
  const start = (at: number): AttributeWriter => {
    const x = netfilterCodec.writer(chunkBytes + 512);
    x.space(NFGENMSG_SIZE);
    x.string(SetElemListAttr.TABLE, table).string(SetElemListAttr.SET, set);
    if (setId !== undefined) x.u32(SetElemListAttr.SET_ID, setId);
    nest = x.openNest(SetElemListAttr.ELEMENTS);
    first = at;
    return x;
  };
  const finish = (x: AttributeWriter, end: number): void => {
    x.closeNest(nest);
    const payload = x.finish();
    payload.set(encodeNfGenMsg(familyNumber));
    chunks.push({ payload, first, count: end - first });
  };
  if (packed) {
    // Equal-sized elements: as many per message as fit, known in advance.
    const perChunk = Math.max(1, Math.floor((chunkBytes - NLA_HDRLEN) / (3 * NLA_HDRLEN + ((packed.keyLen + 3) & ~3))));
    for (let at = 0; at < count; at += perChunk) {
      const n = Math.min(perChunk, count - at);
      w = start(at);
      writePackedKeys(w, packed, at, n);
      finish(w, at + n);
    }
    if (count === 0) finish(start(0), 0);
    return chunks;
  }
  const list = elements as readonly SetElement[];
  for (let i = 0; i < count; i++) {
    w ??= start(i);
    const mark = w.length;
    encodeElement(w, list[i]!, i - first);
    if (w.length - nest > chunkBytes && i > first) {
      w.truncate(mark);
      finish(w, i);
      w = start(i);
      encodeElement(w, list[i]!, 0);
    }
  }
  if (w) finish(w, count);
  else { w = start(0); finish(w, 0); } // an empty list still names the set (nft sends it so to flush a set)
  return chunks;
}

/** NEWSETELEM / DELSETELEM payload holding every element in one message (short lists; see encodeSetElementChunks). */
export function encodeSetElements(family: Family, table: string, set: string, elements: SetElementList, setId?: number): Buffer {
  const chunks = encodeSetElementChunks(family, table, set, elements, setId, 0xffff - NLA_HDRLEN);
  if (chunks.length > 1) throw new ValidationError('set elements', `${elementCount(elements)} elements do not fit in one message; use encodeSetElementChunks`);
  return chunks[0]!.payload;
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

/**
 * The hex of an NFTA_DATA nest holding exactly one NFTA_DATA_VALUE, read with a cursor (no objects): the
 * common case of set keys, decoded by the hundred thousand. Anything else goes through decodeData, which
 * says what is wrong or unmodelled; undefined for a verdict (a key holds none).
 */
function dataValueHex(c: AttributeCursor, d: AttributeCursor, context: string): string | undefined {
  d.reset(c.buf, c.valueStart, c.valueEnd, `${context} data`, c.valueStart);
  if (d.next() && d.type === DataAttr.VALUE) {
    const start = d.valueStart;
    const end = d.valueEnd;
    if (!d.next()) return c.buf.toString('hex', start, end);
  }
  const v = decodeData(c.attribute(), context);
  return 'value' in v ? v.value : undefined;
}

/** One element: the attributes of buf[start, end) (an NFTA_LIST_ELEM's value). */
function decodeElement(buf: Buffer, start: number, end: number, c: AttributeCursor, d: AttributeCursor): SetElement {
  let key: string | undefined;
  const e: Partial<SetElement> = {};
  c.reset(buf, start, end, 'set element', start);
  while (c.next()) {
    switch (c.type) {
      case SetElemAttr.KEY: key = dataValueHex(c, d, 'set element key') ?? key; break;
      case SetElemAttr.KEY_END: { const v = dataValueHex(c, d, 'set element key end'); if (v !== undefined) e.keyEnd = v; break; }
      case SetElemAttr.DATA: e.data = decodeData(c.attribute(), 'set element data'); break;
      case SetElemAttr.FLAGS: e.flags = netfilterCodec.u32(c.attribute()); break;
      case SetElemAttr.TIMEOUT: e.timeout = netfilterCodec.u64n(c.attribute()); break;
      case SetElemAttr.EXPIRATION: e.expiration = netfilterCodec.u64n(c.attribute()); break;
      case SetElemAttr.USERDATA: e.userdata = buf.toString('hex', c.valueStart, c.valueEnd); break;
      case SetElemAttr.OBJREF: e.objref = c.string(); break;
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
  const elements: SetElement[] = [];
  if (list) {
    // Cursors, not an Attribute array per level: a dump of a 100k-element set decodes here.
    const outer = new AttributeCursor(netfilterCodec).reset(list.value, 0, list.value.length, 'set elements');
    const c = new AttributeCursor(netfilterCodec);
    const d = new AttributeCursor(netfilterCodec);
    while (outer.next()) elements.push(decodeElement(list.value, outer.valueStart, outer.valueEnd, c, d));
  }
  const setId = get.u32(b, SetElemListAttr.SET_ID);
  return {
    family: b.family, table: get.string(b, SetElemListAttr.TABLE, 'set elements'), set: get.string(b, SetElemListAttr.SET, 'set elements'),
    ...(setId !== undefined ? { setId } : {}), elements,
  };
}

export const isAnonymous = (s: NftSet): boolean => (s.flags & SetFlag.ANONYMOUS) !== 0;
export const isIntervalEnd = (e: SetElement): boolean => ((e.flags ?? 0) & SetElemFlag.INTERVAL_END) !== 0;
