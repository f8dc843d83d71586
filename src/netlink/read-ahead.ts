// Read-ahead for long transfers (dumps): recvmmsg(2) runs on one of koffi's worker threads and fetches the
// next datagrams while the caller's thread works on the previous ones. The kernel produces a dump's next
// chunk inside each recvmsg, so without this its work (most of a large dump's time) and ours take turns on
// one thread; with it they overlap on two cores.
//
// Each fetch asks for up to SLOTS datagrams in one system call, so one thread hand-off (about 100 µs on a
// virtual machine, where waking a thread costs a VM exit) serves up to SLOTS datagrams, not one.
// The socket is non-blocking and every call passes MSG_DONTWAIT: a fetch never waits, it returns what is
// queued. Errors and an empty queue are left to the caller's ordinary path, which reads errno itself.
import { MSG_DONTWAIT, MSG_TRUNC } from './constants.js';
import { ProtocolError } from './errors.js';
import { koffi, libc } from './libc.js';

/** Datagrams one fetch asks for, at most (fewer when the socket's datagrams are large; see BATCH_BYTES). */
const SLOTS = 16;
/** Bytes one fetch may allocate: 16 slots of the default 64 KiB. */
const BATCH_BYTES = 1 << 20;
/** Start no new fetch while this many received datagrams wait to be consumed (bounds memory). */
const HIGH_WATER = 2 * SLOTS;

// struct mmsghdr (linux/socket.h) on LP64: struct msghdr (56 bytes) then unsigned int msg_len, padded to 64.
// struct msghdr: msg_name @0, msg_namelen @8, msg_iov @16, msg_iovlen @24, msg_control @32,
// msg_controllen @40, msg_flags @48. struct iovec: iov_base @0, iov_len @8 (16 bytes).
const MMSGHDR_SIZE = 64;
const MSG_IOV = 16;
const MSG_IOVLEN = 24;
const MSG_FLAGS = 48;
const MSG_LEN = 56;
const IOVEC_SIZE = 16;

/** The struct layout above holds on 64-bit little-endian Linux; elsewhere the socket reads one datagram per call. */
export const readAheadSupported = process.platform === 'linux' && ['x64', 'arm64', 'riscv64', 'ppc64', 'loong64'].includes(process.arch)
  && (process.arch !== 'ppc64' || (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1));

export interface ReadAheadSink {
  /** Datagrams (views into a buffer nobody else writes to) in arrival order, or an error for one that was cut. */
  deliver(datagrams: Buffer[], error?: Error): void;
  /** The fetch found nothing queued or failed: the caller's ordinary path takes over (and sees any errno). */
  exhausted(): void;
}

export class ReadAhead {
  private readonly slots: number;
  private readonly control: Buffer;
  private readonly controlAddress: bigint;
  private running = false;
  private closed = false;
  /** Set by close() during a fetch: closes the fd once that fetch has returned. */
  private closeWhenIdle: (() => void) | null = null;

  constructor(private readonly fd: number, private readonly slotSize: number, private readonly sink: ReadAheadSink) {
    this.slots = Math.max(1, Math.min(SLOTS, Math.floor(BATCH_BYTES / slotSize)));
    this.control = Buffer.alloc(this.slots * (MMSGHDR_SIZE + IOVEC_SIZE));
    this.controlAddress = koffi.address(this.control);
    const iovecs = this.controlAddress + BigInt(this.slots * MMSGHDR_SIZE);
    for (let i = 0; i < this.slots; i++) {
      const h = i * MMSGHDR_SIZE;
      this.control.writeBigUInt64LE(iovecs + BigInt(i * IOVEC_SIZE), h + MSG_IOV);
      this.control.writeBigUInt64LE(1n, h + MSG_IOVLEN);
    }
  }

  /** A fetch is on the worker thread: the socket must not be read from this thread until it returns. */
  get busy(): boolean {
    return this.running;
  }

  static get highWater(): number {
    return HIGH_WATER;
  }

  /** Starts one fetch unless one is running or the socket is closed. */
  start(): void {
    if (this.running || this.closed) return;
    // A fresh buffer per fetch: the datagrams handed out are views into it and stay valid for their owners.
    // The completion callback below refers to it, which keeps it alive while the worker thread writes.
    const batch = Buffer.allocUnsafeSlow(this.slots * this.slotSize);
    const base = koffi.address(batch);
    const iovecs = this.slots * MMSGHDR_SIZE;
    for (let i = 0; i < this.slots; i++) {
      this.control.writeBigUInt64LE(base + BigInt(i * this.slotSize), iovecs + i * IOVEC_SIZE);
      this.control.writeBigUInt64LE(BigInt(this.slotSize), iovecs + i * IOVEC_SIZE + 8);
    }
    this.running = true;
    libc.recvmmsg.async(this.fd, this.controlAddress, this.slots, MSG_DONTWAIT | MSG_TRUNC, null, (err: unknown, result: number) => {
      this.running = false;
      if (this.closed) {
        this.closeWhenIdle?.();
        return;
      }
      const n = err ? -1 : Number(result);
      if (n <= 0) {
        this.sink.exhausted();
        return;
      }
      const out: Buffer[] = [];
      let cut: Error | undefined;
      for (let i = 0; i < n; i++) {
        const h = i * MMSGHDR_SIZE;
        const len = this.control.readUInt32LE(h + MSG_LEN);
        if (len > this.slotSize || (this.control.readInt32LE(h + MSG_FLAGS) & MSG_TRUNC) !== 0) {
          cut = new ProtocolError(`a ${len}-byte datagram did not fit the ${this.slotSize}-byte receive buffer; raise receiveChunkSize`);
          break;
        }
        out.push(batch.subarray(i * this.slotSize, i * this.slotSize + len));
      }
      this.sink.deliver(out, cut);
    });
  }

  /** Calls `closeFd` now, or when the fetch in flight returns (it never waits long: MSG_DONTWAIT). No fetch starts after. */
  close(closeFd: () => void): void {
    this.closed = true;
    if (this.running) this.closeWhenIdle = closeFd;
    else closeFd();
  }
}
