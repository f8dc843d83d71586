// The CLI's one option parser. Every command declares its options as data (an OptionTable); the table also
// says which command-line manners apply: ours (GNU-like: --name=VALUE, -xVALUE, `--`, operands between
// options), conntrack-tools' (each spelling a whole word, values in the next word, no operands), or ip's for
// the global options (one or two dashes, any prefix, options end at the first other word). Strict: only
// declared options; anything else is a UsageError (exit status 2).
import { UsageError } from './errors.js';

/** How an option takes a value: none, one (the next word, or =VALUE), or an optional next word not starting with '-'. */
export type Arity = 0 | 1 | '?';

/** One option. */
export interface OptionDecl {
  /** The key its values are recorded under. */
  key: string;
  /** Every spelling, dashes included: ['-s', '--src', '--orig-src']. The first names it in messages. */
  names: readonly string[];
  /** Default 0. */
  arity?: Arity;
  /** Given again: keep every value ('collect'), keep the last ('last'), or refuse (the default). */
  repeat?: 'collect' | 'last' | 'refuse';
  /** What refusing a repeat says (default: "option NAME given twice"). */
  repeatMessage?: string;
  /** Known only when this holds for the options read so far (conntrack's protocol options, after -p). */
  when?: (seen: ParsedOptions) => boolean;
  /** Checks the value as soon as it is read (throws a UsageError). */
  check?: (value: string) => void;
  /** ip's manners: only the whole spelling names it, no prefix of it (-4, -6). */
  exact?: boolean;
}

/** A command's options and the manners its command line follows. */
export interface OptionTable {
  options: readonly OptionDecl[];
  /**
   * 'nlts': --name=VALUE and -xVALUE, `--` ends the options, other words are operands. 'conntrack': as
   * conntrack-tools (getopt_long with its own table) reads it: each spelling is a whole word, --name=VALUE
   * only for long names, `--` and other words are unknown options. 'ip': as ip reads its options (one or two
   * dashes alike, any prefix of a spelling in the table's order, =VALUE or the next word, no empty value);
   * the first word that is not an option ends them, and it and the rest are the operands.
   */
  manners: 'nlts' | 'conntrack' | 'ip';
  /** What an unknown option is called (default: the manners' wording). */
  unknown?: (arg: string) => string;
}

/** One option as it was given. */
export interface Occurrence { key: string; name: string; value: string }

/** What the parser read. */
export interface ParsedOptions {
  /** Every option, in order. */
  readonly given: readonly Occurrence[];
  /** Words that are not options (manners 'nlts'). */
  readonly positional: string[];
  has(key: string): boolean;
  /** The last value of `key`. */
  get(key: string): string | undefined;
  all(key: string): string[];
}

function parsed(given: Occurrence[], positional: string[]): ParsedOptions {
  return {
    given,
    positional,
    has: (k) => given.some((o) => o.key === k),
    get: (k) => {
      for (let i = given.length - 1; i >= 0; i--) if (given[i]!.key === k) return given[i]!.value;
      return undefined;
    },
    all: (k) => given.filter((o) => o.key === k).map((o) => o.value),
  };
}

/** The tables' wording of errors. */
const WORDS = {
  nlts: {
    unknown: (arg: string) => `unknown option ${arg}`,
    needsValue: (d: OptionDecl) => `option ${d.names[0]!} needs a value`,
    noValue: (d: OptionDecl) => `option ${d.names[0]!} takes no value`,
    twice: (d: OptionDecl) => `option ${d.names[0]!} given twice`,
  },
  conntrack: {
    unknown: (arg: string) => `unknown option \`${arg}'`,
    needsValue: (_d: OptionDecl, arg: string) => `option \`${arg}' requires an argument`,
    noValue: (_d: OptionDecl, arg: string) => `option \`${arg}' doesn't allow an argument`,
    twice: (_d: OptionDecl, arg: string) => `option \`${arg}' given twice`,
  },
  ip: {
    unknown: (arg: string) => `unknown option '${arg}'`,
    needsValue: (_d: OptionDecl, arg: string) => `option '${arg}' needs a value`,
    noValue: (_d: OptionDecl, arg: string) => `option '${arg}' takes no value`,
    twice: (_d: OptionDecl, arg: string) => `option '${arg}' given twice`,
  },
} as const;

/** ip's lookup: the whole spelling, else the first option (in the table's order) with a spelling it begins. */
function ipLookup(options: readonly OptionDecl[], word: string): OptionDecl | undefined {
  return options.find((d) => d.names.includes(word))
    ?? (word.length > 1 ? options.find((d) => !d.exact && d.names.some((n) => n.startsWith(word))) : undefined);
}

/** Reads `argv` by `table`. */
export function parseOptions(argv: readonly string[], table: OptionTable): ParsedOptions {
  const byName = new Map<string, OptionDecl>();
  for (const d of table.options) for (const n of d.names) byName.set(n, d);
  const ours = table.manners === 'nlts';
  const ip = table.manners === 'ip';
  const words = WORDS[table.manners];
  const unknown = table.unknown ?? words.unknown;
  const given: Occurrence[] = [];
  const positional: string[] = [];
  const seen = parsed(given, positional);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if ((ours || ip) && arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (ip && (!arg.startsWith('-') || arg === '-')) { positional.push(...argv.slice(i)); break; }
    let name = arg;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      name = arg.slice(0, arg.indexOf('='));
      inline = arg.slice(arg.indexOf('=') + 1);
    }
    if (ip) {
      // ip strips the second dash of a long option: --json is -json.
      const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
      const eq = body.indexOf('=');
      name = arg.slice(0, arg.length - body.length + (eq === -1 ? body.length : eq));
      inline = eq === -1 ? undefined : body.slice(eq + 1);
    }
    let d = ip ? ipLookup(table.options, `-${name.replace(/^-+/, '')}`) : byName.get(name);
    if (ours && !d && !arg.startsWith('--')) {
      // A word that is not an option ('-' alone, or a negative number nothing declares) is an operand.
      if (arg.length < 2 || arg[0] !== '-' || /^-\d/.test(arg)) { positional.push(arg); continue; }
      // -xVALUE: a short option with its value attached.
      d = byName.get(arg.slice(0, 2));
      if (d) { name = arg.slice(0, 2); inline = arg.slice(2); }
    }
    if (!d || (d.when && !d.when(seen))) throw new UsageError(unknown(arg));
    let value = '';
    const arity = d.arity ?? 0;
    if (arity === 1) {
      if (inline !== undefined) value = inline;
      else if (i + 1 < argv.length) value = argv[++i]!;
      else throw new UsageError(words.needsValue(d, name));
      if (ip && value === '') throw new UsageError(words.needsValue(d, name));
    } else if (arity === '?') {
      // Only from the next word: `--src-nat=IP` is the bare option, as conntrack-tools reads it.
      const next = argv[i + 1];
      if (inline === undefined && next !== undefined && !next.startsWith('-')) { value = next; i++; }
    } else if (inline !== undefined) {
      throw new UsageError(words.noValue(d, name));
    }
    if ((d.repeat ?? 'refuse') === 'refuse' && given.some((o) => o.key === d.key)) throw new UsageError(d.repeatMessage ?? words.twice(d, name));
    d.check?.(value);
    given.push({ key: d.key, name, value });
  }
  return seen;
}
