// Options before the command, as ip takes them (`ip -n NS -j -4 route`): one or two dashes, and any
// unambiguous prefix of the option's name in ip's spelling (-n, -net, -netns, --netns; -j, -json, --json).
// They are handed to the command in its own spelling (conntrack: -f ipv4, -o json), so a command that does
// not take one refuses it by name.
import { UsageError } from './errors.js';
import { parseOptions, type OptionTable } from './options.js';

export interface Globals {
  netns?: string;
  json?: boolean;
  family?: 'ipv4' | 'ipv6';
  version?: boolean;
  help?: boolean;
}

export const GLOBAL_USAGE = '-n|--netns NAME, -j|--json, -4, -6, -V|--version, -h|--help';

/** Our global options in the one parser's form, in ip's spelling and order (a prefix takes the first that fits). */
const GLOBAL_OPTIONS: OptionTable = {
  manners: 'ip',
  unknown: (arg) => `unknown option '${arg}' before the command (global options: ${GLOBAL_USAGE})`,
  options: [
    { key: 'ipv4', names: ['-4'], exact: true, repeat: 'last' },
    { key: 'ipv6', names: ['-6'], exact: true, repeat: 'last' },
    { key: 'netns', names: ['-netns'], arity: 1 },
    { key: 'json', names: ['-json'], repeat: 'last' },
    { key: 'version', names: ['-Version'], repeat: 'last' },
    { key: 'version', names: ['-version'], repeat: 'last' },
    { key: 'help', names: ['-help'], repeat: 'last' },
  ],
};

/** Splits `argv` into the global options and the rest (the command word first). */
export function parseGlobals(argv: readonly string[]): { globals: Globals; rest: string[] } {
  const parsed = parseOptions(argv, GLOBAL_OPTIONS);
  if (parsed.has('ipv4') && parsed.has('ipv6')) throw new UsageError('-4 and -6 exclude each other');
  const globals: Globals = {};
  if (parsed.has('netns')) globals.netns = parsed.get('netns')!;
  if (parsed.has('json')) globals.json = true;
  if (parsed.has('ipv4') || parsed.has('ipv6')) globals.family = parsed.has('ipv4') ? 'ipv4' : 'ipv6';
  if (parsed.has('version')) globals.version = true;
  if (parsed.has('help')) globals.help = true;
  return { globals, rest: parsed.positional };
}

/** How each command spells the global options it takes (a command missing from here takes none). */
const SPELLING: Readonly<Record<string, Partial<Record<'netns' | 'json' | 'family', (v: string) => string[]>>>> = (() => {
  const rt = { netns: (v: string) => ['--netns', v], json: () => ['--json'], family: (f: string) => [f === 'ipv4' ? '-4' : '-6'] };
  return {
    link: rt, addr: rt, route: rt, rule: rt, neigh: rt, nexthop: rt, monitor: rt,
    conntrack: { netns: (v) => ['--netns', v], json: () => ['-o', 'json'], family: (f) => ['-f', f] },
    nft: { netns: (v) => ['--netns', v], json: () => ['--json'] },
    netns: { json: () => ['--json'] },
    exporter: { netns: (v) => ['--netns', v] },
    topology: { netns: (v) => ['--netns', v] },
    doctor: { netns: (v) => ['--netns', v], json: () => ['--json'] },
  };
})();

/** The command's arguments with the global options in its own spelling in front. */
export function withGlobals(command: string, globals: Globals, args: readonly string[]): string[] {
  const spell = SPELLING[command] ?? {};
  const out: string[] = [];
  const take = (key: 'netns' | 'json' | 'family', flag: string, value: string): void => {
    const f = spell[key];
    if (!f) throw new UsageError(`nlts ${command} does not take ${flag}`);
    out.push(...f(value));
  };
  if (globals.netns !== undefined) take('netns', '-n/--netns', globals.netns);
  if (globals.json) take('json', '-j/--json', '');
  if (globals.family) take('family', globals.family === 'ipv4' ? '-4' : '-6', globals.family);
  return [...out, ...args];
}
