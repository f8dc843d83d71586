// Ownership, live: objects the topology did not create (a namespace with the user's link, a default route
// in the topology's table, a rule at its priority, a `table ip filter` with a drop policy under the spec's
// table name) are reported by plan, refused by up with exit 1 and left exactly as they were; down after the
// refusal exits 0 and touches nothing; up --adopt takes them over and down gives them back. Everything is
// compared as whole snapshots of the host and of the user's namespace, read by our code and checked
// against ip and nft.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { liveTest } from './helpers/live.js';
import { snapshot } from './helpers/state.js';
import { world } from './helpers/topology-world.js';
import { nft } from './helpers/nftables.js';

const run = promisify(execFile);
const ip = async (...args: string[]): Promise<string> => (await run('/usr/sbin/ip', args)).stdout;

liveTest('foreign namespace, route, rule and filter table: plan shows conflicts, up refuses, --adopt + down restores', async (t) => {
  const w = await world('own', { firewallTable: 'filter' });
  try {
    const s = w.spec;
    // The user's own namespace under the client's name, with a link of theirs in it.
    await ip('netns', 'add', s.client.netns);
    await ip('-n', s.client.netns, 'link', 'add', 'mine0', 'type', 'veth', 'peer', 'name', 'mine1');
    // The user's default route in table 100 and rule at priority 101.
    await ip('-n', w.host, 'route', 'add', 'default', 'via', s.uplink.gateway, 'dev', s.uplink.ifName, 'table', String(s.rules.clientToProxy.table));
    await ip('-n', w.host, 'rule', 'add', 'priority', String(s.rules.proxyToClient.priority), 'from', '192.0.2.0/24', 'lookup', '200');
    // The user's filter table: a drop policy and a rule of theirs.
    await run('/usr/sbin/ip', ['netns', 'exec', w.host, '/usr/sbin/nft', 'add table ip filter; add chain ip filter input { type filter hook input priority 0; policy drop; }; add rule ip filter input tcp dport 22 accept']);
    const before = await snapshot(w.host, [s.client.netns]);
    const nftBefore = await nft(w.host, 'list', 'ruleset');
    t.regex(nftBefore, /policy drop/);

    const plan = await w.cli('plan');
    t.is(plan.code, 0, plan.stderr);
    const conflicts = plan.stdout.split('\n').filter((l) => l.includes('! conflict'));
    t.is(conflicts.length, 4, plan.stdout);
    t.regex(plan.stdout, new RegExp(`conflict +namespace ${s.client.netns} \\(namespace .* not created by nlts\\)`));
    t.regex(plan.stdout, /conflict +route default via 10\.10\.2\.1 dev proxy-veth0 table 100 \(table 100 already has a default route via 172\.16\.202\.1 dev enp4s0 \(proto boot\), not created by nlts\)/);
    t.regex(plan.stdout, /conflict +rule to 10\.10\.1\.0\/24 iif proxy-veth0 prio 101 table 101 \(rule priority 101 already holds a rule \(from 192\.0\.2\.0\/24 lookup 200\)/);
    t.regex(plan.stdout, /conflict +nftables table ip filter .*already exists \(1 chain\(s\), 1 rule\(s\), 0 set\(s\)\)/);

    const refused = await w.cli('up');
    t.is(refused.code, 1, refused.stderr);
    t.regex(refused.stderr, /4 conflict\(s\), nothing was changed/);
    for (const what of [`namespace ${s.client.netns}`, 'table 100', 'rule priority 101', 'table ip filter']) t.true(refused.stderr.includes(what), what);
    t.deepEqual(await snapshot(w.host, [s.client.netns]), before, 'a refused up changes nothing');

    const down1 = await w.cli('down');
    t.is(down1.code, 0, `down after a refused up: ${down1.stderr}`);
    t.regex(down1.stdout, /nothing to remove/);
    t.deepEqual(await snapshot(w.host, [s.client.netns]), before, 'down leaves objects not created by nlts alone');

    const adopted = await w.cli('up', '--adopt');
    t.is(adopted.code, 0, adopted.stderr);
    t.regex(adopted.stdout, /adopted nftables table ip filter/);
    // Ours now, with our marks: nft shows the table's comment, ip the routes' and rules' protocol.
    t.regex(await nft(w.host, 'list', 'table', 'ip', 'filter'), /comment "nlts-topology:[0-9a-f]{12}"/);
    t.regex(await ip('-n', w.host, 'route', 'show', 'table', '100'), /default via 10\.10\.2\.1 dev proxy-veth0 proto 110/);
    t.regex(await ip('-n', w.host, 'rule', 'show', 'priority', '101'), /101:\s+from all to 10\.10\.1\.0\/24 iif proxy-veth0 lookup 101 proto 110/);
    t.regex(await ip('-n', s.client.netns, 'link', 'show'), /mine0/);
    t.true((await w.cli('plan')).stdout.includes('nothing to change'));

    const down2 = await w.cli('down');
    t.is(down2.code, 0, down2.stderr);
    t.deepEqual(await snapshot(w.host, [s.client.netns]), before, 'down gives every adopted object back and removes the rest');
    t.is(await nft(w.host, 'list', 'ruleset'), nftBefore);
    t.regex(await ip('-n', s.client.netns, 'link', 'show'), /mine0/);
    const again = await w.cli('down');
    t.true(again.stdout.startsWith('  nothing to remove\n'), again.stdout);
    t.is(again.stdout.split('\n').filter((l) => l.startsWith('  = left alone')).length, 4, 'the given-back objects are the user\'s again');
  } finally {
    await ip('netns', 'delete', w.spec.client.netns).catch(() => undefined);
    w.cleanup();
  }
});

liveTest('up then down leaves foreign objects that do not collide untouched and uplink forwarding as found', async (t) => {
  const w = await world('own-keep');
  try {
    const s = w.spec;
    await ip('netns', 'add', `${s.proxy.netns}-theirs`);
    await ip('-n', w.host, 'route', 'add', 'default', 'via', s.uplink.gateway, 'table', '300');
    await ip('-n', w.host, 'rule', 'add', 'priority', '300', 'from', '192.0.2.0/24', 'lookup', '300');
    await run('/usr/sbin/ip', ['netns', 'exec', w.host, '/usr/sbin/nft', 'add table ip filter; add chain ip filter forward { type filter hook forward priority 0; policy drop; }; add table ip theirs; add chain ip theirs c; add rule ip theirs c counter']);
    for (const fwd of ['1', '0']) {
      // Both starting values of the uplink's forwarding switch come back after down.
      await run('/usr/sbin/ip', ['netns', 'exec', w.host, 'sysctl', '-q', '-w', `net.ipv4.conf.${s.uplink.ifName}.forwarding=${fwd}`]);
      const before = await snapshot(w.host, [`${s.proxy.netns}-theirs`]);
      const up = await w.cli('up');
      t.is(up.code, 0, up.stderr);
      t.is((await snapshot(w.host, [])).forwarding?.[s.uplink.ifName], '1');
      const down = await w.cli('down');
      t.is(down.code, 0, down.stderr);
      t.deepEqual(await snapshot(w.host, [`${s.proxy.netns}-theirs`]), before);
    }
  } finally {
    await ip('netns', 'delete', `${w.spec.proxy.netns}-theirs`).catch(() => undefined);
    w.cleanup();
  }
});
