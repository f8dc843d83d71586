// A parsed conntrack command line in the library's terms: the tuple matches, the filter, the NAT filter and
// the output format it asks for. Value reading is ./values.ts; the calls are in ./read.ts, ./write.ts, ./events.ts.
import { IPPROTO } from '../../netlink/ip-protocols.js';
import type { Flow, FlowFilter, FlowSpec, Tuple, TupleMatch } from '../../nfnetlink/conntrack/index.js';
import { isCompleteMatch, natMatcher, type NatFilter } from '../../nfnetlink/conntrack/predicates.js';
import { UsageError } from '../io.js';
import { flowJson, formatFlow, formatSave, formatXml, type FormatOptions } from '../format/conntrack.js';
import type { ConntrackArgs } from './args.js';
import { addrArg, cNumber, familyArg, markArg, natAddress, protocolArg, stateArg, statusArg } from './values.js';

/** What conntrack-tools prefixes its messages with. */
export const PROG = 'conntrack v1.4.7 (conntrack-tools): ';

export interface Parsed {
  a: ConntrackArgs;
  family?: number;
  proto?: number;
  zone?: number;
  orig: TupleMatch;
  reply: TupleMatch;
  state?: number;
  nat?: NatFilter;
  format: FormatOptions & { json?: boolean; byZone?: boolean; timestamp?: boolean; save?: boolean; xml?: boolean; saveCombined?: boolean };
  /** Quiet: no summary line on stderr (commands run from a -R file). */
  quiet?: boolean;
}

export function interpret(a: ConntrackArgs): Parsed {
  const o = a.opts;
  const get = (k: string): string | undefined => o.get(k);
  const proto = get('proto') !== undefined ? protocolArg(get('proto')!) : undefined;
  const orig: TupleMatch = {};
  const reply: TupleMatch = {};
  let family = get('family') !== undefined ? familyArg(get('family')!) : undefined;
  const fams: number[] = [];
  for (const [k, t, f, cidr] of [['src', orig, 'src', true], ['dst', orig, 'dst', true], ['replySrc', reply, 'src', false], ['replyDst', reply, 'dst', false]] as const) {
    const v = get(k);
    if (v === undefined) continue;
    const x = addrArg(v, cidr);
    t[f] = x.addr;
    if (x.mask !== undefined) t[f === 'src' ? 'srcMask' : 'dstMask'] = x.mask;
    fams.push(x.family);
  }
  for (const [k, f] of [['maskSrc', 'src'], ['maskDst', 'dst']] as const) {
    const v = get(k);
    if (v === undefined) continue;
    if (orig[f] === undefined) throw new UsageError(`Can't use --mask-${f} without --${f}`);
    const x = addrArg(v, false);
    orig[f === 'src' ? 'srcMask' : 'dstMask'] = x.addr;
    fams.push(x.family);
  }
  for (const fam of fams) {
    if (family !== undefined && family !== fam) throw new UsageError('mismatched address family');
    family = fam;
  }
  for (const [k, t, f] of [['sport', orig, 'sport'], ['dport', orig, 'dport'], ['replySport', reply, 'sport'], ['replyDport', reply, 'dport'],
    ['greSrcKey', orig, 'sport'], ['greDstKey', orig, 'dport'], ['greReplySrcKey', reply, 'sport'], ['greReplyDstKey', reply, 'dport']] as const) {
    const v = get(k);
    if (v !== undefined) t[f] = cNumber(v, 16);
  }
  if (get('icmpType') !== undefined) orig.icmpType = cNumber(get('icmpType')!, 8);
  if (get('icmpCode') !== undefined) orig.icmpCode = cNumber(get('icmpCode')!, 8);
  if (get('icmpId') !== undefined) orig.icmpId = cNumber(get('icmpId')!, 16);
  if (get('origZone') !== undefined) orig.zone = cNumber(get('origZone')!, 16);
  if (get('replyZone') !== undefined) reply.zone = cNumber(get('replyZone')!, 16);
  const zone = get('zone') !== undefined ? cNumber(get('zone')!, 16) : undefined;
  const state = get('state') !== undefined ? stateArg(proto!, get('state')!) : undefined;
  if (get('role') !== undefined && get('role') !== 'client' && get('role') !== 'server') throw new UsageError(`Unknown DCCP role \`${get('role')!}'`);
  let nat: NatFilter | undefined;
  if (o.has('srcNat') || o.has('dstNat') || o.has('anyNat')) {
    nat = { any: o.has('anyNat') };
    if (nat.any) { nat.src = {}; nat.dst = {}; }
    for (const [k, side] of [['srcNat', 'src'], ['dstNat', 'dst']] as const) if (o.has(k)) nat[side] = o.get(k) ? natAddress(o.get(k)!) : {};
    if (o.get('anyNat')) { const n = natAddress(o.get('anyNat')!); nat.src = n; nat.dst = n; }
  }
  const format: Parsed['format'] = { byZone: o.has('byZone') };
  for (const part of (get('output') ?? '').split(',').filter(Boolean)) {
    if (part === 'extended') format.extended = true;
    else if (part === 'id') format.id = true;
    else if (part === 'json') format.json = true; // ours
    else if (part === 'zone') format.byZone = true; // ours
    else if (part === 'ktimestamp') format.ktimestamp = true;
    else if (part === 'timestamp') format.timestamp = true; // -E: when each event was read
    else if (part === 'save') format.save = true;
    else if (part === 'xml') format.xml = true;
    else if (part === 'labels' || part === 'userspace') { /* accepted, no effect here */ }
    else throw new UsageError(`Bad parameter \`${part}'`);
  }
  // conntrack-tools refuses this combination when it runs the command (exit 1), not as a usage error.
  if (format.save && (get('output') ?? '').split(',').filter(Boolean).length > 1) format.saveCombined = true;
  return { a, family, proto, zone, orig, reply, ...(state !== undefined ? { state } : {}), ...(nat ? { nat } : {}), format };
}

export function filterOf(p: Parsed): FlowFilter {
  const o = p.a.opts;
  const f: FlowFilter = {};
  if (p.family !== undefined) f.family = p.family;
  if (p.zone !== undefined) f.zone = p.zone;
  if (p.proto !== undefined) f.protocol = p.proto;
  if (p.state !== undefined) f.state = p.state;
  // conntrack-tools 1.4.7 never filters on GRE keys (-L and -D with any --srckey/--reply-key-* list or
  // delete every GRE entry the other options select): keep them for -I/-G's tuple only.
  const keyless = (t: typeof p.orig): typeof p.orig => {
    if (p.proto !== IPPROTO.GRE) return t;
    const { sport: _s, dport: _d, ...rest } = t;
    return rest;
  };
  const orig = keyless(p.orig);
  const reply = keyless(p.reply);
  if (Object.keys(orig).length) f.original = orig;
  if (Object.keys(reply).length) f.reply = reply;
  if (o.get('mark') !== undefined) { const m = markArg(o.get('mark')!); f.mark = m.mark; if (m.mask !== undefined) f.markMask = m.mask; }
  if (o.get('status') !== undefined) f.status = statusArg(o.get('status')!);
  return f;
}

/** The NAT filters of -n / -g / -j (no kernel equivalent), applied to each entry: see natMatcher. */
export function natCheck(p: Parsed): ((f: Flow) => boolean) | undefined {
  return p.nat ? natMatcher(p.nat) : undefined;
}

/** The original tuple is whole: what -G, and -D/-U without a dump, need. */
export const isComplete = (p: Parsed): boolean => isCompleteMatch(p.orig, p.proto);

export function tupleOf(p: Parsed, m: TupleMatch = p.orig): Tuple {
  const t: Tuple = { src: m.src!, dst: m.dst!, protocol: p.proto! };
  for (const k of ['sport', 'dport', 'icmpType', 'icmpCode', 'icmpId', 'zone'] as const) if (m[k] !== undefined) t[k] = m[k];
  return t;
}

/** As conntrack-tools does for -p tcp: SACK_PERM|BE_LIBERAL in both directions (flags and mask). */
export function tcpExtras(p: Parsed, state?: number): FlowSpec['tcp'] | undefined {
  if (p.proto !== IPPROTO.TCP) return undefined;
  return { ...(state !== undefined ? { state } : {}), flagsOriginal: { flags: 0x0a, mask: 0x0a }, flagsReply: { flags: 0x0a, mask: 0x0a } };
}

/** One entry in the -o format asked for (xml, save, json, or conntrack's line). */
export function lineOf(f: Flow, p: Parsed): string {
  return p.format.xml ? formatXml(f, p.format) : p.format.save ? formatSave(f, p.a.verb === 'D' ? '-D' : '-A') : p.format.json ? flowJson(f) : formatFlow(f, p.format);
}
