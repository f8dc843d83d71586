// `nlts link|addr|rule|route` against ip, live, in a namespace of the test's own: the text listings line for
// line (ip's trailing spaces aside), the JSON arrays against `ip -j` field by field, and bad arguments.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import { withNetns } from '../src/netlink/index.js';
import { liveTest } from './helpers/live.js';
import { CLI } from './helpers/cli.js';
import { ipLines } from './helpers/ip.js';

const run = promisify(execFile);


async function nlts(ns: string, ...args: string[]): Promise<string[]> {
  const { stdout } = await run(process.execPath, [CLI, ...args, '--netns', ns], { maxBuffer: 1 << 26 });
  return stdout.split('\n').filter(Boolean);
}

/**
 * A namespace with links (one veth's peer in the namespace `peerNs`, which ip and nlts then name by its
 * namespace id), IPv4 and IPv6 addresses, rules and routes in several tables: every shape ip prints.
 */
function build(ns: string, peerNs: string): void {
  // No duplicate address detection: a "tentative" flag would come and go between the two listings.
  withNetns(ns, () => fs.writeFileSync('/proc/sys/net/ipv6/conf/default/accept_dad', '0'));
  const ip = (...args: string[]): void => { execFileSync('ip', ['-n', ns, ...args]); };
  ip('link', 'set', 'lo', 'up');
  ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  ip('link', 'set', 'v0', 'up');
  ip('link', 'set', 'v1', 'up', 'mtu', '1400');
  ip('link', 'add', 'br0', 'type', 'bridge');
  ip('link', 'add', 'far0', 'type', 'veth', 'peer', 'name', 'far1', 'netns', peerNs);
  ip('addr', 'add', '10.10.1.2/24', 'dev', 'v0');
  ip('addr', 'add', '10.10.1.3/24', 'dev', 'v0', 'label', 'v0:1');
  ip('addr', 'add', '10.99.0.1', 'peer', '10.99.0.2/32', 'dev', 'v1');
  ip('-6', 'addr', 'add', '2001:db8::2/64', 'dev', 'v0');
  ip('route', 'add', 'default', 'via', '10.10.1.1', 'dev', 'v0');
  ip('route', 'add', '10.20.0.0/16', 'via', '10.10.1.1', 'table', '100');
  ip('route', 'add', 'blackhole', '10.30.0.0/16', 'table', '101');
  ip('route', 'add', 'unreachable', '10.31.0.0/16', 'table', '70000');
  ip('route', 'add', '192.0.2.0/24', 'dev', 'v0', 'metric', '50', 'proto', 'static', 'src', '10.10.1.2');
  ip('route', 'add', '10.40.0.0/16', 'dev', 'v0', 'mtu', '1300', 'advmss', '1200');
  ip('route', 'add', '10.50.0.0/16', 'nexthop', 'via', '10.10.1.1', 'dev', 'v0', 'weight', '2', 'nexthop', 'via', '10.10.1.4', 'dev', 'v0');
  ip('-6', 'route', 'add', '2001:db8:5::/64', 'dev', 'v0', 'mtu', '1400');
  ip('-6', 'route', 'add', '2001:db8:6::/64', 'via', '2001:db8::1', 'dev', 'v0', 'metric', '7', 'table', '100');
  ip('rule', 'add', 'from', '10.10.1.0/24', 'iif', 'v0', 'table', '100', 'pref', '100');
  ip('rule', 'add', 'fwmark', '0x1/0xff', 'lookup', '101', 'pref', '110');
  ip('rule', 'add', 'to', '10.31.0.0/16', 'lookup', '70000', 'pref', '120');
  ip('rule', 'add', 'ipproto', 'tcp', 'dport', '80-90', 'prohibit', 'pref', '130');
  ip('-6', 'rule', 'add', 'from', '2001:db8::/64', 'table', '100', 'pref', '140');
}

liveTest('nlts link, addr, rule and route print what ip prints (text)', async (t, env) => {
  const ns = env.netns('cli-ip');
  build(ns, env.netns('cli-ip-peer'));
  const pairs: Array<[string[], string[]]> = [
    [['route', 'show'], ['route']],
    [['-4', 'route', 'show', 'table', 'all'], ['route', '-4', '--table', 'all']],
    [['-6', 'route', 'show'], ['route', '-6']],
    [['-6', 'route', 'show', 'table', 'all'], ['route', '-6', '--table', 'all']],
    [['route', 'show', 'table', 'all'], ['route', '--table', 'all']],
    [['route', 'show', 'table', '100'], ['route', '--table', '100']],
    [['route', 'show', 'table', '70000'], ['route', '--table', '70000']],
    [['route', 'get', '10.50.1.1'], ['route', 'get', '10.50.1.1']],
    [['route', 'get', '10.40.1.1'], ['route', 'get', '10.40.1.1']],
    [['route', 'get', '127.0.0.1'], ['route', 'get', '127.0.0.1']],
    [['route', 'get', '10.10.1.255'], ['route', 'get', '10.10.1.255']],
    [['route', 'get', '2001:db8::7'], ['route', 'get', '2001:db8::7']],
    [['rule', 'show'], ['rule']],
    [['-6', 'rule', 'show'], ['rule', '-6']],
    [['-o', 'link', 'show'], ['link']],
    [['-o', 'addr', 'show'], ['addr']],
    [['-o', '-4', 'addr', 'show'], ['addr', '-4']],
    [['-o', 'addr', 'show', 'dev', 'v0'], ['addr', 'show', 'dev', 'v0']],
  ];
  for (const [theirs, ours] of pairs) t.deepEqual(await nlts(ns, ...ours), ipLines(ns, ...theirs), `ip ${theirs.join(' ')}`);
});

// --json against ip -j, key by key: test/cli-json.test.ts.

liveTest('rtnetlink commands: bad arguments exit 2 with the usage, unknown names and tables exit 1', async (t, env) => {
  const ns = env.netns('cli-bad');
  const status = async (...args: string[]): Promise<{ code: number; stderr: string }> =>
    run(process.execPath, [CLI, ...args, '--netns', ns]).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));
  for (const args of [['route', '--table', 'nope'], ['route', '-4', '-6'], ['route', 'get'], ['route', 'frob'], ['rule', 'add'], ['link', '--bogus'], ['addr', 'show', 'dev', 'a', 'b']]) {
    const r = await status(...args);
    t.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    t.regex(r.stderr, /usage|invalid|unknown|needs|exclude|unexpected/i, args.join(' '));
  }
  const missing = await status('addr', 'show', 'dev', 'nosuchlink0');
  t.is(missing.code, 1, missing.stderr);
});
