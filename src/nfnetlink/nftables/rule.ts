// Rules: NFT_MSG_NEWRULE / DELRULE payloads and the decoder. Expressions go through the registry.
import { netfilterCodec, type NetlinkMessage } from '../../netlink/index.js';
import { nfPayload } from '../header.js';
import { FAMILY_NUMBER, type Family, RuleAttr } from './constants.js';
import { get, objectBody } from './message.js';
import { decodeExpressions, encodeExpressions } from './expressions/registry.js';
import type { Expression } from './expressions/types.js';
import { decodeComment, encodeComment } from './userdata.js';

/** An nftables rule as listed: family, table, chain, handle, expressions, userdata. */
export interface Rule {
  family: Family;
  table: string; // NFTA_RULE_TABLE
  chain: string; // NFTA_RULE_CHAIN
  expressions: Expression[]; // NFTA_RULE_EXPRESSIONS
  handle?: number; // NFTA_RULE_HANDLE
  /** Insert/append relative to this rule handle. */
  position?: number; // NFTA_RULE_POSITION
  /** nft's comment (kept in userdata). */
  comment?: string;
  /** NFTA_RULE_USERDATA as hex, when it holds more than a comment. */
  userdata?: string;
  id?: number; // NFTA_RULE_ID
}

/** Encodes an NFT_MSG_NEWRULE payload. */
export function encodeRule(r: Rule): Buffer {
  const w = netfilterCodec.writer(256).string(RuleAttr.TABLE, r.table).string(RuleAttr.CHAIN, r.chain);
  if (r.handle !== undefined) w.u64(RuleAttr.HANDLE, r.handle);
  if (r.position !== undefined) w.u64(RuleAttr.POSITION, r.position);
  encodeExpressions(w, RuleAttr.EXPRESSIONS, r.expressions);
  const ud = r.userdata ?? (r.comment !== undefined ? encodeComment(r.comment) : undefined);
  if (ud !== undefined) w.bytes(RuleAttr.USERDATA, Buffer.from(ud, 'hex'));
  if (r.id !== undefined) w.u32(RuleAttr.ID, r.id);
  return nfPayload(FAMILY_NUMBER[r.family], w.finish());
}

/** DELRULE payload: one rule by handle, or every rule of the chain (flush) without one. */
export function encodeRuleRef(family: Family, table: string, chain: string | undefined, handle?: number): Buffer {
  const w = netfilterCodec.writer(64).string(RuleAttr.TABLE, table);
  if (chain !== undefined) w.string(RuleAttr.CHAIN, chain);
  if (handle !== undefined) w.u64(RuleAttr.HANDLE, handle);
  return nfPayload(FAMILY_NUMBER[family], w.finish());
}

/** Decodes an NFT_MSG_NEWRULE message. */
export function decodeRule(msg: NetlinkMessage): Rule {
  const b = objectBody(msg, 'rule');
  const list = b.attrs.get(RuleAttr.EXPRESSIONS);
  const r: Rule = {
    family: b.family, table: get.string(b, RuleAttr.TABLE, 'rule'), chain: get.string(b, RuleAttr.CHAIN, 'rule'),
    expressions: list ? decodeExpressions(list) : [],
  };
  const handle = get.u64(b, RuleAttr.HANDLE);
  if (handle !== undefined) r.handle = handle;
  const pos = get.u64(b, RuleAttr.POSITION);
  if (pos !== undefined) r.position = pos;
  const ud = get.hex(b, RuleAttr.USERDATA);
  if (ud !== undefined) {
    const comment = decodeComment(ud);
    if (comment !== undefined && encodeComment(comment) === ud) r.comment = comment;
    else r.userdata = ud;
  }
  const id = get.u32(b, RuleAttr.ID);
  if (id !== undefined) r.id = id;
  return r;
}
