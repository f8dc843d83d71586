// The friendly layer's statements (dnat/snat with ports, redirect, tproxy, reject, limit, anonymous port
// sets) against nft's own requests for the same text, their rendering, element timeouts, and `decode`
// naming every expression attribute.
import test from 'ava';
import { describeMessage, NetlinkProtocol, type DescribedAttribute } from '../src/netlink/index.js';
import { iterateMessages } from '../src/netlink/message.js';
import { Transaction, decodeOperation, encodeRule, renderRule, rulesetToNftJson, renderRuleset, match as m, type Expression, type Operation, type Rule, type Ruleset, type Family } from '../src/nfnetlink/nftables/index.js';
import { isPackedKeys } from '../src/nfnetlink/nftables/set.js';
import { toRenderSet } from '../src/nfnetlink/nftables/render.js';
import '../src/nfnetlink/nftables/descriptor.js';
import { batchOf } from './helpers/nftables.js';

const goldenRules = (sample: string): Rule[] =>
  [...iterateMessages(batchOf(`apply-${sample}.strace`))].slice(1, -1).map(decodeOperation).flatMap((o) => (o.op === 'addRule' ? [o.rule] : []));
const bytes = (r: Rule): string => encodeRule({ ...r, expressions: r.expressions.map((e) => (e.kind === 'lookup' ? { ...e, setId: undefined } : e)) as Expression[] }).toString('hex');

function same(t: import('ava').ExecutionContext, sample: string, index: number, expressions: Expression[], text: string): void {
  const golden = goldenRules(sample)[index]!;
  const ours: Rule = { family: golden.family, table: golden.table, chain: golden.chain, expressions };
  t.is(bytes(ours), bytes(golden), `${sample} rule ${index}`);
  t.is(renderRule(ours), text);
}

test('dnat/snat with ports, redirect and tproxy encode as nft does and render to its text', (t) => {
  same(t, 'sample-nat', 5, [...m.tcpDport(8081), ...m.dnatPort('10.10.1.1', 80)], 'tcp dport 8081 dnat to 10.10.1.1:80');
  same(t, 'sample-nat', 4, [...m.l4proto('tcp'), ...m.oifname('proxy-veth0'), ...m.snatPort('10.10.2.2', [5000, 6000])],
    'meta l4proto tcp oifname "proxy-veth0" snat to 10.10.2.2:5000-6000');
  same(t, 'sample-nat', 7, [...m.tcpDport(8083), ...m.redirect(8080)], 'tcp dport 8083 redirect to :8080');
  same(t, 'sample-nat', 8, [...m.l4proto('tcp'), ...m.tproxy({ port: 9000 })], 'meta l4proto tcp tproxy to :9000');
  same(t, 'sample-nat', 9, [...m.l4proto('udp'), ...m.tproxy({ address: '127.0.0.1', port: 9001 })], 'meta l4proto udp tproxy to 127.0.0.1:9001');
  same(t, 'sample-nat', 11, [...m.l4proto('tcp'), ...m.tproxy({ family: 'ip', port: 9000 })], 'meta l4proto tcp tproxy ip to :9000');
  same(t, 'sample-nat', 12, [...m.l4proto('tcp'), ...m.tproxy({ address: '::1', port: 9000 })], 'meta l4proto tcp tproxy ip6 to [::1]:9000');
  t.is(renderRule({ family: 'ip', table: 't', chain: 'c', expressions: m.redirect() }), 'redirect');
});

test('reject and limit encode as nft does and render to its text', (t) => {
  same(t, 'sample-verdicts', 11, [...m.limit(10, 'second'), ...m.accept()], 'limit rate 10/second accept');
  same(t, 'sample-verdicts', 12, [...m.limit(100, 'minute', { burst: 20, over: true }), ...m.drop()], 'limit rate over 100/minute burst 20 packets drop');
  same(t, 'sample-verdicts', 13, [...m.ipSaddr('10.10.1.7'), ...m.reject({ with: 'icmp', code: 'host-unreachable' })], 'ip saddr 10.10.1.7 reject with icmp host-unreachable');
  same(t, 'sample-verdicts', 14, [...m.ipSaddr('10.10.1.8'), ...m.reject({ with: 'icmp', code: 'admin-prohibited' })], 'ip saddr 10.10.1.8 reject with icmp admin-prohibited');
  same(t, 'sample-verdicts', 15, m.reject({ with: 'tcp reset' }), 'reject with tcp reset');
  same(t, 'sample-verdicts', 16, m.reject(), 'reject');
  t.throws(() => m.reject({ with: 'icmp', code: 'nope' }), { message: /not an icmp code/ });
});

test('anonymous port sets: the transaction creates the set with the rule, as nft does', (t) => {
  const tx = new Transaction().addRule({ family: 'ip', table: 's_sets', chain: 'filter_fwd', expressions: [m.portIn('tcp', 'dport', [22, 80]), m.accept()] });
  const [setOp, elemOp, ruleOp] = tx.operations as [Operation, Operation, Operation];
  const golden = [...iterateMessages(batchOf('apply-sample-sets.strace'))].slice(1, -1).map(decodeOperation);
  const gi = golden.findIndex((o) => o.op === 'addSet' && o.set.name === '__set%d');
  const [gSet, gElem, gRule] = golden.slice(gi, gi + 3) as [Operation, Operation, Operation];
  if (setOp.op !== 'addSet' || gSet.op !== 'addSet' || elemOp.op !== 'addElements' || gElem.op !== 'addElements' || ruleOp.op !== 'addRule' || gRule.op !== 'addRule') {
    t.fail('unexpected operations');
    return;
  }
  const { id, userdata: _u, ...set } = setOp.set;
  const { id: _gid, userdata: _gu, ...gset } = gSet.set;
  t.deepEqual(set, gset);
  t.deepEqual(elemOp.elements, gElem.elements);
  t.is(elemOp.setId, id);
  t.is(bytes(ruleOp.rule), bytes(gRule.rule));
  t.deepEqual(ruleOp.rule.expressions.find((e) => e.kind === 'lookup'), { kind: 'lookup', set: '__set%d', sreg: 1, setId: id });
  if (isPackedKeys(elemOp.elements)) return t.fail('decoded elements are objects');
  const anon = toRenderSet({ ...setOp.set, elements: [...elemOp.elements] });
  t.is(renderRule(ruleOp.rule, { set: () => anon }), 'tcp dport { 22, 80 } accept');
});

test('set elements print their timeout and expiry, in text and in nft JSON', (t) => {
  const family: Family = 'ip';
  const rs: Ruleset = {
    tables: [{ family, name: 't', handle: 1 }], chains: [], rules: [],
    sets: [{
      family, table: 't', name: 'blocked', flags: 0x10, keyType: 7, keyLen: 4, timeout: 3600000, handle: 2,
      elements: [{ key: 'c6336407', timeout: 600000, expiration: 599948 }, { key: 'c6336408', timeout: 3600000, expiration: 12000 }],
    }],
  };
  t.is(renderRuleset(rs), [
    'table ip t {', '\tset blocked {', '\t\ttype ipv4_addr', '\t\ttimeout 1h',
    '\t\telements = { 198.51.100.7 timeout 10m expires 9m59s948ms, 198.51.100.8 expires 12s }', '\t}', '}', '',
  ].join('\n'));
  t.deepEqual(JSON.parse(JSON.stringify(rulesetToNftJson(rs).nftables[2])), {
    set: {
      family: 'ip', name: 'blocked', table: 't', type: 'ipv4_addr', handle: 2, flags: ['timeout'], timeout: 3600,
      elem: [{ elem: { val: '198.51.100.7', timeout: 600, expires: 599 } }, { elem: { val: '198.51.100.8', expires: 12 } }],
    },
  });
});

test('decode names every attribute of every expression in nft\'s requests', (t) => {
  const unnamed: string[] = [];
  const walk = (attrs: readonly DescribedAttribute[] | undefined, where: string): void => {
    for (const a of attrs ?? []) {
      if (!a.name) unnamed.push(`${where}/${a.type}`);
      walk(a.attributes, `${where}/${a.name ?? a.type}`);
    }
  };
  for (const s of ['sample-meta', 'sample-payload', 'sample-sets', 'sample-verdicts', 'sample-ct', 'sample-nat']) {
    for (const msg of iterateMessages(batchOf(`apply-${s}.strace`))) {
      if ((msg.type & 0xff) !== 6 || msg.type >> 8 !== 10) continue;
      walk(describeMessage(msg, NetlinkProtocol.NETFILTER).attributes, s);
    }
  }
  t.deepEqual(unnamed, []);
  const rule = [...iterateMessages(batchOf('apply-scenario.strace'))].find((x) => x.type === 0xa06)!;
  const text = JSON.stringify(describeMessage(rule, NetlinkProtocol.NETFILTER));
  for (const name of ['NFTA_META_KEY', 'NFTA_META_DREG', 'NFTA_CMP_OP', 'NFTA_CT_KEY', 'NFTA_CT_SREG', 'NFTA_IMMEDIATE_DATA']) t.true(text.includes(`"${name}"`), name);
  t.true(text.includes('"value":"iifname"'));
});
