// Reads nftables rules as the doctor needs them: which interfaces and IPv4 prefixes a rule matches on,
// and whether it sets a conntrack zone, disables tracking, masquerades or SNATs. Expressions are
// followed through their registers the way nft's own listing does (meta/payload load, bitwise mask,
// cmp or set lookup). Anything else in a rule's match becomes an 'unknown' condition, so the rule is
// never taken to match more surely than the doctor can tell.
import type { Chain, Expression, NftSet, Rule, Ruleset } from '../nfnetlink/nftables/index.js';
import { renderRule } from '../nfnetlink/nftables/index.js';
import { type V4Prefix, maskOf } from './ipv4.js';
import { readXtTarget } from './xt-target.js';

export type Condition =
  | { field: 'iifname' | 'oifname'; negate: boolean; names: string[]; /** prefix match (`"veth*"`, iptables `veth+`) */ wildcard: boolean }
  | { field: 'saddr' | 'daddr'; negate: boolean; prefix: V4Prefix }
  | { field: 'unknown'; what: string };

export type Action =
  | { kind: 'zone'; zone: number }
  | { kind: 'notrack' }
  | { kind: 'masquerade' }
  | { kind: 'snat' }
  /** meta mark set / -j MARK: the packet's mark becomes (mark & ~mask) ^ value. */
  | { kind: 'mark'; value: number; mask: number }
  | { kind: 'verdict'; code: string; chain?: string };

export interface ReadRule {
  rule: Rule;
  /** The rule as `nft list ruleset` prints it. */
  text: string;
  conditions: Condition[];
  actions: Action[];
}

type Source = { from: 'meta'; key: string } | { from: 'payload'; offset: number; len: number; mask?: Buffer } | { from: 'other'; what: string };

const IFNAMSIZ = 16;

function ifname(hex: string): { name: string; wildcard: boolean } {
  const b = Buffer.from(hex, 'hex');
  const nul = b.indexOf(0);
  // nft and iptables compare "name\0" for an exact name and only the prefix for a wildcard.
  return nul === -1 ? { name: b.toString('utf8'), wildcard: b.length < IFNAMSIZ } : { name: b.subarray(0, nul).toString('utf8'), wildcard: false };
}

function addressCondition(src: Source & { from: 'payload' }, hex: string, negate: boolean): Condition {
  const field = src.offset === 12 ? 'saddr' : 'daddr';
  const data = Buffer.concat([Buffer.from(hex, 'hex'), Buffer.alloc(4)]).subarray(0, 4);
  let length = src.len * 8;
  if (src.mask) {
    const m = Buffer.concat([src.mask, Buffer.alloc(4)]).readUInt32BE(0);
    length = 0;
    while (length < 32 && maskOf(length + 1) <= m && ((m & maskOf(length + 1)) >>> 0) === maskOf(length + 1)) length++;
    if (maskOf(length) !== m) return { field: 'unknown', what: `ip ${field} with a non-prefix mask` }; // ones, then zeros only
  }
  return { field, negate, prefix: { network: (data.readUInt32BE(0) & maskOf(length)) >>> 0, length } };
}

function condition(src: Source | undefined, op: string, values: string[], what: string): Condition {
  const negate = op === 'neq';
  if (!src || src.from === 'other' || (op !== 'eq' && op !== 'neq')) return { field: 'unknown', what: src?.from === 'other' ? src.what : what };
  if (src.from === 'meta' && (src.key === 'iifname' || src.key === 'oifname')) {
    const parsed = values.map(ifname);
    return { field: src.key, negate, names: parsed.map((p) => p.name), wildcard: parsed.some((p) => p.wildcard) };
  }
  if (src.from === 'meta' && src.key === 'nfproto' && values.length === 1 && values[0] === '02') return { field: 'unknown', what: 'ipv4-only' };
  if (src.from === 'payload' && (src.offset === 12 || src.offset === 16) && src.len <= 4 && values.length === 1) return addressCondition(src, values[0]!, negate);
  return { field: 'unknown', what: src.from === 'meta' ? `meta ${src.key}` : `payload @${src.offset}/${src.len}` };
}

/** One rule, read. `sets` resolves lookups of named and anonymous sets (exact-key sets only). */
export function readRule(rule: Rule, sets: readonly NftSet[] = []): ReadRule {
  const regs = new Map<number, Source>();
  const conditions: Condition[] = [];
  const actions: Action[] = [];
  const immediates = new Map<number, string>();
  for (const e of rule.expressions as Expression[]) {
    switch (e.kind) {
      case 'meta':
        if (e.dreg !== undefined) regs.set(e.dreg, { from: 'meta', key: e.key });
        else if (e.key === 'mark' && e.sreg !== undefined && immediates.has(e.sreg)) {
          const b = Buffer.concat([Buffer.from(immediates.get(e.sreg)!, 'hex'), Buffer.alloc(4)]);
          actions.push({ kind: 'mark', value: b.readUInt32LE(0), mask: 0xffffffff }); // meta mark: host order, nft on little-endian hosts
        }
        break;
      case 'payload':
        if (e.dreg !== undefined) regs.set(e.dreg, e.base === 'network' ? { from: 'payload', offset: e.offset, len: e.len } : { from: 'other', what: `${e.base} header` });
        break;
      case 'bitwise': {
        const s = regs.get(e.sreg);
        regs.set(e.dreg, s?.from === 'payload' && e.mask && (e.xor === undefined || /^0*$/.test(e.xor)) ? { ...s, mask: Buffer.from(e.mask, 'hex') } : { from: 'other', what: 'bitwise' });
        break;
      }
      case 'cmp': {
        const c = condition(regs.get(e.sreg), e.op, [e.data], `cmp ${e.op}`);
        if (!(c.field === 'unknown' && c.what === 'ipv4-only')) conditions.push(c);
        break;
      }
      case 'lookup': {
        const set = sets.find((s) => s.table === rule.table && s.family === rule.family && s.name === e.set);
        const elements = e.anonymousSet?.elements ?? set?.elements?.map((x) => x.key);
        const exact = set === undefined || (set.flags & 0x1) === 0; // NFT_SET_INTERVAL
        if (e.dreg !== undefined || !elements || !exact) conditions.push({ field: 'unknown', what: `lookup @${e.set}` });
        else conditions.push(condition(regs.get(e.sreg), e.invert ? 'neq' : 'eq', elements, `lookup @${e.set}`));
        break;
      }
      case 'immediate':
        if ('verdict' in e.data) {
          const v = e.data.verdict;
          actions.push({ kind: 'verdict', code: String(v.code), ...(v.chain !== undefined ? { chain: v.chain } : {}) });
        } else immediates.set(e.dreg, e.data.value);
        break;
      case 'ct':
        if (e.sreg !== undefined && e.key === 'zone' && immediates.has(e.sreg)) {
          const b = Buffer.from(immediates.get(e.sreg)!, 'hex');
          actions.push({ kind: 'zone', zone: b.length >= 2 ? b.readUInt16LE(0) : b[0] ?? 0 });
        } else if (e.dreg !== undefined) regs.set(e.dreg, { from: 'other', what: `ct ${e.key}` });
        break;
      case 'notrack': actions.push({ kind: 'notrack' }); break;
      case 'masq': actions.push({ kind: 'masquerade' }); break;
      case 'nat': if (e.type === 'snat') actions.push({ kind: 'snat' }); break;
      case 'raw': {
        const xt = readXtTarget(e);
        if (xt?.target === 'CT' && 'notrack' in xt) actions.push(xt.notrack ? { kind: 'notrack' } : xt.zone !== undefined ? { kind: 'zone', zone: xt.zone } : { kind: 'verdict', code: 'continue' });
        else if (xt?.target === 'MARK' && 'mark' in xt) actions.push({ kind: 'mark', value: xt.mark, mask: xt.mask });
        else if (xt?.target === 'MASQUERADE') actions.push({ kind: 'masquerade' });
        else if (xt?.target === 'SNAT') actions.push({ kind: 'snat' });
        else if (e.name === 'match') conditions.push({ field: 'unknown', what: 'xt match' });
        break;
      }
      default:
        break; // counter, log, limit... neither match nor act on what the doctor follows
    }
  }
  let text: string;
  try {
    text = renderRule(rule);
  } catch {
    text = `(rule ${rule.handle ?? '?'} of ${rule.family} ${rule.table} ${rule.chain})`;
  }
  return { rule, text, conditions, actions };
}

/** A base chain with its hook, and its rules read, in the order the kernel runs them. */
export interface ReadChain { chain: Chain & { hook: NonNullable<Chain['hook']> }; rules: ReadRule[] }

const IPV4_FAMILIES = new Set(['ip', 'inet']);

/** IPv4 base chains on `hook`, ordered by priority. Rules of chains they jump to are inlined in place. */
export function baseChains(rs: Ruleset, hook: string): ReadChain[] {
  const byName = new Map(rs.chains.map((c) => [`${c.family}\0${c.table}\0${c.name}`, c]));
  const rulesOf = (c: Chain, depth: number): ReadRule[] => {
    const out: ReadRule[] = [];
    for (const r of rs.rules) {
      if (r.family !== c.family || r.table !== c.table || r.chain !== c.name) continue;
      const read = readRule(r, rs.sets);
      out.push(read);
      const jump = read.actions.find((a) => a.kind === 'verdict' && (a.code === 'jump' || a.code === 'goto'));
      const target = jump?.kind === 'verdict' && jump.chain !== undefined ? byName.get(`${c.family}\0${c.table}\0${jump.chain}`) : undefined;
      // A jump's conditions guard the chain it enters: the inlined rules carry them too.
      if (target && depth < 8) for (const inner of rulesOf(target, depth + 1)) out.push({ ...inner, conditions: [...read.conditions, ...inner.conditions] });
    }
    return out;
  };
  return rs.chains
    .filter((c): c is ReadChain['chain'] => c.hook !== undefined && c.hook.hook === hook && IPV4_FAMILIES.has(c.family))
    .sort((a, b) => a.hook.priority - b.hook.priority)
    .map((chain) => ({ chain, rules: rulesOf(chain, 0) }));
}
