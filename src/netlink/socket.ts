// The live transport: an AF_NETLINK socket over libc (koffi). Non-blocking; readiness comes from a libuv
// poll handle on Node's own event loop, so waiting costs no thread and every open socket shares the
// loop's single epoll instance.
import {
  AF_NETLINK, MSG_DONTWAIT, MSG_TRUNC, NetlinkSockOpt, SOCK_CLOEXEC, SOCK_NONBLOCK, SOCK_RAW, SOL_NETLINK,
  SOCKADDR_NL, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE, SO_SNDBUF, SO_SNDBUFFORCE,
} from './constants.js';
import { ProtocolError, SystemError } from './errors.js';
import { constants as osConstants } from 'node:os';
import { check, errno, koffi, libc } from './libc.js';
import { type NetnsRef, withNetns } from './netns.js';
import { ReadAhead, readAheadSupported } from './read-ahead.js';
import type { Transport } from './transport.js';

/** How to open a {@link NetlinkSocket}. */
export interface SocketOptions {
  /** NETLINK_ROUTE, NETLINK_NETFILTER, ... */
  protocol: number;
  /** Open the socket inside this network namespace (the calling thread switches there and back). */
  netns?: NetnsRef;
  /** Multicast groups to join (NETLINK_ADD_MEMBERSHIP, group numbers as in the family's enum). */
  groups?: readonly number[];
  /** SO_RCVBUFFORCE (falls back to SO_RCVBUF when not permitted). */
  receiveBufferSize?: number;
  sendBufferSize?: number;
  /** NETLINK_NO_ENOBUFS: never report overruns (only sensible for sockets that can afford to lose events). */
  noEnobufs?: boolean;
  /** NETLINK_EXT_ACK; on by default. */
  extendedAck?: boolean;
  /** NETLINK_GET_STRICT_CHK; on by default. */
  strictCheck?: boolean;
  /** NETLINK_CAP_ACK: error replies do not echo the request payload. Off by default. */
  capAck?: boolean;
  /** Bytes offered to each recv; 32 KiB or more lets the kernel fill 32 KiB dump chunks. */
  receiveChunkSize?: number;
  /**
   * Let large dumps be read ahead on a worker thread, so that the kernel fills the next chunks while this
   * thread works on the last ones (see read-ahead.ts). On by default where the platform allows it.
   */
  readAhead?: boolean;
}

// The platform's numbers, as Node knows them (no table to build, nothing to resolve later).
const { EAGAIN, EINTR, EMSGSIZE } = osConstants.errno;
const DEFAULT_CHUNK = 64 * 1024;

interface PollEvents { readable: boolean }
interface PollHandle { start(opts: { readable: boolean }, cb: (status: number, ev: PollEvents) => void): void; stop(): void; close(): void; ref(): void; unref(): void }
const poll = (koffi as unknown as { node: { poll(fd: number, opts: { readable: boolean }, cb: (status: number, ev: PollEvents) => void): PollHandle } }).node.poll;

function intOption(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(value);
  return b;
}

/** A netlink socket over libc (through koffi): non-blocking, waited on off the main thread, openable in a namespace. */
export class NetlinkSocket implements Transport {
  readonly protocol: number;
  readonly fd: number;
  readonly portId: number;
  private readonly rx: Buffer;
  private pollHandle: PollHandle | null = null;
  private waiters: Array<{ resolve: (b: Buffer | null) => void; reject: (e: Error) => void }> = [];
  private isClosed = false;
  // Read-ahead (see read-ahead.ts): datagrams fetched on a worker thread wait here, in order, ahead of the socket.
  private ahead: ReadAhead | null = null;
  private readonly aheadAllowed: boolean;
  private aheadWanted = false;
  private fetched: Array<Buffer | Error | undefined> = [];
  private fetchedHead = 0;
  /** Datagrams that arrived through read-ahead (a diagnostic: 0 when it never engaged). */
  datagramsReadAhead = 0;

  private constructor(protocol: number, fd: number, portId: number, chunk: number, readAhead: boolean) {
    this.protocol = protocol;
    this.fd = fd;
    this.portId = portId;
    this.rx = Buffer.alloc(chunk);
    this.aheadAllowed = readAhead && readAheadSupported;
  }

  /** Opens, binds and configures a socket (in `options.netns` if given). */
  static open(options: SocketOptions): NetlinkSocket {
    const create = (): number =>
      check(libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, options.protocol), 'socket', `AF_NETLINK protocol ${options.protocol}`);
    const fd = options.netns !== undefined ? withNetns(options.netns, create) : create();
    try {
      const addr = Buffer.alloc(SOCKADDR_NL.size); // pid 0: the kernel assigns the port id; no groups yet
      addr.writeUInt16LE(AF_NETLINK, SOCKADDR_NL.family);
      check(libc.bind(fd, addr, addr.length), 'bind');
      const out = Buffer.alloc(SOCKADDR_NL.size);
      const len = [out.length];
      check(libc.getsockname(fd, out, len), 'getsockname');
      const portId = out.readUInt32LE(SOCKADDR_NL.pid);
      const sock = new NetlinkSocket(options.protocol, fd, portId, Math.max(options.receiveChunkSize ?? DEFAULT_CHUNK, 4096), options.readAhead !== false);
      if (options.extendedAck !== false) sock.setOption(SOL_NETLINK, NetlinkSockOpt.EXT_ACK, 1);
      if (options.strictCheck !== false) sock.setOption(SOL_NETLINK, NetlinkSockOpt.GET_STRICT_CHK, 1);
      if (options.capAck) sock.setOption(SOL_NETLINK, NetlinkSockOpt.CAP_ACK, 1);
      if (options.noEnobufs) sock.setOption(SOL_NETLINK, NetlinkSockOpt.NO_ENOBUFS, 1);
      if (options.receiveBufferSize) sock.setBufferSize('receive', options.receiveBufferSize);
      if (options.sendBufferSize) sock.setBufferSize('send', options.sendBufferSize);
      for (const g of options.groups ?? []) sock.joinGroup(g);
      return sock;
    } catch (e) {
      libc.close(fd);
      throw e;
    }
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** setsockopt(2) with an int value; SystemError on failure. */
  setOption(level: number, name: number, value: number): void {
    const v = intOption(value);
    check(libc.setsockopt(this.fd, level, name, v, 4), 'setsockopt', `level ${level} option ${name}`);
  }

  /** getsockopt(2) of an int value; SystemError on failure. */
  getOption(level: number, name: number): number {
    const v = Buffer.alloc(4);
    const len = [4];
    check(libc.getsockopt(this.fd, level, name, v, len), 'getsockopt', `level ${level} option ${name}`);
    return v.readInt32LE(0);
  }

  /** SO_RCVBUFFORCE / SO_SNDBUFFORCE when privileged, else the plain option (capped by rmem_max). */
  setBufferSize(which: 'receive' | 'send', bytes: number): void {
    const [force, plain] = which === 'receive' ? [SO_RCVBUFFORCE, SO_RCVBUF] : [SO_SNDBUFFORCE, SO_SNDBUF];
    if (libc.setsockopt(this.fd, SOL_SOCKET, force, intOption(bytes), 4) === 0) return;
    this.setOption(SOL_SOCKET, plain, bytes);
  }

  /** The kernel's doubled value, as getsockopt(SO_RCVBUF) reports it. */
  get receiveBufferSize(): number {
    return this.getOption(SOL_SOCKET, SO_RCVBUF);
  }

  /** Joins a multicast group (NETLINK_ADD_MEMBERSHIP). */
  joinGroup(group: number): void {
    this.setOption(SOL_NETLINK, NetlinkSockOpt.ADD_MEMBERSHIP, group);
  }

  /** Leaves a multicast group (NETLINK_DROP_MEMBERSHIP). */
  leaveGroup(group: number): void {
    this.setOption(SOL_NETLINK, NetlinkSockOpt.DROP_MEMBERSHIP, group);
  }

  /**
   * Sends one datagram. The kernel refuses one larger than the send buffer (netlink_sendmsg: EMSGSIZE when
   * len > sk_sndbuf - 32), and an nf_tables batch must travel in one datagram: so, as nft does, the buffer is
   * raised to fit (SO_SNDBUFFORCE where permitted, else SO_SNDBUF up to wmem_max) and the send tried again.
   */
  send(datagram: Buffer): void {
    if (this.isClosed) throw new ProtocolError('send on a closed netlink socket');
    let grown = false;
    for (;;) {
      const n = Number(libc.send(this.fd, datagram, datagram.length, 0));
      if (n >= 0) {
        if (n !== datagram.length) throw new ProtocolError(`short send: ${n} of ${datagram.length} bytes`);
        return;
      }
      const e = errno();
      if (e === EINTR) continue;
      if (e === EMSGSIZE && !grown) {
        grown = true;
        try {
          this.setBufferSize('send', datagram.length + 4096);
        } catch (x) {
          if (!(x instanceof SystemError)) throw x; // not permitted: the retry fails with EMSGSIZE and says so
        }
        continue;
      }
      throw new SystemError('send', e, `of a ${datagram.length}-byte datagram`);
    }
  }

  tryReceive(): Buffer | null | undefined {
    if (this.isClosed) return null;
    if (this.fetchedHead < this.fetched.length) return this.takeFetched();
    // A fetch is reading the socket on the worker thread: reading here too could reorder datagrams.
    if (this.ahead?.busy) return undefined;
    for (;;) {
      const n = Number(libc.recv(this.fd, this.rx, this.rx.length, MSG_DONTWAIT | MSG_TRUNC));
      if (n >= 0) {
        if (n > this.rx.length) {
          throw new ProtocolError(`a ${n}-byte datagram did not fit the ${this.rx.length}-byte receive buffer; raise receiveChunkSize`);
        }
        const datagram = Buffer.from(this.rx.subarray(0, n));
        this.fetchAhead();
        return datagram;
      }
      const e = errno();
      if (e === EINTR) continue;
      if (e === EAGAIN) return undefined;
      throw new SystemError('recv', e);
    }
  }

  receive(): Promise<Buffer | null> {
    try {
      const ready = this.tryReceive();
      if (ready !== undefined) return Promise.resolve(ready);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      // While a fetch runs, its completion serves the waiters; polling now would only spin on a readable socket.
      if (!this.ahead?.busy) this.startPolling();
    });
  }

  /**
   * Read-ahead on (a large dump is under way) or off. While on, the socket keeps a fetch of up to 16 datagrams
   * running on a worker thread whenever fewer than 32 wait to be consumed. Datagrams keep their order.
   */
  readAhead(on: boolean): void {
    if (!this.aheadAllowed || this.isClosed) return;
    this.aheadWanted = on;
    if (on) {
      this.ahead ??= new ReadAhead(this.fd, this.rx.length, {
        deliver: (datagrams, error) => this.onFetched(datagrams, error),
        exhausted: () => this.onFetchedNothing(),
      });
      this.fetchAhead();
    }
  }

  private fetchAhead(): void {
    if (this.aheadWanted && this.ahead && !this.ahead.busy && this.fetched.length - this.fetchedHead < ReadAhead.highWater) this.ahead.start();
  }

  private takeFetched(): Buffer {
    const item = this.fetched[this.fetchedHead]!;
    this.fetched[this.fetchedHead++] = undefined; // let it be collected
    if (this.fetchedHead === this.fetched.length) {
      this.fetched = [];
      this.fetchedHead = 0;
    }
    this.fetchAhead();
    if (item instanceof Error) throw item;
    return item;
  }

  private onFetched(datagrams: Buffer[], error: Error | undefined): void {
    if (this.isClosed) return;
    this.datagramsReadAhead += datagrams.length;
    for (const d of datagrams) this.fetched.push(d);
    if (error) this.fetched.push(error);
    // The next fetch starts before the waiters run, so that the kernel works while they do.
    this.fetchAhead();
    while (this.waiters.length > 0 && this.fetchedHead < this.fetched.length) {
      const w = this.waiters.shift()!;
      try {
        w.resolve(this.takeFetched());
      } catch (e) {
        w.reject(e as Error);
      }
    }
    if (this.waiters.length > 0 && !this.ahead?.busy) this.startPolling();
  }

  private onFetchedNothing(): void {
    // Nothing was queued (or the call failed): the ordinary path waits for readiness and reads errno itself.
    if (!this.isClosed && this.waiters.length > 0) this.startPolling();
  }

  private startPolling(): void {
    if (this.pollHandle) this.pollHandle.start({ readable: true }, () => this.onReadable());
    else this.pollHandle = poll(this.fd, { readable: true }, () => this.onReadable());
  }

  private onReadable(): void {
    while (this.waiters.length > 0) {
      if (this.ahead?.busy) {
        this.pollHandle?.stop(); // the fetch's completion serves the waiters
        return;
      }
      let got: Buffer | null | undefined;
      try {
        got = this.tryReceive();
      } catch (e) {
        this.waiters.shift()!.reject(e as Error);
        continue;
      }
      if (got === undefined) return; // spurious wake-up: keep waiting
      this.waiters.shift()!.resolve(got);
    }
    // Nobody waits: stop watching so an idle socket neither spins nor keeps the process alive.
    this.pollHandle?.stop();
  }

  /** Closes at once; pending receive() calls resolve to null. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.pollHandle) {
      this.pollHandle.close();
      this.pollHandle = null;
    }
    this.fetched = [];
    this.fetchedHead = 0;
    // A fetch in flight still uses the descriptor: it is closed when that returns (at once: MSG_DONTWAIT).
    if (this.ahead) this.ahead.close(() => libc.close(this.fd));
    else libc.close(this.fd);
    for (const w of this.waiters.splice(0)) w.resolve(null);
  }
}
