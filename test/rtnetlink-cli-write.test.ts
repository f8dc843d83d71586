// The write verbs of `nlts link|addr|route|rule`, against ip, live: the same words applied by ip in one
// namespace and by nlts in a twin must leave the two namespaces in the same state, listing for listing.
// Kernel refusals exit 1 with the kernel's extended-ACK text and change nothing; bad words exit 2.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import { withNetns } from '../src/netlink/index.js';
import { liveTest } from './helpers/live.js';
import { CLI } from './helpers/cli.js';
import { ipLines } from './helpers/ip.js';

const run = promisify(execFile);

/** Every command of the scenario as ip's words; nlts takes the same words (a leading -4/-6 goes after the command name). */
const SCRIPT: string[][] = [
  ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1'],
  ['link', 'add', 'br0', 'type', 'bridge'],
  ['link', 'add', 'd0', 'mtu', '1400', 'type', 'veth', 'peer', 'name', 'd0p'],
  ['link', 'set', 'v0', 'up'],
  ['link', 'set', 'dev', 'v1', 'up', 'mtu', '1450'],
  ['link', 'set', 'd0', 'master', 'br0'],
  ['link', 'set', 'd0', 'name', 'd1'],
  ['link', 'set', 'd1', 'nomaster'],
  ['addr', 'add', '10.10.1.2/24', 'dev', 'v0'],
  ['addr', 'add', '10.10.1.3/24', 'dev', 'v0', 'label', 'v0:1'],
  ['addr', 'add', '10.10.1.4/24', 'dev', 'v0'],
  ['addr', 'add', '10.99.0.1', 'peer', '10.99.0.2/32', 'dev', 'v1'],
  ['addr', 'add', '2001:db8::2/64', 'dev', 'v0', 'nodad'],
  ['addr', 'del', '10.10.1.4/24', 'dev', 'v0'],
  ['route', 'add', 'default', 'via', '10.10.1.1', 'dev', 'v0'],
  ['route', 'add', '10.20.0.0/16', 'via', '10.10.1.1', 'table', '100'],
  ['route', 'add', 'blackhole', '10.30.0.0/16', 'table', '101'],
  ['route', 'add', 'unreachable', '10.31.0.0/16', 'table', '70000'],
  ['route', 'add', '192.0.2.0/24', 'dev', 'v0', 'metric', '50', 'proto', 'static', 'src', '10.10.1.2'],
  ['route', 'add', '198.51.100.0/24', 'dev', 'v0'],
  ['route', 'add', '10.40.0.0/16', 'dev', 'v0', 'mtu', '1300', 'advmss', '1200'],
  ['route', 'replace', '10.40.0.0/16', 'dev', 'v0', 'mtu', '1200'],
  ['route', 'add', '10.50.0.0/16', 'nexthop', 'via', '10.10.1.1', 'dev', 'v0', 'weight', '2', 'nexthop', 'via', '10.10.1.5', 'dev', 'v0'],
  ['route', 'add', '2001:db8:6::/64', 'via', '2001:db8::1', 'dev', 'v0', 'metric', '7', 'table', '100'],
  ['route', 'del', '198.51.100.0/24', 'dev', 'v0'],
  ['rule', 'add', 'from', '10.10.1.0/24', 'iif', 'v0', 'table', '100', 'pref', '100'],
  ['rule', 'add', 'fwmark', '0x1/0xff', 'lookup', '101', 'pref', '110'],
  ['rule', 'add', 'to', '10.31.0.0/16', 'lookup', '70000', 'pref', '120'],
  ['rule', 'add', 'ipproto', 'tcp', 'dport', '80-90', 'prohibit', 'pref', '130'],
  ['rule', 'add', 'not', 'from', '10.0.0.0/8', 'goto', '32766', 'pref', '135'],
  ['-6', 'rule', 'add', 'from', '2001:db8::/64', 'table', '100', 'pref', '140'],
  ['rule', 'add', 'fwmark', '0x7', 'table', '100', 'pref', '150'],
  ['rule', 'del', 'fwmark', '0x7', 'table', '100', 'pref', '150'],
];

/** The listings that make up a namespace's state, with what differs between any two namespaces masked: MAC addresses and what derives from them. */
function state(ns: string): string[] {
  const ip = (...args: string[]): string[] => execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return [
    ...ip('-o', 'link').map((l) => l.replace(/link\/ether \S+ brd \S+/, 'link/ether MAC')),
    ...ip('-o', 'addr').filter((l) => !l.includes('fe80::')),
    ...ip('-4', 'route', 'show', 'table', 'all'),
    ...ip('-6', 'route', 'show', 'table', 'all').filter((l) => !l.includes('fe80::')),
    ...ip('rule'), ...ip('-6', 'rule'),
  ];
}

function prepare(ns: string): void {
  withNetns(ns, () => fs.writeFileSync('/proc/sys/net/ipv6/conf/default/accept_dad', '0'));
  execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
}

const nlts = (ns: string, words: string[]): Promise<{ code: number; stderr: string }> =>
  run(process.execPath, [CLI, ...words, '--netns', ns]).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));

liveTest('link, addr, route and rule writes: the same words through ip and through nlts leave the same state', async (t, env) => {
  const byIp = env.netns('w-ip');
  const byUs = env.netns('w-nlts');
  prepare(byIp);
  prepare(byUs);
  for (const words of SCRIPT) {
    execFileSync('ip', ['-n', byIp, ...words]);
    const r = await nlts(byUs, words[0] === '-6' ? [...words.slice(1), '-6'] : words);
    t.is(r.code, 0, `nlts ${words.join(' ')}: ${r.stderr}`);
  }
  const [theirs, ours] = [state(byIp), state(byUs)];
  t.true(theirs.length > 30, theirs.join('\n'));
  t.deepEqual(ours, theirs);
});

liveTest('link set netns and veth peers created in another namespace', async (t, env) => {
  const here = env.netns('w-here');
  const there = env.netns('w-there');
  t.is((await nlts(here, ['link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'a1', 'netns', there])).code, 0);
  t.is((await nlts(here, ['link', 'add', 'b0', 'type', 'veth', 'peer', 'name', 'b1'])).code, 0);
  t.is((await nlts(here, ['link', 'set', 'b1', 'netns', there])).code, 0);
  const names = (ns: string): string[] => (JSON.parse(execFileSync('ip', ['-n', ns, '-j', 'link'], { encoding: 'utf8' })) as Array<{ ifname: string }>).map((l) => l.ifname).sort();
  t.deepEqual(names(here), ['a0', 'b0', 'lo']);
  t.deepEqual(names(there), ['a1', 'b1', 'lo']);
  t.is((await nlts(here, ['link', 'del', 'a0'])).code, 0);
  t.deepEqual(names(there), ['b1', 'lo']); // deleting one end of a veth deletes the other
});

liveTest('writes the kernel refuses exit 1 with its message and change nothing; bad words exit 2', async (t, env) => {
  const ns = env.netns('w-err');
  prepare(ns);
  for (const words of SCRIPT.slice(0, 16)) execFileSync('ip', ['-n', ns, ...words]);
  const before = state(ns);
  const refused: Array<[string[], RegExp]> = [
    [['route', 'add', '203.0.113.0/24', 'via', '192.0.2.99'], /ENETUNREACH|Nexthop has invalid gateway/],
    [['addr', 'add', '10.10.1.2/24', 'dev', 'v0'], /EEXIST/],
    [['link', 'add', 'v0', 'type', 'bridge'], /EEXIST/],
    [['route', 'del', '203.0.113.0/24'], /ESRCH/],
    [['rule', 'del', 'pref', '999', 'table', '5'], /ENOENT/],
    [['link', 'set', 'nosuch0', 'up'], /ENODEV/],
  ];
  for (const [words, message] of refused) {
    const r = await nlts(ns, words);
    t.is(r.code, 1, `${words.join(' ')}: ${r.stderr}`);
    t.regex(r.stderr, message, words.join(' '));
  }
  const bad: string[][] = [
    ['route', 'add'], ['route', 'add', '10.0.0.0/8', 'via'], ['route', 'add', '10.0.0.0/8', 'frobnicate', '1'], ['route', 'add', '10.0.0.0/33'],
    ['addr', 'add', '10.0.0.1/24'], ['addr', 'add', 'dev', 'v0'], ['link', 'add', 'x0'], ['link', 'add', 'x0', 'type', 'veth'],
    ['link', 'add', 'a-name-longer-than-15', 'type', 'bridge'], ['link', 'set', 'v0'], ['rule', 'add', 'sport', 'x'], ['rule', 'add', 'ipproto', 'nosuch'],
    ['rule', 'add', 'table', '1', 'goto', '5'], ['link', 'del'],
  ];
  for (const words of bad) {
    const r = await nlts(ns, words);
    t.is(r.code, 2, `${words.join(' ')}: ${r.stderr}`);
  }
  t.deepEqual(state(ns), before);
});

liveTest('neighbours: nlts neigh writes what ip neigh writes, and lists what ip neigh lists', async (t, env) => {
  const byIp = env.netns('n-ip');
  const byUs = env.netns('n-nlts');
  const script: string[][] = [
    ['neigh', 'add', '10.10.1.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0'],
    ['neigh', 'add', '10.10.1.10', 'lladdr', '02:00:00:00:00:0a', 'dev', 'v0', 'nud', 'stale'],
    ['neigh', 'replace', '10.10.1.10', 'lladdr', '02:00:00:00:00:0b', 'dev', 'v0', 'nud', 'reachable'],
    ['neigh', 'add', '10.10.1.11', 'lladdr', '02:00:00:00:00:0c', 'dev', 'v1', 'nud', 'noarp'],
    ['neigh', 'add', '2001:db8::9', 'lladdr', '02:00:00:00:00:0d', 'dev', 'v0', 'router'],
    ['neigh', 'add', '10.10.1.12', 'lladdr', '02:00:00:00:00:0e', 'dev', 'v0'],
    ['neigh', 'del', '10.10.1.12', 'dev', 'v0'],
  ];
  for (const ns of [byIp, byUs]) {
    prepare(ns);
    for (const words of SCRIPT.slice(0, 5)) execFileSync('ip', ['-n', ns, ...words]); // the two veths, up
  }
  for (const words of script) {
    execFileSync('ip', ['-n', byIp, ...words]);
    const r = await nlts(byUs, words);
    t.is(r.code, 0, `nlts ${words.join(' ')}: ${r.stderr}`);
  }
  const ipNeigh = (ns: string, ...args: string[]): string[] => ipLines(ns, 'neigh', 'show', ...args);
  const lines = async (ns: string, ...args: string[]): Promise<string[]> =>
    (await run(process.execPath, [CLI, 'neigh', 'show', ...args, '--netns', ns])).stdout.split('\n').filter(Boolean);
  // Same state both ways (sorted: each namespace's neighbour hash has its own order), and our listing equals
  // ip's line for line in the same namespace (NOARP hidden; dev left out when listing one link).
  // REACHABLE decays to STALE after the kernel's randomised reachable time (15-45 s), which a loaded
  // machine can reach between the two namespaces' writes: those two states compare as one.
  const sorted = (xs: string[]): string[] => xs.map((l) => l.replace(/ (REACHABLE|STALE)$/, ' REACHABLE|STALE')).sort();
  t.deepEqual(sorted(ipNeigh(byUs)), sorted(ipNeigh(byIp)));
  t.true(ipNeigh(byIp).length >= 3, ipNeigh(byIp).join('\n'));
  t.deepEqual(await lines(byUs), ipNeigh(byUs));
  t.deepEqual(await lines(byUs, 'dev', 'v0'), ipNeigh(byUs, 'dev', 'v0'));
  t.deepEqual(await lines(byUs, '-6'), ipLines(byUs, '-6', 'neigh', 'show'));
  // JSON: every entry ip -j knows, by address, with its lladdr.
  const ours = JSON.parse((await run(process.execPath, [CLI, 'neigh', '--json', '--netns', byUs])).stdout) as Array<{ dst: string; lladdr?: string }>;
  const theirs = JSON.parse(execFileSync('ip', ['-n', byUs, '-j', 'neigh', 'show'], { encoding: 'utf8' })) as Array<{ dst: string; lladdr?: string }>;
  t.deepEqual(ours.map((n) => `${n.dst} ${n.lladdr}`).sort(), theirs.map((n) => `${n.dst} ${n.lladdr}`).sort());
  // Refusals and bad words.
  t.is((await nlts(byUs, ['neigh', 'add', '10.10.1.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0'])).code, 1); // EEXIST
  t.is((await nlts(byUs, ['neigh', 'del', '10.10.1.99', 'dev', 'v0'])).code, 1); // ENOENT
  for (const bad of [['neigh', 'add', '10.10.1.1'], ['neigh', 'add', 'dev', 'v0'], ['neigh', 'add', '10.1.1.1', 'dev', 'v0', 'nud', 'sleepy'], ['neigh', 'add', '10.1.1.1', 'lladdr', 'zz', 'dev', 'v0']]) {
    t.is((await nlts(byUs, bad)).code, 2, bad.join(' '));
  }
  t.deepEqual(sorted(ipNeigh(byUs)), sorted(ipNeigh(byIp)), 'refused commands changed nothing');
});

liveTest('nexthop objects: nlts nexthop writes what ip nexthop writes, lists what it lists, and routes use them by id', async (t, env) => {
  const byIp = env.netns('nh-ip');
  const byUs = env.netns('nh-nlts');
  const script: string[][] = [
    ['nexthop', 'add', 'id', '1', 'via', '10.10.1.1', 'dev', 'v0'],
    ['nexthop', 'add', 'id', '2', 'blackhole'],
    ['nexthop', 'add', 'id', '3', 'via', '10.10.1.3', 'dev', 'v0', 'onlink'],
    ['nexthop', 'add', 'id', '4', 'dev', 'v1'],
    ['nexthop', 'add', 'id', '5', 'via', '2001:db8::1', 'dev', 'v0'],
    ['nexthop', 'add', 'id', '6', 'via', '10.10.1.6', 'dev', 'v0', 'proto', 'static'],
    ['nexthop', 'add', 'id', '10', 'group', '1,2/3'],
    ['nexthop', 'add', 'id', '11', 'group', '1/3', 'type', 'resilient', 'buckets', '8'],
    ['nexthop', 'replace', 'id', '6', 'via', '10.10.1.7', 'dev', 'v0'],
    ['route', 'add', '203.0.113.0/24', 'nhid', '10'],
    ['route', 'add', '198.51.100.0/24', 'nhid', '1', 'table', '100'],
    ['nexthop', 'add', 'id', '12', 'via', '10.10.1.12', 'dev', 'v0'],
    ['nexthop', 'del', 'id', '12'],
  ];
  for (const ns of [byIp, byUs]) {
    prepare(ns);
    for (const words of SCRIPT.slice(0, 5)) execFileSync('ip', ['-n', ns, ...words]); // the two veths, up
    execFileSync('ip', ['-n', ns, 'addr', 'add', '10.10.1.2/24', 'dev', 'v0']);
    execFileSync('ip', ['-n', ns, '-6', 'addr', 'add', '2001:db8::2/64', 'dev', 'v0']);
  }
  for (const words of script) {
    execFileSync('ip', ['-n', byIp, ...words]);
    const r = await nlts(byUs, words);
    t.is(r.code, 0, `nlts ${words.join(' ')}: ${r.stderr}`);
  }
  const ip = ipLines;
  const ours = async (...args: string[]): Promise<string[]> => (await run(process.execPath, [CLI, ...args, '--netns', byUs])).stdout.split('\n').filter(Boolean);
  t.deepEqual(ip(byUs, 'nexthop', 'show'), ip(byIp, 'nexthop', 'show'));
  const routes = (ns: string): string[] => ip(ns, 'route', 'show', 'table', 'all').filter((l) => !l.includes('fe80::')); // link-local: from the MACs
  t.deepEqual(routes(byUs), routes(byIp));
  t.true(ip(byIp, 'nexthop', 'show').length >= 7);
  t.deepEqual(await ours('nexthop'), ip(byUs, 'nexthop', 'show'));
  t.deepEqual(await ours('nexthop', 'show', 'dev', 'v0'), ip(byUs, 'nexthop', 'show', 'dev', 'v0'));
  t.deepEqual(await ours('nexthop', 'show', 'groups'), ip(byUs, 'nexthop', 'show', 'groups'));
  t.deepEqual(await ours('route'), ip(byUs, 'route', 'show'));
  t.deepEqual(await ours('route', '--table', '100'), ip(byUs, 'route', 'show', 'table', '100'));
  const json = JSON.parse((await run(process.execPath, [CLI, 'nexthop', '--json', '--netns', byUs])).stdout) as Array<{ id: number }>;
  t.deepEqual(json.map((n) => n.id), (JSON.parse(execFileSync('ip', ['-n', byUs, '-j', 'nexthop', 'show'], { encoding: 'utf8' })) as Array<{ id: number }>).map((n) => n.id));
  // Refusals (exit 1) and bad words (exit 2) change nothing.
  const before = ip(byUs, 'nexthop', 'show');
  for (const [words, code] of [
    [['nexthop', 'add', 'id', '1', 'blackhole'], 1], [['nexthop', 'del', 'id', '99'], 1], [['nexthop', 'add', 'id', '20', 'group', '1/99'], 1],
    [['nexthop', 'add', 'blackhole'], 2], [['nexthop', 'add', 'id', '0', 'blackhole'], 2], [['nexthop', 'add', 'id', '21', 'group', '1,x'], 2],
    [['nexthop', 'add', 'id', '22', 'via', '10.10.1.1', 'blackhole'], 2], [['nexthop', 'del', 'id', '1', 'blackhole'], 2], [['nexthop', 'add', 'id', '23'], 2],
  ] as Array<[string[], number]>) {
    const r = await nlts(byUs, words);
    t.is(r.code, code, `${words.join(' ')}: ${r.stderr}`);
  }
  t.deepEqual(ip(byUs, 'nexthop', 'show'), before);
});
