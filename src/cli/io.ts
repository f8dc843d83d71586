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

// Recognises UsageError across copies of this module (see isValidationError in netlink/errors.ts).
const USAGE_ERROR = Symbol.for('nlts.UsageError');

/** Wrong arguments: the command prints the message and its usage, and exits with status 2. */
export class UsageError extends Error {
  readonly [USAGE_ERROR] = true;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `e instanceof UsageError` that also holds across copies of this module (the bundled CLI has one per command). */
export function isUsageError(e: unknown): e is UsageError {
  return typeof e === 'object' && e !== null && (e as { [USAGE_ERROR]?: unknown })[USAGE_ERROR] === true;
}

export const EXIT_USAGE = 2;
