// Command and verb words with ip's abbreviation rule (iproute2 6.1, checked against /usr/sbin/ip): a word
// stands for the FIRST entry of ip's table that it is a prefix of, in ip's own order ("ip r" is route, not
// rule; "ip link s" is set, not show). Words of ip's tables that nlts does not implement are kept in the
// tables, so that their prefixes are refused by name instead of being taken for a later word of ours.
import { UsageError } from './io.js';
import { COMMANDS } from './commands-table.js';

/** One entry of ip's table: ip's word and what it means here (undefined: ip has it, nlts does not). */
export interface Word {
  readonly word: string;
  readonly ours: string | undefined;
  /** Matched only when spelled in full (our own aliases ip does not have). */
  readonly exact?: boolean;
}

const w = (word: string, ours?: string, exact = false): Word => ({ word, ours, exact });

/** ip's objects in ip's order (ip/ip.c's command table), mapped to our commands. */
export const IP_OBJECTS: readonly Word[] = [
  w('address', 'addr'), w('addrlabel'), w('maddress'), w('route', 'route'), w('rule', 'rule'),
  w('neighbor', 'neigh'), w('neighbour', 'neigh'), w('ntable'), w('ntbl'), w('link', 'link'), w('l2tp'),
  w('fou'), w('ila'), w('macsec'), w('tunnel'), w('tunl'), w('tuntap'), w('tap'), w('token'), w('tcpmetrics'),
  w('tcp_metrics'), w('monitor', 'monitor'), w('xfrm'), w('mroute'), w('mrule'), w('netns', 'netns'),
  w('netconf'), w('vrf'), w('sr'), w('nexthop', 'nexthop'), w('mptcp'), w('ioam'), w('help', 'help'), w('stats'),
];

/** Each command's verbs in ip's order (the do_ip* functions' chains of matches()), mapped to ours. */
export const VERBS: Readonly<Record<string, readonly Word[]>> = {
  link: [
    w('add', 'add'), w('set', 'set'), w('change', 'set'), w('replace'), w('delete', 'del'),
    w('show', 'show'), w('lst', 'show'), w('list', 'show'), w('xstats'), w('afstats'), w('property'), w('help', 'help'),
  ],
  addr: [
    w('add', 'add'), w('change'), w('replace', 'replace'), w('delete', 'del'), w('list', 'show'), w('show', 'show'),
    w('lst', 'show'), w('flush'), w('save'), w('showdump'), w('restore'), w('help', 'help'),
  ],
  route: [
    w('add', 'add'), w('change'), w('replace', 'replace'), w('prepend'), w('append', 'append'), w('test'),
    w('delete', 'del'), w('list', 'show'), w('show', 'show'), w('lst', 'show'), w('get', 'get'), w('flush'),
    w('restore'), w('showdump'), w('save'), w('help', 'help'),
  ],
  rule: [
    w('list', 'show'), w('show', 'show'), w('lst', 'show'), w('flush'), w('save'), w('restore'),
    w('add', 'add'), w('delete', 'del'), w('help', 'help'),
  ],
  neigh: [
    w('add', 'add'), w('change'), w('replace', 'replace'), w('delete', 'del'), w('list', 'show'), w('show', 'show'),
    w('lst', 'show'), w('get'), w('flush'), w('help', 'help'),
  ],
  nexthop: [
    w('flush'), w('list', 'show'), w('lst', 'show'), w('show', 'show'), w('get'), w('bucket'), w('add', 'add'),
    w('replace', 'replace'), w('delete', 'del'), w('help', 'help'),
  ],
  netns: [
    w('list', 'list'), w('show', 'list'), w('lst', 'list'), w('list-id'), w('add', 'add'), w('attach'), w('set'),
    w('delete', 'delete'), w('identify'), w('pids'), w('exec'), w('monitor'), w('help', 'help'),
  ],
  // ip monitor's objects and modifiers ("ip monitor l" is label, "a" address, "al" all-nsid); "all" in full
  // is every object, as ip(8) documents, and "neighbour" our spelling of neigh.
  monitor: [
    w('all', 'all', true), w('neighbour', 'neigh', true), w('file'), w('label'), w('link', 'link'),
    w('address', 'address'), w('route', 'route'), w('mroute'), w('prefix'), w('neigh', 'neigh'), w('netconf'),
    w('rule', 'rule'), w('nsid'), w('nexthop', 'nexthop'), w('stats'), w('all-nsid'), w('help', 'help'),
  ],
};

/** The entry `word` stands for, by ip's rule, or undefined when it prefixes nothing. */
export function lookup(table: readonly Word[], word: string): Word | undefined {
  if (word === '') return undefined;
  return table.find((e) => e.word === word) ?? table.find((e) => !e.exact && e.word.startsWith(word));
}

/**
 * Our command for a command word: every command spelled in full (the ones ip does not have only so), ip's
 * objects by ip's abbreviations. Throws a UsageError for ip objects nlts does not have and for words that
 * are nothing.
 */
export function commandOf(word: string): string {
  if (Object.hasOwn(COMMANDS, word)) return word;
  // ip's table, where an exact spelling wins as it does in ip (the table has no word that prefixes an earlier one).
  const e = lookup(IP_OBJECTS, word);
  if (e?.ours !== undefined) return e.ours;
  if (e) throw new UsageError(`'${word}' is ip's '${e.word}', which nlts does not have`);
  throw new UsageError(`unknown command '${word}'`);
}

/**
 * Our verb (or monitor object) for `word` in `command`'s table, by ip's abbreviations; a UsageError names
 * ip's word when nlts does not implement it.
 */
export function verbOf(command: string, word: string): string {
  const table = VERBS[command];
  if (!table) throw new Error(`no verb table for ${command}`);
  const e = lookup(table, word);
  if (e?.ours !== undefined) return e.ours;
  const known = [...new Set(table.filter((x) => x.ours !== undefined && !x.exact).map((x) => x.word))].join(', ');
  if (e) throw new UsageError(`'${word}' is ip's '${command} ${e.word}', which nlts does not have (${known})`);
  throw new UsageError(`unknown ${command === 'monitor' ? 'object' : 'verb'} '${word}' (${known})`);
}

/** Every spelling that `commandOf` turns into `command` (for shell completion). */
export function spellingsOf(command: string): string[] {
  const out = new Set<string>([command]);
  for (const e of IP_OBJECTS) {
    for (let n = 1; n <= e.word.length; n++) {
      const p = e.word.slice(0, n);
      if (lookup(IP_OBJECTS, p)?.ours === command) out.add(p);
    }
  }
  return [...out];
}
