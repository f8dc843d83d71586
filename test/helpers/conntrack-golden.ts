// Golden captures of conntrack-tools (fixtures/golden/conntrack/*.strace) as test material: the datagrams
// it sent and received, a transport that answers our requests with its recorded replies, and a comparison
// that ignores what legitimately differs (sequence numbers, port ids, and the garbage conntrack-tools leaves
// in attribute padding).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStraceLog, type Transport } from '../../src/netlink/index.js';
import { iterateMessages } from '../../src/netlink/message.js';
import { NLMSG_DONE, NLMSG_ERROR, NLMSG_MIN_TYPE, NLM_F_ACK, NLM_F_CAPPED, NLM_F_DUMP, NLM_F_MULTI } from './kernel.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const GOLDEN_DIR = path.join(root, 'fixtures', 'golden', 'conntrack');

export interface Golden {
  name: string;
  command: string;
  argv: string[];
  exit: number;
  sends: Buffer[];
  /** Datagrams received after each send, grouped by that send's index. */
  replies: Buffer[][];
}

export function loadGolden(name: string): Golden {
  const text = fs.readFileSync(path.join(GOLDEN_DIR, `${name}.strace`), 'utf8');
  const command = /^# command: (.*)$/m.exec(text)![1]!;
  const exit = Number(/^# exit: (\d+)$/m.exec(text)![1]);
  const sends: Buffer[] = [];
  const replies: Buffer[][] = [];
  for (const d of parseStraceLog(text)) {
    if (d.direction === 'send') { sends.push(d.bytes); replies.push([]); }
    else if (d.direction === 'receive' && replies.length) replies[replies.length - 1]!.push(d.bytes);
  }
  const words = command.split(/\s+/);
  return { name, command, argv: words.slice(words.indexOf('conntrack') + 1), exit, sends, replies };
}

function zeroPadding(buf: Buffer, start: number, end: number): void {
  let at = start;
  while (at + 4 <= end) {
    const len = buf.readUInt16LE(at);
    if (len < 4 || at + len > end) return;
    const type = buf.readUInt16LE(at + 2);
    if (type & 0x8000) zeroPadding(buf, at + 4, at + len);
    const aligned = Math.min((at + len + 3) & ~3, end);
    buf.fill(0, at + len, aligned);
    at = (at + len + 3) & ~3;
  }
}

/** A copy with seq and pid zeroed and attribute padding cleared (nfgenmsg payloads). */
export function normalise(datagram: Buffer): Buffer {
  const out = Buffer.from(datagram);
  let offset = 0;
  for (const m of iterateMessages(out)) {
    out.writeUInt32LE(0, offset + 8);
    out.writeUInt32LE(0, offset + 12);
    if (m.type >= NLMSG_MIN_TYPE) zeroPadding(out, offset + 20, offset + m.length);
    offset += (m.length + 3) & ~3;
  }
  return out;
}

/** The attribute of `type` at the top level of the first message (after nfgenmsg), with its header. */
export function topAttribute(datagram: Buffer, type: number): Buffer | undefined {
  const m = [...iterateMessages(datagram)][0]!;
  let at = 4;
  while (at + 4 <= m.payload.length) {
    const len = m.payload.readUInt16LE(at);
    if ((m.payload.readUInt16LE(at + 2) & 0x3fff) === type) return normaliseAttr(m.payload.subarray(at, at + len));
    at += (len + 3) & ~3;
  }
  return undefined;
}

function normaliseAttr(a: Buffer): Buffer {
  const out = Buffer.alloc((a.length + 3) & ~3);
  a.copy(out);
  if (out.readUInt16LE(2) & 0x8000) zeroPadding(out, 4, a.length);
  return out;
}

function rewrite(datagram: Buffer, seq: number, pid: number): Buffer {
  const out = Buffer.from(datagram);
  let offset = 0;
  for (const m of iterateMessages(out)) {
    out.writeUInt32LE(seq, offset + 8);
    out.writeUInt32LE(pid, offset + 12);
    if (m.type === NLMSG_ERROR && m.length >= 36) out.writeUInt32LE(seq, offset + 16 + 4 + 8);
    offset += (m.length + 3) & ~3;
  }
  return out;
}

/**
 * Answers the n-th datagram we send with the replies recorded after conntrack-tools' n-th one (sequence
 * numbers and port id rewritten to ours). Where `script` gives no replies, a request asking for an ACK gets
 * one and a dump gets an empty NLMSG_DONE.
 */
export class GoldenTransport implements Transport {
  readonly protocol = 12;
  readonly portId = 4242;
  readonly sent: Buffer[] = [];
  private queue: Buffer[] = [];
  private isClosed = false;
  constructor(private readonly script: ReadonlyArray<readonly Buffer[] | undefined>) {}
  get closed(): boolean { return this.isClosed; }
  send(datagram: Buffer): void {
    const index = this.sent.length;
    this.sent.push(Buffer.from(datagram));
    const msgs = [...iterateMessages(datagram)];
    const last = msgs[msgs.length - 1]!;
    const recorded = this.script[index];
    if (recorded && recorded.length) {
      for (const r of recorded) this.queue.push(rewrite(r, last.seq, this.portId));
      // conntrack-tools stops reading after the answer it wanted; add the ACK or DONE it left unread.
      const types = recorded.flatMap((r) => [...iterateMessages(r)].map((m) => m.type));
      if ((last.flags & NLM_F_DUMP) === NLM_F_DUMP && !types.includes(NLMSG_DONE) && !types.includes(NLMSG_ERROR)) {
        this.queue.push(control(NLMSG_DONE, last.seq, this.portId, 0, NLM_F_MULTI));
      } else if ((last.flags & NLM_F_DUMP) !== NLM_F_DUMP && last.flags & NLM_F_ACK && !types.includes(NLMSG_ERROR)) {
        this.queue.push(control(NLMSG_ERROR, last.seq, this.portId, 0, NLM_F_CAPPED, last.type, last.flags));
      }
      return;
    }
    for (const m of msgs) {
      if ((m.flags & NLM_F_DUMP) === NLM_F_DUMP) this.queue.push(control(NLMSG_DONE, m.seq, this.portId, 0, NLM_F_MULTI));
      else if (m.flags & NLM_F_ACK) this.queue.push(control(NLMSG_ERROR, m.seq, this.portId, 0, NLM_F_CAPPED, m.type, m.flags));
    }
  }
  tryReceive(): Buffer | null | undefined {
    if (this.isClosed) return null;
    return this.queue.shift() ?? null;
  }
  async receive(): Promise<Buffer | null> { return this.tryReceive() ?? null; }
  close(): void { this.isClosed = true; }
}

function control(type: number, seq: number, pid: number, errno: number, flags: number, reqType = 0, reqFlags = 0): Buffer {
  const b = Buffer.alloc(type === NLMSG_ERROR ? 36 : 20);
  b.writeUInt32LE(b.length, 0);
  b.writeUInt16LE(type, 4);
  b.writeUInt16LE(flags, 6);
  b.writeUInt32LE(seq, 8);
  b.writeUInt32LE(pid, 12);
  b.writeInt32LE(-errno, 16);
  if (type === NLMSG_ERROR) {
    b.writeUInt32LE(16, 20); b.writeUInt16LE(reqType, 24); b.writeUInt16LE(reqFlags, 26); b.writeUInt32LE(seq, 28);
  }
  return b;
}
