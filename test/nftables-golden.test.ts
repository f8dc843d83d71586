// Golden request tests: our encoder against nft 1.0.6's own bytes (fixtures/golden/nftables/*.strace).
import test from 'ava';
import { encodeMessage } from '../src/netlink/index.js';
import { iterateMessages } from '../src/netlink/message.js';
import { Nftables, decodeOperation, match as m, decodeRule, renderRuleset, decodeTable, decodeChain, type Expression, type Ruleset } from '../src/nfnetlink/nftables/index.js';
import { operationMessage } from '../src/nfnetlink/nftables/operation.js';
import { batchOf, maskSequences, nullTransport, receivedDatagrams } from './helpers/nftables.js';
import { scenarioTransaction } from './helpers/nftables-scenario.js';
import { NLM_F_ACK, NLM_F_REQUEST } from './helpers/kernel.js';

test('scenario: the friendly layer produces nft\'s exact batch (seq/pid masked, no ACK flags as nft)', (t) => {
  const nft = Nftables.fromTransport(nullTransport());
  const ours = nft.encodeTransaction(scenarioTransaction());
  t.is(maskSequences(ours).toString('hex'), maskSequences(batchOf('apply-scenario.strace')).toString('hex'));
});

test('scenario: with ackEach (what transaction() sends) only NLM_F_ACK differs', (t) => {
  const nft = Nftables.fromTransport(nullTransport());
  const acked = [...iterateMessages(nft.encodeTransaction(scenarioTransaction(), { ackEach: true }))];
  const golden = [...iterateMessages(batchOf('apply-scenario.strace'))];
  t.is(acked.length, golden.length);
  acked.slice(1, -1).forEach((msg, i) => {
    t.is(msg.flags, golden[i + 1]!.flags | NLM_F_ACK);
    t.true(msg.payload.equals(golden[i + 1]!.payload));
  });
});

const SAMPLES = ['meta', 'payload', 'sets', 'verdicts', 'ct', 'nat'];
for (const s of SAMPLES) {
  test(`sample-${s}: every message decodes to typed objects and re-encodes to nft's bytes`, (t) => {
    const msgs = [...iterateMessages(batchOf(`apply-sample-${s}.strace`))].slice(1, -1);
    t.true(msgs.length > 0);
    for (const msg of msgs) {
      const op = decodeOperation(msg);
      t.false(JSON.stringify(op).includes('"kind":"raw"'), `raw expression in ${JSON.stringify(op)}`);
      const bm = operationMessage(op);
      const ours = encodeMessage({ type: bm.type, flags: bm.flags | NLM_F_REQUEST, seq: msg.seq, pid: msg.pid }, bm.payload);
      const theirs = encodeMessage({ type: msg.type, flags: msg.flags, seq: msg.seq, pid: msg.pid }, msg.payload);
      t.is(ours.toString('hex'), theirs.toString('hex'), JSON.stringify(op));
    }
  });
}

test('sample-payload: the friendly port and prefix helpers match nft', (t) => {
  const rules = [...iterateMessages(batchOf('apply-sample-payload.strace'))].filter((x) => (x.type & 0xff) === 6).map(decodeRule);
  const body = (i: number): Expression[] => rules[i]!.expressions.slice(0, -1);
  t.deepEqual(body(0), m.ipSaddr('10.10.1.1'));
  t.deepEqual(body(1), m.ipSaddr('10.10.0.0/16'));
  t.deepEqual(body(2), m.ipDaddr('10.10.1.0/24', { negate: true }));
  t.deepEqual(body(3), m.tcpDport(80));
  t.deepEqual(body(4), m.tcpDport(80, { negate: true }));
  // The IPv6 offsets (ip6 saddr at 8, daddr at 24) against nft's own bytes.
  t.deepEqual(body(13), m.ipDaddr('2001:db8::1'));
  t.deepEqual(body(14), m.ipSaddr('2001:db8::/32'));
});

test('listing capture: the scenario dump renders as `nft list ruleset` printed it', (t) => {
  const rs: Ruleset = { tables: [], chains: [], rules: [], sets: [] };
  for (const d of receivedDatagrams('list-ruleset-scenario.strace')) {
    for (const msg of iterateMessages(d)) {
      if (msg.type >> 8 !== 10) continue;
      const kind = msg.type & 0xff;
      if (kind === 0) rs.tables.push(decodeTable(msg));
      else if (kind === 3) rs.chains.push(decodeChain(msg));
      else if (kind === 6) rs.rules.push(decodeRule(msg));
    }
  }
  t.is(renderRuleset(rs), [
    'table ip nlts {',
    '\tchain zones {',
    '\t\ttype filter hook prerouting priority raw; policy accept;',
    '\t\tiifname "client-veth0" ct zone set 1',
    '\t\tiifname "proxy-veth0" ip daddr 10.10.1.0/24 ct zone set 1',
    '\t}',
    '',
    '\tchain nat {',
    '\t\ttype nat hook postrouting priority srcnat; policy accept;',
    '\t\tip saddr 10.10.1.0/24 ip daddr != 10.10.1.0/24 oifname "enp4s0" masquerade',
    '\t}',
    '}',
    '',
  ].join('\n'));
});
