// Tables: NFT_MSG_NEWTABLE / DELTABLE payloads and the decoder of the kernel's table messages.
import { netfilterCodec, type NetlinkMessage } from '../../netlink/index.js';
import { nfPayload } from '../header.js';
import { FAMILY_NUMBER, type Family, TableAttr } from './constants.js';
import { get, objectBody } from './message.js';

/** An nftables table. */
export interface Table {
  family: Family;
  name: string; // NFTA_TABLE_NAME
  flags?: number; // NFTA_TABLE_FLAGS (TableFlag.DORMANT, OWNER)
  handle?: number; // NFTA_TABLE_HANDLE
  use?: number; // NFTA_TABLE_USE: number of chains
  userdata?: string; // NFTA_TABLE_USERDATA (hex)
  owner?: number; // NFTA_TABLE_OWNER: port id of the owning socket
}

/** NEWTABLE payload as nft sends it: name, then flags (0 when none). */
export function encodeTable(t: Table): Buffer {
  const w = netfilterCodec.writer(64).string(TableAttr.NAME, t.name).u32(TableAttr.FLAGS, t.flags ?? 0);
  if (t.userdata !== undefined) w.bytes(TableAttr.USERDATA, Buffer.from(t.userdata, 'hex'));
  return nfPayload(FAMILY_NUMBER[t.family], w.finish());
}

/** DELTABLE payload: by name, or by handle when given. */
export function encodeTableRef(family: Family, ref: { name?: string; handle?: number }): Buffer {
  const w = netfilterCodec.writer(32);
  if (ref.name !== undefined) w.string(TableAttr.NAME, ref.name);
  if (ref.handle !== undefined) w.u64(TableAttr.HANDLE, ref.handle);
  return nfPayload(FAMILY_NUMBER[family], w.finish());
}

/** Decodes an NFT_MSG_NEWTABLE message. */
export function decodeTable(msg: NetlinkMessage): Table {
  const b = objectBody(msg, 'table');
  const t: Table = { family: b.family, name: get.string(b, TableAttr.NAME, 'table') };
  const flags = get.u32(b, TableAttr.FLAGS);
  if (flags !== undefined) t.flags = flags;
  const handle = get.u64(b, TableAttr.HANDLE);
  if (handle !== undefined) t.handle = handle;
  const use = get.u32(b, TableAttr.USE);
  if (use !== undefined) t.use = use;
  const ud = get.hex(b, TableAttr.USERDATA);
  if (ud !== undefined) t.userdata = ud;
  const owner = get.u32(b, TableAttr.OWNER);
  if (owner !== undefined) t.owner = owner;
  return t;
}
