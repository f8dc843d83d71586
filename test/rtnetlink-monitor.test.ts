// `nlts monitor` against `ip -o monitor`, live: both listen in a namespace of the test's while ip changes
// routes, rules, neighbours and nexthops there; for those events their lines must be the same, in order.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { withNetns } from '../src/netlink/index.js';
import { liveTest } from './helpers/live.js';
import { CLI } from './helpers/cli.js';
import { listen, sleep, until } from './helpers/listen.js';

liveTest('nlts monitor prints route, rule, neighbour and nexthop events as ip -o monitor does, then exits 0 on SIGINT', async (t, env) => {
  const ns = env.netns('mon');
  const ip = (...args: string[]): void => { execFileSync('ip', ['-n', ns, ...args]); };
  withNetns(ns, () => fs.writeFileSync('/proc/sys/net/ipv6/conf/default/accept_dad', '0'));
  ip('link', 'set', 'lo', 'up');
  ip('link', 'add', 'm0', 'type', 'veth', 'peer', 'name', 'm1');
  ip('link', 'set', 'm0', 'up');
  ip('link', 'set', 'm1', 'up');
  ip('addr', 'add', '10.77.0.1/24', 'dev', 'm0');
  await sleep(200); // let the set-up's own events pass before anyone listens

  const ours = listen('nlts monitor', process.execPath, [CLI, 'monitor', 'route', 'rule', 'neigh', 'nexthop', '--netns', ns]);
  const theirs = listen('ip -o monitor', 'ip', ['-n', ns, '-o', 'monitor', 'route', 'rule', 'neigh', 'nexthop']);
  const marker = (n: number): string => `blackhole 192.0.2.${n} table 200`;
  try {
    // Subscribing takes each listener a moment: markers until both have shown the same one.
    let start = -1;
    for (let n = 1; n < 60 && start < 0; n++) {
      ip('route', 'add', 'blackhole', `192.0.2.${n}`, 'table', '200');
      if (await until(() => [ours, theirs].every((l) => l.out.includes(marker(n))), 400)) start = n;
    }
    t.true(start > 0, `listeners did not come up: ${ours.err} ${theirs.err}`);
    ip('route', 'add', '10.78.0.0/16', 'via', '10.77.0.2', 'table', '100');
    ip('route', 'add', '10.79.0.0/16', 'dev', 'm0', 'metric', '20');
    ip('rule', 'add', 'from', '10.77.0.0/24', 'table', '100', 'pref', '100');
    ip('neigh', 'add', '10.77.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'm0');
    ip('nexthop', 'add', 'id', '5', 'via', '10.77.0.2', 'dev', 'm0');
    ip('route', 'del', '10.78.0.0/16', 'via', '10.77.0.2', 'table', '100');
    ip('neigh', 'del', '10.77.0.9', 'dev', 'm0');
    ip('rule', 'del', 'pref', '100');
    ip('nexthop', 'del', 'id', '5');
    ip('route', 'add', 'blackhole', '192.0.2.250', 'table', '200');
    t.true(await until(() => [ours, theirs].every((l) => l.out.includes(marker(250))), 5000), 'end marker seen by both');
    await sleep(100);
  } finally {
    for (const l of [ours, theirs]) l.child.kill('SIGINT');
  }
  const [ourCode] = await Promise.all([ours.exited, theirs.exited]);
  t.is(ourCode, 0, ours.err);
  // From after the start marker both saw to the end marker; ip ends its lines with a space.
  const between = (out: string): string[] => {
    const lines = out.split('\n').map((l) => l.replace(/ +$/, ''));
    const from = lines.reduce((acc, l, i) => (/^blackhole 192\.0\.2\.\d+ table 200$/.test(l) && !l.includes('.250 ') ? i : acc), -1);
    const to = lines.findIndex((l) => l === marker(250));
    return lines.slice(from + 1, to + 1);
  };
  const [a, b] = [between(theirs.out), between(ours.out)];
  t.true(a.length >= 10, a.join('\n'));
  t.deepEqual(b, a);
  t.true(a.some((l) => l.startsWith('Deleted ')) && a.some((l) => l.startsWith('id 5 ')), a.join('\n'));
});

liveTest('nlts monitor refuses an unknown object with exit 2', async (t, env) => {
  const r = listen('bad', process.execPath, [CLI, 'monitor', 'frobs', '--netns', env.netns('mon-bad')]);
  t.is(await r.exited, 2);
  t.regex(r.err, /unknown object 'frobs'/);
});
