// What a CLI command gets (its arguments and where to write) and the output sinks commands write through.
// Commands return their exit status.
import { once } from 'node:events';
import { writeSync } from 'node:fs';
import { LineBuffer } from './format/line-buffer.js';
import { endOnBrokenPipe } from './pipe.js';

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `decode` without a file). */
  readStdin: () => Promise<string>;
  /**
   * stdout and stderr are this process's own (descriptors 1 and 2): large output may be written to them
   * directly, and waits for the stream to drain. Unset for captured output (tests).
   */
  processStreams?: boolean;
}

export interface Command {
  /** One line for `--help`. */
  summary: string;
  usage: string;
  run(args: string[], io: CommandIO): Promise<number>;
}

// The errors moved to ./errors.ts; exported here too, where commands and tests have always found them.
export { EXIT_USAGE, UsageError, isUsageError } from './errors.js';

/** Output of about this many bytes is written at once. */
const FLUSH_AT = 1 << 17;

/** Lines of text gathered and written in chunks; on the process's stdout, waits for 'drain' when it pushes back. */
export class TextOutput {
  private buf = '';
  constructor(private readonly io: CommandIO) {}
  line(s: string): void {
    this.buf += s + '\n';
  }
  async maybeFlush(): Promise<void> {
    if (this.buf.length < FLUSH_AT) return;
    await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.buf) return;
    this.io.stdout(this.buf);
    this.buf = '';
    if (this.io.processStreams && process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  }
}

/**
 * Output written as bytes (LineBuffer), in chunks of about FLUSH_AT bytes. On the process's own stdout the
 * chunks go straight to file descriptor 1 (no stream to set up, nothing queued); if that descriptor turns out
 * to be non-blocking and full (EAGAIN), the rest goes through process.stdout, waiting for 'drain' when it
 * pushes back. Captured output (tests) gets the chunks as text. A reader that went away (EPIPE) ends the
 * process as SIGPIPE would, as the tools we mimic end.
 */
export class ByteOutput {
  // A datagram's lines fit beside FLUSH_AT bytes without the buffer growing.
  readonly lines = new LineBuffer(FLUSH_AT + (256 << 10));
  closed = false;
  private direct: boolean;
  constructor(private readonly io: CommandIO) {
    this.direct = io.processStreams === true;
  }
  async maybeFlush(): Promise<void> {
    if (this.lines.pos >= FLUSH_AT) await this.flush();
  }
  async flush(): Promise<void> {
    const lines = this.lines;
    if (lines.pos === 0 || this.closed) return;
    if (!this.io.processStreams) {
      this.io.stdout(lines.take().toString('utf8'));
      return;
    }
    if (this.direct) {
      // Written before writeSync returns: the same buffer takes the next lines.
      let chunk = lines.buf.subarray(0, lines.pos);
      try {
        while (chunk.length > 0) chunk = chunk.subarray(writeSync(1, chunk));
        lines.pos = 0;
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') endOnBrokenPipe();
        if (code !== 'EAGAIN') throw e;
        this.direct = false;
        // What was not written yet goes to the stream below.
        lines.buf.copy(lines.buf, 0, chunk.byteOffset - lines.buf.byteOffset, lines.pos);
        lines.pos = chunk.length;
      }
    }
    // The stream may keep the chunk until it is written: hand it over, fill a new buffer.
    if (!process.stdout.write(lines.take())) await once(process.stdout, 'drain');
  }
}

/** Writes to stderr; the process's own stderr directly, without setting up process.stderr. */
export function writeStderr(io: CommandIO, text: string): void {
  if (io.processStreams) {
    try {
      writeSync(2, text);
      return;
    } catch {
      // fall through to the stream
    }
  }
  io.stderr(text);
}
