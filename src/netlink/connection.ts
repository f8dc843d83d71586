// The request engine: sequence numbers, port-id checks, ACK/ERROR handling, streaming dumps, pipelining.
// It speaks to a byte-level Transport, so live sockets, recorders and replays behave the same.
import { Flags, MessageType } from './constants.js';
import { DumpInterruptedError, NetlinkError, ProtocolError } from './errors.js';
import { decodeDone, decodeError } from './ack.js';
import { encodeMessage, iterateMessages, type NetlinkMessage } from './message.js';
import type { Transport } from './transport.js';

export interface Request {
  type: number;
  /** Flags besides NLM_F_REQUEST (added always). */
  flags: number;
  payload: Uint8Array;
  /** What this does, for errors: 'add route 10.0.0.0/8 table 100'. */
  operation: string;
  /**
   * request() only: the first reply answers the request even when it carries NLM_F_MULTI without a DONE
   * after it (ctnetlink's IPCTNL_MSG_CT_GET_STATS does this).
   */
  firstReplyOnly?: boolean;
}

export interface DumpOptions {
  /** Re-run the dump up to this many times when the kernel flags it NLM_F_DUMP_INTR (collectDump only). */
  retryInterrupted?: number;
}

/** One item's outcome in a pipeline. */
export type PipelineResult = { ok: true } | { ok: false; error: NetlinkError };

/** Yield to timers and I/O at least this often during long receives. */
const YIELD_EVERY_MS = 8;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Serialises operations on one socket: a dump's replies must not interleave with another request's. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    return prev.then(() => release);
  }
}

export class NetlinkConnection {
  private sequence: number;
  private readonly lock = new Lock();
  private lastYield = Date.now();
  /** Messages dropped because they answered no pending request (stale sequence or foreign port id). */
  strayMessages = 0;

  constructor(readonly transport: Transport, initialSequence?: number) {
    // A time-based start, as iproute2 does, keeps replies to a previous process's socket apart.
    this.sequence = initialSequence ?? (Math.floor(Date.now() / 1000) >>> 0);
  }

  nextSequence(): number {
    this.sequence = (this.sequence + 1) >>> 0;
    if (this.sequence === 0) this.sequence = 1;
    return this.sequence;
  }

  get portId(): number {
    return this.transport.portId;
  }

  close(): void {
    this.transport.close();
  }

  private async nextDatagram(operation: string): Promise<Buffer> {
    let dgram = this.transport.tryReceive();
    if (dgram === undefined) {
      this.lastYield = Date.now();
      dgram = await this.transport.receive();
    } else if (Date.now() - this.lastYield > YIELD_EVERY_MS) {
      // Data keeps coming without a wait: let timers and other I/O run now and then.
      await yieldToLoop();
      this.lastYield = Date.now();
    }
    if (dgram === null) throw new ProtocolError(`${operation}: the netlink socket was closed`);
    return dgram;
  }

  private mine(msg: NetlinkMessage, seq: number): boolean {
    // Replies carry our port id; pid 0 comes from the kernel on some families' errors.
    if (msg.seq !== seq || (msg.pid !== this.transport.portId && msg.pid !== 0)) {
      this.strayMessages++;
      return false;
    }
    return true;
  }

  encode(req: Request, seq: number): Buffer {
    return encodeMessage({ type: req.type, flags: req.flags | Flags.REQUEST, seq, pid: 0 }, req.payload);
  }

  /**
   * Sends a request and waits for its answer: the ACK when NLM_F_ACK is set (returning any messages
   * that came before it, such as an NLM_F_ECHO), else the first reply.
   */
  async request(req: Request): Promise<NetlinkMessage[]> {
    const release = await this.lock.acquire();
    try {
      const seq = this.nextSequence();
      this.transport.send(this.encode(req, seq));
      const wantAck = (req.flags & Flags.ACK) !== 0;
      const replies: NetlinkMessage[] = [];
      for (;;) {
        const dgram = await this.nextDatagram(req.operation);
        for (const msg of iterateMessages(dgram, `reply to ${req.operation}`)) {
          if (!this.mine(msg, seq)) continue;
          if (msg.type === MessageType.ERROR) {
            const info = decodeError(msg);
            if (info.errno !== 0) throw new NetlinkError({ errno: info.errno, operation: req.operation, sequence: seq, extAck: info.extAck, requestType: info.requestType });
            return replies;
          }
          if (msg.type === MessageType.DONE) return replies;
          replies.push(msg);
          if (!wantAck && (req.firstReplyOnly || !(msg.flags & Flags.MULTI))) return replies;
        }
      }
    } finally {
      release();
    }
  }

  /**
   * Streams a dump one datagram's messages at a time. Memory stays bounded: the kernel fills the next
   * chunk only when we read. Ends at NLMSG_DONE; an error carried in DONE or NLMSG_ERROR is thrown; if
   * any message carried NLM_F_DUMP_INTR, a DumpInterruptedError is thrown after the last batch.
   * Breaking out early drains the rest, so the socket is clean for the next request.
   */
  async *dumpBatches(req: Request): AsyncGenerator<NetlinkMessage[], void, undefined> {
    const release = await this.lock.acquire();
    let finished = false;
    const seq = this.nextSequence();
    try {
      this.transport.send(this.encode({ ...req, flags: req.flags | Flags.DUMP }, seq));
      let interrupted = false;
      let received = 0;
      let failure: NetlinkError | undefined;
      while (!finished) {
        const dgram = await this.nextDatagram(req.operation);
        const batch: NetlinkMessage[] = [];
        for (const msg of iterateMessages(dgram, `dump reply to ${req.operation}`)) {
          if (!this.mine(msg, seq)) continue;
          if (msg.flags & Flags.DUMP_INTR) interrupted = true;
          if (msg.type === MessageType.DONE || msg.type === MessageType.ERROR) {
            finished = true;
            const info = msg.type === MessageType.DONE ? decodeDone(msg) : decodeError(msg);
            if (info.errno !== 0) failure = new NetlinkError({ errno: info.errno, operation: req.operation, sequence: seq, extAck: info.extAck, requestType: info.requestType });
            break;
          }
          batch.push(msg);
        }
        received += batch.length;
        // What arrived before an error is still delivered; the error follows it.
        if (batch.length > 0) yield batch;
      }
      if (failure) throw failure;
      if (interrupted) throw new DumpInterruptedError(req.operation, received);
    } finally {
      try {
        if (!finished && !this.transport.closed) await this.drain(seq, req.operation);
      } finally {
        release();
      }
    }
  }

  /** Message-at-a-time view of dumpBatches. */
  async *dump(req: Request): AsyncGenerator<NetlinkMessage, void, undefined> {
    for await (const batch of this.dumpBatches(req)) yield* batch;
  }

  /** Collects a whole dump, retrying on NLM_F_DUMP_INTR when asked. */
  async collectDump(req: Request, options: DumpOptions = {}): Promise<NetlinkMessage[]> {
    for (let attempt = 0; ; attempt++) {
      const out: NetlinkMessage[] = [];
      try {
        for await (const batch of this.dumpBatches(req)) for (const m of batch) out.push(m);
        return out;
      } catch (e) {
        if (e instanceof DumpInterruptedError && attempt < (options.retryInterrupted ?? 0)) continue;
        throw e;
      }
    }
  }

  private async drain(seq: number, operation: string): Promise<void> {
    for (;;) {
      const dgram = await this.transport.receive();
      if (dgram === null) return;
      for (const msg of iterateMessages(dgram, `draining ${operation}`)) {
        if (msg.seq === seq && (msg.type === MessageType.DONE || msg.type === MessageType.ERROR)) return;
      }
    }
  }

  /**
   * Sends many requests with few round trips: windows of `window` messages per datagram, only the last of
   * each window asks for an ACK (failures are always answered), so one wait confirms the whole window.
   * Returns one result per request, in order; a failure does not stop the others.
   */
  async pipeline(requests: readonly Request[], window = 128): Promise<PipelineResult[]> {
    const release = await this.lock.acquire();
    try {
      const results: PipelineResult[] = new Array(requests.length);
      for (let start = 0; start < requests.length; start += window) {
        const end = Math.min(start + window, requests.length);
        const seqToIndex = new Map<number, number>();
        const parts: Buffer[] = [];
        let lastSeq = 0;
        for (let i = start; i < end; i++) {
          const r = requests[i]!;
          const seq = this.nextSequence();
          seqToIndex.set(seq, i);
          const flags = i === end - 1 ? r.flags | Flags.ACK : r.flags & ~Flags.ACK;
          parts.push(this.encode({ ...r, flags }, seq));
          results[i] = { ok: true };
          lastSeq = seq;
        }
        this.transport.send(Buffer.concat(parts));
        let done = false;
        while (!done) {
          const dgram = await this.nextDatagram(requests[start]!.operation);
          for (const msg of iterateMessages(dgram, 'pipeline reply')) {
            const index = seqToIndex.get(msg.seq);
            if (index === undefined || (msg.pid !== this.transport.portId && msg.pid !== 0)) { this.strayMessages++; continue; }
            if (msg.type !== MessageType.ERROR) continue;
            const info = decodeError(msg);
            if (info.errno !== 0) {
              results[index] = { ok: false, error: new NetlinkError({ errno: info.errno, operation: requests[index]!.operation, sequence: msg.seq, extAck: info.extAck, requestType: info.requestType }) };
            }
            if (msg.seq === lastSeq) done = true;
          }
        }
      }
      return results;
    } finally {
      release();
    }
  }

  /**
   * Sends a pre-framed datagram of several messages (an nfnetlink batch) whose sequence numbers the caller
   * took from nextSequence(), and waits until every sequence in `expectAcks` is answered. The first error
   * is thrown, naming the operation `describe(seq)` returns. An error answering a sequence in `failOn` (which
   * is otherwise never acknowledged, e.g. a batch's BEGIN refused for a stale generation) fails it too.
   */
  async exchange(datagram: Buffer, expectAcks: readonly number[], describe: (seq: number) => string, failOn: readonly number[] = []): Promise<NetlinkMessage[]> {
    const release = await this.lock.acquire();
    try {
      this.transport.send(datagram);
      const pending = new Set(expectAcks);
      const replies: NetlinkMessage[] = [];
      let failure: NetlinkError | undefined;
      while (pending.size > 0) {
        const dgram = await this.nextDatagram(describe(expectAcks[0] ?? 0));
        for (const msg of iterateMessages(dgram, 'batch reply')) {
          const watched = failOn.includes(msg.seq) && msg.type === MessageType.ERROR;
          if ((!pending.has(msg.seq) && !watched) || (msg.pid !== this.transport.portId && msg.pid !== 0)) { this.strayMessages++; continue; }
          if (msg.type === MessageType.ERROR) {
            const info = decodeError(msg);
            pending.delete(msg.seq);
            if (info.errno !== 0 && !failure) {
              failure = new NetlinkError({ errno: info.errno, operation: describe(msg.seq), sequence: msg.seq, extAck: info.extAck, requestType: info.requestType });
            }
          } else {
            replies.push(msg);
          }
        }
        // After an error the kernel may not answer the rest of a batch (it aborts it): stop at the first one.
        if (failure) break;
      }
      if (failure) throw failure;
      return replies;
    } finally {
      release();
    }
  }
}
