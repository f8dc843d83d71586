// `nlts -j link|addr|route|rule|neigh|nexthop` against `ip -j` on the same namespace (issue 10 item 8): a
// namespace built with /usr/sbin/ip holds varied objects of every kind, and every listing's objects must have
// ip's key set and ip's values, object by object. Keys of ours beyond ip's start with "nlts_" (none in
// listings). The counts of objects and keys compared are logged.
import test from 'ava';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { withNetns } from '../src/netlink/index.js';
import { Conntrack } from '../src/nfnetlink/conntrack/index.js';
import { liveTest } from './helpers/live.js';
import { CLI } from './helpers/cli.js';
import { routeIpJson, ruleIpJson } from '../src/cli/format/ip-json.js';

const IP = '/usr/sbin/ip';
type Obj = Record<string, unknown>;

function build(ns: string, peerNs: string): void {
  // No duplicate address detection: "tentative" would come and go between the two listings.
  withNetns(ns, () => {
    fs.writeFileSync('/proc/sys/net/ipv6/conf/default/accept_dad', '0');
    fs.writeFileSync('/proc/sys/net/ipv6/conf/all/accept_dad', '0');
  });
  const batch = [
    'link set lo up',
    'link add v0 type veth peer name v1',
    'link add v2 type veth peer name v3',
    'link add br0 type bridge',
    'link add far0 type veth peer name far1 netns ' + peerNs,
    'link set v0 up', 'link set v1 up mtu 1400 group 5 alias uplink-side', 'link set v2 up', // v2 up, v3 down: NO-CARRIER
    'link set v3 txqueuelen 0 address 02:00:00:00:00:33', 'link set br0 up', 'link set far0 master br0 up',
    'addr add 10.10.1.2/24 brd + dev v0', 'addr add 10.10.1.3/24 dev v0 label v0:sec', 'addr add 10.10.9.1/24 dev v0 scope link noprefixroute',
    'addr add 10.99.0.1 peer 10.99.0.2/32 dev v1', 'addr add 192.0.2.1/28 brd + dev v1 metric 55',
    'addr add 2001:db8::2/64 dev v0', 'addr add 2001:db8:1::2/64 dev v0 nodad noprefixroute', 'addr add 2001:db8:2::2/64 dev v1 mngtmpaddr',
    'route add default via 10.10.1.1 dev v0',
    'route add 10.20.0.0/16 via 10.10.1.1 table 100',
    'route add blackhole 10.30.0.0/16 table 101',
    'route add unreachable 10.31.0.0/16 table 70000',
    'route add prohibit 10.32.0.0/16',
    'route add throw 10.33.0.0/16 table 100',
    'route add 192.0.2.128/25 dev v0 metric 50 proto static src 10.10.1.2',
    'route add 10.40.0.0/16 dev v0 mtu 1300 advmss 1200 initcwnd 10 proto bird',
    'route add 10.41.0.0/16 via 10.10.1.7 dev v0 onlink proto 110',
    'route add 10.42.0.1 dev v0 scope link',
    'route add 10.50.0.0/16 nexthop via 10.10.1.1 dev v0 weight 2 nexthop via 10.10.1.4 dev v0',
    'route add 10.60.0.0/16 via 10.10.1.1 dev v0 tos 0x10',
    'route add 2001:db8:5::/64 dev v0 mtu 1400 pref high',
    'route add 2001:db8:6::/64 via 2001:db8::1 dev v0 metric 7 table 100',
    'route add 2001:db8:7::/64 nexthop via 2001:db8::1 dev v0 nexthop via 2001:db8::3 dev v0 weight 3',
    'nexthop add id 1 via 10.10.1.1 dev v0',
    'nexthop add id 2 via 10.10.1.4 dev v0 proto static',
    'nexthop add id 3 blackhole',
    'nexthop add id 4 dev v0',
    'nexthop add id 10 group 1/2,5',
    'nexthop add id 11 group 1/2 type resilient buckets 32 idle_timer 60',
    'nexthop add id 12 via 10.10.1.9 dev v0 onlink',
    'route add 10.70.0.0/16 nhid 10',
    'rule add from 10.10.1.0/24 iif v0 table 100 pref 100',
    'rule add not to 10.31.0.0/16 lookup 70000 pref 120',
    'rule add fwmark 0x1/0xff lookup 101 pref 110',
    'rule add fwmark 0x7 table main pref 111',
    'rule add ipproto tcp dport 80-90 sport 1000 prohibit pref 130',
    'rule add oif v1 uidrange 100-200 blackhole pref 140',
    'rule add tos 0x10 unreachable pref 150',
    'rule add from 10.40.0.0/16 goto 200 pref 160',
    'rule add nop pref 200',
    'rule add table main suppress_prefixlength 0 pref 210',
    'rule add from 10.41.0.1 lookup local pref 220 proto static',
    'neigh add 10.10.1.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent',
    'neigh add 10.10.1.10 lladdr 02:00:00:00:00:0a dev v0 nud stale',
    'neigh add 10.10.1.11 lladdr 02:00:00:00:00:0b dev v0 nud noarp',
    'neigh add 2001:db8::9 lladdr 02:00:00:00:00:0d dev v0 router nud permanent',
    'neigh add proxy 10.10.1.77 dev v0',
  ];
  execFileSync(IP, ['-n', ns, '-batch', '-'], { input: batch.join('\n') + '\n' });
  execFileSync(IP, ['-n', ns, '-6', 'rule', 'add', 'from', '2001:db8::/64', 'table', '100', 'pref', '140']);
}

/** Waits until link states (carrier, operstate) and the routes that follow them stop changing. */
async function settle(ns: string): Promise<void> {
  const snapshot = (): string => execFileSync(IP, ['-n', ns, '-j', 'link'], { encoding: 'utf8' }) + execFileSync(IP, ['-n', ns, '-j', 'route', 'show', 'table', 'all'], { encoding: 'utf8' });
  let last = snapshot();
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = snapshot();
    if (now === last) return;
    last = now;
  }
}

const ipJson = (ns: string, ...args: string[]): Obj[] => JSON.parse(execFileSync(IP, ['-n', ns, '-j', ...args], { encoding: 'utf8' })) as Obj[];
const nltsJson = (ns: string, ...args: string[]): Obj[] => JSON.parse(execFileSync(process.execPath, [CLI, '-n', ns, '-j', ...args], { encoding: 'utf8' })) as Obj[];

interface Tally { objects: number; objectsEqual: number; keys: number; keysEqual: number; differences: string[] }

function compare(tally: Tally, what: string, ours: Obj[], theirs: Obj[]): void {
  if (ours.length !== theirs.length) tally.differences.push(`${what}: ${ours.length} objects, ip ${theirs.length}`);
  for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
    const a = ours[i] ?? {};
    const b = theirs[i] ?? {};
    tally.objects++;
    let equal = true;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (k.startsWith('nlts_')) continue;
      tally.keys++;
      if (JSON.stringify(a[k]) === JSON.stringify(b[k])) { tally.keysEqual++; continue; }
      equal = false;
      tally.differences.push(`${what} #${i} ${k}: ours ${JSON.stringify(a[k])}, ip ${JSON.stringify(b[k])}`);
    }
    if (equal) tally.objectsEqual++;
  }
}

liveTest('nlts -j lists what ip -j lists: the same keys and values, object by object', async (t, env) => {
  const ns = env.netns('cli-json');
  build(ns, env.netns('cli-json-peer'));
  await settle(ns);
  const tally: Tally = { objects: 0, objectsEqual: 0, keys: 0, keysEqual: 0, differences: [] };
  const pairs: Array<[string[], string[]]> = [
    [['link', 'show'], ['link']],
    [['link', 'show', 'dev', 'v1'], ['link', 'show', 'v1']],
    [['addr', 'show'], ['addr']],
    [['-4', 'addr', 'show'], ['-4', 'addr']],
    [['-6', 'addr', 'show'], ['-6', 'addr']],
    [['addr', 'show', 'dev', 'v0'], ['addr', 'show', 'dev', 'v0']],
    [['route', 'show'], ['route']],
    [['route', 'show', 'table', 'all'], ['route', '--table', 'all']],
    [['-4', 'route', 'show', 'table', 'all'], ['-4', 'route', '--table', 'all']],
    [['route', 'show', 'table', 'local'], ['route', '--table', 'local']],
    [['route', 'show', 'table', '100'], ['route', '--table', '100']],
    [['route', 'show', 'table', '70000'], ['route', '--table', '70000']],
    [['-6', 'route', 'show'], ['-6', 'route']],
    [['-6', 'route', 'show', 'table', 'all'], ['-6', 'route', '--table', 'all']],
    [['route', 'get', '10.50.1.1'], ['route', 'get', '10.50.1.1']],
    [['route', 'get', '10.40.1.1'], ['route', 'get', '10.40.1.1']],
    [['route', 'get', '127.0.0.1'], ['route', 'get', '127.0.0.1']],
    [['route', 'get', '2001:db8:5::1'], ['route', 'get', '2001:db8:5::1']],
    [['rule', 'show'], ['rule']],
    [['-6', 'rule', 'show'], ['-6', 'rule']],
    [['neigh', 'show'], ['neigh']],
    [['neigh', 'show', 'dev', 'v0'], ['neigh', 'show', 'dev', 'v0']],
    [['nexthop', 'show'], ['nexthop']],
  ];
  for (const [theirs, ours] of pairs) compare(tally, `ip -j ${theirs.join(' ')}`, nltsJson(ns, ...ours), ipJson(ns, ...theirs));
  t.log(`${pairs.length} listings: ${tally.objectsEqual}/${tally.objects} objects equal, ${tally.keysEqual}/${tally.keys} keys equal`);
  for (const d of tally.differences) t.log(d);
  t.deepEqual(tally.differences, []);
  t.true(tally.objects > 150, `${tally.objects} objects compared`);
});

liveTest('nlts -j monitor: one object per line, as the listing prints it, with "deleted" and what it is', async (t, env) => {
  const ns = env.netns('cli-jmon');
  execFileSync(IP, ['-n', ns, '-batch', '-'], { input: 'link add v0 type veth peer name v1\nlink set v1 up\n' });
  const child = spawn(process.execPath, [CLI, '-n', ns, '-j', 'monitor', 'link', 'address', 'route'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  await new Promise((r) => setTimeout(r, 1500));
  execFileSync(IP, ['-n', ns, '-batch', '-'], { input: 'link set v0 up\naddr add 10.5.0.1/24 dev v0\nroute add 10.6.0.0/16 via 10.5.0.9\nroute del 10.6.0.0/16\n' });
  await new Promise((r) => setTimeout(r, 1500));
  child.kill('SIGINT');
  await new Promise((r) => child.on('exit', r));
  const events = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Obj);
  const routes = events.filter((e) => e.nlts_object === 'route' && e.dst === '10.6.0.0/16');
  t.deepEqual(routes, [
    { nlts_object: 'route', dst: '10.6.0.0/16', gateway: '10.5.0.9', dev: 'v0', flags: [] },
    { nlts_object: 'route', deleted: true, dst: '10.6.0.0/16', gateway: '10.5.0.9', dev: 'v0', flags: [] },
  ]);
  const address = events.find((e) => e.nlts_object === 'address' && (e.addr_info as Obj[])[0]!.local === '10.5.0.1')!;
  t.is(address.ifname, 'v0');
  t.deepEqual(Object.keys(address), ['nlts_object', 'ifindex', 'ifname', 'addr_info']);
  const link = events.find((e) => e.nlts_object === 'link' && e.ifname === 'v0')!;
  const listed = (JSON.parse(execFileSync(IP, ['-n', ns, '-j', 'link', 'show', 'dev', 'v1'], { encoding: 'utf8' })) as Obj[])[0]!;
  t.deepEqual(Object.keys(link).filter((k) => k !== 'nlts_object').sort(), Object.keys(listed).sort());
  for (const e of events) t.false(JSON.stringify(e).includes('"unknown"'), 'no raw attributes by default');
});

test('models with attributes nlts does not name print no raw bytes in JSON', (t) => {
  const unknown = [{ type: 99, nested: false, netByteOrder: false, value: Buffer.from('abcd', 'hex') }];
  const route = routeIpJson({ family: 'inet', table: 254, dst: '10.0.0.0/8', tos: 0, protocol: 'static', scope: 'global', type: 'unicast', flags: [], oif: 2, unknown }, new Map([[2, 'eth0']]));
  t.deepEqual(route, { dst: '10.0.0.0/8', dev: 'eth0', protocol: 'static', flags: [] });
  const rule = ruleIpJson({ family: 'inet', priority: 5, table: 254, action: 'to_tbl', tos: 0, not: false, flags: [], unknown });
  t.deepEqual(rule, { priority: 5, src: 'all', table: 'main' });
});

liveTest('conntrack -L -o json --by-zone prints only JSON; -E -o json carries the event type and a timestamp', async (t, env) => {
  const ns = env.netns('cli-ctjson');
  const ct = await Conntrack.open({ netns: ns });
  const flow = (sport: number, zone?: number) => ({ original: { src: '10.70.0.9', dst: '192.0.2.9', protocol: 17, sport, dport: 53 }, timeout: 300, ...(zone !== undefined ? { zone } : {}) });
  try {
    for (let i = 0; i < 3; i++) await ct.create(flow(1000 + i));
    for (let i = 0; i < 2; i++) await ct.create(flow(2000 + i, 7));
    const out = execFileSync(process.execPath, [CLI, '-n', ns, 'conntrack', '-L', '-o', 'json', '--by-zone'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const zones = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { zone: number; count: number; flows: Array<{ zone?: number }> });
    t.deepEqual(zones.map((z) => [z.zone, z.count, z.flows.length]), [[0, 3, 3], [7, 2, 2]]);
    t.true(zones[1]!.flows.every((f) => f.zone === 7));

    const child = spawn(process.execPath, [CLI, '-n', ns, 'conntrack', '-E', '-o', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
    await new Promise((r) => setTimeout(r, 1500));
    const before = Date.now() / 1000;
    await ct.create(flow(3000));
    await ct.update({ original: flow(3000).original, mark: 5 });
    await ct.delete({ original: flow(3000).original });
    await new Promise((r) => setTimeout(r, 1000));
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
    const events = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; timestamp: number; mark?: number });
    t.deepEqual(events.map((e) => e.event), ['NEW', 'UPDATE', 'DESTROY']);
    // Stamped when nlts received the event: after the change was made, before the listener was stopped.
    const stopped = Date.now() / 1000;
    for (const e of events) t.true(e.timestamp >= before - 0.01 && e.timestamp <= stopped + 0.01, `timestamp ${e.timestamp} in [${before}, ${stopped}]`);
    t.true(events[0]!.timestamp <= events[2]!.timestamp);
  } finally {
    ct.close();
  }
});
