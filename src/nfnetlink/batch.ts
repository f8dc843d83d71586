// nfnetlink batches: NFNL_MSG_BATCH_BEGIN, the messages, NFNL_MSG_BATCH_END, sent as one datagram that the
// kernel applies as one transaction (nf_tables) or not at all.
import { Flags, NLMSG_HDRLEN, netfilterCodec, type NetlinkConnection, type NetlinkMessage } from '../netlink/index.js';
import { alignTo4 } from '../netlink/constants.js';
import { writeHeader } from '../netlink/message.js';
import { NFNL_BATCH_GENID, NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END } from './constants.js';
import { encodeNfGenMsg } from './header.js';

/** One message of an nfnetlink batch. */
export interface BatchMessage {
  type: number; // full nlmsg_type (subsystem << 8 | message)
  flags: number; // besides NLM_F_REQUEST
  payload: Uint8Array; // nfgenmsg + attributes
  /** What this message does, for errors: 'add rule to chain prerouting'. */
  operation: string;
}

/** The subsystem a batch is for, and its generation check. */
export interface BatchOptions {
  /** Subsystem the batch is for (res_id of BEGIN): NFNL_SUBSYS_NFTABLES. */
  subsystem: number;
  /** Refuse the batch unless the ruleset generation still equals this (NFNL_BATCH_GENID). */
  generation?: number;
  /** Ask for an ACK of every message (otherwise only failures are answered). */
  ackEach?: boolean;
}

/** A batch encoded into datagrams, with the sequence number of each message. */
export interface EncodedBatch {
  datagram: Buffer;
  /** Sequence number of each message in order (BEGIN and END excluded). */
  sequences: number[];
  begin: number;
  end: number;
}

/**
 * Frames the messages between BEGIN and END with fresh sequence numbers from the connection, written into
 * one buffer of the datagram's size (a 100k-element set is a few MB: no list of parts to concatenate).
 */
export function encodeBatch(conn: NetlinkConnection, messages: readonly BatchMessage[], options: BatchOptions): EncodedBatch {
  const nfgen = encodeNfGenMsg(0, options.subsystem);
  const beginAttrs = options.generation === undefined ? EMPTY
    : netfilterCodec.writer(8).u32(NFNL_BATCH_GENID, options.generation).finish();
  let total = 2 * NLMSG_HDRLEN + 2 * nfgen.length + beginAttrs.length;
  for (const m of messages) total += NLMSG_HDRLEN + alignTo4(m.payload.length);
  const datagram = Buffer.alloc(total);
  let at = 0;
  const put = (type: number, flags: number, seq: number, ...parts: Uint8Array[]): void => {
    let length = NLMSG_HDRLEN;
    for (const p of parts) length += p.length;
    writeHeader(datagram, at, length, { type, flags, seq, pid: 0 });
    let o = at + NLMSG_HDRLEN;
    for (const p of parts) { datagram.set(p, o); o += p.length; }
    at += alignTo4(length); // padding stays zero (Buffer.alloc)
  };
  const begin = conn.nextSequence();
  put(NFNL_MSG_BATCH_BEGIN, Flags.REQUEST, begin, nfgen, beginAttrs);
  const sequences: number[] = [];
  const ack = options.ackEach ? Flags.ACK : 0;
  for (const m of messages) {
    const seq = conn.nextSequence();
    sequences.push(seq);
    put(m.type, m.flags | Flags.REQUEST | ack, seq, m.payload);
  }
  const end = conn.nextSequence();
  put(NFNL_MSG_BATCH_END, Flags.REQUEST, end, nfgen);
  return { datagram, sequences, begin, end };
}

const EMPTY = Buffer.alloc(0);

/**
 * Sends a batch and waits for its outcome. Every message asks for an ACK, so success is known for each;
 * the first failure is thrown as a NetlinkError whose operation names the failing message.
 */
export async function sendBatch(conn: NetlinkConnection, messages: readonly BatchMessage[], options: BatchOptions): Promise<NetlinkMessage[]> {
  if (messages.length === 0) return [];
  const batch = encodeBatch(conn, messages, { ...options, ackEach: true });
  const bySeq = new Map(batch.sequences.map((s, i) => [s, messages[i]!.operation]));
  const describe = (seq: number): string =>
    bySeq.get(seq) ?? (seq === batch.begin ? 'begin batch' : seq === batch.end ? 'end batch' : `batch message ${seq}`);
  return conn.exchange(batch.datagram, batch.sequences, describe, [batch.begin, batch.end]);
}
