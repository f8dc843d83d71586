// Helpers for the exporter tests: oracles run by absolute path inside a namespace (argument arrays, no shell),
// the CLI, and a reader of the exposition text.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI } from './cli.js';

const execFileP = promisify(execFile);
export const IP = '/usr/sbin/ip';
export const CONNTRACK = '/usr/sbin/conntrack';
export const NFT = '/usr/sbin/nft';
export const PROMTOOL = '/usr/bin/promtool';
export const PROMETHEUS = '/usr/bin/prometheus';

export interface Run { stdout: string; stderr: string; code: number }

export async function run(file: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number') { reject(err); return; }
      resolve({ stdout, stderr, code: err ? (err as unknown as { code: number }).code : 0 });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** FILE ARGS inside namespace `ns` (ip netns exec); throws unless it exits 0. */
export async function inNs(ns: string, file: string, ...args: string[]): Promise<string> {
  return (await execFileP(IP, ['netns', 'exec', ns, file, ...args], { maxBuffer: 1 << 28 })).stdout;
}

/** The bundled CLI's `exporter ARGS`. */
export const exporterCli = (...args: string[]): Promise<Run> => run(process.execPath, [CLI, 'exporter', ...args]);

/** The CLI's exporter serving inside namespace `ns` (ip netns exec), as a child process. */
export function spawnExporterIn(ns: string, ...args: string[]): ChildProcess {
  return spawn(IP, ['netns', 'exec', ns, process.execPath, CLI, 'exporter', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with stderr once the child says it serves (or rejects when it exits first). */
export function serving(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('serving http://')) resolve(err);
    });
    child.once('exit', (code) => reject(new Error(`exporter exited ${code}: ${err}`)));
  });
}

export interface ParsedSample { name: string; labels: Record<string, string>; value: number }

/** Samples of an exposition (our own writer's subset of the format: no timestamps, escaped label values). */
export function parseExposition(text: string): ParsedSample[] {
  const out: ParsedSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** Samples of one metric. */
export const samplesOf = (all: ParsedSample[], name: string): ParsedSample[] => all.filter((s) => s.name === name);

/** Sum of values grouped by the given labels' values joined with '|'. */
export function sumBy(samples: ParsedSample[], ...labels: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of samples) {
    const k = labels.map((l) => s.labels[l] ?? '').join('|');
    m.set(k, (m.get(k) ?? 0) + s.value);
  }
  return m;
}

/** A map with entries sorted by key, for t.deepEqual messages that read well. */
export const sorted = (m: Map<string, number>): Array<[string, number]> => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
