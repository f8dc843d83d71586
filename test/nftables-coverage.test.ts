// Coverage of claims (issue 17): every nftables key the library knows (meta keys, ct keys, payload header
// fields; read from the library's own tables, not typed here) must appear in at least one rule of the
// generated differential corpus that the real nft loaded (fixtures/nftables/generated-accepted.json), where
// test/nftables-generated.test.ts compares nft's listing with ours. A key added to a table without a
// generated sample fails this test, unless it is listed below with the reason it cannot be sampled here.
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { META_KEYS } from '../src/nfnetlink/nftables/expressions/meta.js';
import { CT_KEYS } from '../src/nfnetlink/nftables/expressions/ct.js';
import { PROTOCOLS } from '../src/nfnetlink/nftables/render/fields.js';
import { FIXTURES } from './helpers/nftables.js';

const accepted = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'generated-accepted.json'), 'utf8')) as Record<string, string[]>;
const rules = [...new Set(Object.values(accepted).flat())];

/** Keys nft cannot load on this machine (nftables 1.0.6, this kernel), with the reason. */
const NOT_SAMPLEABLE: Readonly<Record<string, string>> = {
  'meta ibrname': 'this kernel refuses it (EOPNOTSUPP: no nft_meta_bridge); sampled, refused by the kernel',
  'meta obrname': 'this kernel refuses it (EOPNOTSUPP: no nft_meta_bridge); sampled, refused by the kernel',
};
/** Fields nft lists under one name but parses under another (nft 1.0.6's grammar). */
const INPUT_SPELLING: Readonly<Record<string, string>> = {
  'icmpv6 parameter-problem': 'icmpv6 param-problem',
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A key is sampled when some accepted rule uses it as a whole word sequence, optionally after a direction. */
function sampled(words: string): boolean {
  const re = new RegExp(`(^|[\\s{(])${escape(words).replace(/ /g, '(?: (?:original|reply))? ')}($|[\\s,})])`);
  return rules.some((r) => re.test(r));
}

test(`every meta key of META_KEYS (${Object.keys(META_KEYS).length}) appears in an nft-accepted generated rule`, (t) => {
  // nft writes most meta keys with `meta`; some also bare (iifname, mark): either form counts.
  const missing = Object.keys(META_KEYS).filter((k) => !sampled(`meta ${k}`) && !sampled(k) && !NOT_SAMPLEABLE[`meta ${k}`]);
  t.deepEqual(missing, []);
});

test(`every ct key of CT_KEYS (${Object.keys(CT_KEYS).length}) appears in an nft-accepted generated rule`, (t) => {
  const missing = Object.keys(CT_KEYS).filter((k) => !sampled(`ct ${k}`) && !NOT_SAMPLEABLE[`ct ${k}`]);
  t.deepEqual(missing, []);
});

test(`every payload field of the header table (${Object.values(PROTOCOLS).reduce((n, h) => n + h.fields.length, 0)} fields of ${Object.keys(PROTOCOLS).length} headers) appears in an nft-accepted generated rule`, (t) => {
  const missing = Object.values(PROTOCOLS).flatMap((h) => h.fields.map((f) => `${h.name} ${f.name}`)).filter((w) => !sampled(INPUT_SPELLING[w] ?? w) && !NOT_SAMPLEABLE[w]);
  t.deepEqual(missing, []);
});

test('the exemptions name keys that exist in the tables (no stale reasons)', (t) => {
  const known = new Set([...Object.keys(META_KEYS).map((k) => `meta ${k}`), ...Object.keys(CT_KEYS).map((k) => `ct ${k}`),
    ...Object.values(PROTOCOLS).flatMap((h) => h.fields.map((f) => `${h.name} ${f.name}`))]);
  t.deepEqual([...Object.keys(NOT_SAMPLEABLE), ...Object.keys(INPUT_SPELLING)].filter((k) => !known.has(k)), []);
  // An exempted key that the corpus does load has lost its reason.
  t.deepEqual(Object.keys(NOT_SAMPLEABLE).filter((k) => sampled(k)), []);
});
