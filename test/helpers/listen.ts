// Long-running listeners (event monitors) spawned side by side: their output as it arrives, and waiting for it.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Listener {
  label: string;
  child: ChildProcess;
  out: string;
  err: string;
  exited: Promise<number | null>;
}

/** Spawns `cmd args` (no shell) and collects its stdout and stderr. */
export function listen(label: string, cmd: string, args: string[]): Listener {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const l: Listener = { label, child, out: '', err: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { l.out += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { l.err += d; });
  return l;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 20 ms until it holds or `ms` have passed; whether it held. */
export async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await sleep(20);
  }
  return cond();
}
