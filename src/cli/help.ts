// When a command line asks for a command's usage instead of running it: -h, -help or --help anywhere, ip's
// `help` (or an abbreviation of it) in the verb's place, or `help` last (ip's `ip route add help`).
import { VERBS, lookup } from './words.js';

const HELP_FLAGS = new Set(['--help', '-h', '-help']);

/** `rest`: the arguments after the command word. */
export function asksForHelp(command: string, rest: readonly string[]): boolean {
  if (rest.some((a) => HELP_FLAGS.has(a))) return true;
  const verbs = VERBS[command];
  const first = rest.find((a) => !a.startsWith('-'));
  if (verbs !== undefined && first !== undefined && lookup(verbs, first)?.ours === 'help') return true;
  // decode's argument is a file name, which may be "help".
  return rest.at(-1) === 'help' && command !== 'decode';
}
