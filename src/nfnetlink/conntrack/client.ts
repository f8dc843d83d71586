// The Conntrack client: dump (streaming, filtered in the kernel where it can be), get, create, update,
// delete, flush, count, per-CPU statistics, expectations, and event subscriptions on their own socket.
import {
  AF_UNSPEC, Flags, NetlinkConnection, NetlinkError, NetlinkProtocol, NetlinkSocket, ValidationError,
  type NetnsRef, type PipelineResult, type Request, type Transport,
} from '../../netlink/core.js';
import { Subsystem, messageType } from '../constants.js';
import { CTA, CtMsg, ExpMsg, STATUS_UNCHANGEABLE, Status, ZONE_MAX, type StatusName } from './constants.js';
import { decodeFlow, encodeFlow, validateFlow, type Flow } from './flow.js';
import { FlowCursor, type CursorCounts } from './cursor.js';
import { encodeFilter, isEmptyFilter, matchFlow, normaliseFilter, validateFilter, type FlowFilter, type KernelFilterParts } from './filter.js';
// stats.js and expect.js are loaded by the methods that need them: listing the table does not.
import type { CpuStatistics, GlobalStatistics } from './stats.js';
import type { Expectation } from './expect.js';
import { invertTuple, validateTuple, type Tuple } from './tuple.js';
import { ConntrackEvents, type EventOptions } from './events.js';

/** How to open a {@link Conntrack} client. */
export interface ConntrackOpenOptions {
  netns?: NetnsRef;
  /** Receive buffer of the query socket (SO_RCVBUFFORCE); large dumps do not need it. */
  receiveBufferSize?: number;
  /** Read large dumps ahead on a worker thread (SocketOptions.readAhead); on by default. */
  readAhead?: boolean;
}

/** What a filtered dump asked of the kernel and what we had to filter ourselves. */
export interface DumpReport {
  /** Filter parts sent in the request. */
  sentToKernel: KernelFilterParts;
  /** Flow messages received from the kernel. */
  received: number;
  /** Flows that passed the filter. */
  matched: number;
  /** Received flows that did not match: the kernel ignored (part of) the filter and we filtered them out. */
  filteredLocally: number;
  /** The kernel refused CTA_FILTER (tuple filtering) and the dump was repeated without it. */
  tupleFilterRefused?: string;
}

/** How a dump is filtered. */
export interface DumpOptions {
  /** Send the filter to the kernel (default true). With false the dump is unfiltered and filtered here. */
  kernelFilter?: boolean;
  /**
   * What to dump: the table (IPCTNL_MSG_CT_GET, the default), the table with its counters zeroed as they are
   * read (IPCTNL_MSG_CT_GET_CTRZERO, conntrack -L -z), or the dying / unconfirmed lists
   * (IPCTNL_MSG_CT_GET_DYING / _UNCONFIRMED).
   */
  source?: 'table' | 'zero' | 'dying' | 'unconfirmed';
}

const DUMP_MESSAGE = { table: CtMsg.GET, zero: CtMsg.GET_CTRZERO, dying: CtMsg.GET_DYING, unconfirmed: CtMsg.GET_UNCONFIRMED } as const;

/**
 * A dump in progress. Three ways through it, cheapest last: iterate flows (`for await (const f of dump)`),
 * batches of flows (one array per received datagram), or cursors() (no object per entry at all).
 */
export class FlowDump implements AsyncIterable<Flow> {
  readonly report: DumpReport;
  private readonly filter: FlowFilter;
  constructor(private readonly ct: Conntrack, filter: FlowFilter, private readonly options: DumpOptions) {
    validateFilter(filter);
    this.filter = normaliseFilter(filter);
    this.report = { sentToKernel: { family: false, zone: false, mark: false, status: false, tuple: false }, received: 0, matched: 0, filteredLocally: 0 };
  }

  /** True when the kernel applied every part of the filter it was sent (nothing had to be dropped here). */
  get kernelHonoured(): boolean {
    return this.report.filteredLocally === 0;
  }

  /**
   * The dump's raw chunks (one per datagram, only this dump's messages: see NetlinkConnection.dumpChunks),
   * with the fallback for kernels that refuse CTA_FILTER: the request is repeated without it, once.
   */
  private async *chunks(): AsyncGenerator<Buffer, void, undefined> {
    const f = this.filter;
    let useTuple = true;
    for (;;) {
      const encoded = this.options.kernelFilter === false
        ? { payload: Buffer.from([f.family ?? AF_UNSPEC, 0, 0, 0]), parts: { family: f.family !== undefined, zone: false, mark: false, status: false, tuple: false } }
        : encodeFilter(f, { tuple: useTuple });
      this.report.sentToKernel = encoded.parts;
      const req: Request = { type: messageType(Subsystem.CTNETLINK, DUMP_MESSAGE[this.options.source ?? 'table']), flags: 0, payload: encoded.payload, operation: 'dump conntrack table' };
      let any = false;
      try {
        for await (const chunk of this.ct.connection.dumpChunks(req)) {
          any = true;
          yield chunk;
        }
        return;
      } catch (e) {
        // Older kernels refuse CTA_FILTER (EOPNOTSUPP/EINVAL): repeat without it and filter here.
        if (e instanceof NetlinkError && !any && useTuple && encoded.parts.tuple && (e.code === 'EOPNOTSUPP' || e.code === 'EINVAL')) {
          useTuple = false;
          this.report.tupleFilterRefused = e.message;
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * The cheapest way through a large dump: one FlowCursor, reset on each received chunk, is yielded per
   * chunk; `while (c.next())` visits that chunk's entries that pass the filter (entries the kernel should
   * have filtered out but did not are skipped and counted in report.filteredLocally). Nothing is allocated
   * per entry; the cursor's fields are overwritten by the next entry (c.flow() decodes one in full).
   * @internal The CLI's and the exporter's fast path; FlowCursor is not part of the public API.
   */
  async *cursors(): AsyncGenerator<FlowCursor, void, undefined> {
    const counts: CursorCounts = this.report;
    const cursor = new FlowCursor(isEmptyFilter(this.filter) ? undefined : this.filter, counts);
    for await (const chunk of this.chunks()) yield cursor.reset(chunk);
  }

  /** The flows of each received datagram as one array. */
  async *batches(): AsyncGenerator<Flow[], void, undefined> {
    const f = this.filter;
    const check = !isEmptyFilter(f);
    const c = new FlowCursor(); // no filter: matchFlow below, on the model
    const report = this.report;
    for await (const chunk of this.chunks()) {
      c.reset(chunk);
      const out: Flow[] = [];
      while (c.next()) {
        const flow = c.toModel();
        report.received++;
        if (check && !matchFlow(flow, f)) { report.filteredLocally++; continue; }
        out.push(flow);
      }
      report.matched += out.length;
      if (out.length > 0) yield out;
    }
  }

  /** `for await (const flow of dump)`: the dump's flows one by one. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Flow, void, undefined> {
    for await (const batch of this.batches()) yield* batch;
  }
}

/** Fields of a flow to create. Status may be given by names. The reply tuple defaults to the inverted original. */
export interface FlowSpec extends Omit<Partial<Flow>, 'status' | 'family' | 'original'> {
  original: Tuple;
  status?: number | readonly StatusName[];
  family?: number;
}

function statusValue(s: FlowSpec['status']): number | undefined {
  if (s === undefined || typeof s === 'number') return s;
  let v = 0;
  for (const name of s) {
    const bit = Status[name];
    if (bit === undefined) throw new ValidationError('status', `unknown status '${String(name)}'`);
    v |= bit;
  }
  return v;
}

function checkZone(zone: number | undefined): void {
  if (zone !== undefined && (!Number.isInteger(zone) || zone < 0 || zone > ZONE_MAX)) throw new ValidationError('zone', `${zone} is outside 0..${ZONE_MAX}`);
}

const isTuple = (x: object): x is Tuple => 'src' in x && 'dst' in x && 'protocol' in x;
/**
 * A flow (to delete by its tuple) rather than a filter: its `original` is a whole tuple, with a protocol. A
 * filter's `original` is a TupleMatch, which has no protocol (the filter's protocol is its own field), so
 * `delete({ original: { src } })` is a filter and deletes every entry from that source.
 */
const isFlow = (x: object): x is Flow => {
  const o = (x as { original?: unknown }).original;
  return typeof o === 'object' && o !== null && isTuple(o) && (o as Tuple).protocol !== undefined;
};

const ct = (m: number): number => messageType(Subsystem.CTNETLINK, m);

/** The conntrack table over ctnetlink: dump with kernel-side filters, get, create, update, delete, flush, count, statistics, expectations and events. */
export class Conntrack {
  readonly connection: NetlinkConnection;
  private readonly netns: NetnsRef | undefined;
  private readonly subscriptions = new Set<ConntrackEvents>();

  private constructor(transport: Transport, netns?: NetnsRef) {
    this.connection = new NetlinkConnection(transport);
    this.netns = netns;
  }

  /** Opens a ctnetlink socket (in `options.netns` if given). */
  static async open(options: ConntrackOpenOptions = {}): Promise<Conntrack> {
    // NetlinkSocket straight from the core (not nfnetlink/socket.ts, which loads the whole core index).
    const transport = NetlinkSocket.open({ protocol: NetlinkProtocol.NETFILTER, netns: options.netns, receiveBufferSize: options.receiveBufferSize, readAhead: options.readAhead });
    return new Conntrack(transport, options.netns);
  }

  /** Over any transport (a replay of a recorded conversation, a recorder). */
  static fromTransport(transport: Transport): Conntrack {
    return new Conntrack(transport);
  }

  /** Closes the socket and every event stream opened from this client. */
  close(): void {
    for (const s of this.subscriptions) s.close();
    this.connection.close();
  }

  /** Streams the table; `for await (const flow of ct.dump({ zone: 1 }))`. */
  dump(filter: FlowFilter = {}, options: DumpOptions = {}): FlowDump {
    return new FlowDump(this, filter, options);
  }

  /** The whole (filtered) table as an array; {@link Conntrack.dump} streams it instead. */
  async list(filter: FlowFilter = {}): Promise<Flow[]> {
    const out: Flow[] = [];
    for await (const batch of this.dump(filter).batches()) for (const f of batch) out.push(f);
    return out;
  }

  /**
   * One flow by its original tuple (and zone). Extra fields of a partial flow are sent as they are
   * (conntrack-tools sends TCP flags with -G; the kernel ignores them). Undefined when there is none.
   */
  async get(key: Tuple | (Partial<Flow> & { original: Tuple }), options: { zone?: number } = {}): Promise<Flow | undefined> {
    const query: Partial<Flow> & { original: Tuple } = isTuple(key) ? { original: key } : { ...key };
    if (options.zone !== undefined) query.zone = options.zone;
    checkZone(query.zone);
    const family = validateTuple(query.original, 'original tuple');
    try {
      const replies = await this.connection.request({ type: ct(CtMsg.GET), flags: Flags.ACK, payload: encodeFlow(query, family), operation: 'get conntrack entry' });
      const msg = replies.find((m) => (m.type & 0xff) === CtMsg.NEW);
      return msg ? decodeFlow(msg.payload) : undefined;
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** The create request's payload (validated), as create() sends it. */
  encodeCreate(spec: FlowSpec): Buffer {
    if (spec.timeout === undefined) throw new ValidationError('timeout', 'a new entry needs a timeout');
    const status = statusValue(spec.status);
    // A new entry's status must keep IPS_CONFIRMED (the kernel answers EBUSY to a change of that bit).
    const flow: Partial<Flow> & { original: Tuple } = {
      ...spec, status: status === undefined ? undefined : (status | Status.CONFIRMED) >>> 0, reply: spec.reply ?? invertTuple(spec.original),
    } as Partial<Flow> & { original: Tuple };
    if (flow.status !== undefined && (flow.status & STATUS_UNCHANGEABLE & ~Status.CONFIRMED) !== 0) {
      throw new ValidationError('status', 'NAT, EXPECTED, DYING, TEMPLATE and OFFLOAD bits cannot be set by user space');
    }
    const family = validateFlow(flow, { needReply: true });
    return encodeFlow(flow, family);
  }

  /** Creates an entry (IPCTNL_MSG_CT_NEW with NLM_F_CREATE|NLM_F_EXCL): EEXIST if it is there already. */
  async create(spec: FlowSpec): Promise<void> {
    await this.connection.request({ type: ct(CtMsg.NEW), flags: Flags.ACK | Flags.CREATE | Flags.EXCL, payload: this.encodeCreate(spec), operation: 'create conntrack entry' });
  }

  /** Many creates with few round trips (windows of `window`); one result per spec, in order. */
  async createMany(specs: readonly FlowSpec[], window = 256): Promise<PipelineResult[]> {
    const requests = specs.map((s) => ({ type: ct(CtMsg.NEW), flags: Flags.CREATE | Flags.EXCL, payload: this.encodeCreate(s), operation: 'create conntrack entry' }));
    return this.connection.pipeline(requests, window);
  }

  /**
   * Creates an entry or, when one with that tuple exists, changes it (IPCTNL_MSG_CT_NEW with NLM_F_CREATE and
   * without NLM_F_EXCL: conntrack -A).
   */
  async add(spec: FlowSpec): Promise<void> {
    await this.connection.request({ type: ct(CtMsg.NEW), flags: Flags.ACK | Flags.CREATE, payload: this.encodeCreate(spec), operation: 'add conntrack entry' });
  }

  /** Changes an existing entry (IPCTNL_MSG_CT_NEW without NLM_F_CREATE): mark, timeout, status, protoinfo, labels. */
  async update(spec: FlowSpec): Promise<void> {
    const flow = { ...spec, status: statusValue(spec.status) } as Partial<Flow> & { original: Tuple };
    delete flow.family;
    const family = validateFlow(flow);
    await this.connection.request({ type: ct(CtMsg.NEW), flags: Flags.ACK, payload: encodeFlow(flow, family), operation: 'update conntrack entry' });
  }

  private deleteRequest(original: Tuple, zone: number | undefined, id: number | undefined): Request {
    checkZone(zone);
    const family = validateTuple(original, 'original tuple');
    const q: Partial<Flow> & { original: Tuple } = { original };
    if (zone !== undefined) q.zone = zone;
    const payload = encodeFlow(q, family);
    // CTA_ID makes the kernel delete this very entry, not a newer one that took its tuple.
    const withId = id === undefined ? payload : Buffer.concat([payload, idAttr(id)]);
    return { type: ct(CtMsg.DELETE), flags: Flags.ACK, payload: withId, operation: 'delete conntrack entry' };
  }

  /**
   * Deletes one entry (a tuple with options.zone, or a dumped flow: its tuple, zone and id), or every entry
   * matching a filter. Returns how many were deleted.
   */
  async delete(target: Tuple | Flow | FlowFilter, options: { zone?: number; onDeleted?: (f: Flow) => void } = {}): Promise<number> {
    if (isTuple(target) || isFlow(target)) {
      const req = isTuple(target) ? this.deleteRequest(target, options.zone, undefined) : this.deleteRequest(target.original, target.zone, target.id);
      try {
        await this.connection.request(req);
        return 1;
      } catch (e) {
        if (e instanceof NetlinkError && e.code === 'ENOENT') return 0;
        throw e;
      }
    }
    if (!options.onDeleted) return (await this.deleteWhere(target)).count;
    return this.deleteMatching(target, options.onDeleted);
  }

  /** Dumps (filtered in the kernel where possible), then deletes each match by tuple, zone and id, pipelined. */
  async deleteMatching(filter: FlowFilter, onDeleted?: (f: Flow) => void): Promise<number> {
    const victims: Flow[] = [];
    for await (const batch of this.dump(filter).batches()) for (const f of batch) victims.push(f);
    return this.deleteFlows(victims, onDeleted);
  }

  /**
   * Deletes every entry a filter matches, the cheapest way there is that still counts exactly what the kernel
   * removed: a kernel-filtered dump walked with a FlowCursor (no object per entry), each match turned into an
   * IPCTNL_MSG_CT_DELETE straight from its dumped bytes (CTA_TUPLE_ORIG as received, CTA_ZONE, CTA_ID: this
   * very entry, not a newer one with its tuple), sent pipelined, many per datagram; the count is the kernel's
   * acknowledgements (an entry gone meanwhile answers ENOENT and is not counted). `onMatched(cursor, index)`
   * sees each match as it is dumped; `deleted(index)` tells, afterwards, whether the kernel removed it.
   * @internal The CLI's fast path (its callback sees a FlowCursor, which is not public); use delete().
   */
  async deleteWhere(filter: FlowFilter, onMatched?: (c: FlowCursor, index: number) => void): Promise<{ count: number; deleted: (index: number) => boolean }> {
    const requests: Request[] = [];
    const type = ct(CtMsg.DELETE);
    for await (const c of this.dump(filter).cursors()) {
      while (c.next()) {
        if (c.originalAttrAt < 0) continue;
        const tupleLen = ((c.originalAttrEnd - c.originalAttrAt) + 3) & ~3;
        const payload = Buffer.alloc(4 + tupleLen + (c.zone >= 0 ? 8 : 0) + (c.id >= 0 ? 8 : 0));
        payload[0] = c.family;
        c.buf.copy(payload, 4, c.originalAttrAt, c.originalAttrEnd);
        let at = 4 + tupleLen;
        if (c.zone >= 0) { payload.writeUInt16LE(6, at); payload.writeUInt16LE(CTA.ZONE, at + 2); payload.writeUInt16BE(c.zone, at + 4); at += 8; }
        if (c.id >= 0) { payload.writeUInt16LE(8, at); payload.writeUInt16LE(CTA.ID, at + 2); payload.writeUInt32BE(c.id, at + 4); }
        onMatched?.(c, requests.length);
        requests.push({ type, flags: 0, payload, operation: 'delete conntrack entry' });
      }
    }
    if (requests.length === 0) return { count: 0, deleted: () => false };
    const results = await this.connection.pipeline(requests, 1024);
    let count = 0;
    for (const r of results) {
      if (r.ok) count++;
      else if (r.error.code !== 'ENOENT') throw r.error; // ENOENT: it expired meanwhile
    }
    return { count, deleted: (i) => results[i]?.ok === true };
  }

  /** Deletes these dumped flows (by tuple, zone and id), pipelined; an entry gone meanwhile is not counted. */
  async deleteFlows(victims: readonly Flow[], onDeleted?: (f: Flow) => void): Promise<number> {
    if (victims.length === 0) return 0;
    const requests = victims.map((f) => this.deleteRequest(f.original, f.zone, f.id));
    const results = await this.connection.pipeline(requests.map((r) => ({ ...r, flags: 0 })), 256);
    let n = 0;
    results.forEach((r, i) => {
      if (r.ok) { n++; onDeleted?.(victims[i]!); }
      else if (r.error.code !== 'ENOENT') throw r.error; // ENOENT: it expired meanwhile
    });
    return n;
  }

  /**
   * Empties the table (one IPCTNL_MSG_CT_DELETE without a tuple), or with a filter deletes only the matches
   * (flush({ zone: 1 })). Returns the number deleted when a filter was given.
   */
  async flush(filter: FlowFilter = {}): Promise<number | undefined> {
    if (!isEmptyFilter(filter)) return this.deleteMatching(filter);
    await this.connection.request({ type: ct(CtMsg.DELETE), flags: Flags.ACK, payload: Buffer.from([AF_UNSPEC, 0, 0, 0]), operation: 'flush conntrack table' });
    return undefined;
  }

  /** Number of entries (IPCTNL_MSG_CT_GET_STATS, CTA_STATS_GLOBAL_ENTRIES). */
  async count(): Promise<number> {
    const replies = await this.connection.request({ type: ct(CtMsg.GET_STATS), flags: 0, payload: Buffer.from([AF_UNSPEC, 0, 0, 0]), operation: 'count conntrack entries', firstReplyOnly: true });
    const msg = replies[0];
    if (!msg) return 0;
    const { decodeGlobalStatistics } = await import('./stats.js');
    return decodeGlobalStatistics(msg.payload).entries ?? 0;
  }

  /** Entry count and table limit (IPCTNL_MSG_CT_GET_STATS: CTA_STATS_GLOBAL_ENTRIES, _MAX_ENTRIES). */
  async globalStatistics(): Promise<GlobalStatistics> {
    const replies = await this.connection.request({ type: ct(CtMsg.GET_STATS), flags: 0, payload: Buffer.from([AF_UNSPEC, 0, 0, 0]), operation: 'conntrack global statistics', firstReplyOnly: true });
    const msg = replies[0];
    if (!msg) return {};
    const { decodeGlobalStatistics } = await import('./stats.js');
    return decodeGlobalStatistics(msg.payload);
  }

  /** Per-CPU counters (IPCTNL_MSG_CT_GET_STATS_CPU dump). */
  async statistics(): Promise<CpuStatistics[]> {
    const msgs = await this.connection.collectDump({ type: ct(CtMsg.GET_STATS_CPU), flags: 0, payload: Buffer.from([AF_UNSPEC, 0, 0, 0]), operation: 'conntrack statistics' });
    const { decodeCpuStatistics } = await import('./stats.js');
    return msgs.map((m) => decodeCpuStatistics(m.payload));
  }

  /** Empties the expectation table (IPCTNL_MSG_EXP_DELETE without a tuple). */
  async flushExpectations(): Promise<void> {
    await this.connection.request({ type: messageType(Subsystem.CTNETLINK_EXP, ExpMsg.DELETE), flags: Flags.ACK, payload: Buffer.from([AF_UNSPEC, 0, 0, 0]), operation: 'flush expectations' });
  }

  /** Expectations (IPCTNL_MSG_EXP_GET dump). */
  async expectations(options: { family?: number } = {}): Promise<Expectation[]> {
    const msgs = await this.connection.collectDump({
      type: messageType(Subsystem.CTNETLINK_EXP, ExpMsg.GET), flags: 0, payload: Buffer.from([options.family ?? AF_UNSPEC, 0, 0, 0]), operation: 'dump expectations',
    });
    const { decodeExpectation } = await import('./expect.js');
    return msgs.filter((m) => (m.type & 0xff) === ExpMsg.NEW).map((m) => decodeExpectation(m.payload));
  }

  /**
   * Subscribes to NEW/UPDATE/DESTROY events on a socket of its own (large receive buffer by default).
   * Losses (ENOBUFS) are reported as { type: 'overrun' } items and the stream goes on.
   */
  events(options: EventOptions = {}): ConntrackEvents {
    checkZone(options.zone);
    const stream = new ConntrackEvents(options, this.netns, this);
    this.subscriptions.add(stream);
    stream.onClose(() => this.subscriptions.delete(stream));
    return stream;
  }
}

function idAttr(id: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(8, 0);
  b.writeUInt16LE(12, 2); // CTA_ID
  b.writeUInt32BE(id >>> 0, 4);
  return b;
}
