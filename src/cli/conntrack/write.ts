// conntrack -I / -A (create), -U (update) and -D (delete): the entries a command line names, changed through
// the library, printed as conntrack-tools prints them.
import { IPPROTO } from '../../netlink/ip-protocols.js';
import type { Conntrack } from '../../nfnetlink/conntrack/client.js';
import type { Flow, FlowFilter, FlowSpec, Tuple, TupleMatch } from '../../nfnetlink/conntrack/index.js';
import { Status } from '../../nfnetlink/conntrack/constants.js';
import { invertTuple } from '../../nfnetlink/conntrack/tuple.js';
import { ByteOutput, TextOutput, UsageError, writeStderr, type CommandIO } from '../io.js';
import { kernelRefusal } from '../errors.js';
import { hostOrderVtag, writeFlowLine } from '../format/conntrack.js';
import { PROG, filterOf, lineOf, natCheck, tcpExtras, tupleOf, type Parsed } from './interpret.js';
import { failed } from './read.js';
import { cNumber, markArg, natAddress, natRange, statusArg } from './values.js';

export /** -I and -A: one entry from an original tuple, a reply tuple, or both (the missing one is the other inverted). */
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
    if (!(add && kernelRefusal(e) === 'EEXIST')) return failed(e, io);
    made = 0;
  }
  if (!p.quiet) io.stderr(`${PROG}${made} flow entries have been ${add ? 'added' : 'created'}.\n`);
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
export async function update(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const o = p.a.opts;
  const filter = filterOf(p);
  // In -U, -m, -u and --state are the new values, not filters.
  delete filter.mark; delete filter.markMask; delete filter.status; delete filter.state;
  const mark = o.get('mark') !== undefined ? markArg(o.get('mark')!) : undefined;
  const changes = mark !== undefined || o.has('timeout') || o.has('status') || p.state !== undefined;
  const out = new TextOutput(io);
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
      const code = kernelRefusal(e);
      if (code !== undefined) { io.stderr(`Operation failed: ${code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}\n`); continue; }
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
export async function remove(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
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
    if (!p.quiet) writeStderr(io, `${PROG}${n} flow entries have been deleted.\n`);
    return n > 0 ? 0 : 1;
  }
  const out = new TextOutput(io);
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
