// Conntrack events: NEW / UPDATE / DESTROY (and expectation events) on a socket of their own. Overload is
// reported, not hidden: ENOBUFS from recv becomes an { type: 'overrun' } item and the stream continues,
// optionally followed by a resynchronising dump.
import { Flags, NetlinkProtocol, NetlinkSocket, isOverrun, notifications, type NetnsRef, type Transport } from '../../netlink/core.js';
import { Subsystem } from '../constants.js';
import { CtGroup, CtMsg, ExpMsg } from './constants.js';
import { decodeFlow, type Flow } from './flow.js';
import type { Expectation } from './expect.js';
import type { Conntrack } from './client.js';

/** A flow event kind (IPCTNL_MSG_CT_NEW with or without NLM_F_CREATE, IPCTNL_MSG_CT_DELETE). */
export type EventKind = 'new' | 'update' | 'destroy';

/** What a {@link ConntrackEvents} stream reports. */
export interface EventOptions {
  /** Which events (default new, update, destroy). */
  groups?: readonly EventKind[];
  /** Also expectation events. */
  expectations?: boolean;
  /** Only flows of this zone (filtered on our side: the kernel multicasts every zone's events). */
  zone?: number;
  /** SO_RCVBUFFORCE of the event socket; default 8 MiB. */
  receiveBufferSize?: number;
  /** After an overrun, dump the table and yield it as a { type: 'resync' } item. */
  resyncOnOverrun?: boolean;
  /** Use this transport instead of opening a socket (replay tests). */
  transport?: Transport;
}

/** An item of a conntrack event stream: a flow event, an expectation event, an overrun, or a resync after one. */
export type ConntrackEvent =
  | { type: EventKind; flow: Flow; /** nlmsg_pid: the port that caused it, 0 for the kernel's own */ portId: number }
  | { type: 'expect-new' | 'expect-destroy'; expectation: Expectation; portId: number }
  | { type: 'overrun'; /** Overruns so far on this stream. */ count: number; at: Date }
  | { type: 'resync'; flows: Flow[] };

/** Receive buffer of an event socket when none is given (8 MiB). */
export const DEFAULT_EVENT_BUFFER = 8 * 1024 * 1024;

/** A stream of conntrack events; overruns are items, not errors. */
export class ConntrackEvents implements AsyncIterable<ConntrackEvent> {
  readonly transport: Transport;
  overruns = 0;
  received = 0;
  private closers: Array<() => void> = [];

  constructor(private readonly options: EventOptions, netns: NetnsRef | undefined, private readonly ct: Conntrack) {
    const kinds = options.groups ?? ['new', 'update', 'destroy'];
    const groups: number[] = kinds.map((k) => (k === 'new' ? CtGroup.NEW : k === 'update' ? CtGroup.UPDATE : CtGroup.DESTROY));
    if (options.expectations) groups.push(CtGroup.EXP_NEW, CtGroup.EXP_DESTROY);
    this.transport = options.transport ?? NetlinkSocket.open({ protocol: NetlinkProtocol.NETFILTER, netns, groups, receiveBufferSize: options.receiveBufferSize ?? DEFAULT_EVENT_BUFFER });
  }

  /** Registers a function to run when the stream closes. */
  onClose(fn: () => void): void {
    this.closers.push(fn);
  }

  /** Closes the event socket and ends the iteration. */
  close(): void {
    this.transport.close();
    for (const fn of this.closers.splice(0)) fn();
  }

  /** `for await (const event of events)`: events as they arrive, overruns as items. */
  async *[Symbol.asyncIterator](): AsyncGenerator<ConntrackEvent, void, undefined> {
    const zone = this.options.zone;
    let exp: typeof import('./expect.js') | undefined; // loaded with the first expectation event
    try {
      for await (const m of notifications(this.transport, 'conntrack event')) {
        if (isOverrun(m)) {
          this.overruns = m.count;
          yield { type: 'overrun', count: this.overruns, at: new Date() };
          if (this.options.resyncOnOverrun) yield { type: 'resync', flows: await this.ct.list(zone === undefined ? {} : { zone }) };
          continue;
        }
        const sub = m.type >> 8;
        const msg = m.type & 0xff;
        if (sub === Subsystem.CTNETLINK) {
          if (msg !== CtMsg.NEW && msg !== CtMsg.DELETE) continue;
          const flow = decodeFlow(m.payload);
          this.received++;
          if (zone !== undefined && (flow.zone ?? 0) !== zone) continue;
          const type: EventKind = msg === CtMsg.DELETE ? 'destroy' : m.flags & (Flags.CREATE | Flags.EXCL) ? 'new' : 'update';
          yield { type, flow, portId: m.pid };
        } else if (sub === Subsystem.CTNETLINK_EXP) {
          if (msg !== ExpMsg.NEW && msg !== ExpMsg.DELETE) continue;
          exp ??= await import('./expect.js');
          const expectation = exp.decodeExpectation(m.payload);
          if (zone !== undefined && (expectation.zone ?? 0) !== zone) continue;
          yield { type: msg === ExpMsg.DELETE ? 'expect-destroy' : 'expect-new', expectation, portId: m.pid };
        }
      }
    } finally {
      this.close();
    }
  }
}
