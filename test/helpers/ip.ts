// `ip` as the oracle of the rtnetlink CLI tests, run inside a namespace with an argument array (no shell).
import { execFileSync } from 'node:child_process';

/** `ip -n NS ARGS...` output as lines, without the trailing spaces ip prints after its last word. */
export const ipLines = (ns: string, ...args: string[]): string[] =>
  execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' }).split('\n').map((l) => l.replace(/ +$/, '')).filter(Boolean);
