// Expectations from outside the library: fixtures/rtnetlink/reference-state.json holds the kernel's dump
// replies for a namespace built by ip and what `ip -j` printed for the same state at the same moment
// (scripts/record-reference.ts). Our decode of the recorded bytes must say what ip said, field by field.
// Unlike the other replay fixtures, nothing expected here was produced by this library.
import test from 'ava';
import * as path from 'node:path';
import { ReplayTransport, readFixture } from '../src/netlink/index.js';
import { RtNetlink, type Address, type Link, type Nexthop, type Route, type Rule } from '../src/rtnetlink/index.js';
import { root } from './rtnetlink/golden-kernel.js';
import { referenceDumps } from './rtnetlink/reference-state.js';

type Json = Record<string, unknown>;
const file = path.join(root, 'fixtures/rtnetlink/reference-state.json');
const fixture = readFixture(file);
const ip = (fixture.expected as { ip: Record<string, Json[]> }).ip;

async function decoded() {
  const replay = new ReplayTransport(fixture, file);
  const dumps = await referenceDumps(RtNetlink.fromTransport(replay));
  return { dumps, finished: replay.finished };
}

const TABLE_NAMES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
const tableText = (n: number): string => TABLE_NAMES[n] ?? String(n);

/** Keeps only the keys ip printed, so that a key ip leaves out is not compared. */
function like(ours: Json, theirs: Json, keys: readonly string[]): [Json, Json] {
  const a: Json = {};
  const b: Json = {};
  for (const k of keys) if (k in theirs) { a[k] = ours[k]; b[k] = theirs[k]; }
  return [a, b];
}

test('the recorded dumps replay completely', async (t) => {
  const { finished } = await decoded();
  t.true(finished);
  t.regex(fixture.provenance.command, /record-reference/);
});

test('links decode to what ip -j -d link showed', async (t) => {
  const { dumps } = await decoded();
  const byIndex = new Map<number, Link>(dumps.links.map((l) => [l.index, l]));
  t.is(dumps.links.length, ip.links!.length);
  for (const theirs of ip.links!) {
    const l = byIndex.get(theirs.ifindex as number);
    t.truthy(l, `ifindex ${theirs.ifindex}`);
    if (!l) continue;
    const ours: Json = {
      ifname: l.name, mtu: l.mtu, qdisc: l.qdisc, operstate: l.operstate, txqlen: l.txqlen, link_type: l.type,
      address: l.address, broadcast: l.broadcast, promiscuity: l.promiscuity, allmulti: l.allmulti, min_mtu: l.minMtu, max_mtu: l.maxMtu,
      group: l.group === 0 ? 'default' : String(l.group), ifalias: l.alias,
      master: l.master === undefined ? undefined : byIndex.get(l.master)?.name,
      link: l.link === undefined ? undefined : byIndex.get(l.link)?.name,
      flags: l.flags.filter((f) => f !== 'RUNNING').sort(), // ip never prints IFF_RUNNING (LOWER_UP says it)
    };
    const [a, b] = like(ours, { ...theirs, flags: [...(theirs.flags as string[])].sort() },
      ['ifname', 'mtu', 'qdisc', 'operstate', 'txqlen', 'link_type', 'address', 'broadcast', 'promiscuity', 'allmulti', 'min_mtu', 'max_mtu', 'group', 'ifalias', 'master', 'link', 'flags']);
    t.deepEqual(a, b, `link ${theirs.ifname}`);
    const kind = (theirs.linkinfo as Json | undefined)?.info_kind;
    if (kind) t.is(l.info?.kind, kind as string, `${String(theirs.ifname)} kind`);
  }
});

test('addresses decode to what ip -j addr showed', async (t) => {
  const { dumps } = await decoded();
  const theirs: Json[] = ip.addresses!.flatMap((l) => (l.addr_info as Json[]).map((a) => ({ ...a, ifindex: l.ifindex })));
  t.is(dumps.addresses.length, theirs.length);
  for (const x of theirs) {
    const a = dumps.addresses.find((y: Address) => y.index === x.ifindex && (y.local ?? y.address) === x.local);
    t.truthy(a, `${String(x.local)} on ${String(x.ifindex)}`);
    if (!a) continue;
    const ours: Json = { family: a.family, local: a.local ?? a.address, prefixlen: a.prefixLength, scope: a.scope, label: a.label, broadcast: a.broadcast, address: a.local !== undefined && a.address !== a.local ? a.address : undefined };
    const [p, q] = like(ours, x, ['family', 'local', 'prefixlen', 'scope', 'label', 'broadcast', 'address']);
    t.deepEqual(p, q, `address ${String(x.local)}`);
  }
});

function routeKey(r: Json): string {
  return `${r.table ?? 'main'} ${r.type ?? 'unicast'} ${r.dst} ${r.dev ?? ''}`;
}

function ipRoute(r: Route, names: Map<number, string>): Json {
  const host = r.family === 'inet' ? '/32' : '/128';
  return {
    table: r.table === 254 ? undefined : tableText(r.table),
    type: r.type === 'unicast' ? undefined : r.type,
    dst: r.dst === 'default' ? 'default' : r.dst.endsWith(host) ? r.dst.slice(0, -host.length) : r.dst,
    dev: r.oif === undefined ? undefined : names.get(r.oif),
    gateway: r.gateway, protocol: r.protocol, scope: r.scope, prefsrc: r.prefsrc, metric: r.metric, nhid: r.nhId,
  };
}

test('routes of every table decode to what ip -j route show table all showed', async (t) => {
  const { dumps } = await decoded();
  const names = new Map(dumps.links.map((l) => [l.index, l.name]));
  for (const [ours, theirs] of [[dumps.routes4, ip.routes4!], [dumps.routes6, ip.routes6!]] as Array<[Route[], Json[]]>) {
    const mapped = ours.map((r) => ipRoute(r, names));
    t.deepEqual(mapped.map(routeKey).sort(), theirs.map(routeKey).sort());
    for (const x of theirs) {
      const r = mapped.find((y) => routeKey(y) === routeKey(x));
      if (!r) continue;
      // ip leaves out what is usual (protocol boot, scope global, metric 0 on IPv4): compare what it printed.
      const [a, b] = like(r, x, ['gateway', 'protocol', 'scope', 'prefsrc', 'metric', 'nhid']);
      t.deepEqual(a, b, routeKey(x));
    }
    // Multipath and metrics, where ip printed them.
    for (const x of theirs.filter((y) => y.nexthops && y.nhid === undefined)) {
      const r = ours.find((y) => ipRoute(y, names).dst === x.dst)!;
      t.deepEqual(r.nexthops?.map((n) => ({ gateway: n.gateway, dev: n.oif === undefined ? undefined : names.get(n.oif), weight: n.weight })),
        (x.nexthops as Json[]).map((n) => ({ gateway: n.gateway, dev: n.dev, weight: n.weight })), `${x.dst} nexthops`);
    }
    for (const x of theirs.filter((y) => y.metrics)) {
      const r = ours.find((y) => ipRoute(y, names).dst === x.dst)!;
      t.like(r.metrics ?? {}, (x.metrics as Json[])[0]!, `${x.dst} metrics`);
    }
  }
});

test('rules decode to what ip -j rule showed', async (t) => {
  const { dumps } = await decoded();
  for (const [ours, theirs] of [[dumps.rules4, ip.rules4!], [dumps.rules6, ip.rules6!]] as Array<[Rule[], Json[]]>) {
    t.deepEqual(ours.map((r) => r.priority), theirs.map((x) => x.priority as number));
    for (const x of theirs) {
      const r = ours.find((y) => y.priority === x.priority)!;
      const [from, fromLen] = r.from ? r.from.split('/') : ['all', undefined];
      const [to, toLen] = r.to ? r.to.split('/') : [undefined, undefined];
      const mapped: Json = {
        src: from, srclen: fromLen === undefined ? undefined : Number(fromLen), dst: to, dstlen: toLen === undefined ? undefined : Number(toLen),
        iif: r.iif, oif: r.oif, goto: r.goto, not: r.not ? null : undefined,
        table: r.action === 'to_tbl' ? tableText(r.table) : undefined,
        action: r.action === 'to_tbl' || r.action === 'goto' ? undefined : r.action,
        fwmark: r.fwmark === undefined ? undefined : `0x${r.fwmark.toString(16)}`,
        fwmask: r.fwmask === undefined || r.fwmask === 0xffffffff ? undefined : `0x${r.fwmask.toString(16)}`,
        dport_start: r.dport === undefined ? undefined : typeof r.dport === 'number' ? r.dport : r.dport.start,
        dport_end: r.dport === undefined ? undefined : typeof r.dport === 'number' ? r.dport : r.dport.end,
      };
      const [a, b] = like(mapped, x, ['src', 'srclen', 'dst', 'dstlen', 'iif', 'oif', 'goto', 'not', 'table', 'action', 'fwmark', 'fwmask', 'dport_start', 'dport_end']);
      t.deepEqual(a, b, `rule ${x.priority}`);
    }
  }
});

test('neighbours and nexthops decode to what ip -j showed', async (t) => {
  const { dumps } = await decoded();
  const names = new Map(dumps.links.map((l) => [l.index, l.name]));
  // ip hides NOARP entries: compare those it shows, and that the rest are NOARP.
  for (const x of ip.neighbours!) {
    const n = dumps.neighbours.find((y) => y.dst === x.dst);
    t.truthy(n, String(x.dst));
    if (n) t.deepEqual({ dev: names.get(n.index), lladdr: n.lladdr, state: n.state }, { dev: x.dev, lladdr: x.lladdr, state: x.state }, String(x.dst));
  }
  const hidden = dumps.neighbours.filter((n) => !ip.neighbours!.some((x) => x.dst === n.dst));
  t.true(hidden.length >= 1);
  t.true(hidden.every((n) => n.state.includes('NOARP')), JSON.stringify(hidden.map((n) => [n.dst, n.state])));
  t.deepEqual(dumps.nexthops.map((n: Nexthop) => ({
    id: n.id, gateway: n.gateway, dev: n.oif === undefined ? undefined : names.get(n.oif), group: n.group?.map((g) => g.id), blackhole: n.blackhole ? null : undefined,
  })), ip.nexthops!.map((x) => ({ id: x.id, gateway: x.gateway, dev: x.dev, group: (x.group as Json[] | undefined)?.map((g) => g.id), blackhole: 'blackhole' in x ? null : undefined })));
});
