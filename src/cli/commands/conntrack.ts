// `nlts conntrack`: the conntrack-tools command line (-L -G -D -I -U -E -F -C -S) over the library.
// Argument parsing and output formatting only; every kernel conversation is in src/nfnetlink/conntrack.
import { once } from 'node:events';
import { readFileSync, readdirSync, readlinkSync, writeSync } from 'node:fs';
import { AF_INET, AF_INET6, NetlinkError, NetlinkProtocol, withNetns } from '../../netlink/core.js';
import type { Flow, FlowFilter, FlowSpec, NatRange, Tuple, TupleMatch, EventKind } from '../../nfnetlink/conntrack/index.js';
// From the modules themselves, not the index: `conntrack -L` loads no more than it uses.
import { Conntrack } from '../../nfnetlink/conntrack/client.js';
import { DCCP_STATES, IPPROTO, SCTP_STATES, Status, TCP_STATES } from '../../nfnetlink/conntrack/constants.js';
import { isIPv4, isIPv6 } from '../../nfnetlink/conntrack/net.js';
import { UsageError, type Command, type CommandIO } from '../io.js';
import { endOnBrokenPipe } from '../pipe.js';
import {
  LineBuffer, eventJson, eventTimestamp, flowJson, formatCpuStatistics, formatEvent, formatExpectation, formatFlow, writeFlowLines, type FormatOptions,
} from '../format/conntrack.js';

const PROG = 'conntrack v1.4.7 (conntrack-tools): ';

type Verb = 'L' | 'G' | 'D' | 'I' | 'U' | 'E' | 'F' | 'C' | 'S';
type Arity = 0 | 1 | '?';
interface Opt { key: string; arity: Arity }

const VERBS: Record<string, Verb> = {
  '-L': 'L', '--dump': 'L', '-G': 'G', '--get': 'G', '-D': 'D', '--delete': 'D', '-I': 'I', '--create': 'I',
  '-U': 'U', '--update': 'U', '-E': 'E', '--event': 'E', '-F': 'F', '--flush': 'F', '-C': 'C', '--count': 'C',
  '-S': 'S', '--stats': 'S',
};

const OPTS: Record<string, Opt> = {};
function def(key: string, arity: Arity, ...names: string[]): void {
  for (const n of names) OPTS[n] = { key, arity };
}
def('src', 1, '-s', '--src', '--orig-src');
def('dst', 1, '-d', '--dst', '--orig-dst');
def('replySrc', 1, '-r', '--reply-src');
def('replyDst', 1, '-q', '--reply-dst');
def('proto', 1, '-p', '--proto', '--protonum');
def('sport', 1, '--sport', '--orig-port-src');
def('dport', 1, '--dport', '--orig-port-dst');
def('replySport', 1, '--reply-port-src');
def('replyDport', 1, '--reply-port-dst');
def('icmpType', 1, '--icmp-type', '--icmpv6-type');
def('icmpCode', 1, '--icmp-code', '--icmpv6-code');
def('icmpId', 1, '--icmp-id', '--icmpv6-id');
def('timeout', 1, '-t', '--timeout');
def('mark', 1, '-m', '--mark');
def('status', 1, '-u', '--status');
def('zone', 1, '-w', '--zone');
def('origZone', 1, '--orig-zone');
def('replyZone', 1, '--reply-zone');
def('state', 1, '--state');
def('family', 1, '-f', '--family');
def('output', 1, '-o', '--output');
def('eventMask', 1, '-e', '--event-mask');
def('srcNat', '?', '-n', '--src-nat');
def('dstNat', '?', '-g', '--dst-nat');
def('buffer', 1, '-b', '--buffer-size');
def('netns', 1, '--netns');
def('byZone', 0, '--by-zone');

export interface ConntrackArgs {
  verb: Verb;
  table: 'conntrack' | 'expect';
  opts: Map<string, string>;
}

/** Parses conntrack-tools style arguments; UsageError (exit 2) for anything it does not take. */
export function parseConntrackArgs(argv: readonly string[]): ConntrackArgs {
  let verb: Verb | undefined;
  let table: ConntrackArgs['table'] = 'conntrack';
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) { inline = arg.slice(arg.indexOf('=') + 1); arg = arg.slice(0, arg.indexOf('=')); }
    const v = VERBS[arg];
    if (v) {
      if (verb) throw new UsageError(`only one command at a time ('${arg}' after -${verb})`);
      verb = v;
      const next = argv[i + 1];
      if ((v === 'L' || v === 'F' || v === 'E' || v === 'C' || v === 'S' || v === 'D' || v === 'G') && next !== undefined && !next.startsWith('-')) {
        if (next === 'expect' || next === 'expectation') table = 'expect';
        else if (next !== 'conntrack') throw new UsageError(`unknown table '${next}' (conntrack or expect)`);
        i++;
      }
      continue;
    }
    const o = OPTS[arg];
    if (!o) throw new UsageError(`unknown option \`${arg}'`);
    if (opts.has(o.key)) throw new UsageError(`option \`${arg}' given twice`);
    let value = '';
    if (o.arity === 1) {
      value = inline ?? argv[++i] ?? '';
      if (inline === undefined && i >= argv.length) throw new UsageError(`option \`${arg}' requires an argument`);
    } else if (o.arity === '?') {
      const next = argv[i + 1];
      if (inline !== undefined) value = inline;
      else if (next !== undefined && !next.startsWith('-')) { value = next; i++; }
    } else if (inline !== undefined) {
      throw new UsageError(`option \`${arg}' takes no argument`);
    }
    opts.set(o.key, value);
  }
  if (!verb) throw new UsageError('missing command (one of -L -G -D -I -U -E -F -C -S)');
  return { verb, table, opts };
}

function int(text: string, what: string, max: number): number {
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`${what} must be an integer in 0..${max}, got '${text}'`);
  return n;
}

const PROTO_BY_NAME: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, 'ipv6-icmp': 58, sctp: 132, dccp: 33, udplite: 136, gre: 47 };

function protoArg(text: string): number {
  const byName = PROTO_BY_NAME[text.toLowerCase()];
  if (byName !== undefined) return byName;
  return int(text, 'protocol', 255);
}

function addrArg(text: string, what: string): string {
  if (!isIPv4(text) && !isIPv6(text)) throw new UsageError(`Invalid IP address \`${text}' (${what})`);
  return text;
}

function familyArg(text: string): number {
  if (text === 'ipv4') return AF_INET;
  if (text === 'ipv6') return AF_INET6;
  throw new UsageError(`unknown family '${text}' (ipv4 or ipv6)`);
}

function statusArg(text: string): number {
  let v = 0;
  for (const name of text.split(',')) {
    if (name === 'UNSET') continue;
    const bit = (Status as Record<string, number>)[name];
    if (bit === undefined) throw new UsageError(`unknown status '${name}'`);
    v |= bit;
  }
  return v;
}

function markArg(text: string): { mark: number; mask?: number } {
  const [m, mask] = text.split('/');
  return { mark: int(m ?? '', 'mark', 0xffffffff), ...(mask !== undefined ? { mask: int(mask, 'mark mask', 0xffffffff) } : {}) };
}

function stateArg(proto: number | undefined, text: string): number {
  const table: readonly string[] = proto === IPPROTO.TCP ? TCP_STATES : proto === IPPROTO.SCTP ? SCTP_STATES : proto === IPPROTO.DCCP ? DCCP_STATES : [];
  const i = table.indexOf(text.toUpperCase());
  if (i < 0) throw new UsageError(`unknown state '${text}' for ${proto === undefined ? 'this protocol' : `protocol ${proto}`}`);
  return i;
}

function natArg(text: string, what: string): NatRange {
  let ip = text;
  let port: number | undefined;
  const m = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(text) ?? /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(text);
  if (m) { ip = m[1]!; port = int(m[2]!, `${what} port`, 0xffff); }
  addrArg(ip, what);
  return port === undefined ? { minIp: ip } : { minIp: ip, minPort: port, maxPort: port };
}

interface Parsed {
  a: ConntrackArgs;
  family?: number;
  proto?: number;
  zone?: number;
  orig: TupleMatch;
  reply: TupleMatch;
  format: FormatOptions & { json?: boolean; byZone?: boolean; timestamp?: boolean };
}

function interpret(a: ConntrackArgs): Parsed {
  const o = a.opts;
  const get = (k: string): string | undefined => o.get(k);
  const proto = get('proto') !== undefined ? protoArg(get('proto')!) : undefined;
  const orig: TupleMatch = {};
  const reply: TupleMatch = {};
  if (get('src') !== undefined) orig.src = addrArg(get('src')!, 'source');
  if (get('dst') !== undefined) orig.dst = addrArg(get('dst')!, 'destination');
  if (get('replySrc') !== undefined) reply.src = addrArg(get('replySrc')!, 'reply source');
  if (get('replyDst') !== undefined) reply.dst = addrArg(get('replyDst')!, 'reply destination');
  for (const [k, t, f] of [['sport', orig, 'sport'], ['dport', orig, 'dport'], ['replySport', reply, 'sport'], ['replyDport', reply, 'dport']] as const) {
    const v = get(k);
    if (v === undefined) continue;
    if (proto === undefined) throw new UsageError(`you need to supply the \`--protonum' option for port options`);
    t[f] = int(v, k, 0xffff);
  }
  for (const [k, f] of [['icmpType', 'icmpType'], ['icmpCode', 'icmpCode'], ['icmpId', 'icmpId']] as const) {
    const v = get(k);
    if (v === undefined) continue;
    if (proto !== IPPROTO.ICMP && proto !== IPPROTO.ICMPV6) throw new UsageError(`--${k} needs -p icmp or -p icmpv6`);
    orig[f] = int(v, k, k === 'icmpId' ? 0xffff : 255);
  }
  if (get('origZone') !== undefined) orig.zone = int(get('origZone')!, 'orig zone', 0xffff);
  if (get('replyZone') !== undefined) reply.zone = int(get('replyZone')!, 'reply zone', 0xffff);
  const zone = get('zone') !== undefined ? int(get('zone')!, 'zone', 0xffff) : undefined;
  let family = get('family') !== undefined ? familyArg(get('family')!) : undefined;
  const addrs = [orig.src, orig.dst, reply.src, reply.dst].filter((x): x is string => x !== undefined);
  for (const ad of addrs) {
    const fam = isIPv4(ad) ? AF_INET : AF_INET6;
    if (family !== undefined && family !== fam) throw new UsageError('mismatched address family');
    family = fam;
  }
  if (proto === IPPROTO.ICMP && family === AF_INET6) throw new UsageError('ICMP with IPv6 addresses (use -p icmpv6)');
  if (proto === IPPROTO.ICMPV6 && family === AF_INET) throw new UsageError('ICMPv6 with IPv4 addresses');
  const format: Parsed['format'] = { byZone: o.has('byZone') };
  for (const part of (get('output') ?? '').split(',').filter(Boolean)) {
    if (part === 'extended') format.extended = true;
    else if (part === 'id') format.id = true;
    else if (part === 'json') format.json = true;
    else if (part === 'zone') format.byZone = true;
    else if (part === 'ktimestamp') format.ktimestamp = true;
    else if (part === 'timestamp') format.timestamp = true; // -E: when each event was read
    else if (part === 'labels' || part === 'userspace') { /* accepted, no effect here */ }
    else throw new UsageError(`Bad parameter \`${part}'`);
  }
  return { a, family, proto, zone, orig, reply, format };
}

function filterOf(p: Parsed): FlowFilter {
  const o = p.a.opts;
  const f: FlowFilter = {};
  if (p.family !== undefined) f.family = p.family;
  if (p.zone !== undefined) f.zone = p.zone;
  if (p.proto !== undefined) f.protocol = p.proto;
  if (Object.keys(p.orig).length) f.original = p.orig;
  if (Object.keys(p.reply).length) f.reply = p.reply;
  if (o.get('mark') !== undefined) { const m = markArg(o.get('mark')!); f.mark = m.mark; if (m.mask !== undefined) f.markMask = m.mask; }
  if (o.get('status') !== undefined) f.status = statusArg(o.get('status')!);
  return f;
}

/** Client-side NAT filters of -L --src-nat / --dst-nat (no kernel equivalent). */
function natCheck(p: Parsed): ((f: Flow) => boolean) | undefined {
  const o = p.a.opts;
  const s = o.has('srcNat');
  const d = o.has('dstNat');
  if (!s && !d) return undefined;
  return (f) => {
    const r = f.reply;
    if (!r) return false;
    if (s && r.dst === f.original.src && (r.dport === undefined || r.dport === f.original.sport)) return false;
    if (d && r.src === f.original.dst && (r.sport === undefined || r.sport === f.original.dport)) return false;
    return true;
  };
}

const isComplete = (p: Parsed): boolean => p.orig.src !== undefined && p.orig.dst !== undefined && p.proto !== undefined
  && (p.proto === IPPROTO.ICMP || p.proto === IPPROTO.ICMPV6 ? p.orig.icmpId !== undefined || p.orig.icmpType !== undefined
    : PORT_PROTOS.has(p.proto) ? p.orig.sport !== undefined && p.orig.dport !== undefined : true);
const PORT_PROTOS = new Set<number>([6, 17, 33, 132, 136]);

function tupleOf(p: Parsed): Tuple {
  const t: Tuple = { src: p.orig.src!, dst: p.orig.dst!, protocol: p.proto! };
  for (const k of ['sport', 'dport', 'icmpType', 'icmpCode', 'icmpId', 'zone'] as const) if (p.orig[k] !== undefined) t[k] = p.orig[k];
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
  if (e instanceof NetlinkError) {
    const text = e.code === 'ENOENT' ? "such conntrack doesn't exist" : e.code === 'EEXIST' ? 'Such conntrack exists, try -U to update' : e.message;
    io.stderr(`${PROG}Operation failed: ${text}\n`);
    return 1;
  }
  throw e;
}

async function list(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const out = new Output(io);
  if (p.a.table === 'expect') {
    const xs = await ct.expectations({ family: p.family ?? AF_INET });
    for (const x of xs) out.line(formatExpectation(x));
    await out.flush();
    io.stderr(`${PROG}${xs.length} expectations have been shown.\n`);
    return 0;
  }
  const nat = natCheck(p);
  const fmt = p.format;
  const dump = ct.dump(filterOf(p));
  if (!nat && !fmt.json && !fmt.byZone) {
    // The plain listing: bytes straight from the received chunks, no object or string per entry.
    const bytes = new ByteOutput(io);
    for await (const c of dump.cursors()) {
      writeFlowLines(bytes.lines, c, fmt);
      await bytes.maybeFlush();
      if (bytes.closed) return 0; // the reader went away (EPIPE): stop, as conntrack would on SIGPIPE
    }
    await bytes.flush();
    stderrText(io, `${PROG}${dump.report.matched} flow entries have been shown.\n`);
    return 0;
  }
  let n = 0;
  const groups = fmt.byZone ? new Map<number, string[]>() : undefined;
  for await (const batch of dump.batches()) {
    for (let i = 0; i < batch.length; i++) {
      const f = batch[i]!;
      if (nat && !nat(f)) continue;
      n++;
      const text = fmt.json ? flowJson(f) : formatFlow(f, fmt);
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
  await out.flush();
  io.stderr(`${PROG}${n} flow entries have been shown.\n`);
  return 0;
}

async function create(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const o = p.a.opts;
  if (p.proto === undefined) throw new UsageError("You need to supply the `--protonum' option for this command");
  if (p.orig.src === undefined || p.orig.dst === undefined) throw new UsageError('missing source or destination address (-s, -d)');
  if (o.get('timeout') === undefined) throw new UsageError("You need to supply the `--timeout' option for this command");
  const original = tupleOf(p);
  const spec: FlowSpec = { original, timeout: int(o.get('timeout')!, 'timeout', 0xffffffff) };
  if (Object.keys(p.reply).length) {
    const r = p.reply;
    if (r.src === undefined || r.dst === undefined) throw new UsageError('a reply tuple needs --reply-src and --reply-dst');
    spec.reply = { src: r.src, dst: r.dst, protocol: p.proto, ...(r.sport !== undefined ? { sport: r.sport } : {}), ...(r.dport !== undefined ? { dport: r.dport } : {}), ...(r.zone !== undefined ? { zone: r.zone } : {}) };
    if (p.orig.icmpId !== undefined) Object.assign(spec.reply, { icmpType: p.orig.icmpType, icmpCode: p.orig.icmpCode, icmpId: p.orig.icmpId });
  }
  // conntrack-tools marks new entries CONFIRMED whenever a status is given.
  if (o.get('status') !== undefined) spec.status = statusArg(o.get('status')!) | Status.CONFIRMED;
  if (o.get('mark') !== undefined) spec.mark = markArg(o.get('mark')!).mark;
  const state = o.get('state') !== undefined ? stateArg(p.proto, o.get('state')!) : undefined;
  if (p.proto === IPPROTO.TCP && state !== undefined) spec.tcp = tcpExtras(p, state);
  else if (p.proto === IPPROTO.SCTP && state !== undefined) spec.sctp = { state };
  else if (p.proto === IPPROTO.DCCP && state !== undefined) spec.dccp = { state };
  if (o.get('srcNat')) spec.natSrc = natArg(o.get('srcNat')!, 'source NAT');
  if (o.get('dstNat')) spec.natDst = natArg(o.get('dstNat')!, 'destination NAT');
  if (p.zone !== undefined) spec.zone = p.zone;
  try {
    await ct.create(spec);
  } catch (e) {
    return failed(e, io);
  }
  io.stderr(`${PROG}1 flow entries have been created.\n`);
  return 0;
}

async function getOne(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
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
  io.stderr(`${PROG}1 flow entries have been shown.\n`);
  io.stdout((p.format.json ? flowJson(flow) : formatFlow(flow, p.format)) + '\n');
  return 0;
}

async function update(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const o = p.a.opts;
  const changes: Partial<FlowSpec> = {};
  if (o.get('mark') !== undefined) { const m = markArg(o.get('mark')!); changes.mark = m.mark; if (m.mask !== undefined) changes.markMask = m.mask; }
  if (o.get('timeout') !== undefined) changes.timeout = int(o.get('timeout')!, 'timeout', 0xffffffff);
  if (o.get('status') !== undefined) changes.status = statusArg(o.get('status')!);
  const targets: Array<{ original: Tuple; zone?: number }> = [];
  const filter = filterOf(p);
  delete filter.mark; delete filter.markMask; delete filter.status;
  if (isComplete(p)) targets.push({ original: tupleOf(p), ...(p.zone !== undefined ? { zone: p.zone } : {}) });
  else for await (const f of ct.dump(filter)) targets.push({ original: f.original, ...(f.zone !== undefined ? { zone: f.zone } : {}) });
  const out = new Output(io);
  let n = 0;
  for (const t of targets) {
    const tcp = t.original.protocol === IPPROTO.TCP ? tcpExtras({ ...p, proto: IPPROTO.TCP }) : undefined;
    const spec: FlowSpec = { ...changes, ...t, ...(tcp ? { tcp } : {}) };
    try {
      await ct.update(spec);
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT') continue;
      return failed(e, io);
    }
    n++;
    // Read back with the same attributes, as conntrack-tools does (the kernel looks at the tuple and zone only).
    const f = await ct.get({ ...spec, status: typeof spec.status === 'number' ? spec.status : undefined, family: undefined });
    if (f) out.line(p.format.json ? flowJson(f) : formatFlow(f, p.format));
  }
  io.stderr(`${PROG}${n} flow entries have been updated.\n`);
  await out.flush();
  return n > 0 ? 0 : 1;
}

async function remove(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const out = new Output(io);
  let n = 0;
  const show = (f: Flow): void => out.line(p.format.json ? flowJson(f) : formatFlow(f, p.format));
  const filter = filterOf(p);
  if (isComplete(p)) {
    const f = await ct.get(tupleOf(p), p.zone !== undefined ? { zone: p.zone } : {});
    if (f && (await ct.delete(f)) === 1) { n = 1; show(f); }
  } else {
    n = await ct.delete(filter, { onDeleted: show });
  }
  io.stderr(`${PROG}${n} flow entries have been deleted.\n`);
  await out.flush();
  return n > 0 ? 0 : 1;
}

async function events(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const o = p.a.opts;
  const kinds: EventKind[] = [];
  for (const m of (o.get('eventMask') ?? 'ALL').split(',')) {
    if (m === 'ALL') kinds.push('new', 'update', 'destroy');
    else if (m === 'NEW') kinds.push('new');
    else if (m === 'UPDATE') kinds.push('update');
    else if (m === 'DESTROY') kinds.push('destroy');
    else throw new UsageError(`unknown event '${m}' (NEW, UPDATE, DESTROY, ALL)`);
  }
  const filter = filterOf(p);
  delete filter.zone;
  const { matchFlow } = await import('../../nfnetlink/conntrack/filter.js');
  const stream = ct.events({ groups: [...new Set(kinds)], ...(p.zone !== undefined ? { zone: p.zone } : {}), ...(o.get('buffer') ? { receiveBufferSize: int(o.get('buffer')!, 'buffer size', 0x7fffffff) } : {}) });
  let n = 0;
  const stop = (): void => stream.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for await (const ev of stream) {
      if (ev.type === 'overrun') { io.stderr(`${PROG}WARNING: event buffer overrun (${ev.count}), events were lost\n`); continue; }
      if (ev.type !== 'new' && ev.type !== 'update' && ev.type !== 'destroy') continue;
      if (!matchFlow(ev.flow, filter)) continue;
      n++;
      const progname = ev.portId !== 0 && !p.format.json ? programOfPort(ev.portId, o.get('netns')) : undefined;
      const stamp = p.format.timestamp && !p.format.json ? eventTimestamp(performance.timeOrigin + performance.now()) : '';
      io.stdout(stamp + (p.format.json ? eventJson(ev.type, ev.flow, performance.timeOrigin + performance.now()) : formatEvent(ev.type, ev.flow, ev.portId, p.format, progname)) + '\n');
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  io.stderr(`${PROG}${n} flow events have been shown.\n`);
  return 0;
}

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
    switch (a.verb) {
      case 'L': return await list(ct, p, io);
      case 'I': return await create(ct, p, io);
      case 'G': return await getOne(ct, p, io);
      case 'U': return await update(ct, p, io);
      case 'D': return await remove(ct, p, io);
      case 'E': return await events(ct, p, io);
      case 'F': {
        const filter = filterOf(p);
        try {
          const n = await ct.flush(filter);
          io.stderr(n === undefined ? `${PROG}connection tracking table has been emptied.\n` : `${PROG}${n} flow entries have been deleted.\n`);
        } catch (e) {
          return failed(e, io);
        }
        return 0;
      }
      case 'C': io.stdout(`${await ct.count()}\n`); return 0;
      case 'S': {
        const out = new Output(io);
        for (const s of await ct.statistics()) out.line(formatCpuStatistics(s));
        await out.flush();
        return 0;
      }
    }
  } finally {
    ct.close();
  }
}

export const command: Command = {
  summary: 'connection tracking (conntrack-tools flags)',
  usage: [
    'usage: nlts conntrack COMMAND [options]          (conntrack-tools 1.4.7 compatible)',
    '  commands: -L [expect] list, -G get, -D delete, -I create, -U update, -E events, -F flush, -C count, -S stats',
    '  tuple:    -s/--orig-src -d/--orig-dst -r/--reply-src -q/--reply-dst -p PROTO --sport --dport',
    '            --reply-port-src --reply-port-dst --icmp-type --icmp-code --icmp-id',
    '  filters:  -w/--zone N (0..65535) --orig-zone --reply-zone -m MARK[/MASK] -u STATUS[,..] -f ipv4|ipv6',
    '  create:   -t TIMEOUT --state STATE --src-nat IP --dst-nat IP[:PORT]   events: -e NEW,UPDATE,DESTROY',
    '  output:   -o extended,id,json,zone   --by-zone (entries grouped by zone, with a count per zone)',
    '  --netns NAME: work in that network namespace',
  ].join('\n'),
  run(argv, io) {
    defaultStdout ??= io.stdout;
    defaultStderr ??= io.stderr;
    return runConntrack(argv, io);
  },
};
