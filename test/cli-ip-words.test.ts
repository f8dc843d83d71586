// ip's words for link/addr/route/rule writes into the library's specs (src/cli/ip-words.ts), without a kernel.
import test from 'ava';
import { UsageError } from '../src/cli/io.js';
import { addressWords, linkAddWords, linkSetWords, neighbourWords, netnsWord, nexthopWords, routeWords, ruleWords } from '../src/cli/ip-words.js';

const w = (s: string): string[] => s.split(' ');

test('route words: type, prefix, gateway, table, metrics, next hops', (t) => {
  t.deepEqual(routeWords(w('blackhole 10.30.0.0/16 table 101')), { to: '10.30.0.0/16', table: 101, type: 'blackhole' });
  t.deepEqual(routeWords(w('default via 10.10.1.1 dev v0 metric 5 proto static scope link src 10.10.1.2 onlink')),
    { to: 'default', via: '10.10.1.1', dev: 'v0', metric: 5, protocol: 'static', scope: 'link', src: '10.10.1.2', onlink: true });
  t.deepEqual(routeWords(w('10.40.0.0/16 dev v0 mtu 1300 advmss 1200 congctl cubic table main')),
    { to: '10.40.0.0/16', dev: 'v0', table: 'main', metrics: { mtu: 1300, advmss: 1200, congctl: 'cubic' } });
  t.deepEqual(routeWords(w('10.50.0.0/16 nexthop via 10.0.0.1 dev a weight 2 nexthop via 10.0.0.2 dev b onlink')),
    { to: '10.50.0.0/16', nexthops: [{ via: '10.0.0.1', dev: 'a', weight: 2 }, { via: '10.0.0.2', dev: 'b', onlink: true }] });
  t.deepEqual(routeWords(w('2001:db8::/64 pref high table 70000')), { to: '2001:db8::/64', pref: 'high', table: 70000 });
  for (const bad of ['', 'via 10.0.0.1', '10.0.0.0/8 via', '10.0.0.0/8 frob 1', '10.0.0.0/8 10.1.0.0/16', '10.0.0.0/8 metric -1', '10.0.0.0/8 pref top', '10.0.0.0/8 table 0', '10.0.0.0/8 nexthop weight 0']) {
    t.throws(() => routeWords(bad ? w(bad) : []), { instanceOf: UsageError }, bad);
  }
});

test('rule words: selectors, one action, protocol names, ranges', (t) => {
  t.deepEqual(ruleWords(w('from 10.10.1.0/24 iif v0 lookup 100 pref 100')), { from: '10.10.1.0/24', iif: 'v0', table: 100, action: 'table', priority: 100 });
  t.deepEqual(ruleWords(w('not to 10.0.0.0/8 fwmark 0x10/0xff goto 32766')), { not: true, to: '10.0.0.0/8', fwmark: 16, fwmask: 255, goto: 32766, action: 'goto' });
  t.deepEqual(ruleWords(w('ipproto tcp sport 1000 dport 80-90 prohibit')), { ipProto: 6, sport: 1000, dport: { start: 80, end: 90 }, action: 'prohibit' });
  t.deepEqual(ruleWords(w('uidrange 1000-2000 suppress_prefixlength 0 table main')), { uidRange: { start: 1000, end: 2000 }, suppressPrefixLength: 0, table: 'main', action: 'table' });
  t.throws(() => ruleWords([]), { instanceOf: UsageError });
  for (const bad of ['table 1 goto 5', 'prohibit unreachable', 'sport x', 'dport 1-', 'ipproto nosuch', 'fwmark', 'uidrange 5', 'frob']) {
    t.throws(() => ruleWords(w(bad)), { instanceOf: UsageError }, bad);
  }
});

test('addr words: local, peer, label, lifetimes, flags; dev required', (t) => {
  t.deepEqual(addressWords(w('10.99.0.1 peer 10.99.0.2/32 dev v1')), { dev: 'v1', cidr: '10.99.0.1', options: { peer: '10.99.0.2/32' } });
  t.deepEqual(addressWords(w('2001:db8::2/64 dev v0 nodad valid_lft 300 preferred_lft forever')),
    { dev: 'v0', cidr: '2001:db8::2/64', options: { flags: ['nodad'], validLifetime: 300, preferredLifetime: 'forever' } });
  t.deepEqual(addressWords(w('10.0.0.1/24 brd 10.0.0.255 label v0:1 scope link dev v0')), { dev: 'v0', cidr: '10.0.0.1/24', options: { broadcast: '10.0.0.255', label: 'v0:1', scope: 'link' } });
  for (const bad of ['10.0.0.1/24', 'dev v0', '10.0.0.1/24 dev v0 frob', '10.0.0.1/24 dev v0 valid_lft soon']) {
    t.throws(() => addressWords(w(bad)), { instanceOf: UsageError }, bad);
  }
});

test('link words: add veth/bridge/vlan, set, netns references', (t) => {
  t.deepEqual(linkAddWords(w('v0 mtu 1400 type veth peer name v1 netns other')), { kind: 'veth', name: 'v0', options: { mtu: 1400, peer: 'v1', peerNetns: 'other' } });
  t.deepEqual(linkAddWords(w('name br0 netns 1234 type bridge')), { kind: 'bridge', name: 'br0', options: { netns: { pid: 1234 } } });
  t.deepEqual(linkAddWords(w('link eth0 name eth0.10 type vlan id 10')), { kind: 'vlan', name: 'eth0.10', parent: 'eth0', id: 10, options: {} });
  t.deepEqual(linkSetWords(w('dev v0 up mtu 1450 name v9 master br0 address 02:00:00:00:00:01')),
    { dev: 'v0', change: { up: true, mtu: 1450, name: 'v9', master: 'br0', address: '02:00:00:00:00:01' } });
  t.deepEqual(linkSetWords(w('v0 nomaster netns /proc/1/ns/net')), { dev: 'v0', change: { master: null, netns: { path: '/proc/1/ns/net' } } });
  t.deepEqual(netnsWord('blue'), 'blue');
  for (const bad of ['v0', 'v0 type veth', 'v0 type vlan id 5', 'v0 type vxlan', 'type bridge', 'v0 type veth peer']) {
    t.throws(() => linkAddWords(w(bad)), { instanceOf: UsageError }, bad);
  }
  for (const bad of ['v0', 'up', 'v0 mtu x', 'v0 frob']) t.throws(() => linkSetWords(w(bad)), { instanceOf: UsageError }, bad);
});

test('neigh words: address, lladdr, dev, nud state, router', (t) => {
  t.deepEqual(neighbourWords(w('10.0.0.9 lladdr 02:00:00:00:00:09 dev v0')), { dev: 'v0', spec: { dst: '10.0.0.9', lladdr: '02:00:00:00:00:09' } });
  t.deepEqual(neighbourWords(w('2001:db8::9 lladdr 02:00:00:00:00:0a dev v0 nud reachable router')),
    { dev: 'v0', spec: { dst: '2001:db8::9', lladdr: '02:00:00:00:00:0a', state: ['REACHABLE'], flags: ['router'] } });
  for (const bad of ['10.0.0.9', 'dev v0', '10.0.0.9 dev v0 frob', '10.0.0.9 dev v0 nud']) t.throws(() => neighbourWords(w(bad)), { instanceOf: UsageError }, bad);
});

test('nexthop words: gateway, blackhole, groups with weights and type; route nhid', (t) => {
  t.deepEqual(nexthopWords(w('id 1 via 10.0.0.1 dev v0 onlink proto static')), { id: 1, via: '10.0.0.1', dev: 'v0', onlink: true, protocol: 'static' });
  t.deepEqual(nexthopWords(w('id 2 blackhole')), { id: 2, blackhole: true });
  t.deepEqual(nexthopWords(w('id 10 group 1,2/3 type resilient buckets 8')), { id: 10, group: [{ id: 1, weight: 2 }, { id: 3 }], groupType: 'resilient', buckets: 8 });
  t.deepEqual(routeWords(w('203.0.113.0/24 nhid 10 table 100')), { to: '203.0.113.0/24', nhid: 10, table: 100 });
  for (const bad of ['blackhole', 'id 0 blackhole', 'id x', 'id 1 group 1,', 'id 1 group a', 'id 1 type ecmp', 'id 1 frob']) t.throws(() => nexthopWords(w(bad)), { instanceOf: UsageError }, bad);
});
