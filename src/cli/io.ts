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

// The errors moved to ./errors.ts; exported here too, where commands and tests have always found them.
export { EXIT_USAGE, UsageError, isUsageError } from './errors.js';
