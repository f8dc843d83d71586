// Reads netlink datagrams out of text: strace logs (hex dumps under each call, or "\x.." escaped
// buffers), or plain hex. Used by `decode` and by the golden tests that compare our bytes with a tool's.
import { NetlinkProtocol } from './constants.js';
import { ValidationError } from './errors.js';

/** Which way a captured datagram went. */
export type Direction = 'send' | 'receive' | 'unknown';

/** One datagram read from a capture. */
export interface CapturedDatagram {
  direction: Direction;
  bytes: Buffer;
  /** The protocol, when the log tells it (strace names RTM_* or NFNL_* types), else undefined. */
  protocol?: number;
  /** 1-based line where the call started. */
  line: number;
  call?: string;
}

const CALL = /\b(sendmsg|sendto|recvmsg|recvfrom|write|read)\(/;
const RESUMED = /<\.\.\. (sendmsg|sendto|recvmsg|recvfrom|write|read) resumed>/;
// " | 00000  34 00 00 00 10 00 01 00  a0 ... 00  4....... |" possibly after a pid column: the hex area is
// the 48 columns after the offset (two groups of eight bytes), the ASCII rendering follows it.
const HEXDUMP = /^\s*(?:\[pid\s+\d+\]\s*|\d+\s+)?\|\s*([0-9a-f]{5,8})  (.{1,48})/i;

function protocolHint(text: string): number | undefined {
  if (/NFNL_|NFNETLINK|IPCTNL_|NFT_MSG|NETLINK_NETFILTER/.test(text)) return NetlinkProtocol.NETFILTER;
  if (/RTM_|NETLINK_ROUTE|ifinfomsg|ifaddrmsg|rtmsg|fib_rule_hdr/.test(text)) return NetlinkProtocol.ROUTE;
  return undefined;
}

function directionOf(call: string): Direction {
  if (call === 'sendmsg' || call === 'sendto' || call === 'write') return 'send';
  if (call === 'recvmsg' || call === 'recvfrom' || call === 'read') return 'receive';
  return 'unknown';
}

/** Longest "\x.." escaped string in a line, as bytes (strace -xx without hex dumps). */
function escapedBuffer(line: string): Buffer | undefined {
  let best: string | undefined;
  for (const m of line.matchAll(/"((?:\\x[0-9a-f]{2})+)"/gi)) if (!best || m[1]!.length > best.length) best = m[1];
  if (!best || best.length < 16 * 4) return undefined;
  return Buffer.from(best.replace(/\\x/g, ''), 'hex');
}

/** Whether the text looks like `strace -x` output rather than plain hex. */
export function isStraceLog(text: string): boolean {
  return CALL.test(text) || HEXDUMP.test(text);
}

/** Datagrams of an strace log, in order. Calls that peeked (MSG_PEEK) or failed are skipped. */
export function parseStraceLog(text: string): CapturedDatagram[] {
  const out: CapturedDatagram[] = [];
  const lines = text.split('\n');
  let current: { direction: Direction; protocol?: number; line: number; call: string; skip: boolean; chunks: Buffer[]; escaped?: Buffer } | undefined;
  const flush = (): void => {
    if (current && !current.skip) {
      const bytes = current.chunks.length ? Buffer.concat(current.chunks) : current.escaped;
      if (bytes && bytes.length > 0) out.push({ direction: current.direction, bytes, protocol: current.protocol, line: current.line, call: current.call });
    }
    current = undefined;
  };
  lines.forEach((line, i) => {
    const dump = HEXDUMP.exec(line);
    if (dump) {
      if (!current) return;
      const hex = (dump[2]!.match(/[0-9a-f]{2}(?= |$)/gi) ?? []).join('');
      current.chunks.push(Buffer.from(hex, 'hex'));
      return;
    }
    const resumed = RESUMED.exec(line);
    const call = resumed ?? CALL.exec(line);
    if (!call) return;
    if (!resumed && /<unfinished \.\.\.>\s*$/.test(line)) return; // wait for the resumed half
    flush();
    const name = call[1]!;
    // MSG_PEEK reads the same datagram again later; "= -1" failed and carries nothing.
    const skip = /MSG_PEEK/.test(line) || /=\s*-1\s+E[A-Z]+/.test(line) || name === 'write' || name === 'read';
    current = { direction: directionOf(name), protocol: protocolHint(line), line: i + 1, call: name, skip, chunks: [], escaped: escapedBuffer(line) };
  });
  flush();
  return out;
}

/** Plain hex, with or without spaces, one datagram per paragraph (blank-line separated). */
export function parsePlainHex(text: string): CapturedDatagram[] {
  const out: CapturedDatagram[] = [];
  let line = 1;
  for (const para of text.split(/\n\s*\n/)) {
    const cleaned = para.replace(/#.*$/gm, '').replace(/0x/gi, '').replace(/\\x/g, '').replace(/[\s:,]/g, '');
    if (cleaned.length > 0) {
      if (!/^[0-9a-f]*$/i.test(cleaned) || cleaned.length % 2 !== 0) throw new ValidationError('capture', `line ${line}: not hexadecimal bytes (nor an strace log)`);
      out.push({ direction: 'unknown', bytes: Buffer.from(cleaned, 'hex'), line });
    }
    line += para.split('\n').length + 1;
  }
  return out;
}

/** Datagrams of a capture: strace output or plain hex, whichever the text is. */
export function parseCapture(text: string): CapturedDatagram[] {
  return isStraceLog(text) ? parseStraceLog(text) : parsePlainHex(text);
}
