// The nf_tables client: listing, atomic transactions with an optional generation check, events.
import { isOverrun, notifications, NetlinkConnection, NetlinkError, type NetlinkMessage, type NetnsRef, type Transport, netfilterCodec, parseAttributes, ProtocolError } from '../../netlink/index.js';
import { iterateMessages } from '../../netlink/message.js';
import { Subsystem, messageType, NfnlGroup } from '../constants.js';
import { NFGENMSG_SIZE, nfPayload } from '../header.js';
import { sendBatch, encodeBatch, type BatchMessage } from '../batch.js';
import { openNfnetlinkTransport } from '../socket.js';
import { FAMILY_NUMBER, type Family, GenAttr, NftMsg, SetElemListAttr } from './constants.js';
import { decodeTable, type Table } from './table.js';
import { decodeChain, type Chain } from './chain.js';
import { decodeRule, type Rule } from './rule.js';
import { decodeSet, decodeSetElements, type NftSet } from './set.js';
import { decodeObject, type NftObject } from './object.js';
import type { Ruleset } from './ruleset.js';
import { Transaction } from './transaction.js';
import { operationMessages } from './operation.js';
import { renderRuleset } from './render.js';
import type { FormatOptions } from './render/datatypes.js';

const t = (m: number): number => messageType(Subsystem.NFTABLES, m);

/** How to open an {@link Nftables} client. */
export interface NftablesOpenOptions { netns?: NetnsRef }
/** Options of a committed transaction. */
export interface TransactionOptions {
  /** Refuse the transaction unless the ruleset generation still equals this (NFNL_BATCH_GENID). */
  generation?: number;
}

/** nf_tables over nfnetlink: list the ruleset, apply transactions atomically, read the generation. */
export class Nftables {
  private constructor(readonly connection: NetlinkConnection, private readonly netns?: NetnsRef) {}

  /** Opens an nfnetlink socket (in `options.netns` if given). */
  static open(options: NftablesOpenOptions = {}): Nftables {
    return new Nftables(new NetlinkConnection(openNfnetlinkTransport(options.netns !== undefined ? { netns: options.netns } : {})), options.netns);
  }

  /** A client over any transport (a recorder, a replay of a fixture). */
  static fromTransport(transport: Transport): Nftables {
    return new Nftables(new NetlinkConnection(transport));
  }

  /** Closes the socket. */
  close(): void {
    this.connection.close();
  }

  /** The ruleset generation id (NFT_MSG_GETGEN): it changes with every committed transaction. */
  async generation(): Promise<number> {
    const [reply] = await this.connection.request({ type: t(NftMsg.GETGEN), flags: 0, payload: nfPayload(0, Buffer.alloc(0)), operation: 'get ruleset generation' });
    if (!reply) throw new ProtocolError('get ruleset generation: no NFT_MSG_NEWGEN reply');
    return decodeGeneration(reply);
  }

  private dump(msg: number, what: string, family = 0, attrs: Buffer = Buffer.alloc(0)): Promise<NetlinkMessage[]> {
    return this.connection.collectDump({ type: t(msg), flags: 0, payload: nfPayload(family, attrs), operation: `list ${what}` }, { retryInterrupted: 3 });
  }

  /** Every table. */
  async listTables(): Promise<Table[]> { return (await this.dump(NftMsg.GETTABLE, 'tables')).map(decodeTable); }
  /** Every chain. */
  async listChains(): Promise<Chain[]> { return (await this.dump(NftMsg.GETCHAIN, 'chains')).map(decodeChain); }
  /** Every rule. */
  async listRules(): Promise<Rule[]> { return (await this.dump(NftMsg.GETRULE, 'rules')).map(decodeRule); }
  /** Stateful objects of every table (NFT_MSG_GETOBJ dump): named counters with their values, quotas, ... */
  async listObjects(): Promise<NftObject[]> { return (await this.dump(NftMsg.GETOBJ, 'objects')).map(decodeObject); }
  /** Sets (named and anonymous) with their elements. */
  async listSets(): Promise<NftSet[]> {
    const sets = (await this.dump(NftMsg.GETSET, 'sets')).map(decodeSet);
    for (const s of sets) {
      const attrs = netfilterCodec.writer(64).string(SetElemListAttr.TABLE, s.table).string(SetElemListAttr.SET, s.name).finish();
      const msgs = await this.dump(NftMsg.GETSETELEM, `elements of set ${s.name}`, FAMILY_NUMBER[s.family], attrs);
      s.elements = msgs.flatMap((m) => decodeSetElements(m).elements);
    }
    return sets;
  }

  /** The whole ruleset: tables, chains, rules, sets with their elements, and objects. */
  async listRuleset(): Promise<Ruleset> {
    const tables = await this.listTables();
    const chains = await this.listChains();
    const sets = await this.listSets();
    const rules = await this.listRules();
    return { tables, chains, sets, rules };
  }

  /** The ruleset with its stateful objects (one more dump): everything `nft list ruleset` shows. */
  async listRulesetWithObjects(): Promise<Ruleset> {
    return { ...(await this.listRuleset()), objects: await this.listObjects() };
  }

  /** `nft list ruleset` text of what the kernel holds now. */
  async renderRuleset(options: FormatOptions = {}): Promise<string> {
    return renderRuleset(await this.listRuleset(), options);
  }

  /**
   * Applies the operations `build` adds as one batch: all of them or none. An error names the failing
   * operation with the kernel's extended-ACK message; a stale `generation` is refused.
   */
  async transaction(build: (tx: Transaction) => void, options: TransactionOptions = {}): Promise<void> {
    const tx = new Transaction();
    build(tx);
    await this.apply(tx, options);
  }

  /** Commits a transaction in one batch: all of it applies, or nothing (the kernel's error names the failing operation). */
  async apply(tx: Transaction, options: TransactionOptions = {}): Promise<void> {
    const messages = tx.operations.flatMap((o, i) => operationMessages(o, tx.operations.length > 1 ? i : undefined));
    try {
      await sendBatch(this.connection, messages, { subsystem: Subsystem.NFTABLES, ...(options.generation !== undefined ? { generation: options.generation } : {}) });
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ERESTART' && options.generation !== undefined) {
        throw new NetlinkError({
          errno: e.errno, operation: `transaction checked against generation ${options.generation} (the ruleset changed since)`,
          ...(e.sequence !== undefined ? { sequence: e.sequence } : {}), extAck: e.extAck,
        });
      }
      throw e;
    }
  }

  /** The batch bytes a transaction would send (for golden tests and dry runs); `ackEach` as sendBatch sets it. */
  encodeTransaction(tx: Transaction, options: TransactionOptions & { ackEach?: boolean } = {}): Buffer {
    const messages: BatchMessage[] = tx.operations.flatMap((o) => operationMessages(o));
    return encodeBatch(this.connection, messages, { subsystem: Subsystem.NFTABLES, ...options }).datagram;
  }
}

export function decodeGeneration(msg: NetlinkMessage): number {
  for (const a of parseAttributes(msg.payload, NFGENMSG_SIZE, msg.payload.length, 'generation')) {
    if (a.type === GenAttr.ID) return netfilterCodec.u32(a);
  }
  throw new ProtocolError('NFT_MSG_NEWGEN without NFTA_GEN_ID');
}

/** A ruleset notification: an object added or removed, a new generation, or an overrun. */
export type NftEvent =
  | { type: 'new' | 'delete'; object: 'table'; table: Table }
  | { type: 'new' | 'delete'; object: 'chain'; chain: Chain }
  | { type: 'new' | 'delete'; object: 'rule'; rule: Rule }
  | { type: 'new' | 'delete'; object: 'set'; set: NftSet }
  | { type: 'new' | 'delete'; object: 'elements'; family: Family; table: string; set: string; count: number }
  | { type: 'generation'; generation: number }
  | { type: 'other'; messageType: number }
  /** The receive queue overflowed and notifications were lost (ENOBUFS); the stream goes on. */
  | { type: 'overrun'; count: number };

/** Decodes one ruleset notification (NFNLGRP_NFTABLES). */
export function decodeEvent(msg: NetlinkMessage): NftEvent {
  const m = msg.type & 0xff;
  switch (m) {
    case NftMsg.NEWTABLE: case NftMsg.DELTABLE: return { type: m === NftMsg.NEWTABLE ? 'new' : 'delete', object: 'table', table: decodeTable(msg) };
    case NftMsg.NEWCHAIN: case NftMsg.DELCHAIN: return { type: m === NftMsg.NEWCHAIN ? 'new' : 'delete', object: 'chain', chain: decodeChain(msg) };
    case NftMsg.NEWRULE: case NftMsg.DELRULE: return { type: m === NftMsg.NEWRULE ? 'new' : 'delete', object: 'rule', rule: decodeRule(msg) };
    case NftMsg.NEWSET: case NftMsg.DELSET: return { type: m === NftMsg.NEWSET ? 'new' : 'delete', object: 'set', set: decodeSet(msg) };
    case NftMsg.NEWSETELEM: case NftMsg.DELSETELEM: {
      const e = decodeSetElements(msg);
      return { type: m === NftMsg.NEWSETELEM ? 'new' : 'delete', object: 'elements', family: e.family, table: e.table, set: e.set, count: e.elements.length };
    }
    case NftMsg.NEWGEN: return { type: 'generation', generation: decodeGeneration(msg) };
    default: return { type: 'other', messageType: msg.type };
  }
}

/** Ruleset change notifications on a socket of their own, until the returned iterator is closed. */
export async function* nftEvents(options: NftablesOpenOptions = {}): AsyncGenerator<NftEvent, void, undefined> {
  const transport = openNfnetlinkTransport({ ...(options.netns !== undefined ? { netns: options.netns } : {}), groups: [NfnlGroup.NFTABLES] });
  for await (const msg of notifications(transport, 'nf_tables event')) {
    if (isOverrun(msg)) yield { type: 'overrun', count: msg.count };
    else if ((msg.type >> 8) === Subsystem.NFTABLES) yield decodeEvent(msg);
  }
}
