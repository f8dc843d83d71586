// Ordinary code (TCP/UDP sockets, anything) inside a network namespace: a worker thread enters the
// namespace with setns(2) before it loads the module, so every socket the module opens lives there.
// Only the worker's thread moves; the rest of the process stays where it was.
import { Worker } from 'node:worker_threads';
import { type NetnsRef, netnsPath } from './netns.js';
import { packageImport } from './package-import.js';

export interface NetnsWorkerTask {
  /** Namespace file to enter (/run/netns/NAME, /proc/PID/ns/net) or an open fd. */
  netns: string | number;
  /** Module to import inside the namespace (file URL or absolute path). */
  module: string;
  /** Export to call with `args`; its (awaited) result is posted back. */
  exportName: string;
  args: unknown;
}

function nsTarget(ref: NetnsRef): string | number {
  if (typeof ref === 'string') return netnsPath(ref);
  if ('name' in ref) return netnsPath(ref.name);
  if ('path' in ref) return ref.path;
  if ('fd' in ref) return ref.fd;
  return `/proc/${ref.pid}/ns/net`;
}

/** A worker thread that runs inside a network namespace; `call` runs a function there, `stop` ends it. */
export interface NetnsWorker<T> {
  worker: Worker;
  /** Settles with the export's result, or its error. */
  result: Promise<T>;
  /** Stops the worker (and everything it opened). */
  stop(): Promise<void>;
}

// The worker's entry module, through the package's own import map ("imports" in package.json): a path
// relative to this file would break in the CLI bundle, where this code is part of a command's module in dist/cli.
let workerEntry: URL | undefined;

/** Starts `module`'s export `exportName(args)` on a worker thread inside the namespace. */
export function startInNetns<T>(ref: NetnsRef, module: string | URL, exportName: string, args?: unknown): NetnsWorker<T> {
  const task: NetnsWorkerTask = { netns: nsTarget(ref), module: module.toString(), exportName, args };
  const worker = new Worker(workerEntry ??= packageImport('#netns-worker-entry'), { workerData: task });
  const result = new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: { ok: true; value: T } | { ok: false; error: string; name: string }) => {
      settled = true;
      if (m.ok) resolve(m.value);
      else reject(Object.assign(new Error(m.error), { name: m.name }));
    });
    worker.once('error', (e) => { settled = true; reject(e); });
    worker.once('exit', (code) => { if (!settled) reject(new Error(`namespace worker exited with code ${code} before answering`)); });
  });
  return { worker, result, stop: async () => { await worker.terminate(); } };
}

/** Runs `module`'s export inside the namespace and returns its result; the worker then exits. */
export async function runInNetns<T>(ref: NetnsRef, module: string | URL, exportName: string, args?: unknown): Promise<T> {
  const w = startInNetns<T>(ref, module, exportName, args);
  try {
    return await w.result;
  } finally {
    await w.stop();
  }
}
