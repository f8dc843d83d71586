// Spec validation: the defaults are the write-up's scenario; bad specs are refused whole, with every problem named.
import test from 'ava';
import { DEFAULT_SPEC, SpecError, clientNet, makeSpec, specFromJson, validateSpec } from '../src/topology/spec.js';

test('the default spec is the scenario of the write-up and is valid', (t) => {
  const s = validateSpec(makeSpec());
  t.is(s.client.hostIfName, 'client-veth0');
  t.is(s.client.nsAddress, '10.10.1.1/24');
  t.is(s.proxy.hostAddress, '10.10.2.2/24');
  t.is(s.uplink.ifName, 'enp4s0');
  t.is(s.uplink.gateway, '172.16.202.1');
  t.deepEqual([s.rules.clientToProxy, s.rules.proxyToClient, s.rules.uplinkToClient].map((r) => [r.priority, r.table]), [[100, 100], [101, 101], [102, 100]]);
  t.deepEqual(s.zones, { zone: 1 });
  t.is(clientNet(s), '10.10.1.0/24');
});

test('overrides are applied field by field; zones: false is allowed (reproduces the bug)', (t) => {
  const s = validateSpec(makeSpec({ client: { hostIfName: 'c0' }, zones: false, rules: { proxyToClient: { table: 1000 } } }));
  t.is(s.client.hostIfName, 'c0');
  t.is(s.client.nsIfName, DEFAULT_SPEC.client.nsIfName);
  t.is(s.zones, false);
  t.is(s.rules.proxyToClient.table, 1000);
  t.is(s.rules.proxyToClient.priority, 101);
});

const problemsOf = (f: () => unknown): string[] => {
  try { f(); } catch (e) { if (e instanceof SpecError) return e.problems; throw e; }
  return [];
};

test('each kind of mistake is named', (t) => {
  const cases: Array<[Parameters<typeof makeSpec>[0], RegExp]> = [
    [{ client: { hostIfName: 'a-very-long-interface' } }, /client.hostIfName: 'a-very-long-interface' is 21 bytes long \(at most 15/],
    [{ proxy: { nsAddress: '10.10.1.5/24', hostAddress: '10.10.1.6/24' } }, /overlaps/],
    [{ rules: { proxyToClient: { priority: 100 } } }, /priority 100 duplicates/],
    [{ zones: { zone: 0 } }, /zone 0 is outside 1..65535/],
    [{ zones: { zone: 70000 } }, /zone 70000 is outside 1..65535/],
    [{ client: { netns: 'a/b' } }, /client.netns: .*contains '\/'/],
    [{ client: { netns: '..' } }, /client.netns/],
    [{ client: { nsAddress: '10.10.1.1/24', hostAddress: '10.10.9.2/24' } }, /not in the same subnet/],
    [{ uplink: { gateway: '10.0.0.1' } }, /outside 172.16.202.30\/24/],
    [{ rules: { clientToProxy: { table: 254 } } }, /kernel's 'main' table/],
    [{ client: { nsAddress: 'banana/24' } }, /client.nsAddress/],
    [{ proxy: { netns: 'client' } }, /both 'client'/],
    [{ firewallTable: 'bad name!' }, /not a valid nftables table name/],
  ];
  for (const [o, re] of cases) {
    const problems = problemsOf(() => validateSpec(makeSpec(o)));
    t.true(problems.some((p) => re.test(p)), `${JSON.stringify(o)} -> ${JSON.stringify(problems)}`);
  }
});

test('several problems are reported together', (t) => {
  const problems = problemsOf(() => validateSpec(makeSpec({ client: { hostIfName: 'x'.repeat(16) }, zones: { zone: -1 } })));
  t.is(problems.length, 2);
});

test('spec files: JSON overrides, unknown keys refused', (t) => {
  t.is(specFromJson('{"zones": false}').zones, false);
  t.deepEqual(problemsOf(() => specFromJson('{"clinet": {}}')), ["unknown key 'clinet'"]);
  t.deepEqual(problemsOf(() => specFromJson('{"client": {"address": "1.2.3.4/24"}}')), ["unknown key 'client.address'"]);
  t.true(problemsOf(() => specFromJson('not json'))[0]!.startsWith('not JSON'));
});
