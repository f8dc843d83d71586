// Runs one generated conntrack command line (helpers/conntrack-generator.ts) through conntrack-tools in one
// namespace and through `nlts conntrack` in another, both starting from the same seeded table, and compares
// exit status, standard output (ids and timeouts masked), the summary on standard error (when
// conntrack-tools succeeds; error wording is ours) and the table afterwards, listed by conntrack-tools in
// both namespaces (timeouts compared within a few seconds). conntrack(8) runs only as an oracle.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from './cli.js';
import { SEED, type CtCase } from './conntrack-generator.js';

export interface RunOutcome { stdout: string; stderr: string; code: number | 'timeout' }

let inputs = 0;
// Long enough for a Node start on a loaded machine; only conntrack -E, which never ends, runs into it.
const LIMIT_MS = 30_000;
const EVENT_LIMIT_MS = 10_000;
const inputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-ct-gen-'));

/**
 * A program with an argument array and optional standard input; killed after `limitMs` (conntrack -E never
 * ends). Standard input is a file, as after `<` in a shell: conntrack -R - opens /dev/stdin, which a socket
 * (what Node gives a child for 'pipe') is not.
 */
function runWithInput(file: string, args: readonly string[], stdin: string | undefined, limitMs = LIMIT_MS): Promise<RunOutcome> {
  const inputFile = path.join(inputDir, `in-${inputs++}`);
  fs.writeFileSync(inputFile, stdin ?? '');
  const fd = fs.openSync(inputFile, 'r');
  return new Promise<RunOutcome>((resolve, reject) => {
    const child = spawn(file, args, { stdio: [fd, 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, limitMs);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: timedOut ? 'timeout' : code ?? -1 });
    });
  }).finally(() => {
    fs.closeSync(fd);
    fs.rmSync(inputFile, { force: true });
  });
}

/** Removes the directory of input files. */
export function cleanUpInputs(): void {
  fs.rmSync(inputDir, { recursive: true, force: true });
}

export const conntrackTool = (ns: string, args: readonly string[], stdin?: string): Promise<RunOutcome> =>
  runWithInput('/usr/sbin/ip', ['netns', 'exec', ns, '/usr/sbin/conntrack', ...args], stdin, limitFor(args));
export const nltsConntrack = (ns: string, args: readonly string[], stdin?: string): Promise<RunOutcome> =>
  runWithInput(process.execPath, [CLI, 'conntrack', '--netns', ns, ...args], stdin, limitFor(args));
const limitFor = (args: readonly string[]): number => (args.includes('-E') || args.includes('--event') ? EVENT_LIMIT_MS : LIMIT_MS);

/** Empties the namespace's table and loads SEED, with conntrack-tools. */
export async function seed(ns: string): Promise<void> {
  const r = await conntrackTool(ns, ['-R', '-'], ['-F', ...SEED].join('\n') + '\n');
  if (r.code !== 0) throw new Error(`seeding ${ns} failed (${r.code}): ${r.stderr}`);
}

/** Output lines with ids and timeouts masked, sorted (the kernel's hash order differs between namespaces). */
export function normalise(text: string, statsCounters = false): string[] {
  return text.split('\n').filter(Boolean).map((l) => {
    let s = l
      .replace(/\bid=\d+/g, 'id=ID').replace(/<id>\d+<\/id>/g, '<id>ID</id>')
      .replace(/<timeout>\d+<\/timeout>/g, '<timeout>T</timeout>').replace(/^(-[AIDU] -t )\d+/, '$1T')
      .replace(/^(\[\d+\.\d+\]\s+)?((?:ipv[46]\s+\d+\s+)?[a-z0-9-]+\s+\d+\s+)\d+ /, '$1$2T ');
    if (statsCounters) s = s.replace(/=\d+/g, '=N');
    return s;
  }).sort();
}

/** The table as conntrack-tools lists it (-o extended): masked lines, and the timeout of each line. */
async function table(ns: string): Promise<{ lines: string[]; timeouts: Map<string, number> }> {
  const r = await conntrackTool(ns, ['-L', '-o', 'extended']);
  const timeouts = new Map<string, number>();
  const lines: string[] = [];
  for (const l of r.stdout.split('\n').filter(Boolean)) {
    const m = /^(\S+\s+\d+\s+\S+\s+\d+\s+)(\d+) (.*)$/.exec(l);
    const masked = m ? `${m[1]}T ${m[3]}` : l;
    lines.push(masked);
    if (m) timeouts.set(masked, Number(m[2]));
  }
  return { lines: lines.sort(), timeouts };
}

export interface CaseOutcome {
  id: string;
  group: string;
  tool: RunOutcome;
  ours: RunOutcome;
  /** What differs: exit status, standard output, the success summary on stderr, the table afterwards. */
  differs: Array<'exit' | 'stdout' | 'stderr' | 'table'>;
  toolTable: string[];
  ourTable: string[];
}

export function caseId(c: CtCase): string {
  let id = c.args.join(' ');
  if (c.stdin !== undefined) id += ` <<< ${JSON.stringify(c.stdin)}`;
  if (c.pipeFrom) id = `${c.pipeFrom.args.join(' ')} | sed s/${c.pipeFrom.replace[0]}/${c.pipeFrom.replace[1]}/ | ${id}`;
  return id;
}

const MUTATING = new Set(['-D', '--delete', '-I', '--create', '-A', '--add', '-U', '--update', '-F', '--flush', '-R', '--load-file']);

const isMutating = (c: CtCase): boolean => c.args.some((a) => MUTATING.has(a));

interface TableState { lines: string[]; timeouts: Map<string, number> }

/** Compares one case's runs; the table part with the two tables listed after it. */
function compare(c: CtCase, tool: RunOutcome, ours: RunOutcome, ta: TableState, tb: TableState): CaseOutcome {
  const differs: CaseOutcome['differs'] = [];
  if (tool.code !== ours.code) differs.push('exit');
  const stats = c.args[0] === '-S' || c.args[0] === '--stats';
  if (normalise(tool.stdout, stats).join('\n') !== normalise(ours.stdout, stats).join('\n')) differs.push('stdout');
  if (tool.code === 0 && tool.stderr !== ours.stderr) differs.push('stderr');
  let sameTable = ta.lines.join('\n') === tb.lines.join('\n');
  if (sameTable) for (const [l, t] of ta.timeouts) if (Math.abs(t - (tb.timeouts.get(l) ?? -1e9)) > 3) sameTable = false;
  if (!sameTable) differs.push('table');
  return { id: caseId(c), group: c.group, tool, ours, differs, toolTable: ta.lines, ourTable: tb.lines };
}

/**
 * Runs the cases (conntrack-tools in `toolNs`, nlts in `ourNs`). A case that may change the table runs alone
 * on a freshly seeded table; runs of read-only cases go side by side, `parallel` at a time, and the tables are
 * checked after each run (a run that changed them is repeated one case at a time, each on a fresh seed).
 */
export async function runCases(toolNs: string, ourNs: string, cases: readonly CtCase[], parallel = 4): Promise<CaseOutcome[]> {
  const out: CaseOutcome[] = [];
  let seedLines = '';
  const reseed = async (): Promise<void> => {
    await Promise.all([seed(toolNs), seed(ourNs)]);
    const [a, b] = await Promise.all([table(toolNs), table(ourNs)]);
    if (a.lines.join('\n') !== b.lines.join('\n') || a.lines.length !== SEED.length) throw new Error(`the seeded tables differ:\n${a.lines.join('\n')}\n--\n${b.lines.join('\n')}`);
    seedLines = a.lines.join('\n');
  };
  const runBoth = async (c: CtCase): Promise<[RunOutcome, RunOutcome]> => {
    let stdinA = c.stdin;
    let stdinB = c.stdin;
    if (c.pipeFrom) {
      const { args, replace } = c.pipeFrom;
      const [a, b] = await Promise.all([conntrackTool(toolNs, args), nltsConntrack(ourNs, args)]);
      stdinA = a.stdout.split(replace[0]).join(replace[1]);
      stdinB = b.stdout.split(replace[0]).join(replace[1]);
    }
    return Promise.all([conntrackTool(toolNs, c.args, stdinA), nltsConntrack(ourNs, c.args, stdinB)]);
  };
  const alone = async (c: CtCase): Promise<CaseOutcome> => {
    await reseed();
    const [tool, ours] = await runBoth(c);
    const [ta, tb] = await Promise.all([table(toolNs), table(ourNs)]);
    return compare(c, tool, ours, ta, tb);
  };
  await reseed();
  let dirty = false;
  for (let i = 0; i < cases.length;) {
    if (isMutating(cases[i]!)) {
      out.push(await alone(cases[i++]!));
      dirty = true;
      continue;
    }
    const batch: CtCase[] = [];
    while (i < cases.length && batch.length < parallel && !isMutating(cases[i]!)) batch.push(cases[i++]!);
    if (dirty) await reseed();
    dirty = false;
    const runs = await Promise.all(batch.map(runBoth));
    const [ta, tb] = await Promise.all([table(toolNs), table(ourNs)]);
    if (ta.lines.join('\n') === seedLines && tb.lines.join('\n') === seedLines) {
      batch.forEach((c, k) => out.push(compare(c, runs[k]![0], runs[k]![1], ta, tb)));
    } else {
      for (const c of batch) out.push(await alone(c));
      dirty = true;
    }
  }
  return out;
}
