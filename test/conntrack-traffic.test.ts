// conntrack -L against conntrack-tools on entries that real traffic made, with accounting and timestamps on:
// packets= and bytes= in both directions, [ASSURED], TCP states after a close, IPv6, and delta-time.
// The entries of conntrack-live.test.ts are created over netlink and carry none of these.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { startInNetns, withNetns } from '../src/netlink/index.js';
import { liveTest } from './helpers/live.js';
import { lines, nlts, tool } from './helpers/conntrack-cli.js';

/** Writes a net.netfilter sysctl of namespace `ns` (/proc/sys/net shows the namespace of the thread that opens it). */
function netfilterSysctl(ns: string, name: string, value: string): void {
  withNetns(ns, () => fs.writeFileSync(`/proc/sys/net/netfilter/${name}`, value));
}

liveTest('conntrack -L equals conntrack-tools on entries from real traffic, with counters and timestamps', async (t, env) => {
  const ns = env.netns('ct-traffic');
  execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  netfilterSysctl(ns, 'nf_conntrack_acct', '1');
  netfilterSysctl(ns, 'nf_conntrack_timestamp', '1');
  // Connection tracking starts in a namespace once something needs it: a rule that matches on ct state.
  execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], {
    input: 'table inet t {\n  chain out {\n    type filter hook output priority 0;\n    ct state new counter\n  }\n}\n',
  });
  const w = startInNetns<{ udp4: number; udp6: number; tcp4: string; tcp6: string }>(ns, new URL('./helpers/ct-traffic.js', import.meta.url), 'traffic');
  const sent = await w.result;
  await w.stop();
  t.deepEqual(sent, { udp4: 3, udp6: 2, tcp4: 'hello', tcp6: 'hello' });

  const theirs = await tool(ns, '-L');
  t.regex(theirs.stdout, /packets=\d+ bytes=\d+/, 'conntrack-tools shows counters, so the sysctl took effect');
  t.true(lines(theirs.stdout).length >= 4, theirs.stdout);
  for (const args of [['-L'], ['-L', '-o', 'extended'], ['-L', '-o', 'id'], ['-L', '-f', 'ipv6'], ['-L', '-p', 'tcp'], ['-L', '-o', 'ktimestamp']]) {
    const [a, b] = await Promise.all([tool(ns, ...args), nlts(ns, ...args)]);
    t.is(b.code, a.code, `${args.join(' ')}: ${b.stderr}`);
    t.deepEqual(lines(b.stdout, args.includes('extended')), lines(a.stdout, args.includes('extended')), args.join(' '));
    t.is(b.stderr, a.stderr, args.join(' '));
  }
});
