// The core against the real kernel, in namespaces the tests create (see helpers/live.ts).
import test from 'ava';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import {
  NetlinkConnection, NetlinkError, NetlinkProtocol, NetlinkSocket, NetnsError, ValidationError, createNetns,
  deleteNetns, hostCodec, listNetns, netnsExists, netnsPath, parseAttributes, startInNetns,
} from '../src/netlink/index.js';
import { liveTest, uniqueName } from './helpers/live.js';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL } from './helpers/kernel.js';

const RTM_NEWLINK = 16, RTM_GETLINK = 18, RTM_NEWROUTE = 24, RTM_GETROUTE = 26;
const IFLA_IFNAME = 3, IFLA_LINKINFO = 18, IFLA_INFO_KIND = 1;

function ifinfomsg(index = 0, flags = 0, change = 0): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(index, 4);
  b.writeUInt32LE(flags, 8);
  b.writeUInt32LE(change, 12);
  return b;
}

async function linkNames(conn: NetlinkConnection): Promise<string[]> {
  const names: string[] = [];
  for await (const m of conn.dump({ type: RTM_GETLINK, flags: 0, payload: ifinfomsg(), operation: 'dump links' })) {
    for (const a of parseAttributes(m.payload, 16)) if (a.type === IFLA_IFNAME) names.push(hostCodec.string(a));
  }
  return names.sort();
}

const open = (netns: string): NetlinkConnection => new NetlinkConnection(NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns }));

async function setLoUp(conn: NetlinkConnection): Promise<void> {
  await conn.request({ type: RTM_NEWLINK, flags: NLM_F_ACK, payload: ifinfomsg(1, 1, 1), operation: 'set lo up' });
}

test('namespace names are validated before anything is created', (t) => {
  // Only names these inputs could have made are compared: other test files create namespaces meanwhile.
  const suspects = (names: string[]): string[] => names.filter((n) => ['a', 'x', 'nul', 'nul\0byte', 'a/b', '../x'].includes(n) || n.startsWith('x'));
  const before = suspects(listNetns());
  for (const bad of ['', '.', '..', 'a/b', '../x', 'nul\0byte', 'x'.repeat(256)]) {
    t.throws(() => createNetns(bad), { instanceOf: ValidationError }, JSON.stringify(bad));
    t.throws(() => netnsPath(bad), { instanceOf: ValidationError });
  }
  t.notThrows(() => netnsPath('x'.repeat(255)));
  t.deepEqual(suspects(listNetns()), before);
});

liveTest('a link dump in a fresh namespace sees exactly lo', async (t, env) => {
  const conn = open(env.netns('dump'));
  try {
    t.deepEqual(await linkNames(conn), ['lo']);
  } finally {
    conn.close();
  }
});

liveTest('named namespaces: ours are visible to ip netns list, and ip\'s to us', async (t) => {
  const mine = uniqueName('mine');
  const theirs = uniqueName('theirs');
  createNetns(mine);
  try {
    t.true(listNetns().includes(mine));
    t.true(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').some((l) => l.split(' ')[0] === mine));
    t.throws(() => createNetns(mine), { instanceOf: NetnsError, message: /already exists/ });
    execFileSync('ip', ['netns', 'add', theirs]);
    t.true(listNetns().includes(theirs));
    const conn = open(theirs);
    t.deepEqual(await linkNames(conn), ['lo']);
    conn.close();
    deleteNetns(theirs);
    t.false(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes(theirs));
  } finally {
    if (netnsExists(mine)) deleteNetns(mine);
    if (netnsExists(theirs)) deleteNetns(theirs);
  }
  t.false(listNetns().includes(mine));
  t.false(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes(mine));
  t.throws(() => deleteNetns(mine), { instanceOf: NetnsError, message: /does not exist/ });
});

liveTest('a socket opened inside a namespace sees only that namespace\'s links (by name, path and fd)', async (t, env) => {
  const a = env.netns('a');
  const b = env.netns('b');
  execFileSync('ip', ['-n', a, 'link', 'add', 'only-in-a', 'type', 'veth', 'peer', 'name', 'peer-in-a']);
  const byName = open(a);
  const byPath = new NetlinkConnection(NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: { path: `/run/netns/${b}` } }));
  const fd = fs.openSync(`/run/netns/${a}`, 'r');
  const byFd = new NetlinkConnection(NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: { fd } }));
  fs.closeSync(fd);
  try {
    t.deepEqual(await linkNames(byName), ['lo', 'only-in-a', 'peer-in-a']);
    t.deepEqual(await linkNames(byPath), ['lo']);
    t.deepEqual(await linkNames(byFd), ['lo', 'only-in-a', 'peer-in-a']);
  } finally {
    byName.close(); byPath.close(); byFd.close();
  }
});

liveTest('a kernel error arrives as NetlinkError with errno name and extended-ACK text', async (t, env) => {
  const conn = open(env.netns('err'));
  try {
    const attrs = hostCodec.writer().string(IFLA_IFNAME, 'x0').nested(IFLA_LINKINFO, (w) => w.string(IFLA_INFO_KIND, 'no-such-kind')).finish();
    const e = await t.throwsAsync(conn.request({ type: RTM_NEWLINK, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, payload: Buffer.concat([ifinfomsg(), attrs]), operation: 'create link x0' }), { instanceOf: NetlinkError });
    t.is(e!.code, 'EOPNOTSUPP');
    t.is(e!.errno, 95);
    t.is(e!.operation, 'create link x0');
    t.is(e!.extAck.message, 'Unknown device type');
    const missing = await t.throwsAsync(conn.request({ type: RTM_NEWLINK, flags: NLM_F_ACK, payload: ifinfomsg(9999, 1, 1), operation: 'set link 9999 up' }), { instanceOf: NetlinkError });
    t.is(missing!.code, 'ENODEV');
  } finally {
    conn.close();
  }
});

liveTest('close() of a socket that is waiting returns promptly and the wait ends with null', async (t, env) => {
  const sock = NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: env.netns('close'), groups: [1] });
  const waiting = sock.receive();
  const started = performance.now();
  setTimeout(() => sock.close(), 20);
  t.is(await waiting, null);
  const elapsed = performance.now() - started;
  t.true(elapsed < 500, `close took ${elapsed} ms`);
  t.true(sock.closed);
});

liveTest('options: receive buffer size is applied and multicast groups can be joined and left', async (t, env) => {
  const sock = NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: env.netns('opts'), receiveBufferSize: 4 << 20, noEnobufs: true });
  try {
    t.true(sock.receiveBufferSize >= 4 << 20, `SO_RCVBUF is ${sock.receiveBufferSize}`);
    t.notThrows(() => sock.joinGroup(1));
    t.notThrows(() => sock.leaveGroup(1));
    t.true(sock.portId > 0);
  } finally {
    sock.close();
  }
});

liveTest('the event loop keeps turning during a dump of many thousands of messages', async (t, env) => {
  const conn = open(env.netns('lag'));
  try {
    await setLoUp(conn);
    // 20000 routes on lo through the pipeline, then dump them while a setImmediate chain counts the turns of
    // the event loop. A dump that read everything without letting the loop turn (timers, I/O and other
    // requests starved) would count one at most. No durations are asserted: they depend on the machine's load.
    const requests = [];
    for (let i = 0; i < 20000; i++) {
      const rtm = Buffer.from([2, 32, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0]); // AF_INET /32 main boot universe unicast
      const attrs = hostCodec.writer().bytes(1, Buffer.from([10, 100 + (i >> 16), (i >> 8) & 0xff, i & 0xff])).u32(4, 1).finish(); // RTA_DST, RTA_OIF=lo
      requests.push({ type: RTM_NEWROUTE, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, payload: Buffer.concat([rtm, attrs]), operation: `route ${i}` });
    }
    const results = await conn.pipeline(requests);
    t.is(results.filter((r) => !r.ok).length, 0);
    let turns = 0;
    let ticking = true;
    const tick = (): void => { turns++; if (ticking) setImmediate(tick); };
    setImmediate(tick);
    let count = 0;
    let batches = 0;
    for await (const batch of conn.dumpBatches({ type: RTM_GETROUTE, flags: 0, payload: Buffer.alloc(12, 0).fill(2, 0, 1), operation: 'dump routes' })) {
      count += batch.length;
      batches++;
      for (const m of batch) parseAttributes(m.payload, 12); // decode a little per message, as a real consumer would
    }
    ticking = false;
    t.true(count >= 20000, `dumped ${count}`);
    t.true(batches >= 10, `${batches} batches`);
    // The connection yields after a few milliseconds of receiving without a wait (YIELD_EVERY_MS); a dump of
    // 20000 routes takes many of those, and a slower (loaded) machine only makes more.
    t.true(turns >= 2, `${turns} turns of the event loop during ${batches} batches`);
    t.log(`dumped ${count} routes in ${batches} batches; the event loop turned ${turns} times meanwhile`);
  } finally {
    conn.close();
  }
});

liveTest('ordinary code runs inside a namespace on a worker thread (TCP on its own lo)', async (t, env) => {
  const ns = env.netns('worker');
  execFileSync('ip', ['-n', ns, 'link', 'add', 'wk0', 'type', 'veth', 'peer', 'name', 'wk1']);
  const conn = open(ns);
  await setLoUp(conn);
  conn.close();
  const w = startInNetns<{ interfaces: string[]; echoed: string }>(ns, new URL('./helpers/ns-probe.js', import.meta.url), 'probe');
  const result = await w.result;
  await w.stop();
  t.true(result.interfaces.includes('lo'));
  t.is(result.echoed, 'ping');
  // The main thread is still in its own namespace.
  const here = (await import('node:os')).networkInterfaces();
  t.false('wk0' in here);
});
