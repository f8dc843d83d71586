// `nlts conntrack`: the conntrack-tools command line (-L -G -D -I -U -E -F -C -S) over the library.
// Argument parsing and output formatting only; every kernel conversation is in src/nfnetlink/conntrack.
import { once } from 'node:events';
import { readFileSync, readdirSync, readlinkSync, writeSync } from 'node:fs';
import { AF_INET, AF_INET6, NetlinkError, NetlinkProtocol, withNetns } from '../../netlink/core.js';
import type { Flow, FlowFilter, FlowSpec, NatRange, Tuple, TupleMatch, EventKind } from '../../nfnetlink/conntrack/index.js';
import { invertTuple } from '../../nfnetlink/conntrack/tuple.js';
// From the modules themselves, not the index: `conntrack -L` loads no more than it uses.
import { Conntrack } from '../../nfnetlink/conntrack/client.js';
import { DCCP_STATES, IPPROTO, SCTP_STATES, Status, TCP_STATES } from '../../nfnetlink/conntrack/constants.js';
import { prefixMask } from '../../nfnetlink/conntrack/filter.js';
import { isIPv4, isIPv6 } from '../../nfnetlink/conntrack/net.js';
import { UsageError, type Command, type CommandIO } from '../io.js';
import { cNumber, parseConntrackArgs, protocolArg, type ConntrackArgs } from '../conntrack-args.js';
import { endOnBrokenPipe } from '../pipe.js';
import {
  LineBuffer, eventJson, eventTimestamp, flowJson, formatCpuStatistics, formatEvent, formatExpectation, formatFlow, formatSave, formatXml, hostOrderVtag,
  writeFlowLine, XML_FOOTER, XML_HEADER, writeFlowLines, type FormatOptions,
} from '../format/conntrack.js';

const PROG = 'conntrack v1.4.7 (conntrack-tools): ';
export { parseConntrackArgs };

interface Parsed {
  a: ConntrackArgs;
  family?: number;
  proto?: number;
  zone?: number;
  orig: TupleMatch;
  reply: TupleMatch;
  state?: number;
  nat?: NatFilter;
  format: FormatOptions & { json?: boolean; byZone?: boolean; timestamp?: boolean; save?: boolean; xml?: boolean; saveCombined?: boolean };
  /** Quiet: no summary line on stderr (commands run from a -R file). */
  quiet?: boolean;
}

/** -n / -g / -j: NATed entries, optionally to this address and port (conntrack-tools' filter_nat). */
interface NatFilter {
  src?: { ip?: string; port?: number };
  dst?: { ip?: string; port?: number };
  any: boolean;
}

/** An address, or (for -s/-d) an address with a CIDR prefix: the prefix becomes the mask. */
function addrArg(text: string, cidr: boolean): { addr: string; mask?: string; family: number } {
  const slash = cidr ? text.indexOf('/') : -1;
  const ip = slash < 0 ? text : text.slice(0, slash);
  const family = isIPv4(ip) ? AF_INET : isIPv6(ip) ? AF_INET6 : 0;
  if (!family) throw new UsageError(`Invalid IP address \`${text}'`);
  if (slash < 0) return { addr: ip, family };
  const bits = text.slice(slash + 1);
  const max = family === AF_INET ? 32 : 128;
  if (!/^\d+$/.test(bits) || Number(bits) > max) throw new UsageError('Invalid netmask');
  return { addr: ip, mask: prefixMask(Number(bits), family), family };
}

function familyArg(text: string): number {
  if (text === 'ipv4') return AF_INET;
  if (text === 'ipv6') return AF_INET6;
  throw new UsageError(`\`${text}' unsupported protocol`);
}

/** -u: the names conntrack-tools takes (any case), comma-separated; UNSET is no bit. */
const STATUS_NAMES: Record<string, number> = {
  ASSURED: Status.ASSURED, SEEN_REPLY: Status.SEEN_REPLY, UNSET: 0, FIXED_TIMEOUT: Status.FIXED_TIMEOUT, EXPECTED: Status.EXPECTED,
  OFFLOAD: Status.OFFLOAD, HW_OFFLOAD: Status.HW_OFFLOAD,
};
function statusArg(text: string): number {
  let v = 0;
  for (const name of text.split(',')) {
    const bit = STATUS_NAMES[name.toUpperCase()];
    if (bit === undefined) throw new UsageError(`Bad parameter \`${name}'`);
    v |= bit;
  }
  return v;
}

function markArg(text: string): { mark: number; mask?: number } {
  const slash = text.indexOf('/');
  if (slash < 0) return { mark: cNumber(text, 32) };
  return { mark: cNumber(text.slice(0, slash), 32), mask: cNumber(text.slice(slash + 1), 32) };
}

/** --state: the protocol's state names, exactly as written; LISTEN is TCP's SYN_SENT2, as conntrack-tools has it. */
function stateArg(proto: number, text: string): number {
  if (proto === IPPROTO.TCP) {
    const i = text === 'LISTEN' ? 9 : (TCP_STATES as readonly string[]).indexOf(text);
    if (i < 0) throw new UsageError(`unknown TCP state \`${text}'`);
    return i;
  }
  const names: readonly string[] = proto === IPPROTO.SCTP ? SCTP_STATES : DCCP_STATES;
  const i = names.indexOf(text);
  if (i < 0) throw new UsageError(`Unknown ${proto === IPPROTO.SCTP ? 'SCTP' : 'DCCP'} state \`${text}'`);
  return i;
}

/** A NAT address for -I (--src-nat IP[:PORT]) or a NAT filter's address and port. */
function natAddress(text: string): { ip: string; port?: number } {
  const m = /^(\d+\.\d+\.\d+\.\d+):(.*)$/.exec(text) ?? /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(text);
  const ip = m ? m[1]! : text;
  if (!isIPv4(ip) && !isIPv6(ip)) throw new UsageError(`Invalid IP address \`${text}'`);
  return m ? { ip, port: cNumber(m[2]!, 16) } : { ip };
}

function natRange(n: { ip: string; port?: number }): NatRange {
  return n.port === undefined ? { minIp: n.ip } : { minIp: n.ip, minPort: n.port, maxPort: n.port };
}

function interpret(a: ConntrackArgs): Parsed {
  const o = a.opts;
  const get = (k: string): string | undefined => o.get(k);
  const proto = get('proto') !== undefined ? protocolArg(get('proto')!) : undefined;
  const orig: TupleMatch = {};
  const reply: TupleMatch = {};
  let family = get('family') !== undefined ? familyArg(get('family')!) : undefined;
  const fams: number[] = [];
  for (const [k, t, f, cidr] of [['src', orig, 'src', true], ['dst', orig, 'dst', true], ['replySrc', reply, 'src', false], ['replyDst', reply, 'dst', false]] as const) {
    const v = get(k);
    if (v === undefined) continue;
    const x = addrArg(v, cidr);
    t[f] = x.addr;
    if (x.mask !== undefined) t[f === 'src' ? 'srcMask' : 'dstMask'] = x.mask;
    fams.push(x.family);
  }
  for (const [k, f] of [['maskSrc', 'src'], ['maskDst', 'dst']] as const) {
    const v = get(k);
    if (v === undefined) continue;
    if (orig[f] === undefined) throw new UsageError(`Can't use --mask-${f} without --${f}`);
    const x = addrArg(v, false);
    orig[f === 'src' ? 'srcMask' : 'dstMask'] = x.addr;
    fams.push(x.family);
  }
  for (const fam of fams) {
    if (family !== undefined && family !== fam) throw new UsageError('mismatched address family');
    family = fam;
  }
  for (const [k, t, f] of [['sport', orig, 'sport'], ['dport', orig, 'dport'], ['replySport', reply, 'sport'], ['replyDport', reply, 'dport'],
    ['greSrcKey', orig, 'sport'], ['greDstKey', orig, 'dport'], ['greReplySrcKey', reply, 'sport'], ['greReplyDstKey', reply, 'dport']] as const) {
    const v = get(k);
    if (v !== undefined) t[f] = cNumber(v, 16);
  }
  if (get('icmpType') !== undefined) orig.icmpType = cNumber(get('icmpType')!, 8);
  if (get('icmpCode') !== undefined) orig.icmpCode = cNumber(get('icmpCode')!, 8);
  if (get('icmpId') !== undefined) orig.icmpId = cNumber(get('icmpId')!, 16);
  if (get('origZone') !== undefined) orig.zone = cNumber(get('origZone')!, 16);
  if (get('replyZone') !== undefined) reply.zone = cNumber(get('replyZone')!, 16);
  const zone = get('zone') !== undefined ? cNumber(get('zone')!, 16) : undefined;
  const state = get('state') !== undefined ? stateArg(proto!, get('state')!) : undefined;
  if (get('role') !== undefined && get('role') !== 'client' && get('role') !== 'server') throw new UsageError(`Unknown DCCP role \`${get('role')!}'`);
  let nat: NatFilter | undefined;
  if (o.has('srcNat') || o.has('dstNat') || o.has('anyNat')) {
    nat = { any: o.has('anyNat') };
    if (nat.any) { nat.src = {}; nat.dst = {}; }
    for (const [k, side] of [['srcNat', 'src'], ['dstNat', 'dst']] as const) if (o.has(k)) nat[side] = o.get(k) ? natAddress(o.get(k)!) : {};
    if (o.get('anyNat')) { const n = natAddress(o.get('anyNat')!); nat.src = n; nat.dst = n; }
  }
  const format: Parsed['format'] = { byZone: o.has('byZone') };
  for (const part of (get('output') ?? '').split(',').filter(Boolean)) {
    if (part === 'extended') format.extended = true;
    else if (part === 'id') format.id = true;
    else if (part === 'json') format.json = true; // ours
    else if (part === 'zone') format.byZone = true; // ours
    else if (part === 'ktimestamp') format.ktimestamp = true;
    else if (part === 'timestamp') format.timestamp = true; // -E: when each event was read
    else if (part === 'save') format.save = true;
    else if (part === 'xml') format.xml = true;
    else if (part === 'labels' || part === 'userspace') { /* accepted, no effect here */ }
    else throw new UsageError(`Bad parameter \`${part}'`);
  }
  // conntrack-tools refuses this combination when it runs the command (exit 1), not as a usage error.
  if (format.save && (get('output') ?? '').split(',').filter(Boolean).length > 1) format.saveCombined = true;
  return { a, family, proto, zone, orig, reply, ...(state !== undefined ? { state } : {}), ...(nat ? { nat } : {}), format };
}

function filterOf(p: Parsed): FlowFilter {
  const o = p.a.opts;
  const f: FlowFilter = {};
  if (p.family !== undefined) f.family = p.family;
  if (p.zone !== undefined) f.zone = p.zone;
  if (p.proto !== undefined) f.protocol = p.proto;
  if (p.state !== undefined) f.state = p.state;
  if (Object.keys(p.orig).length) f.original = p.orig;
  if (Object.keys(p.reply).length) f.reply = p.reply;
  if (o.get('mark') !== undefined) { const m = markArg(o.get('mark')!); f.mark = m.mark; if (m.mask !== undefined) f.markMask = m.mask; }
  if (o.get('status') !== undefined) f.status = statusArg(o.get('status')!);
  return f;
}

/**
 * The NAT filters of -n / -g / -j (no kernel equivalent), as conntrack-tools applies them: an entry is
 * source-NATed when its reply destination is not the original source (or the ports differ), destination-NATed
 * when its reply source is not the original destination; an address or port given must be the NAT's.
 */
function natCheck(p: Parsed): ((f: Flow) => boolean) | undefined {
  const n = p.nat;
  if (!n) return undefined;
  const side = (f: Flow, want: { ip?: string; port?: number } | undefined, which: 'src' | 'dst'): boolean => {
    const r = f.reply;
    if (!want || !r) return false;
    const o = f.original;
    const natIp = which === 'src' ? r.dst !== o.src : r.src !== o.dst;
    const ports = PORT_PROTOS.has(o.protocol);
    const natPort = ports && (which === 'src' ? r.dport !== o.sport : r.sport !== o.dport);
    const ip = which === 'src' ? r.dst : r.src;
    const port = which === 'src' ? r.dport : r.sport;
    if (want.ip === undefined && want.port === undefined) return natIp || natPort;
    if (want.ip !== undefined && !(natIp && ip === want.ip)) return false;
    if (want.port !== undefined) return natPort && port === want.port;
    return true;
  };
  return (f) => {
    const s = side(f, n.src, 'src');
    const d = side(f, n.dst, 'dst');
    if (n.any) return s || d;
    if (n.src && n.dst) return s && d;
    return n.src ? s : d;
  };
}

const PORT_PROTOS = new Set<number>([6, 17, 33, 132, 136]);

/** The original tuple is whole: what -G, and -D/-U without a dump, need. */
const isComplete = (p: Parsed): boolean => p.orig.src !== undefined && p.orig.dst !== undefined && p.proto !== undefined
  && p.orig.srcMask === undefined && p.orig.dstMask === undefined
  && (p.proto === IPPROTO.ICMP || p.proto === IPPROTO.ICMPV6 ? p.orig.icmpType !== undefined
    : PORT_PROTOS.has(p.proto) || p.proto === IPPROTO.GRE ? p.orig.sport !== undefined && p.orig.dport !== undefined : true);

function tupleOf(p: Parsed, m: TupleMatch = p.orig): Tuple {
  const t: Tuple = { src: m.src!, dst: m.dst!, protocol: p.proto! };
  for (const k of ['sport', 'dport', 'icmpType', 'icmpCode', 'icmpId', 'zone'] as const) if (m[k] !== undefined) t[k] = m[k];
  return t;
}

/** As conntrack-tools does for -p tcp: SACK_PERM|BE_LIBERAL in both directions (flags and mask). */
function tcpExtras(p: Parsed, state?: number): FlowSpec['tcp'] | undefined {
  if (p.proto !== IPPROTO.TCP) return undefined;
  return { ...(state !== undefined ? { state } : {}), flagsOriginal: { flags: 0x0a, mask: 0x0a }, flagsReply: { flags: 0x0a, mask: 0x0a } };
}

class Output {
  private buf = '';
  constructor(private readonly io: CommandIO) {}
  line(s: string): void {
    this.buf += s + '\n';
  }
  async maybeFlush(): Promise<void> {
    if (this.buf.length < 1 << 17) return;
    await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.buf) return;
    this.io.stdout(this.buf);
    this.buf = '';
    if (this.io.stdout === defaultStdout && process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  }
}

/**
 * Output written as bytes (LineBuffer), in chunks of about FLUSH_AT bytes. On the process's own stdout the
 * chunks go straight to file descriptor 1 (no stream to set up, nothing queued); if that descriptor turns out
 * to be non-blocking and full (EAGAIN), the rest goes through process.stdout, waiting for 'drain' when it
 * pushes back. Any other CommandIO (tests) gets the chunks as text. A reader that went away (EPIPE) ends the
 * output quietly: `closed` turns true.
 */
class ByteOutput {
  // A datagram's lines fit beside FLUSH_AT bytes without the buffer growing.
  readonly lines = new LineBuffer(FLUSH_AT + (256 << 10));
  closed = false;
  private direct: boolean;
  constructor(private readonly io: CommandIO) {
    this.direct = io.stdout === defaultStdout;
  }
  async maybeFlush(): Promise<void> {
    if (this.lines.pos >= FLUSH_AT) await this.flush();
  }
  async flush(): Promise<void> {
    const lines = this.lines;
    if (lines.pos === 0 || this.closed) return;
    if (this.io.stdout !== defaultStdout) {
      this.io.stdout(lines.take().toString('utf8'));
      return;
    }
    if (this.direct) {
      // Written before writeSync returns: the same buffer takes the next lines.
      let chunk = lines.buf.subarray(0, lines.pos);
      try {
        while (chunk.length > 0) chunk = chunk.subarray(writeSync(1, chunk));
        lines.pos = 0;
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') endOnBrokenPipe(); // as conntrack, killed by SIGPIPE
        if (code !== 'EAGAIN') throw e;
        this.direct = false;
        // What was not written yet goes to the stream below.
        lines.buf.copy(lines.buf, 0, chunk.byteOffset - lines.buf.byteOffset, lines.pos);
        lines.pos = chunk.length;
      }
    }
    // The stream may keep the chunk until it is written: hand it over, fill a new buffer.
    if (!process.stdout.write(lines.take())) await once(process.stdout, 'drain');
  }
}
const FLUSH_AT = 1 << 17;

/** Writes to the process's stderr without setting up process.stderr when the CLI's own stderr is in use. */
function stderrText(io: CommandIO, text: string): void {
  if (io.stderr === defaultStderr) {
    try {
      writeSync(2, text);
      return;
    } catch {
      // fall through to the stream
    }
  }
  io.stderr(text);
}

let defaultStdout: CommandIO['stdout'] | undefined;
let defaultStderr: CommandIO['stderr'] | undefined;

function failed(e: unknown, io: CommandIO): number {
  // EPERM goes to main, which says which capability is missing.
  if (e instanceof NetlinkError && e.code !== 'EPERM') {
    const text = e.code === 'ENOENT' ? "such conntrack doesn't exist" : e.code === 'EEXIST' ? 'Such conntrack exists, try -U to update' : e.message;
    io.stderr(`${PROG}Operation failed: ${text}\n`);
    return 1;
  }
  throw e;
}

/** One entry in the -o format asked for (save, json, or conntrack's line). */
function lineOf(f: Flow, p: Parsed): string {
  return p.format.xml ? formatXml(f, p.format) : p.format.save ? formatSave(f, p.a.verb === 'D' ? '-D' : '-A') : p.format.json ? flowJson(f) : formatFlow(f, p.format);
}

async function list(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const out = new Output(io);
  if (p.format.saveCombined) {
    io.stderr(`${PROG}cannot combine save output with any other output type, use -o save only\n`);
    return 1;
  }
  if (p.a.table === 'expect') {
    const xs = await ct.expectations({ family: p.family ?? AF_INET });
    for (const x of xs) out.line(formatExpectation(x));
    await out.flush();
    io.stderr(`${PROG}${xs.length} expectations have been shown.\n`);
    return 0;
  }
  const nat = natCheck(p);
  const fmt = p.format;
  const source = p.a.table === 'dying' || p.a.table === 'unconfirmed' ? p.a.table : p.a.opts.has('zero') ? 'zero' : 'table';
  let dump;
  try {
    dump = ct.dump(filterOf(p), { source });
  } catch (e) {
    return failed(e, io);
  }
  if (!nat && !fmt.json && !fmt.byZone && !fmt.save && !fmt.xml) {
    // The plain listing: bytes straight from the received chunks, no object or string per entry.
    const bytes = new ByteOutput(io);
    try {
      for await (const c of dump.cursors()) {
        writeFlowLines(bytes.lines, c, fmt);
        await bytes.maybeFlush();
        if (bytes.closed) return 0; // the reader went away (EPIPE): stop, as conntrack would on SIGPIPE
      }
    } catch (e) {
      await bytes.flush();
      return failed(e, io);
    }
    await bytes.flush();
    stderrText(io, `${PROG}${dump.report.matched} flow entries have been shown.\n`);
    return 0;
  }
  let n = 0;
  const groups = fmt.byZone ? new Map<number, string[]>() : undefined;
  try {
    for await (const batch of dump.batches()) {
      for (let i = 0; i < batch.length; i++) {
        const f = batch[i]!;
        if (nat && !nat(f)) continue;
        n++;
        if (n === 1 && fmt.xml) out.line(XML_HEADER);
        const text = lineOf(f, p);
        if (groups) {
          const z = f.zone ?? 0;
          let g = groups.get(z);
          if (!g) groups.set(z, (g = []));
          g.push(text);
        } else {
          out.line(text);
        }
      }
      await out.maybeFlush();
    }
  } catch (e) {
    await out.flush();
    return failed(e, io);
  }
  if (groups) {
    const zones = [...groups.keys()].sort((x, y) => x - y);
    zones.forEach((z, i) => {
      const g = groups.get(z)!;
      // JSON: one object per zone, nothing else on stdout.
      if (fmt.json) return out.line(`{"zone":${z},"count":${g.length},"flows":[${g.join(',')}]}`);
      out.line(`${i ? '\n' : ''}zone ${z}: ${g.length} flow ${g.length === 1 ? 'entry' : 'entries'}`);
      for (const l of g) out.line(l);
    });
  }
  if (n > 0 && fmt.xml) out.line(XML_FOOTER);
  await out.flush();
  io.stderr(`${PROG}${n} flow entries have been shown.\n`);
  return 0;
}

/** -I and -A: one entry from an original tuple, a reply tuple, or both (the missing one is the other inverted). */
async function create(ct: Conntrack, p: Parsed, io: CommandIO, add: boolean): Promise<number> {
  const o = p.a.opts;
  if (p.proto === undefined) throw new UsageError("You need to supply the `--protonum' option for this command");
  const hasOrig = p.orig.src !== undefined || p.orig.dst !== undefined;
  const hasReply = p.reply.src !== undefined || p.reply.dst !== undefined;
  if (hasOrig && (p.orig.src === undefined || p.orig.dst === undefined)) throw new UsageError('missing source or destination address (-s, -d)');
  if (hasReply && (p.reply.src === undefined || p.reply.dst === undefined)) throw new UsageError('missing reply source or destination address (-r, -q)');
  if (!hasOrig && !hasReply) throw new UsageError('missing tuple: -s and -d, or -r and -q');
  if (o.get('timeout') === undefined) throw new UsageError("You need to supply the `--timeout' option for this command");
  if ((p.proto === IPPROTO.TCP || p.proto === IPPROTO.SCTP || p.proto === IPPROTO.DCCP) && p.state === undefined) {
    throw new UsageError("You need to supply the `--state' option for this command");
  }
  // conntrack-tools sends an ICMP id of 0 when none is given (the kernel needs one).
  if ((p.proto === IPPROTO.ICMP || p.proto === IPPROTO.ICMPV6) && p.orig.icmpType !== undefined && p.orig.icmpId === undefined) p.orig.icmpId = 0;
  const icmpFields = (m: TupleMatch): Partial<Tuple> => ({
    ...(p.orig.icmpType !== undefined ? { icmpType: p.orig.icmpType } : {}), ...(p.orig.icmpCode !== undefined ? { icmpCode: p.orig.icmpCode } : {}),
    ...(p.orig.icmpId !== undefined ? { icmpId: p.orig.icmpId } : {}), ...(m.zone !== undefined ? { zone: m.zone } : {}),
  });
  let replyTuple = hasReply ? { ...tupleOf(p, p.reply), ...icmpFields(p.reply) } : undefined;
  if (replyTuple && hasOrig && replyTuple.icmpType !== undefined) {
    // Both tuples given: the reply's ICMP type is the original's answer (echo-request -> echo-reply).
    replyTuple = { ...replyTuple, icmpType: invertTuple(tupleOf(p)).icmpType! };
  }
  const original: Tuple = hasOrig ? tupleOf(p) : invertTuple(replyTuple!);
  if (!hasOrig && p.orig.zone !== undefined) original.zone = p.orig.zone;
  const spec: FlowSpec = { original, timeout: cNumber(o.get('timeout')!, 32) };
  if (replyTuple) spec.reply = replyTuple;
  else if (p.reply.zone !== undefined) spec.reply = { ...invertTuple(original), zone: p.reply.zone };
  // conntrack-tools marks new entries CONFIRMED whenever a status is given.
  if (o.get('status') !== undefined) spec.status = statusArg(o.get('status')!) | Status.CONFIRMED;
  if (o.get('mark') !== undefined) spec.mark = markArg(o.get('mark')!).mark;
  const state = p.state;
  if (p.proto === IPPROTO.TCP) spec.tcp = tcpExtras(p, state);
  else if (p.proto === IPPROTO.SCTP) {
    spec.sctp = { ...(state !== undefined ? { state } : {}), ...(o.get('origVtag') !== undefined ? { vtagOriginal: hostOrderVtag(cNumber(o.get('origVtag')!, 32)) } : {}), ...(o.get('replyVtag') !== undefined ? { vtagReply: hostOrderVtag(cNumber(o.get('replyVtag')!, 32)) } : {}) };
  } else if (p.proto === IPPROTO.DCCP) {
    spec.dccp = { ...(state !== undefined ? { state } : {}), ...(o.get('role') !== undefined ? { role: o.get('role') === 'server' ? 1 : 0 } : {}) };
  }
  if (o.get('srcNat')) spec.natSrc = natRange(natAddress(o.get('srcNat')!));
  if (o.get('dstNat')) spec.natDst = natRange(natAddress(o.get('dstNat')!));
  if (o.get('anyNat')) { spec.natSrc = natRange(natAddress(o.get('anyNat')!)); spec.natDst = spec.natSrc; }
  if (p.zone !== undefined) spec.zone = p.zone;
  let made = 1;
  try {
    await ct.create(spec);
  } catch (e) {
    // -A: an entry that is there already is left as it is, and not counted (conntrack-tools).
    if (!(add && e instanceof NetlinkError && e.code === 'EEXIST')) return failed(e, io);
    made = 0;
  }
  if (!p.quiet) io.stderr(`${PROG}${made} flow entries have been ${add ? 'added' : 'created'}.\n`);
  return 0;
}

async function getOne(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  if (p.proto === undefined) throw new UsageError("You need to supply the `--protonum' option for this command");
  if (!isComplete(p) && p.reply.src !== undefined && p.reply.dst !== undefined) {
    // A reply tuple alone: conntrack-tools sends it and the kernel refuses (it looks entries up by the original).
    io.stderr(`${PROG}Operation failed: invalid parameters\n`);
    return 1;
  }
  if (!isComplete(p)) throw new UsageError('-G needs a complete original tuple (-p, -s, -d and ports or ICMP fields)');
  const tcp = tcpExtras(p);
  let flow: Flow | undefined;
  try {
    flow = await ct.get({ original: tupleOf(p), ...(tcp ? { tcp } : {}) }, p.zone !== undefined ? { zone: p.zone } : {});
  } catch (e) {
    return failed(e, io);
  }
  if (!flow) {
    io.stderr(`${PROG}Operation failed: such conntrack doesn't exist\n`);
    return 1;
  }
  // -G -o xml: the header, the entry, and no footer (as conntrack-tools writes it).
  io.stdout(p.format.xml ? `${XML_HEADER}\n${lineOf(flow, p)}\n` : lineOf(flow, p) + '\n');
  io.stderr(`${PROG}1 flow entries have been shown.\n`);
  return 0;
}

/** The entries a -D or -U names: the tuple parts, zone, mark, status, state and NAT given, matched in a dump. */
async function selected(ct: Conntrack, p: Parsed, filter: FlowFilter): Promise<Flow[]> {
  const nat = natCheck(p);
  const out: Flow[] = [];
  for await (const batch of ct.dump(filter).batches()) for (const f of batch) if (!nat || nat(f)) out.push(f);
  return out;
}

/**
 * -U: every entry the filters select (a dump, as conntrack-tools does) gets the new mark ((old & ~mask) ^ mark,
 * conntrack(8)), status bits and timeout; each is read back and printed. Entries of another zone than the
 * default cannot be named by -U (conntrack-tools refuses -w there), so their update fails, as it does there.
 */
async function update(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const o = p.a.opts;
  const filter = filterOf(p);
  // In -U, -m, -u and --state are the new values, not filters.
  delete filter.mark; delete filter.markMask; delete filter.status; delete filter.state;
  const mark = o.get('mark') !== undefined ? markArg(o.get('mark')!) : undefined;
  const changes = mark !== undefined || o.has('timeout') || o.has('status') || p.state !== undefined;
  const out = new Output(io);
  let n = 0;
  let victims: Flow[];
  try {
    victims = changes ? await selected(ct, p, filter) : [];
  } catch (e) {
    return failed(e, io);
  }
  // conntrack-tools takes the family of its updates from -s/-d/-r/-q/-f: without one it sends AF_UNSPEC, the
  // kernel answers EOPNOTSUPP to the first update and the command ends, exit 1, nothing changed.
  if (victims.length > 0 && p.family === undefined) {
    io.stderr(`Operation failed: Operation not supported\n${PROG}Operation failed: Operation not supported\n`);
    return 1;
  }
  for (const f of victims) {
    const spec: FlowSpec = { original: f.original };
    if (mark) spec.mark = mark.mask === undefined ? mark.mark : (((f.mark ?? 0) & ~mark.mask) ^ mark.mark) >>> 0;
    if (o.get('timeout') !== undefined) spec.timeout = cNumber(o.get('timeout')!, 32);
    if (o.get('status') !== undefined) spec.status = ((f.status ?? 0) | statusArg(o.get('status')!)) >>> 0;
    if (f.original.protocol === IPPROTO.TCP) spec.tcp = { ...(p.state !== undefined ? { state: p.state } : {}), flagsOriginal: { flags: 0x0a, mask: 0x0a }, flagsReply: { flags: 0x0a, mask: 0x0a } };
    else if (p.state !== undefined && f.original.protocol === IPPROTO.SCTP) spec.sctp = { state: p.state };
    else if (p.state !== undefined && f.original.protocol === IPPROTO.DCCP) spec.dccp = { state: p.state };
    try {
      await ct.update(spec);
    } catch (e) {
      if (e instanceof NetlinkError) { io.stderr(`Operation failed: ${e.code === 'ENOENT' ? 'No such file or directory' : e.message}\n`); continue; }
      throw e;
    }
    n++;
    // Read back with the update's attributes, as conntrack-tools does (the kernel looks at the tuple only).
    const back = await ct.get({ ...spec, status: typeof spec.status === 'number' ? spec.status : undefined, family: undefined });
    if (back) out.line(lineOf(back, p));
  }
  await out.flush();
  if (!p.quiet) io.stderr(`${PROG}${n} flow entries have been updated.\n`);
  return n > 0 ? 0 : 1;
}

/**
 * -D: every entry the filters select is deleted (by tuple, zone and id) and printed, as conntrack-tools does.
 * The plain listing takes the library's fast path: kernel-filtered dump, deletes built from the dumped bytes
 * and pipelined, lines written from the cursor; only the entries the kernel acknowledged are printed.
 */
async function remove(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  if (p.a.table === 'expect') throw new UsageError("You need to supply the `--src' option for this command");
  let n: number;
  const nat = natCheck(p);
  // -t in -D is one more attribute entries must have: conntrack-tools compares it (and so deletes none that
  // has ticked since).
  const timeout = p.a.opts.has('timeout') ? cNumber(p.a.opts.get('timeout')!, 32) : undefined;
  const pick = nat || timeout !== undefined ? (f: Flow): boolean => (!nat || nat(f)) && (timeout === undefined || f.timeout === timeout) : undefined;
  if (!pick && !p.format.json && !p.format.save && !p.format.xml && !p.format.byZone) {
    const bytes = new ByteOutput(io);
    const ends: number[] = [];
    try {
      const r = await ct.deleteWhere(filterOf(p), (c) => { writeFlowLine(bytes.lines, c, p.format); ends.push(bytes.lines.pos); });
      n = r.count;
      if (n !== ends.length) {
        // Some were gone before their delete: print only what the kernel removed.
        const all = Buffer.from(bytes.lines.buf.subarray(0, bytes.lines.pos));
        bytes.lines.pos = 0;
        ends.forEach((end, i) => {
          if (!r.deleted(i)) return;
          const start = i === 0 ? 0 : ends[i - 1]!;
          bytes.lines.ensure(end - start);
          all.copy(bytes.lines.buf, bytes.lines.pos, start, end);
          bytes.lines.pos += end - start;
        });
      }
    } catch (e) {
      return failed(e, io);
    }
    await bytes.flush();
    if (!p.quiet) stderrText(io, `${PROG}${n} flow entries have been deleted.\n`);
    return n > 0 ? 0 : 1;
  }
  const out = new Output(io);
  const show = (f: Flow): void => out.line(lineOf(f, p));
  try {
    n = pick ? await ct.deleteFlows((await selected(ct, p, filterOf(p))).filter(pick), show) : await ct.delete(filterOf(p), { onDeleted: show });
  } catch (e) {
    await out.flush();
    return failed(e, io);
  }
  await out.flush();
  if (!p.quiet) io.stderr(`${PROG}${n} flow entries have been deleted.\n`);
  return n > 0 ? 0 : 1;
}

/**
 * -R FILE: each line is a conntrack command line of its own (-I, -A, -D or -U, as -o save writes them). Every
 * line is parsed before any runs (a bad line changes nothing); they run in order, quietly, and the first that
 * fails ends the load with its status.
 */
async function load(ct: Conntrack, a: ConntrackArgs, io: CommandIO): Promise<number> {
  let text: string;
  try {
    text = readFileSync(a.file === '-' ? 0 : a.file!, 'utf8');
  } catch {
    throw new UsageError(`Failed to open file ${a.file === '-' ? '/dev/stdin' : a.file!} for reading`);
  }
  const commands: Parsed[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const la = parseConntrackArgs(words);
    if (!['I', 'A', 'D', 'U'].includes(la.verb)) throw new UsageError(`Cannot use command \`-${la.verb}' with --load-file`);
    const lp = interpret(la);
    if ((la.verb === 'I' || la.verb === 'A') && (lp.proto === IPPROTO.TCP || lp.proto === IPPROTO.SCTP || lp.proto === IPPROTO.DCCP) && lp.state === undefined) {
      throw new UsageError("You need to supply the `--state' option for this command");
    }
    commands.push({ ...lp, quiet: true });
  }
  for (const lp of commands) {
    const code = await runParsed(ct, lp.a, lp, io);
    if (code !== 0) return code;
  }
  return 0;
}

async function events(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const o = p.a.opts;
  const kinds: EventKind[] = [];
  for (const m of (o.get('eventMask') ?? 'ALL').split(',')) {
    if (m === 'ALL') kinds.push('new', 'update', 'destroy');
    else if (m === 'NEW') kinds.push('new');
    else if (m === 'UPDATE' || m === 'UPDATES') kinds.push('update');
    else if (m === 'DESTROY') kinds.push('destroy');
    else throw new UsageError(`unknown event '${m}' (NEW, UPDATE, DESTROY, ALL)`);
  }
  const filter = filterOf(p);
  delete filter.zone;
  const { matchFlow } = await import('../../nfnetlink/conntrack/filter.js');
  // The system's default receive buffer unless -b is given, as conntrack-tools: the overruns it reports are
  // the ones conntrack-tools would report.
  const stream = ct.events({ groups: [...new Set(kinds)], ...(p.zone !== undefined ? { zone: p.zone } : {}), receiveBufferSize: o.get('buffer') !== undefined ? cNumber(o.get('buffer')!, 32) : 0 });
  const sock = stream.transport as { receiveBufferSize?: number };
  if (o.get('buffer') !== undefined && typeof sock.receiveBufferSize === 'number') io.stderr(`NOTICE: Netlink socket buffer size has been set to ${sock.receiveBufferSize} bytes.\n`);
  let n = 0;
  let pending = '';
  let flushQueued = false;
  const flushEvents = (): void => {
    flushQueued = false;
    if (pending) { io.stdout(pending); pending = ''; }
  };
  const stop = (): void => stream.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for await (const ev of stream) {
      // Every ENOBUFS the socket reports, reported as conntrack-tools reports it.
      if (ev.type === 'overrun') { io.stderr(ENOBUFS_WARNING); continue; }
      if (ev.type !== 'new' && ev.type !== 'update' && ev.type !== 'destroy') continue;
      if (!matchFlow(ev.flow, filter)) continue;
      n++;
      const progname = ev.portId !== 0 && !p.format.json ? programOfPortCached(ev.portId, o.get('netns')) : undefined;
      const stamp = p.format.timestamp && !p.format.json ? eventTimestamp(performance.timeOrigin + performance.now()) : '';
      pending += stamp + (p.format.json ? eventJson(ev.type, ev.flow, performance.timeOrigin + performance.now()) : formatEvent(ev.type, ev.flow, ev.portId, p.format, progname)) + '\n';
      // One write per turn of the event loop (the events of a datagram together), not one per event: a
      // write per line made -E fall behind a burst and overrun its buffer sooner than conntrack-tools.
      if (!flushQueued) { flushQueued = true; setImmediate(flushEvents); }
    }
  } finally {
    flushEvents();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  io.stderr(`${PROG}${n} flow events have been shown.\n`);
  return 0;
}

const ENOBUFS_WARNING = 'WARNING: We have hit ENOBUFS! We are losing events.\nThis message means that the current netlink socket buffer size is too small.\n'
  + 'Please, check --buffer-size in conntrack(8) manpage.\n';

/**
 * programOfPort, remembered per port id for PROGRAM_TTL_MS: a flush or a burst from one program sends
 * thousands of events with its port id, and looking the program up (the namespace's whole netlink table, then
 * /proc/PID/fd) for each made -E several times slower than -o json.
 */
function programOfPortCached(portId: number, netns: string | undefined): string | undefined {
  const now = performance.now();
  const hit = programCache.get(portId);
  if (hit && now - hit.at < PROGRAM_TTL_MS) return hit.name;
  const name = programOfPort(portId, netns);
  programCache.set(portId, { name, at: now });
  return name;
}
const programCache = new Map<number, { name: string | undefined; at: number }>();
const PROGRAM_TTL_MS = 1000;

/**
 * The program behind a netlink port id, which conntrack -E shows as "progname=": the NETLINK_NETFILTER socket
 * with that port id in the namespace's /proc/net/netlink gives the socket's inode, the process holding a
 * descriptor of that socket gives the name (/proc/PID/comm). Undefined when the socket is gone by now (the
 * program exited), as conntrack-tools then prints the port id alone. The process found last for a port is
 * checked first (a flush by one program sends thousands of events with its port id), but always checked.
 */
function programOfPort(portId: number, netns: string | undefined): string | undefined {
  try {
    const read = (): string => readFileSync('/proc/thread-self/net/netlink', 'utf8');
    const table = netns === undefined ? read() : withNetns(netns, read);
    let inode: string | undefined;
    for (const line of table.split('\n').slice(1)) {
      const col = line.trim().split(/\s+/); // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
      if (col.length >= 10 && col[1] === String(NetlinkProtocol.NETFILTER) && col[2] === String(portId)) { inode = col[9]; break; }
    }
    if (inode === undefined) return undefined;
    const target = `socket:[${inode}]`;
    const holds = (pid: string): boolean => {
      let fds: string[];
      try { fds = readdirSync(`/proc/${pid}/fd`); } catch { return false; }
      for (const fd of fds) {
        try { if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true; } catch { /* closed meanwhile */ }
      }
      return false;
    };
    const last = lastOwner.get(portId);
    let pid = last && last.inode === inode && holds(last.pid) ? last.pid : undefined;
    if (pid === undefined) {
      for (const p of readdirSync('/proc')) if (/^\d+$/.test(p) && holds(p)) { pid = p; break; }
    }
    if (pid === undefined) return undefined;
    lastOwner.set(portId, { inode, pid });
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    // /proc unreadable, or the namespace is gone: show the port id alone
  }
  return undefined;
}
const lastOwner = new Map<number, { inode: string; pid: string }>();

/** How the command gets its client: a live socket by default; tests pass one over a replay transport. */
export type ConntrackOpener = (options: { netns?: string }) => Promise<Conntrack>;

export async function runConntrack(argv: readonly string[], io: CommandIO, open: ConntrackOpener = (o) => Conntrack.open(o)): Promise<number> {
  const a = parseConntrackArgs(argv);
  const p = interpret(a);
  const ct = await open(a.opts.has('netns') ? { netns: a.opts.get('netns')! } : {});
  try {
    if (a.verb === 'R') return await load(ct, a, io);
    return await runParsed(ct, a, p, io);
  } finally {
    ct.close();
  }
}

async function runParsed(ct: Conntrack, a: ConntrackArgs, p: Parsed, io: CommandIO): Promise<number> {
  switch (a.verb) {
    case 'L': return list(ct, p, io);
    case 'I': return create(ct, p, io, false);
    case 'A': return create(ct, p, io, true);
    case 'G': return getOne(ct, p, io);
    case 'U': return update(ct, p, io);
    case 'D': return remove(ct, p, io);
    case 'E': return events(ct, p, io);
    case 'R': throw new UsageError('-R inside -R');
    case 'F': {
      try {
        if (a.table === 'expect') {
          await ct.flushExpectations();
          io.stderr(`${PROG}expectation table has been emptied.\n`);
          return 0;
        }
        await ct.flush(p.family !== undefined ? { family: p.family } : {});
        io.stderr(`${PROG}connection tracking table has been emptied.\n`);
      } catch (e) {
        return failed(e, io);
      }
      return 0;
    }
    case 'C': io.stdout(`${a.table === 'expect' ? (await ct.expectations()).length : await ct.count()}\n`); return 0;
    case 'S': {
      const out = new Output(io);
      for (const s of await ct.statistics()) out.line(formatCpuStatistics(s));
      await out.flush();
      return 0;
    }
  }
}

export const command: Command = {
  summary: 'connection tracking (conntrack-tools flags)',
  usage: [
    'usage: nlts conntrack COMMAND [options]          (conntrack-tools 1.4.7 compatible)',
    '  commands: -L [conntrack|expect|dying|unconfirmed] list, -G get, -D delete, -I create, -A add, -U update,',
    '            -E events, -F flush, -C count, -S stats, -R FILE|- load commands (as -o save writes them)',
    '  tuple:    -s/--orig-src -d/--orig-dst ADDR[/PREFIX] -r/--reply-src -q/--reply-dst -p PROTO (name or number)',
    '            --sport --dport --reply-port-src --reply-port-dst --icmp-type --icmp-code --icmp-id --srckey --dstkey',
    '  filters:  -w/--zone N --orig-zone --reply-zone -m MARK[/MASK] -u STATUS[,..] -f ipv4|ipv6 --mask-src --mask-dst',
    '            --state STATE (TCP, SCTP, DCCP; LISTEN) -n/-g/-j [IP[:PORT]] (source, destination, any NAT)',
    '  create:   -t TIMEOUT --state STATE --src-nat IP[:PORT] --dst-nat IP[:PORT] --orig-vtag --reply-vtag --role',
    '  events:   -e NEW,UPDATE,DESTROY -b BUFFER      -z: zero counters as they are listed',
    '  output:   -o extended,id,save,xml,ktimestamp,timestamp; ours: -o json, -o zone / --by-zone (grouped by zone)',
    '  --netns NAME: work in that network namespace',
  ].join('\n'),
  run(argv, io) {
    defaultStdout ??= io.stdout;
    defaultStderr ??= io.stderr;
    return runConntrack(argv, io);
  },
};
