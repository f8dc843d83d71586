// Live differential tests against the kernel and nft 1.0.6, inside throwaway namespaces only.
import { liveTest } from './helpers/live.js';
import * as fs from 'node:fs';
import { NetlinkConnection, parseAttributes } from '../src/netlink/index.js';
import { NFGENMSG_SIZE, nfPayload, messageType, Subsystem, openNfnetlinkTransport } from '../src/nfnetlink/index.js';
import {
  Nftables, NftMsg, RuleAttr, decodeRule, encodeRule, renderRule, renderRuleset, rulesetToJson, rulesetFromJson, match as m, nftEvents,
} from '../src/nfnetlink/nftables/index.js';
import { rulesetTransaction } from '../src/nfnetlink/nftables/json.js';
import { goldenFile, inNetns, nft } from './helpers/nftables.js';
import { scenarioTransaction } from './helpers/nftables-scenario.js';

const SCENARIO_TEXT = fs.readFileSync(new URL('../../fixtures/nftables/scenario.expected.txt', import.meta.url), 'utf8');

liveTest('a ruleset built by the library is listed by nft with the expected text (and by nft -j)', async (t, env) => {
  const ns = env.netns('nft-build');
  const client = Nftables.open({ netns: ns });
  try {
    await client.apply(scenarioTransaction());
    t.is(await nft(ns, 'list', 'ruleset'), SCENARIO_TEXT);
    const json = JSON.parse(await nft(ns, '-j', 'list', 'ruleset')) as { nftables: Array<Record<string, { expr?: Array<Record<string, unknown>> }>> };
    const rules = json.nftables.filter((o) => 'rule' in o).map((o) => o.rule!);
    t.is(rules.length, 3);
    t.deepEqual(rules[2]!.expr!.at(-1), { masquerade: null });
    t.deepEqual(rules[0]!.expr![1], { mangle: { key: { ct: { key: 'zone' } }, value: 1 } });
    t.is(await client.renderRuleset(), SCENARIO_TEXT);
  } finally {
    client.close();
  }
});

// sample-meta needs links named enp4s0/lo; the others load as they are.
for (const sample of ['scenario', 'sample-payload', 'sample-verdicts', 'sample-ct', 'sample-nat', 'sample-sets', 'sample-meta']) {
  liveTest(`${sample}.nft loaded by nft: the library reads it back, renders nft's text, and re-applies it identically`, async (t, env) => {
    const ns = env.netns('nft-read');
    const ns2 = env.netns('nft-copy');
    for (const n of [ns, ns2]) await inNetns(n, 'ip', 'link', 'add', 'enp4s0', 'type', 'veth', 'peer', 'name', 'enp4s0p');
    await nft(ns, '-f', goldenFile(`${sample}.nft`));
    // Element expiry counts down while we look: drop it from both sides.
    const strip = (s: string): string => s.replace(/ expires [0-9dhms]+/g, '');
    const expected = strip(await nft(ns, 'list', 'ruleset'));
    const client = Nftables.open({ netns: ns });
    const copy = Nftables.open({ netns: ns2 });
    try {
      const rs = await client.listRuleset();
      t.false(JSON.stringify(rs.rules).includes('"kind":"raw"'));
      const links = JSON.parse(await inNetns(ns, 'ip', '-j', 'link')) as Array<{ ifindex: number; ifname: string }>;
      const names = new Map(links.map((l) => [l.ifindex, l.ifname]));
      t.is(strip(renderRuleset(rs, { ifname: (i) => names.get(i) })), expected);
      await copy.apply(rulesetFromJson(JSON.parse(JSON.stringify(rulesetToJson(rs)))));
      t.is(strip(await nft(ns2, 'list', 'ruleset')), expected);
    } finally {
      client.close();
      copy.close();
    }
  });
}

liveTest('atomicity: a transaction whose last rule is invalid changes nothing and the error names that rule', async (t, env) => {
  const ns = env.netns('nft-atomic');
  const client = Nftables.open({ netns: ns });
  try {
    const before = await client.generation();
    const err = await t.throwsAsync(client.transaction((tx) => {
      tx.addTable({ family: 'ip', name: 's_invalid' });
      tx.addChain({ family: 'ip', table: 's_invalid', name: 'filter_fwd', type: 'filter', hook: { hook: 'forward', priority: 'filter' }, policy: 'accept' });
      tx.addRule({ family: 'ip', table: 's_invalid', chain: 'filter_fwd', expressions: [m.ipSaddr('10.10.1.1'), m.accept()] });
      tx.addRule({ family: 'ip', table: 's_invalid', chain: 'filter_fwd', expressions: [m.ipSaddr('10.10.1.2'), m.jump('does_not_exist')] });
    }));
    t.regex(err!.message, /^add rule to chain filter_fwd \(operation 4\): ENOENT/);
    t.is(await nft(ns, 'list', 'ruleset'), '');
    t.is(await client.generation(), before);
  } finally {
    client.close();
  }
});

liveTest('generation: a transaction checked against a stale generation id is refused and applies nothing', async (t, env) => {
  const ns = env.netns('nft-gen');
  const client = Nftables.open({ netns: ns });
  try {
    const g = await client.generation();
    await client.transaction((tx) => tx.addTable({ family: 'ip', name: 'a' }), { generation: g });
    const g2 = await client.generation();
    t.not(g2, g);
    const err = await t.throwsAsync(client.transaction((tx) => tx.addTable({ family: 'ip', name: 'b' }), { generation: g }));
    t.regex(err!.message, /generation .* ERESTART/);
    t.is(await nft(ns, 'list', 'tables'), 'table ip a\n');
  } finally {
    client.close();
  }
});

liveTest('quota and fib (once unknown to the library) decode to their models, re-encode byte for byte and list as nft does', async (t, env) => {
  const ns = env.netns('nft-raw');
  await nft(ns, 'add', 'table', 'ip', 'r');
  await nft(ns, 'add', 'chain', 'ip', 'r', 'c');
  await nft(ns, 'add', 'rule', 'ip', 'r', 'c', 'quota', 'over', '10', 'mbytes', 'fib', 'daddr', 'type', 'local', 'counter', 'accept');
  const conn = new NetlinkConnection(openNfnetlinkTransport({ netns: ns }));
  try {
    const msgs = await conn.collectDump({ type: messageType(Subsystem.NFTABLES, NftMsg.GETRULE), flags: 0, payload: nfPayload(0, Buffer.alloc(0)), operation: 'list rules' });
    const rule = decodeRule(msgs[0]!);
    t.deepEqual(rule.expressions.map((e) => e.kind), ['quota', 'fib', 'cmp', 'counter', 'immediate']);
    // The kernel dumps nests without NLA_F_NESTED; we send them with it, as nft does. Every other byte is the same.
    const exprs = (p: Buffer): string => parseAttributes(p, NFGENMSG_SIZE, p.length).find((a) => a.type === RuleAttr.EXPRESSIONS)!.value.toString('hex');
    t.is(stripNestedFlags(Buffer.from(exprs(encodeRule(rule)), 'hex')).toString('hex'), exprs(msgs[0]!.payload));
    const listed = (await nft(ns, 'list', 'chain', 'ip', 'r', 'c')).split('\n').map((l) => l.trim()).find((l) => l.startsWith('quota'));
    t.is(renderRule(rule), listed ?? 'nft listed no quota');
    // And the library can put the rule back: nft lists the copy the same way.
    const before = await nft(ns, 'list', 'chain', 'ip', 'r', 'c');
    const client = Nftables.open({ netns: ns });
    await client.transaction((tx) => { tx.flushChain('ip', 'r', 'c'); tx.addRule({ ...rule, expressions: rule.expressions }); });
    client.close();
    t.is(await nft(ns, 'list', 'chain', 'ip', 'r', 'c'), before);
  } finally {
    conn.close();
  }
});

liveTest('events: ruleset changes arrive as a stream', async (t, env) => {
  const ns = env.netns('nft-events');
  const events = nftEvents({ netns: ns });
  const first = events.next();
  await new Promise((r) => setTimeout(r, 50));
  const client = Nftables.open({ netns: ns });
  try {
    // The subscription socket exists once next() started: give it a moment, then change the ruleset.
    await client.transaction((tx) => tx.addTable({ family: 'inet', name: 'ev' }));
    const e = (await first).value;
    t.like(e, { type: 'new', object: 'table', table: { family: 'inet', name: 'ev' } });
    const g = (await events.next()).value;
    t.is(g?.type, 'generation');
  } finally {
    await events.return();
    client.close();
  }
});

void rulesetTransaction;

/** A copy with NLA_F_NESTED cleared on every nest (found by that very flag), recursively. */
function stripNestedFlags(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  const walk = (start: number, end: number): void => {
    for (let at = start; at + 4 <= end; ) {
      const len = out.readUInt16LE(at);
      const type = out.readUInt16LE(at + 2);
      if (type & 0x8000) { out.writeUInt16LE(type & 0x7fff, at + 2); walk(at + 4, at + len); }
      at += (len + 3) & ~3;
    }
  };
  walk(0, out.length);
  return out;
}
