// ICMP echo over a raw IPv4 socket (root), for verifying the topology with real pings, and observers that
// report the source address of echo requests and TCP SYNs that reach a namespace. Built on libc through koffi.
import { loadKoffi } from '../../netlink/ffi.js';
import { ipv4ToBytes, formatIPv4 } from '../../netlink/address.js';

// koffi through the core's loader: one load per thread (see ffi.ts).
const koffi = loadKoffi();
const lib = koffi.load('libc.so.6');
const socket = lib.func('int socket(int domain, int type, int protocol)');
const sendto = lib.func('intptr_t sendto(int fd, const void *buf, size_t len, int flags, const void *addr, uint32_t addrlen)');
const recv = lib.func('intptr_t recv(int fd, _Out_ void *buf, size_t len, int flags)');
const close = lib.func('int close(int fd)');

const AF_INET = 2;
const SOCK_RAW = 3;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const IPPROTO_ICMP = 1;
const ICMP_ECHO = 8; // ICMP_ECHO
const ICMP_ECHOREPLY = 0; // ICMP_ECHOREPLY

interface PollHandle { close(): void }
const poll = (koffi as unknown as { node: { poll(fd: number, o: { readable: boolean }, cb: () => void): PollHandle } }).node.poll;

function checksum(buf: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += buf.readUInt16BE(i);
  if (buf.length % 2) sum += buf[buf.length - 1]! << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

const IPPROTO_TCP = 6;
const TCP_SYN = 0x02;
const TCP_ACK = 0x10;

function openRaw(protocol = IPPROTO_ICMP): number {
  const fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol) as number;
  if (fd < 0) throw new Error(`raw socket for protocol ${protocol}: errno ${koffi.errno()}`);
  return fd;
}

/** Each received IPv4 packet: its source and the bytes after the IP header. */
function drain(fd: number, rx: Buffer, onPacket: (source: string, icmp: Buffer) => void): void {
  for (;;) {
    const n = Number(recv(fd, rx, rx.length, 0));
    if (n <= 0) return;
    const ihl = (rx[0]! & 0x0f) * 4;
    if (n < ihl + 8) continue;
    onPacket(formatIPv4(rx, 12), rx.subarray(ihl, n));
  }
}

/** Sends one echo request and resolves true when the matching reply comes back within the timeout. */
export function ping(target: string, timeoutMs = 1000): Promise<boolean> {
  const fd = openRaw();
  const id = (process.pid ^ (Math.random() * 0xffff)) & 0xffff;
  const packet = Buffer.alloc(8 + 8);
  packet[0] = ICMP_ECHO;
  packet.writeUInt16BE(id, 4);
  packet.writeUInt16BE(1, 6);
  packet.write('nlts-vfy', 8);
  packet.writeUInt16BE(checksum(packet), 2);
  const addr = Buffer.alloc(16);
  addr.writeUInt16LE(AF_INET, 0);
  ipv4ToBytes(target).copy(addr, 4);
  return new Promise((resolve) => {
    const rx = Buffer.alloc(2048);
    let handle: PollHandle | undefined;
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      handle?.close();
      close(fd);
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    handle = poll(fd, { readable: true }, () => drain(fd, rx, (source, icmp) => {
      if (source === target && icmp[0] === ICMP_ECHOREPLY && icmp.readUInt16BE(4) === id) finish(true);
    }));
    if (Number(sendto(fd, packet, packet.length, 0, addr, 16)) < 0) finish(false);
  });
}

/** Reports the source of every echo request that arrives, until stop() is called. */
export function observeEchoRequests(onRequest: (source: string) => void): { stop(): void } {
  const fd = openRaw();
  const rx = Buffer.alloc(2048);
  const handle = poll(fd, { readable: true }, () => drain(fd, rx, (source, icmp) => {
    if (icmp[0] === ICMP_ECHO) onRequest(source);
  }));
  return { stop: () => { handle.close(); close(fd); } };
}

/**
 * Reports the source of every TCP SYN to `port` that arrives (a raw socket gets a copy of each segment),
 * even when the handshake can never complete because the answer has no way back.
 */
export function observeTcpSyns(port: number, onSyn: (source: string) => void): { stop(): void } {
  const fd = openRaw(IPPROTO_TCP);
  const rx = Buffer.alloc(2048);
  const handle = poll(fd, { readable: true }, () => drain(fd, rx, (source, tcp) => {
    if (tcp.length >= 14 && tcp.readUInt16BE(2) === port && (tcp[13]! & (TCP_SYN | TCP_ACK)) === TCP_SYN) onSyn(source);
  }));
  return { stop: () => { handle.close(); close(fd); } };
}
