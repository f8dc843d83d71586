// CLI start-up (issue 14): where the time over bare Node goes, step by step, and the trivial commands against
// `node -e 0`, all interleaved round after round so load changes hit every row alike. Runs as root in its own
// network namespace (the sandbox of scripts/sandbox.ts: an empty table, lo only).
//
// Each row is a child process; we take its wall time and its CPU time (user + system of all its threads,
// from getrusage(RUSAGE_CHILDREN) around the spawn). On this shared 2-core VM the wall time swings with the
// other work; the CPU time much less, so the steps are compared in CPU time. Rows:
//   node -e 0                      bare Node
//   empty CommonJS / ES module     a file as entry; the ES row adds Node's ES module loader
//   koffi: require('koffi')        koffi's own entry (exports map, libc detection by ELF headers, dlopen)
//   koffi: prebuilt binary         what src/netlink/ffi.ts does: dlopen() of koffi's glibc binary directly
//   nlts --help                    the bin's entry (dist/cli/main.cjs), no command module
//   nlts conntrack -C, nlts link   trivial commands: command bundle, koffi, socket, one request
// BASELINE_CLI=/path/to/other/main.(c)js adds the two commands through another build (before/after).
// In-process, after the rows: koffi.load('libc.so.6') with the 15 function lookups of libc.ts, and the errno
// table, which are too small to see as processes. RUNS=N sets the rounds (default 21).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from '../scripts/sandbox.js';
import { settleNodeEnvironment } from './node-env.js';
import { loadKoffi, koffiSource } from '../src/netlink/ffi.js';

ensureSandbox(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.nlts!;
const cli = path.join(root, bin);
const runs = Number(process.env.RUNS ?? 21);

const koffi = loadKoffi();
if (koffiSource !== 'prebuilt') throw new Error('src/netlink/ffi.ts fell back to koffi\'s entry: the prebuilt binary was not found');
// CPU time of waited-for children: struct rusage starts with ru_utime and ru_stime (struct timeval each).
const getrusage = koffi.load('libc.so.6').func('int getrusage(int who, _Out_ void *usage)');
const RUSAGE_CHILDREN = -1;
const usage = Buffer.alloc(144);
function childrenCpuMs(): number {
  getrusage(RUSAGE_CHILDREN, usage);
  const us = (Number(usage.readBigInt64LE(0)) + Number(usage.readBigInt64LE(16))) * 1e6 + Number(usage.readBigInt64LE(8)) + Number(usage.readBigInt64LE(24));
  return us / 1000;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-startup-'));
const emptyCjs = path.join(scratch, 'empty.cjs');
const emptyMjs = path.join(scratch, 'empty.mjs');
fs.writeFileSync(emptyCjs, '');
fs.writeFileSync(emptyMjs, '');
const koffiDir = path.join(root, 'node_modules', 'koffi');
const koffiBinary = path.join(root, 'node_modules', '@koromix', `koffi-linux-${process.arch}`, `linux_${process.arch}`, 'koffi.node');

const rows: Array<[string, string[]]> = [
  ['node -e 0', ['-e', '0']],
  ['empty CommonJS file', [emptyCjs]],
  ['empty ES module file', [emptyMjs]],
  ["koffi: require('koffi')", ['-e', 'require(process.argv[1])', koffiDir]],
  ['koffi: prebuilt binary', ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', koffiBinary]],
  ['nlts --help', [cli, '--help']],
  ['nlts conntrack -C', [cli, 'conntrack', '-C']],
  ['nlts link', [cli, 'link']],
];
const baseline = process.env.BASELINE_CLI;
if (baseline) rows.push(['baseline conntrack -C', [baseline, 'conntrack', '-C']], ['baseline link', [baseline, 'link']]);

const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
process.stdout.write(`${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load()} (start)\n`);
process.stdout.write(`${settleNodeEnvironment()}\n`);
const wall = rows.map(() => [] as number[]);
const cpu = rows.map(() => [] as number[]);
for (let r = 0; r < runs; r++) {
  rows.forEach(([label, args], i) => {
    const c0 = childrenCpuMs();
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    wall[i]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpu[i]!.push(childrenCpuMs() - c0);
    if (p.status !== 0) throw new Error(`${label} exited ${p.status}: ${p.stderr}`);
  });
}
fs.rmSync(scratch, { recursive: true, force: true });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const range = (xs: number[]): string => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}`;
const wallBase = median(wall[0]!);
const cpuBase = median(cpu[0]!);
process.stdout.write(`${'row'.padEnd(26)}${'wall median (range)'.padEnd(28)}over node -e 0   ${'cpu median (range)'.padEnd(28)}over node -e 0\n`);
for (const [i, [label]] of rows.entries()) {
  const w = median(wall[i]!);
  const c = median(cpu[i]!);
  process.stdout.write(`${label.padEnd(26)}${`${w.toFixed(1)} ms (${range(wall[i]!)})`.padEnd(28)}${`+${(w - wallBase).toFixed(1)} ms`.padEnd(17)}${`${c.toFixed(1)} ms (${range(cpu[i]!)})`.padEnd(28)}+${(c - cpuBase).toFixed(1)} ms\n`);
}

// The in-process steps libc.ts and errno.ts take once koffi is loaded (wall time, this process).
const t0 = process.hrtime.bigint();
const lib = koffi.load('libc.so.6');
for (const decl of [
  'int socket(int, int, int)', 'int bind(int, const void *, uint32_t)', 'int getsockname(int, _Out_ void *, _Inout_ uint32_t *)',
  'int setsockopt(int, int, int, const void *, uint32_t)', 'int getsockopt(int, int, int, _Out_ void *, _Inout_ uint32_t *)',
  'intptr_t send(int, const void *, size_t, int)', 'intptr_t recv(int, _Out_ void *, size_t, int)', 'int recvmmsg(int, void *, unsigned int, int, void *)',
  'int close(int)', 'int setns(int, int)', 'int unshare(int)', 'int mount(const char *, const char *, const char *, unsigned long, const void *)',
  'int umount2(const char *, int)', 'int open(const char *, int, int)', 'int gettid()',
]) lib.func(decl);
const t1 = process.hrtime.bigint();
const errnoNames = Object.keys(koffi.os.errno as Record<string, number>).length;
const t2 = process.hrtime.bigint();
process.stdout.write(`in process: libc.so.6 + 15 function lookups ${(Number(t1 - t0) / 1e6).toFixed(2)} ms; errno table (${errnoNames} names) ${(Number(t2 - t1) / 1e6).toFixed(2)} ms\n`);
process.stdout.write(`load average ${load()} (end), ${runs} rounds\n`);
