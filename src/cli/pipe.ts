// A reader that went away (`nlts route | head -1`): ip and conntrack are killed by SIGPIPE there, silently,
// and the shell sees status 141 (128 + 13). Node ignores SIGPIPE and reports EPIPE instead, as an 'error'
// event that would otherwise end in a stack trace; we end the way ip does.

/** Ends the process as SIGPIPE's default action does. */
export function endOnBrokenPipe(): never {
  // A listener added and removed again leaves SIGPIPE at its default action (libuv restores SIG_DFL).
  const ignore = (): void => {};
  process.on('SIGPIPE', ignore);
  process.off('SIGPIPE', ignore);
  process.kill(process.pid, 'SIGPIPE');
  process.exit(128 + 13); // not reached unless the signal is blocked
}

/** EPIPE on the stream ends the process like SIGPIPE; other errors stay errors. */
export function quietOnBrokenPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') endOnBrokenPipe();
    throw e;
  });
}
