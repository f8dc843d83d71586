// Options before the command, as ip takes them (`ip -n NS -j -4 route`): one or two dashes, and any
// unambiguous prefix of the option's name in ip's spelling (-n, -net, -netns, --netns; -j, -json, --json).
// They are handed to the command in its own spelling (conntrack: -f ipv4, -o json), so a command that does
// not take one refuses it by name.
import { UsageError } from './io.js';

export interface Globals {
  netns?: string;
  json?: boolean;
  family?: 'ipv4' | 'ipv6';
  version?: boolean;
  help?: boolean;
}

/** Our global options: ip's name (without dashes), whether it takes a value, and which key it sets. */
const OPTIONS: ReadonlyArray<{ name: string; key: keyof Globals; value?: boolean; exact?: boolean }> = [
  { name: '4', key: 'family', exact: true },
  { name: '6', key: 'family', exact: true },
  { name: 'netns', key: 'netns', value: true },
  { name: 'json', key: 'json' },
  { name: 'Version', key: 'version' },
  { name: 'version', key: 'version' },
  { name: 'help', key: 'help' },
];

export const GLOBAL_USAGE = '-n|--netns NAME, -j|--json, -4, -6, -V|--version, -h|--help';

/** Splits `argv` into the global options and the rest (the command word first). */
export function parseGlobals(argv: readonly string[]): { globals: Globals; rest: string[] } {
  const globals: Globals = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg === '--') { i++; break; }
    // ip strips the second dash of a long option: --json is -json.
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const opt = OPTIONS.find((o) => o.name === name) ?? OPTIONS.find((o) => !o.exact && name !== '' && o.name.startsWith(name));
    if (!opt) throw new UsageError(`unknown option '${arg}' before the command (global options: ${GLOBAL_USAGE})`);
    if (opt.key === 'family') {
      const family = name === '4' ? 'ipv4' : 'ipv6';
      if (globals.family && globals.family !== family) throw new UsageError('-4 and -6 exclude each other');
      globals.family = family;
    } else if (opt.value) {
      const value = eq !== -1 ? body.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`option '${arg}' needs a value`);
      if (globals.netns !== undefined) throw new UsageError(`option '${arg}' given twice`);
      globals.netns = value;
    } else {
      if (eq !== -1) throw new UsageError(`option '${arg.slice(0, arg.indexOf('='))}' takes no value`);
      globals[opt.key as 'json' | 'version' | 'help'] = true;
    }
  }
  return { globals, rest: argv.slice(i) };
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
