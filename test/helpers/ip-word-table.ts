// The words our `ip`-style write verbs accept, read from the parser itself (src/cli/ip-words.ts: each
// `k === 'word'` comparison, plus the word sets it takes from the library's tables), so that a word added
// to the parser is a word the differential test must cover.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADDABLE_FLAGS } from '../../src/rtnetlink/address.js';
import { ROUTE_TYPES, RTAX_NAMES } from '../../src/rtnetlink/constants.js';

/** Which parser functions read the words of each command (helpers included). */
const PARSERS: Readonly<Record<string, readonly string[]>> = {
  'link add': ['linkAttribute', 'linkAddWords'],
  'link set': ['linkAttribute', 'linkSetWords'],
  'addr add': ['addressWords'],
  'route add': ['nexthop', 'routeWords'],
  'rule add': ['ruleWords'],
  'neigh add': ['neighbourWords'],
  'nexthop add': ['nexthopWords'],
};

/** The body of `function NAME` in the parser's text (up to the next top-level function). */
function functionBody(text: string, name: string): string {
  const start = text.search(new RegExp(`^(?:export )?function ${name}\\(`, 'm'));
  if (start < 0) throw new Error(`parser function ${name} not found in src/cli/ip-words.ts`);
  const rest = text.slice(start + 1);
  const end = rest.search(/^(?:export )?(?:function|const|type|interface) /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Accepted words by command ('route add' -> ['to', 'from', ...]). */
export function acceptedWords(root: string): Map<string, string[]> {
  const text = readFileSync(join(root, 'src', 'cli', 'ip-words.ts'), 'utf8');
  const out = new Map<string, string[]>();
  for (const [command, functions] of Object.entries(PARSERS)) {
    const words = new Set<string>();
    for (const f of functions) for (const m of functionBody(text, f).matchAll(/\bk === '([\w-]+)'/g)) words.add(m[1]!);
    if (command === 'route add') {
      for (const t of ROUTE_TYPES) if (t !== 'unspec' && t !== 'xresolve') words.add(t);
      for (const m of RTAX_NAMES) if (m !== 'unspec' && m !== 'lock') words.add(m);
    }
    if (command === 'addr add') for (const f of ADDABLE_FLAGS) words.add(f);
    out.set(command, [...words].sort());
  }
  return out;
}
