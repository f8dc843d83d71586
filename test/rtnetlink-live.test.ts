// Live rtnetlink tests in throwaway namespaces: the scenario's links, addresses, rules and tables written by the
// library and read back by `ip -j`, the reverse, kernel errors with extended ACK, events, and pipelining.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NetlinkError, ValidationError } from '../src/netlink/index.js';
import { RtNetlink, type Route, type Rule } from '../src/rtnetlink/index.js';
import { liveTest } from './helpers/live.js';

const run = promisify(execFile);

async function ip(ns: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('ip', ['-n', ns, ...args]);
  return stdout;
}
async function ipJson<T>(ns: string, ...args: string[]): Promise<T[]> {
  const out = await ip(ns, '-j', ...args);
  return out.trim() ? (JSON.parse(out) as T[]) : [];
}

interface IpRule { priority: number; src?: string; srclen?: number; dst?: string; dstlen?: number; iif?: string; oif?: string; table?: string; fwmark?: string }
interface IpRoute { dst: string; gateway?: string; dev?: string; table?: string; metric?: number; type?: string; protocol?: string; scope?: string; prefsrc?: string }
interface IpAddr { ifname: string; addr_info: Array<{ family: string; local: string; prefixlen: number; label?: string }> }
interface IpLink { ifname: string; ifindex: number; link_netnsid?: number; mtu: number; flags: string[]; link_type?: string; address?: string }

const TABLE_NAMES: Record<string, number> = { local: 255, main: 254, default: 253 };
const ipTable = (t: string | undefined): number => (t === undefined ? 254 : TABLE_NAMES[t] ?? Number(t));

function ruleKey(r: Rule): string {
  return [r.priority, r.from ?? 'all', r.to ?? '-', r.iif ?? '-', r.oif ?? '-', r.table].join(' ');
}
function ipRuleKey(r: IpRule): string {
  const from = r.src === undefined || r.src === 'all' ? 'all' : `${r.src}/${r.srclen ?? 32}`;
  const to = r.dst === undefined ? '-' : `${r.dst}/${r.dstlen ?? 32}`;
  return [r.priority, from, to, r.iif ?? '-', r.oif ?? '-', ipTable(r.table)].join(' ');
}

function routeKey(r: Route, names: Map<number, string>): string {
  const dst = r.dst === 'default' ? 'default' : r.dst.endsWith(r.family === 'inet' ? '/32' : '/128') ? r.dst.split('/')[0] : r.dst;
  return [r.table, r.type, dst, r.gateway ?? '-', r.oif === undefined ? '-' : names.get(r.oif), r.metric ?? 0].join(' ');
}
function ipRouteKey(r: IpRoute, table?: number): string {
  return [table ?? ipTable(r.table), r.type ?? 'unicast', r.dst, r.gateway ?? '-', r.dev ?? '-', r.metric ?? 0].join(' ');
}

/** The scenario of DESIGN.md on the "host" side, written by the library. */
async function buildScenario(nl: RtNetlink, ns: { client: string; proxy: string; uplink: string }): Promise<void> {
  await nl.links.createVeth('client-veth0', { peer: 'veth0', peerNetns: ns.client });
  await nl.links.createVeth('proxy-veth0', { peer: 'veth0', peerNetns: ns.proxy });
  await nl.links.createVeth('enp4s0', { peer: 'eth0', peerNetns: ns.uplink });
  for (const l of ['client-veth0', 'proxy-veth0', 'enp4s0']) await nl.links.setUp(l);
  await nl.addresses.add('client-veth0', '10.10.1.2/24');
  await nl.addresses.add('proxy-veth0', '10.10.2.2/24');
  await nl.addresses.add('enp4s0', '172.16.202.30/24');
  await nl.rules.add({ from: '10.10.1.0/24', iif: 'client-veth0', priority: 100, table: 100 });
  await nl.rules.add({ to: '10.10.1.0/24', iif: 'proxy-veth0', priority: 101, table: 101 });
  await nl.rules.add({ to: '10.10.1.0/24', iif: 'enp4s0', priority: 102, table: 100 });
  // The namespace sides, through sockets opened in those namespaces.
  for (const [name, cidr] of [[ns.client, '10.10.1.1/24'], [ns.proxy, '10.10.2.1/24'], [ns.uplink, '172.16.202.1/24']] as const) {
    const side = RtNetlink.open({ netns: name });
    try {
      const dev = name === ns.uplink ? 'eth0' : 'veth0';
      await side.links.setUp(dev);
      await side.addresses.add(dev, cidr);
    } finally {
      side.close();
    }
  }
  await nl.routes.add({ to: 'default', via: '10.10.2.1', dev: 'proxy-veth0', table: 100 });
  await nl.routes.add({ to: 'default', via: '10.10.1.1', dev: 'client-veth0', table: 101 });
  await nl.routes.add({ to: 'default', via: '172.16.202.1', dev: 'enp4s0' });
}

liveTest('rtnetlink: the scenario written by the library reads back identically through ip -j', async (t, env) => {
  const ns = { host: env.netns('host'), client: env.netns('client'), proxy: env.netns('proxy'), uplink: env.netns('uplink') };
  const nl = RtNetlink.open({ netns: ns.host });
  try {
    await buildScenario(nl, ns);
    // Peers landed in their namespaces.
    const clientLinks = await ipJson<IpLink>(ns.client, 'link', 'show');
    t.deepEqual(clientLinks.map((l) => l.ifname).sort(), ['lo', 'veth0']);
    const proxyLinks = await ipJson<IpLink>(ns.proxy, 'link', 'show');
    t.true(proxyLinks.some((l) => l.ifname === 'veth0'));

    // Links: names, indexes, mtu, UP flag.
    const names = await nl.links.names();
    const ipLinks = await ipJson<IpLink>(ns.host, 'link', 'show');
    t.deepEqual(ipLinks.map((l) => `${l.ifindex} ${l.ifname} ${l.mtu}`), (await nl.links.all()).map((l) => `${l.index} ${l.name} ${l.mtu}`));
    for (const l of await nl.links.all()) {
      const theirs = ipLinks.find((x) => x.ifindex === l.index)!;
      t.is(theirs.flags.includes('UP'), l.up, l.name);
      if (l.info?.kind === 'veth') t.is(theirs.link_netnsid, l.linkNetnsId);
      if (theirs.address) t.is(l.address, theirs.address);
    }

    // Addresses.
    const ipAddrs = (await ipJson<IpAddr>(ns.host, '-4', 'addr', 'show')).flatMap((l) => l.addr_info.map((a) => `${l.ifname} ${a.local}/${a.prefixlen}`));
    const ours = (await nl.addresses.all({ family: "inet" })).map((a) => `${names.get(a.index) ?? "?"} ${a.cidr}`);
    t.deepEqual(ours.sort(), ipAddrs.sort());
    t.deepEqual((await nl.addresses.all({ link: 'proxy-veth0', family: 'inet' })).map((a) => a.cidr), ['10.10.2.2/24']);

    // Rules.
    const ipRules = (await ipJson<IpRule>(ns.host, '-4', 'rule', 'show')).map(ipRuleKey);
    const ourRules = (await nl.rules.all({ family: 'inet' })).map(ruleKey);
    t.deepEqual(ourRules, ipRules);
    t.true(ourRules.includes('100 10.10.1.0/24 - client-veth0 - 100'));
    t.true(ourRules.includes('101 all 10.10.1.0/24 proxy-veth0 - 101'));
    t.true(ourRules.includes('102 all 10.10.1.0/24 enp4s0 - 100'));

    // Tables 100 and 101, and everything.
    for (const table of [100, 101]) {
      const theirs = (await ipJson<IpRoute>(ns.host, '-4', 'route', 'show', 'table', String(table))).map((r) => ipRouteKey(r, table));
      const mine = (await nl.routes.all({ family: 'inet', table })).map((r) => routeKey(r, names));
      t.deepEqual(mine, theirs, `table ${table}`);
    }
    t.deepEqual((await nl.routes.all({ table: 100 })).map((r) => r.gateway), ['10.10.2.1']);
    const all = (await nl.routes.all({ family: 'inet' })).map((r) => routeKey(r, names)).sort();
    const ipAll = (await ipJson<IpRoute>(ns.host, '-4', 'route', 'show', 'table', 'all')).map((r) => ipRouteKey(r)).sort();
    t.deepEqual(all, ipAll);

    // route get, as the client's packets would see it after the rules: from the client subnet via iif
    // (an input lookup: the host must forward).
    await run('ip', ['netns', 'exec', ns.host, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    const viaProxy = await nl.routes.get('192.0.2.1', { from: '10.10.1.1', iif: 'client-veth0' });
    t.is(viaProxy.table, 100);
    t.is(viaProxy.gateway, '10.10.2.1');
    t.is(viaProxy.oif, names.get(viaProxy.oif!) === 'proxy-veth0' ? viaProxy.oif : -1);
    const local = await nl.routes.get('10.10.2.1');
    t.is(local.table, 254);

    // Replace, move, set down, delete.
    await nl.routes.replace({ to: 'default', via: '10.10.2.1', dev: 'proxy-veth0', table: 100, metric: 0, onlink: true });
    t.true((await nl.routes.all({ table: 100 }))[0]!.flags.includes('onlink'));
    await nl.routes.delete({ to: 'default', table: 101 });
    t.deepEqual(await nl.routes.all({ table: 101 }), []);
    await nl.links.setDown('enp4s0');
    t.false((await nl.links.get('enp4s0')).up);
    await nl.links.set('enp4s0', { mtu: 1400, name: 'uplink0' });
    t.is((await nl.links.get('uplink0')).mtu, 1400);
    await nl.links.delete('uplink0');
    t.false(await nl.links.exists('uplink0'));
    await nl.rules.delete({ to: '10.10.1.0/24', iif: 'enp4s0', priority: 102, table: 100 });
    t.false((await nl.rules.all()).some((r) => r.priority === 102));
    await nl.addresses.delete('proxy-veth0', '10.10.2.2/24');
    t.deepEqual(await nl.addresses.all({ link: 'proxy-veth0', family: 'inet' }), []);
  } finally {
    nl.close();
  }
});

liveTest('rtnetlink: a link moved into another namespace, and a veth made inside another namespace', async (t, env) => {
  const host = env.netns('host');
  const other = env.netns('other');
  const nl = RtNetlink.open({ netns: host });
  try {
    await nl.links.createVeth('mv0', { peer: 'mv1' });
    t.is(await nl.nsids.of(other), undefined, 'no id before anything links the two namespaces');
    await nl.links.moveToNetns('mv1', other);
    t.false(await nl.links.exists('mv1'));
    // The peer now lives in `other`, which got an id here: the one IFLA_LINK_NETNSID carries, and the same
    // one whichever way the namespace is named (by name, by path).
    const id = (await nl.links.get('mv0')).linkNetnsId;
    t.true(id !== undefined && id >= 0, `linkNetnsId ${id}`);
    t.is(await nl.nsids.of(other), id);
    t.is(await nl.nsids.of({ path: `/run/netns/${other}` }), id);
    t.is(await nl.nsids.of(host), undefined, 'a namespace has no id for itself');
    t.is((await nl.nsids.names()).get(id!), other);
    t.true((await ipJson<IpLink>(other, 'link', 'show')).some((l) => l.ifname === 'mv1'));
    await nl.links.createVeth('a0', { peer: 'b0', netns: other, peerNetns: other, mtu: 1300, up: true });
    const inOther = await ipJson<IpLink>(other, 'link', 'show');
    t.is(inOther.find((l) => l.ifname === 'a0')?.mtu, 1300);
    t.true(inOther.some((l) => l.ifname === 'b0'));
    await nl.links.createBridge('br0', { up: true });
    await nl.links.set('mv0', { master: 'br0' });
    const br = await nl.links.get('br0');
    t.is((await nl.links.get('mv0')).master, br.index);
    t.deepEqual((await nl.links.all({ master: br.index })).map((l) => l.name), ['mv0']);
    t.deepEqual((await nl.links.all({ kind: 'bridge' })).map((l) => l.name), ['br0']);
    await nl.links.set('mv0', { master: null });
    t.is((await nl.links.get('mv0')).master, undefined);
  } finally {
    nl.close();
  }
});

liveTest('rtnetlink: what ip writes, the library reads back', async (t, env) => {
  const host = env.netns('host');
  const peer = env.netns('peer');
  const steps: string[][] = [
    ['link', 'add', 'client-veth0', 'type', 'veth', 'peer', 'name', 'veth0', 'netns', peer],
    ['link', 'set', 'client-veth0', 'up'],
    ['addr', 'add', '10.10.1.2/24', 'dev', 'client-veth0', 'label', 'client-veth0:x'],
    ['-6', 'addr', 'add', '2001:db8::1/64', 'dev', 'client-veth0', 'nodad'],
    ['rule', 'add', 'from', '10.10.1.0/24', 'iif', 'client-veth0', 'prio', '100', 'table', '100'],
    ['rule', 'add', 'fwmark', '0x10/0xff', 'table', '2000', 'prio', '300'],
    ['rule', 'add', 'to', '10.10.9.0/24', 'ipproto', 'tcp', 'dport', '80-90', 'prio', '310', 'prohibit'],
    ['rule', 'add', 'not', 'from', '10.10.8.0/24', 'prio', '32000', 'table', '3000'],
    ['-6', 'rule', 'add', 'from', '2001:db8::/64', 'table', '200', 'prio', '400'],
    ['route', 'add', 'default', 'via', '10.10.1.1', 'dev', 'client-veth0', 'table', '100'],
    ['route', 'add', '192.0.2.0/24', 'via', '10.10.1.1', 'metric', '50', 'table', '1000', 'mtu', '1400'],
    ['route', 'add', 'blackhole', '198.51.100.0/24'],
    ['route', 'add', 'unreachable', '198.51.101.0/24', 'table', '100'],
    ['route', 'add', '203.0.113.0/24', 'nexthop', 'via', '10.10.1.1', 'weight', '2', 'nexthop', 'via', '10.10.1.3', 'weight', '1'],
    ['-6', 'route', 'add', '2001:db8:1::/64', 'via', '2001:db8::2', 'dev', 'client-veth0'],
  ];
  for (const s of steps) {
    await ip(host, ...s);
    if (s[1] === 'set') await ip(peer, 'link', 'set', 'veth0', 'up');
  }
  const nl = RtNetlink.open({ netns: host });
  try {
    const link = await nl.links.get('client-veth0');
    t.is(link.info?.kind, 'veth');
    t.true(link.up);
    t.is(typeof link.linkNetnsId, 'number');
    const addrs = await nl.addresses.all({ link: 'client-veth0' });
    const v4 = addrs.find((a) => a.family === 'inet')!;
    t.is(v4.cidr, '10.10.1.2/24');
    t.is(v4.label, 'client-veth0:x');
    t.is(v4.broadcast, undefined);
    t.is(v4.validLifetime, 'forever');
    const v6 = addrs.find((a) => a.family === 'inet6' && a.cidr === '2001:db8::1/64')!;
    t.true(v6.flags.includes('nodad'));

    const rules = await nl.rules.all();
    const client = rules.find((r) => r.priority === 100)!;
    t.like(client, { family: 'inet', from: '10.10.1.0/24', iif: 'client-veth0', table: 100, action: 'to_tbl' });
    t.like(rules.find((r) => r.priority === 300)!, { fwmark: 0x10, fwmask: 0xff, table: 2000 });
    t.like(rules.find((r) => r.priority === 310)!, { not: false, to: '10.10.9.0/24', ipProto: 6, dport: { start: 80, end: 90 }, action: 'prohibit' });
    t.like(rules.find((r) => r.priority === 32000)!, { not: true, from: '10.10.8.0/24', table: 3000 });
    t.like(rules.find((r) => r.priority === 400)!, { family: 'inet6', from: '2001:db8::/64', table: 200 });

    const t100 = await nl.routes.all({ table: 100 });
    t.deepEqual(t100.map((r) => `${r.type} ${r.dst} ${r.gateway ?? '-'}`).sort(), ['unicast default 10.10.1.1', 'unreachable 198.51.101.0/24 -']);
    const t1000 = await nl.routes.all({ table: 1000 });
    t.like(t1000[0]!, { dst: '192.0.2.0/24', gateway: '10.10.1.1', metric: 50, table: 1000, protocol: 'boot', metrics: { mtu: 1400 } });
    const main = await nl.routes.all({ table: 'main' });
    t.truthy(main.find((r) => r.dst === '198.51.100.0/24' && r.type === 'blackhole'));
    const mp = main.find((r) => r.dst === '203.0.113.0/24')!;
    t.deepEqual(mp.nexthops?.map((n) => `${n.gateway} ${n.weight} ${n.oif}`), [`10.10.1.1 2 ${link.index}`, `10.10.1.3 1 ${link.index}`]);
    const v6routes = await nl.routes.all({ family: 'inet6', table: 'main' });
    t.like(v6routes.find((r) => r.dst === '2001:db8:1::/64')!, { gateway: '2001:db8::2', oif: link.index, family: 'inet6' });
    t.deepEqual(await nl.routes.all({ table: 4242 }), [], 'a table that does not exist lists as empty');
  } finally {
    nl.close();
  }
});

liveTest('rtnetlink: kernel errors carry errno, code and the extended-ACK text, and nothing is half-applied', async (t, env) => {
  const host = env.netns('host');
  const nl = RtNetlink.open({ netns: host });
  try {
    await nl.links.createVeth('e0', { peer: 'e1', up: true });
    await nl.addresses.add('e0', '10.20.0.1/24');
    const before = (await nl.routes.all()).length;

    const unreachable = await t.throwsAsync(nl.routes.add({ to: '198.51.100.0/24', via: '192.0.2.77', table: 100 }), { instanceOf: NetlinkError });
    t.is(unreachable!.code, 'ENETUNREACH');
    t.is(unreachable!.errno, 101);
    t.is(unreachable!.extAck.message, 'Nexthop has invalid gateway');
    t.regex(unreachable!.message, /add route 198\.51\.100\.0\/24 via 192\.0\.2\.77 table 100/);
    t.is((await nl.routes.all()).length, before);
    t.deepEqual(await nl.routes.all({ table: 100 }), []);

    const dup = await t.throwsAsync(nl.addresses.add('e0', '10.20.0.1/24'), { instanceOf: NetlinkError });
    t.is(dup!.code, 'EEXIST');
    t.regex(dup!.extAck.message ?? '', /already assigned/);
    t.is((await nl.addresses.all({ link: 'e0', family: 'inet' })).length, 1);

    const noTable = await t.throwsAsync(nl.routes.delete({ to: '10.9.9.0/24', table: 77 }), { instanceOf: NetlinkError });
    t.is(noTable!.code, 'ESRCH');
    t.is(noTable!.extAck.message, 'FIB table does not exist');

    const missingRule = await t.throwsAsync(nl.rules.delete({ priority: 555, table: 77 }), { instanceOf: NetlinkError });
    t.is(missingRule!.code, 'ENOENT');
    const backward = await t.throwsAsync(nl.rules.add({ priority: 50, action: 'goto', goto: 3 }), { instanceOf: NetlinkError });
    t.is(backward!.code, 'EINVAL');
    t.is(backward!.extAck.message, 'Backward goto not supported');

    const missingLink = await t.throwsAsync(nl.addresses.add('nope0', '10.30.0.1/24'), { instanceOf: NetlinkError });
    t.is(missingLink!.code, 'ENODEV');

    // Invalid input never reaches the kernel.
    await t.throwsAsync(nl.links.createVeth('this-name-is-too-long', { peer: 'x' }), { instanceOf: ValidationError });
    await t.throwsAsync(nl.addresses.add('e0', '10.20.0.300/24'), { instanceOf: ValidationError });
    await t.throwsAsync(nl.routes.add({ to: '10.0.0.0/33' }), { instanceOf: ValidationError });
    await t.throwsAsync(nl.rules.add({ action: 'goto' }), { instanceOf: ValidationError });
    await t.throwsAsync(nl.links.set('a/b', { up: true }), { instanceOf: ValidationError });
  } finally {
    nl.close();
  }
});

liveTest('rtnetlink: the event stream sees a link, an address, a neighbour, a nexthop and a route being added', async (t, env) => {
  const host = env.netns('host');
  const nl = RtNetlink.open({ netns: host });
  const sub = nl.subscribe(['link', 'address', 'route', 'neighbour', 'nexthop']);
  try {
    const seen: string[] = [];
    const reader = (async () => {
      for await (const ev of sub) {
        if (ev.kind === 'link') seen.push(`link ${ev.action} ${ev.link.name}`);
        if (ev.kind === 'address') seen.push(`address ${ev.action} ${ev.address.cidr}`);
        if (ev.kind === 'route' && ev.route.table === 300) seen.push(`route ${ev.action} ${ev.route.dst}`);
        if (ev.kind === 'nexthop') seen.push(`nexthop ${ev.action} ${ev.nexthop.id} via ${ev.nexthop.gateway}`);
        if (ev.kind === 'neighbour') seen.push(`neighbour ${ev.action} ${ev.neighbour.dst} ${ev.neighbour.lladdr} ${ev.neighbour.state.join(',')}`);
        if (seen.includes('route new 10.99.0.0/16')) break;
      }
    })();
    await nl.links.createVeth('ev0', { peer: 'ev1', up: true });
    await nl.addresses.add('ev0', '10.98.0.1/24');
    await nl.neighbours.add('ev0', { dst: '10.98.0.7', lladdr: '02:00:00:00:00:07' });
    await nl.links.setUp('ev1'); // a nexthop needs the carrier up (ENETDOWN otherwise)
    await nl.nexthops.add({ id: 7, via: '10.98.0.7', dev: 'ev0' });
    await nl.routes.add({ to: '10.99.0.0/16', dev: 'ev0', table: 300 });
    await reader;
    t.true(seen.includes('neighbour new 10.98.0.7 02:00:00:00:00:07 PERMANENT'), seen.join('; '));
    t.true(seen.includes('nexthop new 7 via 10.98.0.7'), seen.join('; '));
    t.true(seen.includes('link new ev0'));
    t.true(seen.includes('link new ev1'));
    t.true(seen.includes('address new 10.98.0.1/24'));
    t.true(seen.includes('route new 10.99.0.0/16'));
  } finally {
    sub.close();
    nl.close();
  }
});

liveTest('rtnetlink: an overrun (ENOBUFS) is an item in the event stream, which goes on', async (t, env) => {
  const host = env.netns('host');
  const nl = RtNetlink.open({ netns: host });
  const sub = nl.subscribe(['route'], { receiveBufferSize: 4096 });
  try {
    await nl.links.createVeth('ov0', { peer: 'ov1', up: true });
    // Nobody reads while 2000 notifications arrive: the small queue overflows.
    const specs = Array.from({ length: 2000 }, (_, i) => ({ to: `10.${100 + (i >> 8)}.${i & 255}.0/24`, dev: 'ov0', table: 400 }));
    const outcome = await nl.routes.addMany(specs);
    t.is(outcome.failures.length, 0);
    let overrun = false;
    let after = 0;
    const reader = (async () => {
      for await (const ev of sub) {
        if (ev.kind === 'overrun') overrun = true;
        else if (overrun && ev.kind === 'route' && ev.route.dst === '10.250.0.0/24') { after++; break; }
      }
    })();
    while (!overrun) await new Promise((r) => setTimeout(r, 10));
    await nl.routes.add({ to: '10.250.0.0/24', dev: 'ov0', table: 400 });
    await reader;
    t.true(overrun);
    t.is(after, 1, 'events after the overrun still arrive');
    t.is(sub.overrunCount >= 1, true);
  } finally {
    sub.close();
    nl.close();
  }
});

liveTest('rtnetlink: 1000 routes pipelined; the one failing item is reported by its index', async (t, env) => {
  const host = env.netns('host');
  const nl = RtNetlink.open({ netns: host });
  try {
    await nl.links.createVeth('pl0', { peer: 'pl1', up: true });
    await nl.addresses.add('pl0', '10.40.0.1/24');
    const specs = Array.from({ length: 1000 }, (_, i) => ({ to: `10.${50 + (i >> 8)}.${i & 255}.0/24`, via: '10.40.0.2', dev: 'pl0', table: 500 }));
    specs[617] = { to: '10.60.0.0/24', via: '192.0.2.99', dev: 'pl0', table: 500 }; // gateway not on any link
    const outcome = await nl.routes.addMany(specs);
    t.is(outcome.succeeded, 999);
    t.is(outcome.failures.length, 1);
    t.is(outcome.failures[0]!.index, 617);
    t.is(outcome.failures[0]!.error.code, 'ENETUNREACH');
    t.is(outcome.failures[0]!.error.extAck.message, 'Nexthop has invalid gateway');
    t.is((await nl.routes.all({ table: 500 })).length, 999);
    t.is((await ipJson<IpRoute>(host, 'route', 'show', 'table', '500')).length, 999);
    const again = await nl.routes.deleteMany(specs.filter((_, i) => i !== 617));
    t.is(again.failures.length, 0);
    t.deepEqual(await nl.routes.all({ table: 500 }), []);
  } finally {
    nl.close();
  }
});
