// The command line of conntrack-tools 1.4.7 (conntrack(8)), as the tool reads it: which options each command
// takes, which options exist only after `-p PROTO` names a protocol that has them, how values are read
// (numbers as C's strtoul reads them, cut to the field's width; protocol names and aliases from
// /etc/protocols; state names per protocol, LISTEN for TCP's SYN_SENT2; CIDR and --mask-*). Parsing only;
// ./interpret.ts turns the result into library arguments, the other files of src/cli/conntrack into calls.
import { IPPROTO, PORT_PROTOCOLS } from '../../netlink/ip-protocols.js';
import { UsageError } from '../io.js';
import { parseOptions, type Arity, type OptionDecl, type OptionTable, type ParsedOptions } from '../options.js';
import { protocolArg } from './values.js';

export type Verb = 'L' | 'G' | 'D' | 'I' | 'U' | 'E' | 'F' | 'C' | 'S' | 'A' | 'R';
export type CtTable = 'conntrack' | 'expect' | 'dying' | 'unconfirmed';

/** The commands, by every spelling: options of the one key 'command' (one at a time). */
const VERBS: Record<string, Verb> = {
  '-L': 'L', '--dump': 'L', '-G': 'G', '--get': 'G', '-D': 'D', '--delete': 'D', '-I': 'I', '--create': 'I',
  '-U': 'U', '--update': 'U', '-E': 'E', '--event': 'E', '-F': 'F', '--flush': 'F', '-C': 'C', '--count': 'C',
  '-S': 'S', '--stats': 'S', '-A': 'A', '--add': 'A', '-R': 'R', '--load-file': 'R',
};

/** The protocol -p named so far (its last value), or undefined. */
const protoOf = (seen: ParsedOptions): number | undefined => {
  const p = seen.get('proto');
  return p === undefined ? undefined : protocolArg(p);
};
/** An option of these protocols only: it exists once -p names one of them, as in conntrack-tools. */
const after = (protos: readonly number[]) => (seen: ParsedOptions): boolean => {
  const p = protoOf(seen);
  return p !== undefined && protos.includes(p);
};
const PORTS = after([...PORT_PROTOCOLS]); // tcp udp dccp sctp udplite
const { TCP, SCTP, DCCP, ICMP, ICMPV6, GRE } = IPPROTO;

/** One conntrack option: key, arity, spellings; given again, the last value counts (as getopt's loop keeps it). */
const opt = (key: string, arity: Arity, names: string[], when?: OptionDecl['when']): OptionDecl =>
  ({ key, arity, names, repeat: 'last', ...(when ? { when } : {}) });

/** conntrack-tools 1.4.7's options (and two of ours), in the one parser's form. */
export const CONNTRACK_OPTIONS: OptionTable = {
  manners: 'conntrack',
  options: [
    // -L [TABLE] ... -R FILE: the table word is optional and never starts with '-'.
    ...Object.entries(VERBS).map(([name, v]): OptionDecl => ({
      key: 'command', names: [name], arity: v === 'R' ? 1 : '?', repeatMessage: 'Invalid parameters: only one command at a time',
    })),
    opt('src', 1, ['-s', '--src', '--orig-src']),
    opt('dst', 1, ['-d', '--dst', '--orig-dst']),
    opt('replySrc', 1, ['-r', '--reply-src']),
    opt('replyDst', 1, ['-q', '--reply-dst']),
    { ...opt('proto', 1, ['-p', '--proto', '--protonum']), check: (v) => void protocolArg(v) },
    opt('family', 1, ['-f', '--family']),
    opt('timeout', 1, ['-t', '--timeout']),
    opt('status', 1, ['-u', '--status']),
    opt('zero', 0, ['-z', '--zero']),
    opt('eventMask', 1, ['-e', '--event-mask']),
    opt('srcNat', '?', ['-n', '--src-nat']),
    opt('dstNat', '?', ['-g', '--dst-nat']),
    opt('anyNat', '?', ['-j', '--any-nat']),
    opt('output', 1, ['-o', '--output']),
    opt('mark', 1, ['-m', '--mark']),
    opt('secmark', 1, ['-c', '--secmark']),
    opt('buffer', 1, ['-b', '--buffer-size']),
    opt('zone', 1, ['-w', '--zone']),
    opt('origZone', 1, ['--orig-zone']),
    opt('replyZone', 1, ['--reply-zone']),
    opt('label', 1, ['-l', '--label']),
    opt('labelAdd', 1, ['--label-add']),
    opt('labelDel', '?', ['--label-del']),
    opt('maskSrc', 1, ['--mask-src']),
    opt('maskDst', 1, ['--mask-dst']),
    opt('tupleSrc', 1, ['--tuple-src']),
    opt('tupleDst', 1, ['--tuple-dst']),
    // Ours (not conntrack-tools'), once each (a global -n NAME arrives as --netns).
    { key: 'netns', arity: 1, names: ['--netns'] },
    { key: 'byZone', names: ['--by-zone'] },
    opt('sport', 1, ['--sport', '--orig-port-src'], PORTS),
    opt('dport', 1, ['--dport', '--orig-port-dst'], PORTS),
    opt('replySport', 1, ['--reply-port-src'], PORTS),
    opt('replyDport', 1, ['--reply-port-dst'], PORTS),
    opt('state', 1, ['--state'], after([TCP, SCTP, DCCP])),
    opt('icmpType', 1, ['--icmp-type'], after([ICMP])),
    opt('icmpCode', 1, ['--icmp-code'], after([ICMP])),
    opt('icmpId', 1, ['--icmp-id'], after([ICMP])),
    opt('icmpType', 1, ['--icmpv6-type'], after([ICMPV6])),
    opt('icmpCode', 1, ['--icmpv6-code'], after([ICMPV6])),
    opt('icmpId', 1, ['--icmpv6-id'], after([ICMPV6])),
    opt('origVtag', 1, ['--orig-vtag'], after([SCTP])),
    opt('replyVtag', 1, ['--reply-vtag'], after([SCTP])),
    opt('role', 1, ['--role'], after([DCCP])),
    opt('greSrcKey', 1, ['--srckey', '--orig-key-src'], after([GRE])),
    opt('greDstKey', 1, ['--dstkey', '--orig-key-dst'], after([GRE])),
    opt('greReplySrcKey', 1, ['--reply-key-src'], after([GRE])),
    opt('greReplyDstKey', 1, ['--reply-key-dst'], after([GRE])),
  ],
};

/** Protocol options only -I and -A take (SCTP verification tags, the DCCP role). */
const CREATE_ONLY = ['origVtag', 'replyVtag', 'role'];

/** Options each command refuses ("Illegal option ... with this command"), as conntrack-tools 1.4.7 does. */
const EVERYTHING = ['src', 'dst', 'replySrc', 'replyDst', 'proto', 'family', 'timeout', 'status', 'zero', 'eventMask', 'srcNat', 'dstNat', 'anyNat', 'output', 'mark',
  'secmark', 'buffer', 'zone', 'origZone', 'replyZone', 'label', 'labelAdd', 'labelDel', 'maskSrc', 'maskDst', 'tupleSrc', 'tupleDst'];
const ILLEGAL: Record<Verb, readonly string[]> = {
  L: ['timeout', 'eventMask', 'buffer', 'tupleSrc', 'tupleDst', 'labelAdd', 'labelDel', ...CREATE_ONLY],
  G: ['labelAdd', 'labelDel', 'zone', 'mark', ...CREATE_ONLY],
  D: ['zero', 'eventMask', 'anyNat', 'secmark', 'buffer', 'tupleSrc', 'tupleDst', 'labelAdd', 'labelDel', ...CREATE_ONLY],
  I: ['labelDel', 'anyNat', 'output'],
  A: ['labelDel', 'anyNat', 'output'],
  U: ['zero', 'eventMask', 'anyNat', 'secmark', 'buffer', 'zone', 'origZone', 'replyZone', 'tupleSrc', 'tupleDst', ...CREATE_ONLY],
  E: ['timeout', 'status', 'zero', 'tupleSrc', 'tupleDst', 'labelAdd', 'labelDel', ...CREATE_ONLY],
  F: EVERYTHING.filter((k) => k !== 'family'),
  C: EVERYTHING,
  S: EVERYTHING,
  R: EVERYTHING,
};

/** What -z cannot be combined with (conntrack-tools: "Can't use -z with filtering parameters"). */
const FILTERS = ['src', 'dst', 'replySrc', 'replyDst', 'proto', 'family', 'status', 'srcNat', 'dstNat', 'anyNat', 'mark', 'zone', 'origZone', 'replyZone',
  'maskSrc', 'maskDst', 'sport', 'dport', 'replySport', 'replyDport', 'state', 'icmpType', 'icmpCode', 'icmpId'];

export interface ConntrackArgs {
  verb: Verb;
  table: CtTable;
  opts: Map<string, string>;
  /** -R's file ('-' for standard input). */
  file?: string;
}

/**
 * Parses conntrack-tools style arguments; UsageError (exit 2) for anything conntrack-tools refuses.
 * Protocol options exist only after -p names a protocol that has them, as in conntrack-tools.
 */
export function parseConntrackArgs(argv: readonly string[]): ConntrackArgs {
  const parsed = parseOptions(argv, CONNTRACK_OPTIONS);
  let verb: Verb | undefined;
  let table: CtTable = 'conntrack';
  let file: string | undefined;
  const opts = new Map<string, string>();
  for (const o of parsed.given) {
    if (o.key !== 'command') { opts.set(o.key, o.value); continue; }
    verb = VERBS[o.name]!;
    if (verb === 'R') file = o.value;
    else if (o.value === 'conntrack' || o.value === 'expect' || o.value === 'dying' || o.value === 'unconfirmed') table = o.value;
    else if (o.value !== '') throw new UsageError(`unknown type \`${o.value}'`);
  }
  if (!verb) throw new UsageError('missing command (one of -L -G -D -I -A -U -E -F -C -S -R)');
  for (const k of opts.keys()) if (ILLEGAL[verb].includes(k)) throw new UsageError(`Illegal option \`${k}' with this command`);
  if (opts.has('zero') && [...opts.keys()].some((k) => FILTERS.includes(k))) throw new UsageError("Can't use -z with filtering parameters");
  for (const k of ['label', 'labelAdd', 'labelDel']) if (opts.has(k)) throw new UsageError(`unknown label '${opts.get(k)!}' (no connection label map)`);
  return { verb, table, opts, ...(file !== undefined ? { file } : {}) };
}
