// SIGINT/SIGTERM for commands that change the host: the first signal asks the work to stop at a safe
// point (roll back or finish); a second one gives up on that loudly and exits at once. The exit status
// is the shell's convention, 128 + signal number: 130 for SIGINT, 143 for SIGTERM.
import type { CommandIO } from './io.js';

const STATUS: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

export interface Interrupt {
  /** Aborted on the first signal. */
  readonly signal: AbortSignal;
  /** 130 / 143 once a signal came, else undefined. */
  status(): number | undefined;
  dispose(): void;
}

/** `first`: what happens now ("rolling back"); `abandoned`: what a second signal leaves behind. */
export function onInterrupt(io: CommandIO, first: string, abandoned: string): Interrupt {
  const controller = new AbortController();
  let got: 'SIGINT' | 'SIGTERM' | undefined;
  const handler = (sig: 'SIGINT' | 'SIGTERM'): void => {
    if (got === undefined) {
      got = sig;
      io.stderr(`\n${sig}: ${first} (a second signal abandons that)\n`);
      controller.abort();
      return;
    }
    io.stderr(`\n${sig} again: ABANDONED: ${abandoned}\n`);
    process.exit(STATUS[sig]);
  };
  const onInt = (): void => handler('SIGINT');
  const onTerm = (): void => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    status: () => (got === undefined ? undefined : STATUS[got]),
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
