// Small helpers around the one option parser (./options.ts): the {name, short} spelling of an option list
// that older callers use, read by that parser, and integer values.
import { UsageError } from './errors.js';
import { parseOptions, type OptionDecl, type ParsedOptions } from './options.js';

/** An option by its long name (and one-letter short name): converted to the parser's declaration. */
export interface OptionSpec {
  /** Long name without dashes: 'netns'. */
  name: string;
  short?: string;
  /** Takes a value. */
  value?: boolean;
  /** May repeat (values collected). */
  repeat?: boolean;
}

/** What parseArgs read (the parser's result). */
export type ParsedArgs = ParsedOptions;

/** The parser's declaration of an OptionSpec: the long name keys it and names it in messages. */
export function optionDecl(s: OptionSpec): OptionDecl {
  return {
    key: s.name, names: s.short ? [`--${s.name}`, `-${s.short}`] : [`--${s.name}`],
    ...(s.value ? { arity: 1 as const } : {}), ...(s.repeat ? { repeat: 'collect' as const } : {}),
  };
}

/** Reads `argv` with our manners (--name=VALUE, -xVALUE, `--`, operands anywhere). */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  return parseOptions(argv, { manners: 'nlts', options: specs.map(optionDecl) });
}

/** An integer in [min, max], or a usage error naming the option. */
export function intArg(text: string, what: string, min: number, max: number): number {
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${what} must be an integer in ${min}..${max}, got '${text}'`);
  return n;
}
