// The topology against the kernel, in namespaces the tests create: the demo's two claims with real
// ICMP/UDP/TCP, idempotence, rollback to the exact previous state, no residue, spec errors change nothing.
import test from 'ava';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { netnsExists, deleteNetns } from '../src/netlink/index.js';
import { Nftables } from '../src/nfnetlink/nftables/index.js';
import { ApplyError, ConflictsError, Topology, runDemo } from '../src/topology/index.js';
import { demoLeftovers } from '../src/topology/demo.js';
import { liveTest, uniqueName } from './helpers/live.js';
import { world } from './helpers/topology-world.js';
import { snapshot } from './helpers/state.js';
import { nft } from './helpers/nftables.js';
import { CLI as cli } from './helpers/cli.js';

const run = promisify(execFile);

liveTest('demo: without zones NAT is skipped and traffic fails; with zones ICMP, UDP and TCP are masqueraded', async (t) => {
  const prefix = uniqueName('demo');
  const r = await runDemo({ prefix });
  t.true(r.bugReproduced, 'bug reproduced');
  t.true(r.fixWorks, 'fix works');
  t.true(r.idempotent);
  for (const p of r.withoutZones.protocols) {
    t.false(p.answered, `${p.protocol} must fail without zones`);
    t.deepEqual(Object.keys(p.flowsByZone), ['0'], `${p.protocol}: one connection, zone 0 only`);
    t.is(p.flowsByZone[0]![0]!.reply?.dst, '10.10.1.1', `${p.protocol}: reply tuple not NATed`);
  }
  // The server saw the client's private address for all three (for TCP, in the SYNs that got no answer).
  for (const p of r.withoutZones.protocols) t.deepEqual(p.seenFrom, ['10.10.1.1'], `${p.protocol} arrived unmasqueraded`);
  for (const p of r.withZones.protocols) {
    t.true(p.answered, `${p.protocol} answered with zones`);
    t.deepEqual(p.seenFrom, ['172.16.202.30'], `${p.protocol} masqueraded`);
    t.true((p.flowsByZone[1] ?? []).length >= 1, `${p.protocol}: client<->proxy leg in zone 1`);
    t.true((p.flowsByZone[0] ?? []).some((f) => f.reply?.dst === '172.16.202.30'), `${p.protocol}: zone-0 reply goes to the uplink address`);
  }
  t.deepEqual(demoLeftovers(prefix), []);
});

liveTest('apply twice: the second apply changes nothing and the kernel state is identical', async (t) => {
  const w = await world('idem');
  try {
    const topo = new Topology(w.spec, { hostNetns: w.host });
    const first = await topo.apply();
    t.true(first.changed.length > 20);
    const before = await snapshot(w.host, [w.spec.client.netns, w.spec.proxy.netns]);
    const second = await topo.apply();
    t.is(second.changed.length, 0);
    t.deepEqual(await snapshot(w.host, [w.spec.client.netns, w.spec.proxy.netns]), before);
    t.true((await topo.plan()).every((p) => p.action === 'keep'));
    // nft agrees with the library about what is there.
    const stdout = await nft(w.host, 'list', 'table', 'ip', 'nlts_topology');
    t.regex(stdout, /iifname "client-veth0" ct zone set 1/);
    t.regex(stdout, /iifname "proxy-veth0" ip daddr 10\.10\.1\.0\/24 ct zone set 1/);
    t.regex(stdout, /ip saddr 10\.10\.1\.0\/24 ip daddr != 10\.10\.1\.0\/24 oifname "enp4s0" masquerade/);
    const rules = (await run('/usr/sbin/ip', ['-n', w.host, 'rule', 'show'])).stdout;
    t.regex(rules, /100:\s+from 10\.10\.1\.0\/24 iif client-veth0 lookup 100/);
    t.regex(rules, /101:\s+from all to 10\.10\.1\.0\/24 iif proxy-veth0 lookup 101/);
    t.regex(rules, /102:\s+from all to 10\.10\.1\.0\/24 iif enp4s0 lookup 100/);
  } finally {
    w.cleanup();
  }
});

liveTest('a conflicting link is refused before anything changes, even with adopt', async (t) => {
  const w = await world('rb-link');
  try {
    // Someone else's bridge under the proxy leg's name: the topology must not take it over.
    await run('/usr/sbin/ip', ['-n', w.host, 'link', 'add', w.spec.proxy.hostIfName, 'type', 'bridge']);
    const before = await snapshot(w.host, []);
    const namespaces = w.ownNetns();
    for (const adopt of [false, true]) {
      const e = await t.throwsAsync(new Topology(w.spec, { hostNetns: w.host }).apply({ adopt }), { instanceOf: ConflictsError });
      t.regex(e!.message, /proxy-veth0.*a bridge.*not created by nlts/);
    }
    t.deepEqual(await snapshot(w.host, []), before);
    t.deepEqual(w.ownNetns(), namespaces, 'the client namespace created before the failure is gone again');
  } finally {
    w.cleanup();
  }
});

liveTest('rollback: an nftables failure at the last step undoes everything, with the kernel\'s message', async (t) => {
  const w = await world('rb-nft');
  // A table of the same name owned by another socket (NFT_TABLE_F_OWNER): our transaction is refused.
  const owner = Nftables.open({ netns: w.host });
  try {
    await owner.transaction((tx) => tx.addTable({ family: 'ip', name: 'nlts_topology', flags: 2 }));
    const before = await snapshot(w.host, []);
    const namespaces = w.ownNetns();
    // Not ours, so only an adopting apply gets as far as the table; the kernel then refuses the replacement.
    const e = await t.throwsAsync(new Topology(w.spec, { hostNetns: w.host }).apply({ adopt: true }), { instanceOf: ApplyError });
    t.regex(e!.step, /nftables table ip nlts_topology/);
    t.regex(e!.message, /EPERM/);
    t.deepEqual(e!.rollbackErrors, []);
    t.deepEqual(await snapshot(w.host, []), before);
    t.deepEqual(w.ownNetns(), namespaces);
  } finally {
    owner.close();
    w.cleanup();
  }
});

liveTest('destroy removes exactly what apply created', async (t) => {
  const w = await world('destroy');
  try {
    const before = await snapshot(w.host, []);
    const topo = new Topology(w.spec, { hostNetns: w.host });
    await topo.apply();
    const r = await topo.destroy();
    t.deepEqual(r.failures, []);
    t.true(r.removed.some((x) => x.startsWith('namespace')));
    t.false(netnsExists(w.spec.client.netns));
    t.false(netnsExists(w.spec.proxy.netns));
    // Uplink forwarding was switched on (the host must route the replies) and is back off too.
    t.is(before.forwarding?.[w.spec.uplink.ifName], '0');
    t.deepEqual(await snapshot(w.host, []), before);
    t.deepEqual((await topo.destroy()).removed, [], 'a second destroy has nothing to do');
  } finally {
    w.cleanup();
  }
});

liveTest('an interrupted demo (SIGINT) leaves no namespace behind', async (t) => {
  const child = spawn(process.execPath, [cli, 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `nlts-demo-${child.pid}`;
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => { out += d; if (out.includes('created veth client-veth0')) resolve(); });
    child.once('exit', () => reject(new Error(`demo ended before it could be interrupted:\n${out}`)));
  });
  t.true(demoLeftovers(prefix).length > 0, 'the demo had created its namespaces');
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.is(code, 130);
  t.deepEqual(demoLeftovers(prefix), []);
});

test('spec errors are reported whole, with exit status 2, and change nothing', async (t) => {
  const file = path.join(os.tmpdir(), `nlts-bad-spec-${process.pid}.json`);
  const [client, proxy] = [`tpo-bad-c-${process.pid}`, `tpo-bad-p-${process.pid}`];
  fs.writeFileSync(file, JSON.stringify({ client: { netns: client, hostIfName: 'much-too-long-name0' }, proxy: { netns: proxy }, zones: { zone: 70000 }, rules: { proxyToClient: { priority: 100 } } }));
  const r = await run(process.execPath, [cli, 'topology', 'up', '--netns', 'whatever', '--spec', file]).catch((e: { code: number; stderr: string }) => e);
  fs.unlinkSync(file);
  t.is((r as { code: number }).code, 2);
  const stderr = (r as { stderr: string }).stderr;
  t.regex(stderr, /much-too-long-name0' is 19 bytes/);
  t.regex(stderr, /zone 70000 is outside 1..65535/);
  t.regex(stderr, /priority 100 duplicates/);
  // Other test files create namespaces meanwhile: check the spec's own client and proxy (names of this test's own) were not.
  t.false(netnsExists(client));
  t.false(netnsExists(proxy));
});

test('without --netns the CLI refuses to touch its own namespace', async (t) => {
  const r = await run(process.execPath, [cli, 'topology', 'up']).catch((e: { code: number; stderr: string }) => e);
  t.is((r as { code: number }).code, 2);
  t.regex((r as { stderr: string }).stderr, /refusing to touch the namespace nlts runs in/);
});
