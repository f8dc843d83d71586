// The request engine: sequence numbers, port-id checks, ACK/ERROR handling, streaming dumps, pipelining.
// It speaks to a byte-level Transport, so live sockets, recorders and replays behave the same.
import { Flags, MessageType, NLMSG_HDRLEN } from './constants.js';
import { DumpInterruptedError, NetlinkError, ProtocolError } from './errors.js';
import { decodeDone, decodeError } from './ack.js';
import { MessageCursor, encodeMessage, iterateMessages, parseMessages, readHeader, writeHeader, type HeaderFields, type NetlinkMessage } from './message.js';
import type { Transport } from './transport.js';

/** One netlink request: type, flags, payload and a description for errors. */
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

/** How a dump behaves when the kernel interrupts it. */
export interface DumpOptions {
  /**
   * Re-run the dump up to this many times when the kernel flags it NLM_F_DUMP_INTR (the dumped objects
   * changed while it ran). With retries, nothing is handed out before an attempt is known to be whole: the
   * chunks of an attempt are held in memory until its DONE. If the last attempt is interrupted too, its
   * chunks are handed out and then a DumpInterruptedError is thrown, as without retries.
   */
  retry?: number;
  /** @deprecated the old name of `retry`. */
  retryInterrupted?: number;
  /** Aborts the dump between two chunks (the signal's reason is thrown); the socket stays usable. */
  signal?: AbortSignal;
}

/** One item's outcome in a pipeline. */
export type PipelineResult = { ok: true } | { ok: false; error: NetlinkError };

/** Default pipeline window: messages per datagram (one ACK each), and the byte size a window stops growing at. */
const DEFAULT_WINDOW = 1024;
const WINDOW_BYTES = 64 * 1024;
/** The result of every request that succeeded (shared: it carries nothing). */
const OK: PipelineResult = Object.freeze({ ok: true as const });

/** Datagrams of one dump after which the transport is asked to read ahead (small dumps stay on the direct path). */
const READ_AHEAD_AFTER = 2;
/** Yield to timers and I/O at least this often during long receives. */
const YIELD_EVERY_MS = 8;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * How many messages `b` holds when it is the usual datagram of a dump: all well framed, all answering `seq`
 * from the kernel (pid ours or 0), none a DONE or ERROR or flagged NLM_F_DUMP_INTR. Otherwise 0, and the
 * caller takes the general (and error-reporting) path. A tight loop over the headers, run before anything
 * has been optimized: it is most of the per-message work of a large dump.
 */
function cleanDumpRun(b: Buffer, seq: number, portId: number, h: HeaderFields): number {
  const end = b.length;
  let o = 0;
  let n = 0;
  while (o < end) {
    if (end - o < NLMSG_HDRLEN) return 0;
    readHeader(b, o, h);
    if (h.length < NLMSG_HDRLEN || h.length > end - o) return 0;
    if (h.type === MessageType.DONE || h.type === MessageType.ERROR || (h.flags & Flags.DUMP_INTR) !== 0) return 0;
    if (h.seq !== seq || (h.pid !== portId && h.pid !== 0)) return 0;
    n++;
    o += (h.length + 3) & ~3;
  }
  return n;
}

/** Serialises operations on one socket: a dump's replies must not interleave with another request's. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  /** Acquirers not yet granted the lock. */
  waiting = 0;
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    this.waiting++;
    return prev.then(() => {
      this.waiting--;
      return release;
    });
  }
}

/**
 * A dump whose consumer holds the socket between two chunks. If another operation wants the socket then,
 * the rest of the dump is read into `backlog` (up to its DONE or ERROR) and the socket passes on: the dump
 * goes on from memory when its consumer reads again, or is collected with it if the consumer never does.
 * This is what keeps an abandoned iterator (`await list().next()` and nothing more) from wedging the
 * connection, and what lets a loop over a dump make other requests on the same connection.
 */
interface DumpState {
  readonly seq: number;
  readonly operation: string;
  /** The lock's release, while the dump holds it. */
  release: (() => void) | null;
  /** Datagrams (or the read's failure) read on the dump's behalf once it gave the socket up. */
  readonly backlog: Array<Buffer | Error>;
  /** The read of the rest into backlog: set once the dump has given the socket up. */
  draining: Promise<void> | null;
}

/** The request engine over a {@link Transport}: sequence numbers, ACKs and errors, dumps as streams, pipelined requests. */
export class NetlinkConnection {
  private sequence: number;
  private readonly lock = new Lock();
  private lastYield = Date.now();
  /** The dump (if any) holding the socket while its consumer is between chunks (see DumpState). */
  private parked: DumpState | null = null;
  /** Messages dropped because they answered no pending request (stale sequence or foreign port id). */
  strayMessages = 0;

  constructor(readonly transport: Transport, initialSequence?: number) {
    // A time-based start, as iproute2 does, keeps replies to a previous process's socket apart.
    this.sequence = initialSequence ?? (Math.floor(Date.now() / 1000) >>> 0);
  }

  /** The next sequence number (never 0). */
  nextSequence(): number {
    this.sequence = (this.sequence + 1) >>> 0;
    if (this.sequence === 0) this.sequence = 1;
    return this.sequence;
  }

  get portId(): number {
    return this.transport.portId;
  }

  /** Closes the transport; pending requests end with an error. */
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

  /** The bytes of a request with NLM_F_REQUEST and the given sequence number. */
  encode(req: Request, seq: number): Buffer {
    return encodeMessage({ type: req.type, flags: req.flags | Flags.REQUEST, seq, pid: 0 }, req.payload);
  }

  /**
   * Sends a request and waits for its answer: the ACK when NLM_F_ACK is set (returning any messages
   * that came before it, such as an NLM_F_ECHO), else the first reply.
   */
  async request(req: Request): Promise<NetlinkMessage[]> {
    const release = await this.acquire();
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
   * The socket for one operation. When a dump holds it between two of its chunks, the dump's rest is read
   * into that dump's memory first and the socket passes to the caller (see DumpState).
   */
  private async acquire(): Promise<() => void> {
    const parked = this.parked;
    if (parked === null || parked.release === null) return this.lock.acquire();
    this.parked = null;
    const release = parked.release;
    parked.release = null;
    parked.draining = this.readRest(parked);
    await parked.draining;
    return release;
  }

  /** Reads a dump's remaining datagrams into its backlog, up to its DONE or ERROR. Never rejects. */
  private async readRest(d: DumpState): Promise<void> {
    try {
      for (;;) {
        const dgram = await this.nextDatagram(d.operation);
        d.backlog.push(dgram);
        const c = new MessageCursor();
        c.reset(dgram, 0, dgram.length, `dump reply to ${d.operation}`);
        while (c.next()) {
          if (c.seq === d.seq && (c.type === MessageType.DONE || c.type === MessageType.ERROR)) return;
        }
      }
    } catch (e) {
      d.backlog.push(e instanceof Error ? e : new ProtocolError(`${d.operation}: ${String(e)}`));
    } finally {
      this.transport.readAhead?.(false);
    }
  }

  /**
   * Streams a dump one datagram at a time, as raw bytes: each chunk holds only this dump's data messages
   * (whole nlmsghdr-framed messages, checked; no NLMSG_DONE/ERROR, no stray replies), ready for a
   * MessageCursor. The cheapest way through a large dump: no object per message. Memory stays bounded: the
   * kernel fills the next datagram only when we read. Ends at NLMSG_DONE; an error carried in DONE or
   * NLMSG_ERROR is thrown after the chunk before it; if any message carried NLM_F_DUMP_INTR, a
   * DumpInterruptedError is thrown after the last chunk. Breaking out early drains the rest, so the socket
   * is clean for the next request.
   *
   * A dump never wedges its connection: if another request (or dump) on this connection starts while the
   * consumer sits between two chunks (an iterator left unfinished, or a request made inside the loop), the
   * rest of the dump is read into memory and the socket passes on; the dump then continues from memory.
   * An abandoned iterator costs that memory until it is collected. `signal` aborts the dump between chunks
   * (an AbortError, the signal's reason); the socket is drained and stays usable.
   */
  dumpChunks(req: Request, options: DumpOptions = {}): AsyncGenerator<Buffer, void, undefined> {
    const retry = options.retry ?? options.retryInterrupted ?? 0;
    return retry > 0 ? this.retryingChunks(req, retry, options.signal) : this.chunks(req, options.signal);
  }

  /** dumpChunks with retries: each attempt is held until its end, then handed out (see DumpOptions.retry). */
  private async *retryingChunks(req: Request, retry: number, signal: AbortSignal | undefined): AsyncGenerator<Buffer, void, undefined> {
    for (let attempt = 0; ; attempt++) {
      const held: Buffer[] = [];
      let interrupted: DumpInterruptedError | undefined;
      try {
        for await (const chunk of this.chunks(req, signal)) held.push(chunk);
      } catch (e) {
        if (!(e instanceof DumpInterruptedError)) throw e;
        interrupted = e;
      }
      if (interrupted && attempt < retry) continue;
      yield* held;
      if (interrupted) throw interrupted;
      return;
    }
  }

  private async *chunks(req: Request, signal: AbortSignal | undefined): AsyncGenerator<Buffer, void, undefined> {
    signal?.throwIfAborted();
    const seq = this.nextSequence();
    const state: DumpState = { seq, operation: req.operation, release: await this.acquire(), backlog: [], draining: null };
    let finished = false;
    let backlogAt = 0;
    const next = async (): Promise<Buffer> => {
      if (state.draining === null) return this.nextDatagram(req.operation);
      await state.draining;
      const item = state.backlog[backlogAt];
      if (item === undefined) throw new ProtocolError(`${req.operation}: the dump ended without NLMSG_DONE`);
      state.backlog[backlogAt++] = undefined as unknown as Buffer; // let it be collected
      if (item instanceof Error) throw item;
      return item;
    };
    /** Before handing out a chunk: give the socket up now if someone waits for it, else park the dump on it. */
    const park = async (): Promise<void> => {
      if (state.release === null) return;
      if (this.lock.waiting > 0) {
        const release = state.release;
        state.release = null;
        state.draining = this.readRest(state);
        await state.draining;
        release();
      } else {
        this.parked = state;
      }
    };
    const unpark = (): void => {
      if (this.parked === state) this.parked = null;
      signal?.throwIfAborted();
    };
    try {
      this.transport.send(this.encode({ ...req, flags: req.flags | Flags.DUMP }, seq));
      let interrupted = false;
      let received = 0;
      let failure: NetlinkError | undefined;
      const context = `dump reply to ${req.operation}`;
      const portId = this.transport.portId;
      const c = new MessageCursor();
      let datagrams = 0;
      while (!finished) {
        const dgram = await next();
        // A dump that fills more than a couple of datagrams is a long one: let the transport read ahead.
        if (++datagrams === READ_AHEAD_AFTER && state.release !== null) this.transport.readAhead?.(true);
        const clean = cleanDumpRun(dgram, seq, portId, c); // c is reset below before it walks anything
        if (clean > 0) {
          // The usual datagram: nothing but well-framed data messages of this dump.
          received += clean;
          await park();
          yield dgram;
          unpark();
          continue;
        }
        c.reset(dgram, 0, dgram.length, context);
        let runStart = -1; // first message of the current run of ours
        let runEnd = 0;
        let parts: Buffer[] | undefined; // only when a stray message splits the datagram
        while (c.next()) {
          if (c.seq !== seq || (c.pid !== portId && c.pid !== 0)) {
            // Replies carry our port id; pid 0 comes from the kernel on some families' errors.
            this.strayMessages++;
            if (runStart >= 0) (parts ??= []).push(dgram.subarray(runStart, runEnd));
            runStart = -1;
            continue;
          }
          if (c.flags & Flags.DUMP_INTR) interrupted = true;
          if (c.type === MessageType.DONE || c.type === MessageType.ERROR) {
            finished = true;
            const msg = c.message();
            const info = msg.type === MessageType.DONE ? decodeDone(msg) : decodeError(msg);
            if (info.errno !== 0) failure = new NetlinkError({ errno: info.errno, operation: req.operation, sequence: seq, extAck: info.extAck, requestType: info.requestType });
            break;
          }
          if (runStart < 0) runStart = c.offset;
          runEnd = Math.min(dgram.length, c.offset + ((c.length + 3) & ~3));
          received++;
        }
        let chunk: Buffer | undefined;
        if (parts) {
          if (runStart >= 0) parts.push(dgram.subarray(runStart, runEnd));
          if (parts.length > 0) chunk = Buffer.concat(parts);
        } else if (runStart >= 0) {
          chunk = runStart === 0 && runEnd === dgram.length ? dgram : dgram.subarray(runStart, runEnd);
        }
        // What arrived before an error is still delivered; the error follows it.
        if (chunk) {
          if (finished) this.releaseDump(state);
          else await park();
          yield chunk;
          unpark();
        }
      }
      this.releaseDump(state);
      if (failure) throw failure;
      if (interrupted) throw new DumpInterruptedError(req.operation, received);
    } finally {
      if (this.parked === state) this.parked = null;
      if (state.release !== null) {
        this.transport.readAhead?.(false);
        try {
          if (!finished && !this.transport.closed) await this.drain(seq, req.operation);
        } finally {
          this.releaseDump(state);
        }
      }
    }
  }

  /** The dump is done with the socket: it passes to the next operation. */
  private releaseDump(state: DumpState): void {
    if (state.release === null) return;
    if (this.parked === state) this.parked = null;
    this.transport.readAhead?.(false);
    const release = state.release;
    state.release = null;
    release();
  }

  /**
   * Streams a dump one datagram's messages at a time (see dumpChunks for the rules: errors, NLM_F_DUMP_INTR,
   * early exit, retries). Memory stays bounded: the kernel fills the next chunk only when we read.
   */
  async *dumpBatches(req: Request, options: DumpOptions = {}): AsyncGenerator<NetlinkMessage[], void, undefined> {
    const context = `dump reply to ${req.operation}`;
    for await (const chunk of this.dumpChunks(req, options)) yield parseMessages(chunk, context);
  }

  /** Message-at-a-time view of dumpBatches. */
  async *dump(req: Request, options: DumpOptions = {}): AsyncGenerator<NetlinkMessage, void, undefined> {
    for await (const batch of this.dumpBatches(req, options)) yield* batch;
  }

  /** Collects a whole dump, retrying on NLM_F_DUMP_INTR when asked. */
  async collectDump(req: Request, options: DumpOptions = {}): Promise<NetlinkMessage[]> {
    const out: NetlinkMessage[] = [];
    for await (const batch of this.dumpBatches(req, options)) for (const m of batch) out.push(m);
    return out;
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
  async pipeline(requests: readonly Request[], window = DEFAULT_WINDOW): Promise<PipelineResult[]> {
    const release = await this.acquire();
    try {
      const results: PipelineResult[] = new Array(requests.length);
      const portId = this.transport.portId;
      const c = new MessageCursor();
      const header = { type: 0, flags: 0, seq: 0, pid: 0 };
      let start = 0;
      while (start < requests.length) {
        // A window: up to `window` messages and about WINDOW_BYTES, framed straight into one datagram.
        let end = start;
        let size = 0;
        const payloads: Uint8Array[] = [];
        while (end < requests.length && end - start < window && (end === start || size < WINDOW_BYTES)) {
          const payload = requests[end]!.payload;
          payloads.push(payload);
          size += NLMSG_HDRLEN + ((payload.length + 3) & ~3);
          end++;
        }
        const datagram = Buffer.allocUnsafe(size);
        // Sequence numbers of a window are consecutive unless they wrap past 0 (which is skipped): then a map.
        const firstSeq = this.sequence + 1 > 0xffffffff ? 1 : this.sequence + 1;
        const seqToIndex = firstSeq + (end - start) - 1 > 0xffffffff ? new Map<number, number>() : undefined;
        let at = 0;
        let lastSeq = 0;
        for (let i = start; i < end; i++) {
          const r = requests[i]!;
          const payload = payloads[i - start]!;
          const seq = this.nextSequence();
          seqToIndex?.set(seq, i);
          const flags = (i === end - 1 ? r.flags | Flags.ACK : r.flags & ~Flags.ACK) | Flags.REQUEST;
          const length = NLMSG_HDRLEN + payload.length;
          header.type = r.type;
          header.flags = flags;
          header.seq = seq; // nlmsg_pid stays 0: the kernel fills ours in
          writeHeader(datagram, at, length, header);
          datagram.set(payload, at + NLMSG_HDRLEN);
          const padded = (length + 3) & ~3;
          for (let p = at + length; p < at + padded; p++) datagram[p] = 0;
          at += padded;
          results[i] = OK;
          lastSeq = seq;
        }
        const indexOf = (seq: number): number | undefined => {
          if (seqToIndex) return seqToIndex.get(seq);
          const k = seq - firstSeq;
          return k >= 0 && k < end - start ? start + k : undefined;
        };
        this.transport.send(datagram);
        let done = false;
        while (!done) {
          const dgram = await this.nextDatagram(requests[start]!.operation);
          c.reset(dgram, 0, dgram.length, 'pipeline reply');
          while (c.next()) {
            const index = indexOf(c.seq);
            if (index === undefined || (c.pid !== portId && c.pid !== 0)) { this.strayMessages++; continue; }
            if (c.type !== MessageType.ERROR) continue;
            const info = decodeError(c.message());
            if (info.errno !== 0) {
              results[index] = { ok: false, error: new NetlinkError({ errno: info.errno, operation: requests[index]!.operation, sequence: c.seq, extAck: info.extAck, requestType: info.requestType }) };
            }
            if (c.seq === lastSeq) done = true;
          }
        }
        start = end;
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
    const release = await this.acquire();
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

// ---------------------------------------------------------------------------------------------------------
// Item-at-a-time iteration over a stream of batches, without an async generator's cost per item: `for await`
// over this takes one resolved promise per item instead of a generator resumption and several promises.
// Dumps produce one batch per datagram; item-level APIs (RouteOps.list, LinkOps.list) are built on this.

/** An AsyncGenerator of the items of `batches`, in order. return()/throw() go to `batches` (a dump drains). */
export function flattenBatches<T>(batches: AsyncGenerator<T[], void, undefined>): AsyncGenerator<T, void, undefined> {
  return new Flattened(batches);
}

class Flattened<T> implements AsyncGenerator<T, void, undefined> {
  private batch: T[] = [];
  private at = 0;
  private finished = false;
  /** A next() waiting for the next batch: later calls queue behind it, so items keep their order. */
  private fetching: Promise<IteratorResult<T, void>> | null = null;

  constructor(private readonly batches: AsyncGenerator<T[], void, undefined>) {}

  [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    return this;
  }

  next(): Promise<IteratorResult<T, void>> {
    if (this.fetching === null && this.at < this.batch.length) return Promise.resolve({ value: this.batch[this.at++]!, done: false });
    const pull = (): Promise<IteratorResult<T, void>> => this.pull();
    const p = this.fetching === null ? pull() : this.fetching.then(pull, pull);
    this.fetching = p;
    const clear = (): void => { if (this.fetching === p) this.fetching = null; };
    p.then(clear, clear);
    return p;
  }

  private async pull(): Promise<IteratorResult<T, void>> {
    while (this.at >= this.batch.length) {
      if (this.finished) return { value: undefined, done: true };
      const r = await this.batches.next();
      if (r.done) {
        this.finished = true;
        return { value: undefined, done: true };
      }
      this.batch = r.value;
      this.at = 0;
    }
    return { value: this.batch[this.at++]!, done: false };
  }

  async return(value?: void | PromiseLike<void>): Promise<IteratorResult<T, void>> {
    this.finished = true;
    this.batch = [];
    await this.batches.return(undefined);
    return { value: (await value) as void, done: true };
  }

  async throw(e: unknown): Promise<IteratorResult<T, void>> {
    this.finished = true;
    this.batch = [];
    await this.batches.throw(e);
    return { value: undefined, done: true };
  }
}
