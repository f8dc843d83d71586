// A conntrack command line from start to end: parsed, interpreted, run against a client (a live socket, or
// one over a replay transport in tests), including -R's files of command lines and -F, -C, -S.
import { readFileSync } from 'node:fs';
import { IPPROTO } from '../../netlink/ip-protocols.js';
import { Conntrack } from '../../nfnetlink/conntrack/client.js';
import { TextOutput, UsageError, type CommandIO } from '../io.js';
import { formatCpuStatistics } from '../format/conntrack.js';
import { parseConntrackArgs, type ConntrackArgs } from './args.js';
import { events } from './events.js';
import { PROG, interpret, type Parsed } from './interpret.js';
import { failed, getOne, list } from './read.js';
import { create, remove, update } from './write.js';

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
      const out = new TextOutput(io);
      for (const s of await ct.statistics()) out.line(formatCpuStatistics(s));
      await out.flush();
      return 0;
    }
  }
}
