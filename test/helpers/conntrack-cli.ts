// conntrack-tools and our CLI side by side, for the live output-equality tests. conntrack(8) runs only as an
// oracle, through execFile with an argument array, inside the test's namespace.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI } from './cli.js';

const run = promisify(execFile);

export interface Outcome { stdout: string; stderr: string; code: number }

async function runFile(file: string, args: string[]): Promise<Outcome> {
  try {
    const r = await run(file, args, { maxBuffer: 1 << 28 });
    return { ...r, code: 0 };
  } catch (e) {
    const x = e as { stdout: string; stderr: string; code: number };
    return { stdout: x.stdout, stderr: x.stderr, code: x.code };
  }
}

/** `conntrack ARGS` (conntrack-tools) in namespace `ns`. */
export const tool = (ns: string, ...args: string[]): Promise<Outcome> => runFile('ip', ['netns', 'exec', ns, 'conntrack', ...args]);

/** `nlts conntrack --netns ns ARGS`, the bundled CLI. */
export const nlts = (ns: string, ...args: string[]): Promise<Outcome> => runFile(process.execPath, [CLI, 'conntrack', '--netns', ns, ...args]);

/**
 * Sorted lines with what ticks between two listings masked: the timeout column, and delta-time (seconds since
 * the flow started, printed when timestamps are on).
 */
export function lines(out: string, extended = false): string[] {
  const re = extended ? /^(\S+\s+\d+\s+\S+\s+\d+\s+)\d+ / : /^(\S+\s+\d+\s+)\d+ /;
  return out.split('\n').filter(Boolean).map((l) => l.replace(re, '$1T ').replace(/ delta-time=\d+ /, ' delta-time=D ')).sort();
}
