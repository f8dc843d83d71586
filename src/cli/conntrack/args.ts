// The command line of conntrack-tools 1.4.7 (conntrack(8)), as the tool reads it: which options each command
// takes, which options exist only after `-p PROTO` names a protocol that has them, how values are read
// (numbers as C's strtoul reads them, cut to the field's width; protocol names and aliases from
// /etc/protocols; state names per protocol, LISTEN for TCP's SYN_SENT2; CIDR and --mask-*). Parsing only;
// ./interpret.ts turns the result into library arguments, the other files of src/cli/conntrack into calls.
import { UsageError } from '../io.js';
import { protocolArg } from './values.js';
import { PORT_PROTOCOLS } from '../../netlink/ip-protocols.js';

export type Verb = 'L' | 'G' | 'D' | 'I' | 'U' | 'E' | 'F' | 'C' | 'S' | 'A' | 'R';
export type CtTable = 'conntrack' | 'expect' | 'dying' | 'unconfirmed';
type Arity = 0 | 1 | '?';
/** Protocols whose extra options an option belongs to (none: a general option). */
type ProtoSet = readonly number[] | undefined;
interface Opt { key: string; arity: Arity; protos?: ProtoSet }

const VERBS: Record<string, Verb> = {
  '-L': 'L', '--dump': 'L', '-G': 'G', '--get': 'G', '-D': 'D', '--delete': 'D', '-I': 'I', '--create': 'I',
  '-U': 'U', '--update': 'U', '-E': 'E', '--event': 'E', '-F': 'F', '--flush': 'F', '-C': 'C', '--count': 'C',
  '-S': 'S', '--stats': 'S', '-A': 'A', '--add': 'A', '-R': 'R', '--load-file': 'R',
};

const PORTS = [...PORT_PROTOCOLS]; // tcp udp dccp sctp udplite
const OPTS: Record<string, Opt> = {};
function def(key: string, arity: Arity, names: string[], protos?: ProtoSet): void {
  for (const n of names) OPTS[n] = { key, arity, ...(protos ? { protos } : {}) };
}
def('src', 1, ['-s', '--src', '--orig-src']);
def('dst', 1, ['-d', '--dst', '--orig-dst']);
def('replySrc', 1, ['-r', '--reply-src']);
def('replyDst', 1, ['-q', '--reply-dst']);
def('proto', 1, ['-p', '--proto', '--protonum']);
def('family', 1, ['-f', '--family']);
def('timeout', 1, ['-t', '--timeout']);
def('status', 1, ['-u', '--status']);
def('zero', 0, ['-z', '--zero']);
def('eventMask', 1, ['-e', '--event-mask']);
def('srcNat', '?', ['-n', '--src-nat']);
def('dstNat', '?', ['-g', '--dst-nat']);
def('anyNat', '?', ['-j', '--any-nat']);
def('output', 1, ['-o', '--output']);
def('mark', 1, ['-m', '--mark']);
def('secmark', 1, ['-c', '--secmark']);
def('buffer', 1, ['-b', '--buffer-size']);
def('zone', 1, ['-w', '--zone']);
def('origZone', 1, ['--orig-zone']);
def('replyZone', 1, ['--reply-zone']);
def('label', 1, ['-l', '--label']);
def('labelAdd', 1, ['--label-add']);
def('labelDel', '?', ['--label-del']);
def('maskSrc', 1, ['--mask-src']);
def('maskDst', 1, ['--mask-dst']);
def('tupleSrc', 1, ['--tuple-src']);
def('tupleDst', 1, ['--tuple-dst']);
def('netns', 1, ['--netns']); // ours
def('byZone', 0, ['--by-zone']); // ours
def('sport', 1, ['--sport', '--orig-port-src'], PORTS);
def('dport', 1, ['--dport', '--orig-port-dst'], PORTS);
def('replySport', 1, ['--reply-port-src'], PORTS);
def('replyDport', 1, ['--reply-port-dst'], PORTS);
def('state', 1, ['--state'], [6, 132, 33]);
def('icmpType', 1, ['--icmp-type'], [1]);
def('icmpCode', 1, ['--icmp-code'], [1]);
def('icmpId', 1, ['--icmp-id'], [1]);
def('icmpType', 1, ['--icmpv6-type'], [58]);
def('icmpCode', 1, ['--icmpv6-code'], [58]);
def('icmpId', 1, ['--icmpv6-id'], [58]);
def('origVtag', 1, ['--orig-vtag'], [132]);
def('replyVtag', 1, ['--reply-vtag'], [132]);
def('role', 1, ['--role'], [33]);
def('greSrcKey', 1, ['--srckey', '--orig-key-src'], [47]);
def('greDstKey', 1, ['--dstkey', '--orig-key-dst'], [47]);
def('greReplySrcKey', 1, ['--reply-key-src'], [47]);
def('greReplyDstKey', 1, ['--reply-key-dst'], [47]);

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
  let verb: Verb | undefined;
  let table: CtTable = 'conntrack';
  let file: string | undefined;
  let proto: number | undefined;
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) { inline = arg.slice(arg.indexOf('=') + 1); arg = arg.slice(0, arg.indexOf('=')); }
    const v = VERBS[arg];
    if (v) {
      if (verb) throw new UsageError('Invalid parameters: only one command at a time');
      verb = v;
      const next = argv[i + 1];
      if (v === 'R') {
        file = inline ?? next;
        if (file === undefined) throw new UsageError(`option \`${arg}' requires an argument`);
        if (inline === undefined) i++;
      } else if (next !== undefined && !next.startsWith('-')) {
        if (next === 'conntrack' || next === 'expect' || next === 'dying' || next === 'unconfirmed') table = next;
        else throw new UsageError(`unknown type \`${next}'`);
        i++;
      }
      continue;
    }
    const o = OPTS[arg];
    if (!o || (o.protos && (proto === undefined || !o.protos.includes(proto)))) throw new UsageError(`unknown option \`${arg}'`);
    let value = '';
    if (o.arity === 1) {
      value = inline ?? argv[++i] ?? '';
      if (inline === undefined && i >= argv.length) throw new UsageError(`option \`${arg}' requires an argument`);
    } else if (o.arity === '?') {
      // conntrack-tools reads an optional value from the next word only; `--src-nat=IP` is the bare option.
      const next = argv[i + 1];
      if (inline === undefined && next !== undefined && !next.startsWith('-')) { value = next; i++; }
    } else if (inline !== undefined) {
      throw new UsageError(`option \`${arg}' doesn't allow an argument`);
    }
    if (o.key === 'proto') proto = protocolArg(value);
    // Ours (not conntrack-tools'): --netns and --by-zone once (a global -n NAME arrives as --netns).
    if ((o.key === 'netns' || o.key === 'byZone') && opts.has(o.key)) throw new UsageError(`option \`${arg}' given twice`);
    opts.set(o.key, value);
  }
  if (!verb) throw new UsageError('missing command (one of -L -G -D -I -A -U -E -F -C -S -R)');
  for (const k of opts.keys()) if (ILLEGAL[verb].includes(k)) throw new UsageError(`Illegal option \`${k}' with this command`);
  if (opts.has('zero') && [...opts.keys()].some((k) => FILTERS.includes(k))) throw new UsageError("Can't use -z with filtering parameters");
  for (const k of ['label', 'labelAdd', 'labelDel']) if (opts.has(k)) throw new UsageError(`unknown label '${opts.get(k)!}' (no connection label map)`);
  return { verb, table, opts, ...(file !== undefined ? { file } : {}) };
}
