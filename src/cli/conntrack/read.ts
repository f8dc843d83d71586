// conntrack -L (listings of every table, the plain one straight from the dump's bytes) and -G, and how a
// kernel's refusal is reported in conntrack-tools' words.
import { AF_INET } from '../../netlink/constants.js';
import type { Conntrack } from '../../nfnetlink/conntrack/client.js';
import type { Flow } from '../../nfnetlink/conntrack/index.js';
import { ByteOutput, TextOutput, UsageError, writeStderr, type CommandIO } from '../io.js';
import { kernelRefusal } from '../errors.js';
import { XML_FOOTER, XML_HEADER, formatExpectation, writeFlowLines } from '../format/conntrack.js';
import { PROG, filterOf, isComplete, lineOf, natCheck, tcpExtras, tupleOf, type Parsed } from './interpret.js';

/** A kernel refusal as conntrack-tools words it (exit 1); anything else goes on to main. */
export function failed(e: unknown, io: CommandIO): number {
  // EPERM goes to main, which says which capability is missing.
  const code = kernelRefusal(e);
  if (code !== undefined && code !== 'EPERM') {
    const text = code === 'ENOENT' ? "such conntrack doesn't exist" : code === 'EEXIST' ? 'Such conntrack exists, try -U to update' : (e as Error).message;
    io.stderr(`${PROG}Operation failed: ${text}\n`);
    return 1;
  }
  throw e;
}

/** -L: a table (conntrack, expect, dying, unconfirmed), filtered, in the -o format asked for. */
export async function list(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const out = new TextOutput(io);
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
    writeStderr(io, `${PROG}${dump.report.matched} flow entries have been shown.\n`);
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

/** -G: the one entry a whole original tuple names. */
export async function getOne(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
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
