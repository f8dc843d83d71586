// nft's JSON schema both ways, without a kernel: nft's own `nft -j` listings (fixtures/nftables/nft-json)
// compile to the very rules nft sent for the same ruleset (golden captures), and our rendering of the
// recorded scenario listing is nft's JSON.
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeMessage } from '../src/netlink/index.js';
import { iterateMessages } from '../src/netlink/message.js';
import {
  decodeOperation, encodeRule, nftJsonToTransaction, rulesetToNftJson, renderRuleset, Nftables, type Operation, type Rule,
} from '../src/nfnetlink/nftables/index.js';
import { ReplayTransport } from '../src/netlink/index.js';
import { FIXTURES, batchOf } from './helpers/nftables.js';

const nftJson = (s: string): { nftables: Array<Record<string, unknown>> } =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, 'nft-json', `${s}.json`), 'utf8')) as { nftables: Array<Record<string, unknown>> };

/** A rule's bytes with the set ids of lookups left out (nft numbers its anonymous sets differently). */
const ruleBytes = (r: Rule): string => encodeRule({ ...r, expressions: r.expressions.map((e) => (e.kind === 'lookup' ? { ...e, setId: undefined } : e)) as Rule['expressions'] }).toString('hex');
const rulesOf = (ops: readonly Operation[]): Rule[] => ops.flatMap((o) => (o.op === 'addRule' ? [o.rule] : []));

// Where nft's JSON says less than its ruleset: `ip6 nexthdr tcp tcp dport 443` is listed by nft (text and
// JSON) as just `tcp dport 443`, so compiling the JSON gives nft's usual `meta l4proto tcp` dependency.
const LOSSY: Readonly<Record<string, number[]>> = { 'sample-payload': [15] };

for (const s of ['scenario', 'sample-payload', 'sample-verdicts', 'sample-ct', 'sample-nat', 'sample-sets', 'sample-meta']) {
  test(`${s}: nft -j output compiles to the rules nft itself sent (golden bytes)`, (t) => {
    const ours = rulesOf(nftJsonToTransaction(nftJson(s), { ifindex: (n) => ({ lo: 1, enp4s0: 2 } as Record<string, number>)[n] }).operations);
    const golden = rulesOf([...iterateMessages(batchOf(`apply-${s}.strace`))].slice(1, -1).map(decodeOperation));
    t.is(ours.length, golden.length);
    ours.forEach((r, i) => {
      if (LOSSY[s]?.includes(i)) return;
      t.is(ruleBytes(r), ruleBytes(golden[i]!), `${s} rule ${i}: ${JSON.stringify(r.expressions)}`);
    });
  });
}

test('sample-sets: named sets, maps and interval elements compile to nft\'s set and element messages', (t) => {
  const ops = nftJsonToTransaction(nftJson('sample-sets')).operations;
  const golden = [...iterateMessages(batchOf('apply-sample-sets.strace'))].slice(1, -1).map(decodeOperation);
  const named = (list: readonly Operation[]): unknown[] => list.flatMap((o): unknown[] => {
    if (o.op === 'addSet' && !o.set.name.startsWith('__')) { const { id: _i, userdata: _u, ...rest } = o.set; return [rest]; }
    if (o.op === 'addElements' && !o.set.startsWith('__')) { const { setId: _s, ...rest } = o; return [rest]; }
    return [];
  });
  t.deepEqual(named(ops), named(golden));
});

test('the recorded scenario listing renders as nft -j printed it (metainfo aside)', async (t) => {
  const rs = await Nftables.fromTransport(ReplayTransport.fromFile(path.join(FIXTURES, 'list-scenario.json'))).listRuleset();
  const ours = rulesetToNftJson(rs);
  const theirs = nftJson('scenario');
  // Handles differ between the two runs: compare without them.
  const strip = (d: { nftables: unknown[] }): unknown => JSON.parse(JSON.stringify(d.nftables.slice(1), (k, v: unknown) => (k === 'handle' ? undefined : v)));
  t.deepEqual(strip(JSON.parse(JSON.stringify(ours)) as { nftables: unknown[] }), strip(theirs));
  t.deepEqual(Object.keys(ours.nftables[0]!), ['metainfo']);
  t.truthy(renderRuleset(rs));
});

test('nft JSON input errors name the object and the reason', (t) => {
  const bad = { nftables: [{ table: { family: 'ip', name: 't' } }, { chain: { family: 'ip', table: 't', name: 'c' } },
    { rule: { family: 'ip', table: 't', chain: 'c', expr: [{ match: { op: '==', left: { meta: { key: 'nosuchkey' } }, right: 1 } }] } }] };
  t.throws(() => nftJsonToTransaction(bad), { message: /nftables\[2\] \(rule c\).*nosuchkey/ });
  t.throws(() => nftJsonToTransaction({ nope: [] }), { message: /expected \{"nftables": \[\.\.\.\]\}/ });
  t.throws(() => nftJsonToTransaction({ nftables: [{ flowtable: { name: 'f' } }] }), { message: /flowtable/ });
});

void encodeMessage;
