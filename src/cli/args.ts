// A small strict argument parser: declared options only; unknown ones are usage errors.
import { UsageError } from './io.js';

export interface OptionSpec {
  /** Long name without dashes: 'netns'. */
  name: string;
  short?: string;
  /** Takes a value. */
  value?: boolean;
  /** May repeat (values collected). */
  repeat?: boolean;
}

export interface ParsedArgs {
  options: Map<string, string[]>;
  positional: string[];
  has(name: string): boolean;
  get(name: string): string | undefined;
  all(name: string): string[];
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  const put = (spec: OptionSpec, value: string): void => {
    const list = options.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeat) throw new UsageError(`option --${spec.name} given twice`);
    list.push(value);
    options.set(spec.name, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (eq !== -1) inline = arg.slice(eq + 1);
      spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown option ${arg}`);
    } else if (arg.startsWith('-') && arg.length > 1 && (!/^-\d/.test(arg) || byShort.has(arg.slice(1)))) {
      spec = byShort.get(arg.slice(1)) ?? byShort.get(arg.slice(1, 2));
      if (spec && arg.length > 2 && byShort.get(arg.slice(1)) === undefined) inline = arg.slice(2);
      if (!spec) throw new UsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
      continue;
    }
    if (spec.value) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`option --${spec.name} needs a value`);
      put(spec, value);
    } else {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      put(spec, '');
    }
  }
  return {
    options,
    positional,
    has: (n) => options.has(n),
    get: (n) => options.get(n)?.at(-1),
    all: (n) => options.get(n) ?? [],
  };
}

/** An integer in [min, max], or a usage error naming the option. */
export function intArg(text: string, what: string, min: number, max: number): number {
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${what} must be an integer in ${min}..${max}, got '${text}'`);
  return n;
}
