// One change inside a transaction, its batch message (type, flags, payload) and its description for errors.
import { Flags, type NetlinkMessage, ProtocolError } from '../../netlink/index.js';
import type { BatchMessage } from '../batch.js';
import { Subsystem, messageOf, messageType, subsystemOf } from '../constants.js';
import { nfPayload, decodeNfGenMsg } from '../header.js';
import { FAMILY_NUMBER, type Family, NftMsg, familyName } from './constants.js';
import { type Table, decodeTable, encodeTable, encodeTableRef } from './table.js';
import { type ChainSpec, decodeChain, encodeChain, encodeChainRef } from './chain.js';
import { type Rule, decodeRule, encodeRule, encodeRuleRef } from './rule.js';
import { type NftObject, decodeObject, encodeObject } from './object.js';
import { type NftSet, type SetElementList, decodeSet, elementCount, decodeSetElements, encodeSet, encodeSetElementChunks, encodeSetElements, encodeSetRef } from './set.js';

/** One operation of a transaction (one message of the batch). */
export type Operation =
  | { op: 'addTable'; table: Table; exclusive?: boolean }
  | { op: 'deleteTable'; family: Family; name?: string; handle?: number }
  | { op: 'addChain'; chain: ChainSpec; exclusive?: boolean }
  | { op: 'deleteChain'; family: Family; table: string; name?: string; handle?: number }
  | { op: 'addRule'; rule: Rule }
  | { op: 'insertRule'; rule: Rule }
  | { op: 'replaceRule'; rule: Rule }
  | { op: 'deleteRule'; family: Family; table: string; chain?: string; handle?: number }
  | { op: 'addSet'; set: NftSet }
  | { op: 'deleteSet'; family: Family; table: string; name: string }
  | { op: 'addElements'; family: Family; table: string; set: string; setId?: number; elements: SetElementList }
  | { op: 'deleteElements'; family: Family; table: string; set: string; elements: SetElementList }
  | { op: 'addObject'; object: NftObject }
  | { op: 'flushRuleset'; family?: Family };

const t = (m: number): number => messageType(Subsystem.NFTABLES, m);
const { CREATE, EXCL, APPEND, REPLACE } = Flags;

/** What an operation does, in words, as errors name it: 'add rule to chain prerouting'. */
export function describeOperation(o: Operation): string {
  switch (o.op) {
    case 'addTable': return `add table ${o.table.family} ${o.table.name}`;
    case 'deleteTable': return `delete table ${o.family} ${o.name ?? `handle ${o.handle}`}`;
    case 'addChain': return `add chain ${o.chain.name} to table ${o.chain.table}`;
    case 'deleteChain': return `delete chain ${o.name ?? `handle ${o.handle}`} of table ${o.table}`;
    case 'addRule': return `add rule to chain ${o.rule.chain}`;
    case 'insertRule': return `insert rule into chain ${o.rule.chain}`;
    case 'replaceRule': return `replace rule ${o.rule.handle} in chain ${o.rule.chain}`;
    case 'deleteRule': return o.handle === undefined ? `flush chain ${o.chain ?? `(all) of table ${o.table}`}` : `delete rule ${o.handle} of chain ${o.chain ?? '?'}`;
    case 'addSet': return `add set ${o.set.name} to table ${o.set.table}`;
    case 'deleteSet': return `delete set ${o.name} of table ${o.table}`;
    case 'addElements': return `add ${elementCount(o.elements)} element(s) to set ${o.set}`;
    case 'deleteElements': return `delete ${elementCount(o.elements)} element(s) from set ${o.set}`;
    case 'addObject': return `add ${o.object.typeName ?? 'object'} ${o.object.name} to table ${o.object.table}`;
    case 'flushRuleset': return `flush ruleset${o.family ? ` ${o.family}` : ''}`;
  }
}

/** The batch message of an operation, with the flags nft uses for it. */
export function operationMessage(o: Operation, index?: number): BatchMessage {
  const operation = describeOperation(o) + (index === undefined ? '' : ` (operation ${index + 1})`);
  const m = (type: number, flags: number, payload: Buffer): BatchMessage => ({ type: t(type), flags, payload, operation });
  switch (o.op) {
    case 'addTable': return m(NftMsg.NEWTABLE, o.exclusive ? CREATE | EXCL : 0, encodeTable(o.table));
    case 'deleteTable': return m(NftMsg.DELTABLE, 0, encodeTableRef(o.family, o));
    case 'addChain': return m(NftMsg.NEWCHAIN, CREATE | (o.exclusive ? EXCL : 0), encodeChain(o.chain));
    case 'deleteChain': return m(NftMsg.DELCHAIN, 0, encodeChainRef(o.family, o.table, o));
    case 'addRule': return m(NftMsg.NEWRULE, CREATE | APPEND, encodeRule(o.rule));
    case 'insertRule': return m(NftMsg.NEWRULE, CREATE, encodeRule(o.rule));
    case 'replaceRule': return m(NftMsg.NEWRULE, REPLACE, encodeRule(o.rule));
    case 'deleteRule': return m(NftMsg.DELRULE, 0, encodeRuleRef(o.family, o.table, o.chain, o.handle));
    case 'addSet': return m(NftMsg.NEWSET, CREATE, encodeSet(o.set));
    case 'deleteSet': return m(NftMsg.DELSET, 0, encodeSetRef(o.family, o.table, o.name));
    case 'addElements': return m(NftMsg.NEWSETELEM, CREATE, encodeSetElements(o.family, o.table, o.set, o.elements, o.setId));
    case 'deleteElements': return m(NftMsg.DELSETELEM, 0, encodeSetElements(o.family, o.table, o.set, o.elements));
    case 'addObject': return m(NftMsg.NEWOBJ, CREATE, encodeObject(o.object));
    case 'flushRuleset': return m(NftMsg.DELTABLE, 0, nfPayload(o.family ? FAMILY_NUMBER[o.family] : 0, Buffer.alloc(0)));
  }
}

/**
 * The batch messages of an operation: one, except for element lists too long for one message, which are
 * split across several NEWSETELEM / DELSETELEM messages of the same batch (all applied or none). Each
 * chunk's description says which elements it carries, so an error names them.
 */
export function operationMessages(o: Operation, index?: number): BatchMessage[] {
  if (o.op !== 'addElements' && o.op !== 'deleteElements') return [operationMessage(o, index)];
  const chunks = encodeSetElementChunks(o.family, o.table, o.set, o.elements, o.op === 'addElements' ? o.setId : undefined);
  if (chunks.length === 1) return [operationMessage(o, index)];
  const type = t(o.op === 'addElements' ? NftMsg.NEWSETELEM : NftMsg.DELSETELEM);
  const flags = o.op === 'addElements' ? CREATE : 0;
  const base = describeOperation(o) + (index === undefined ? '' : ` (operation ${index + 1})`);
  return chunks.map((c) => ({
    type, flags, payload: c.payload, operation: `${base}, message with elements ${c.first + 1}-${c.first + c.count}`,
  }));
}

/** Reads a batch message back into an operation (golden tests, decode, replay of recorded batches). */
export function decodeOperation(msg: NetlinkMessage): Operation {
  if (subsystemOf(msg.type) !== Subsystem.NFTABLES) throw new ProtocolError(`message type 0x${msg.type.toString(16)} is not nf_tables`);
  const f = msg.flags;
  switch (messageOf(msg.type)) {
    case NftMsg.NEWTABLE: return { op: 'addTable', table: decodeTable(msg), ...(f & EXCL ? { exclusive: true } : {}) };
    case NftMsg.DELTABLE: {
      if (msg.payload.length <= 4) {
        const fam = familyName(decodeNfGenMsg(msg.payload).family);
        return { op: 'flushRuleset', ...(fam ? { family: fam } : {}) };
      }
      const tb = decodeTable(msg);
      return { op: 'deleteTable', family: tb.family, name: tb.name };
    }
    case NftMsg.NEWCHAIN: return { op: 'addChain', chain: decodeChain(msg), ...(f & EXCL ? { exclusive: true } : {}) };
    case NftMsg.DELCHAIN: { const c = decodeChain(msg); return { op: 'deleteChain', family: c.family, table: c.table, name: c.name }; }
    case NftMsg.NEWRULE: {
      const rule = decodeRule(msg);
      if (f & REPLACE) return { op: 'replaceRule', rule };
      return f & APPEND ? { op: 'addRule', rule } : { op: 'insertRule', rule };
    }
    case NftMsg.DELRULE: {
      const r = decodeRule(msg);
      return { op: 'deleteRule', family: r.family, table: r.table, chain: r.chain, ...(r.handle !== undefined ? { handle: r.handle } : {}) };
    }
    case NftMsg.NEWSET: return { op: 'addSet', set: decodeSet(msg) };
    case NftMsg.DELSET: { const s = decodeSet(msg); return { op: 'deleteSet', family: s.family, table: s.table, name: s.name }; }
    case NftMsg.NEWSETELEM: {
      const e = decodeSetElements(msg);
      return { op: 'addElements', family: e.family, table: e.table, set: e.set, ...(e.setId !== undefined ? { setId: e.setId } : {}), elements: e.elements };
    }
    case NftMsg.DELSETELEM: {
      const e = decodeSetElements(msg);
      return { op: 'deleteElements', family: e.family, table: e.table, set: e.set, elements: e.elements };
    }
    case NftMsg.NEWOBJ: return { op: 'addObject', object: decodeObject(msg) };
    default: throw new ProtocolError(`nf_tables message ${messageOf(msg.type)} is not a transaction operation`);
  }
}
