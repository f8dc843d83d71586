// What a CLI command gets: its arguments and where to write. Commands return their exit status.
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `decode` without a file). */
  readStdin: () => Promise<string>;
}

export interface Command {
  /** One line for `--help`. */
  summary: string;
  usage: string;
  run(args: string[], io: CommandIO): Promise<number>;
}

/** Wrong arguments: the command prints the message and its usage, and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_USAGE = 2;
