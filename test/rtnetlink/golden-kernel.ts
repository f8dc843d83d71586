// A stand-in kernel for golden request tests: records every datagram the library sends and answers like the
// kernel would (RTM_NEWLINK for a GETLINK by name, with the ifindex the capture showed; an ACK otherwise).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMessage, hostCodec, parseAttributes, parseStraceLog, type NetlinkMessage, type Transport } from '../../src/netlink/index.js';
import { iterateMessages } from '../../src/netlink/message.js';
import { IFLA, RTM } from '../../src/rtnetlink/index.js';
import { writeIfInfoMsg, writeRtMsg } from '../../src/rtnetlink/headers.js';
import { NLMSG_ERROR, NLM_F_ACK, NLM_F_CAPPED, NLM_F_DUMP } from '../helpers/kernel.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const goldenDir = path.join(root, 'fixtures/golden/rtnetlink');

export interface Capture {
  command: string;
  /** Every message ip sent, in order. Padding after a dump request (ip sends a zeroed header) is dropped. */
  sent: NetlinkMessage[];
  /** ifindex of every link name the kernel described to ip. */
  indexes: Map<string, number>;
}

function messagesOf(bytes: Buffer): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  try {
    for (const m of iterateMessages(bytes)) out.push(m);
  } catch {
    /* ip pads dump requests with a zero header: stop there */
  }
  return out;
}

export function loadCapture(file: string): Capture {
  const text = fs.readFileSync(path.join(goldenDir, file), 'utf8');
  const command = /^# command: (.*)$/m.exec(text)?.[1] ?? '';
  const datagrams = parseStraceLog(text);
  const sent = datagrams.filter((d) => d.direction === 'send').flatMap((d) => messagesOf(d.bytes));
  const indexes = new Map<string, number>();
  for (const d of datagrams.filter((x) => x.direction === 'receive')) {
    for (const m of messagesOf(d.bytes)) {
      if (m.type !== RTM.NEWLINK || m.payload.length < 16) continue;
      for (const a of parseAttributes(m.payload, 16)) if (a.type === IFLA.IFNAME) indexes.set(hostCodec.string(a), m.payload.readInt32LE(4));
    }
  }
  return { command, sent, indexes };
}

/** The message bytes with nlmsg_seq and nlmsg_pid zeroed. */
export function masked(m: NetlinkMessage): Buffer {
  return encodeMessage({ type: m.type, flags: m.flags, seq: 0, pid: 0 }, m.payload);
}

export class GoldenKernel implements Transport {
  readonly protocol = 0;
  readonly portId = 4242;
  readonly sent: NetlinkMessage[] = [];
  private queue: Buffer[] = [];
  private isClosed = false;

  constructor(private readonly indexes: Map<string, number>) {}

  get closed(): boolean { return this.isClosed; }

  send(datagram: Buffer): void {
    for (const m of iterateMessages(Buffer.from(datagram))) {
      this.sent.push(m);
      const reply = (type: number, flags: number, payload: Buffer): void => {
        this.queue.push(encodeMessage({ type, flags, seq: m.seq, pid: this.portId }, payload));
      };
      if (m.type === RTM.GETLINK && !(m.flags & NLM_F_DUMP)) {
        let name = '';
        for (const a of parseAttributes(m.payload, 16)) if (a.type === IFLA.IFNAME) name = hostCodec.string(a);
        const index = this.indexes.get(name) ?? m.payload.readInt32LE(4);
        reply(RTM.NEWLINK, 0, Buffer.concat([writeIfInfoMsg({ index, type: 1 }), hostCodec.writer().string(IFLA.IFNAME, name || `if${index}`).finish()]));
      } else if (m.type === RTM.GETROUTE && !(m.flags & NLM_F_DUMP)) {
        reply(RTM.NEWROUTE, 0, Buffer.concat([writeRtMsg({ family: 2, dstLength: 32, table: 254, type: 1 }), m.payload.subarray(12)]));
      } else if (m.flags & NLM_F_ACK) {
        const ack = Buffer.alloc(4 + 16);
        ack.writeInt32LE(0, 0);
        Buffer.from(datagram.subarray(0, 16)).copy(ack, 4);
        reply(NLMSG_ERROR, NLM_F_CAPPED, ack);
      }
    }
  }

  tryReceive(): Buffer | null | undefined {
    if (this.isClosed) return null;
    return this.queue.shift();
  }

  async receive(): Promise<Buffer | null> {
    const d = this.tryReceive();
    if (d === undefined) throw new Error('golden kernel: the library waits for a reply nobody will send');
    return d;
  }

  close(): void { this.isClosed = true; }
}

/** Messages of one type the kernel sent in a capture (datagrams that do not frame are skipped). */
export function received(file: string, type: number): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  for (const d of parseStraceLog(fs.readFileSync(path.join(goldenDir, file), 'utf8'))) {
    if (d.direction !== 'receive') continue;
    try { for (const m of iterateMessages(d.bytes)) if (m.type === type) out.push(m); } catch { /* padding */ }
  }
  return out;
}
