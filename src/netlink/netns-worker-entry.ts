// Worker-thread entry of startInNetns(): enter the namespace, then load and call the task's module.
import { parentPort, workerData } from 'node:worker_threads';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CLONE_NEWNET, check, libc } from './libc.js';
import type { NetnsWorkerTask } from './netns-worker.js';

const task = workerData as NetnsWorkerTask;

async function main(): Promise<unknown> {
  const fd = typeof task.netns === 'number' ? task.netns : fs.openSync(task.netns, 'r');
  try {
    check(libc.setns(fd, CLONE_NEWNET), 'setns', String(task.netns));
  } finally {
    if (typeof task.netns !== 'number') fs.closeSync(fd);
  }
  const url = task.module.startsWith('file:') ? task.module : pathToFileURL(task.module).href;
  const mod = (await import(url)) as Record<string, unknown>;
  const fn = mod[task.exportName];
  if (typeof fn !== 'function') throw new Error(`${task.module} has no function export '${task.exportName}'`);
  return (fn as (a: unknown) => unknown)(task.args);
}

main().then(
  (value) => parentPort?.postMessage({ ok: true, value }),
  (e: unknown) => parentPort?.postMessage({ ok: false, error: (e as Error).message ?? String(e), name: (e as Error).name ?? 'Error' }),
);
