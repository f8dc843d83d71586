// Chain priorities by name (raw, mangle, dstnat, filter, security, srcnat) as nft accepts and prints them.
import { ValidationError } from '../../netlink/index.js';
import type { Family } from './constants.js';

const INET: Readonly<Record<string, number>> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };
const BRIDGE: Readonly<Record<string, number>> = { dstnat: -300, filter: -200, out: 100, srcnat: 300 };

function table(family: Family): Readonly<Record<string, number>> {
  return family === 'bridge' ? BRIDGE : family === 'arp' || family === 'netdev' ? { filter: 0 } : INET;
}

/** Names nft accepts and prints on one hook only (nft 1.0.6 refuses `hook output priority dstnat`). */
function allowed(name: string, hook: string | undefined): boolean {
  if (name === 'dstnat') return hook === undefined || hook === 'prerouting';
  if (name === 'srcnat') return hook === undefined || hook === 'postrouting';
  if (name === 'out') return hook === 'output';
  return true;
}

/** A priority given as a number, a name, or 'name + N' / 'name - N'. */
export function parsePriority(p: number | string, family: Family, hook?: string): number {
  if (typeof p === 'number') return p;
  const m = /^\s*([a-z]+)\s*(?:([+-])\s*(\d+))?\s*$/.exec(p);
  const base = m ? table(family)[m[1]!] : undefined;
  if (!m || base === undefined) {
    if (/^-?\d+$/.test(p.trim())) return Number(p);
    throw new ValidationError('chain priority', `'${p}' is neither a number nor a priority name of family ${family} (with an optional +/- offset)`);
  }
  if (!allowed(m[1]!, hook)) throw new ValidationError('chain priority', `'${m[1]!}' is not a priority of hook ${hook ?? '?'} (nft allows it on one hook only)`);
  const off = m[3] ? Number(m[3]) * (m[2] === '-' ? -1 : 1) : 0;
  return base + off;
}

/** nft's text for a priority: the standard name (with an offset up to 10) where it applies, else the number. */
export function priorityText(value: number, family: Family, hook?: string): string {
  for (const [name, base] of Object.entries(table(family))) {
    if (!allowed(name, hook)) continue;
    const off = value - base;
    if (off === 0) return name;
    if (Math.abs(off) <= 10) return `${name} ${off > 0 ? '+' : '-'} ${Math.abs(off)}`;
  }
  return String(value);
}
