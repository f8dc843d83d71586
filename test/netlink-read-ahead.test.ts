// Read-ahead (src/netlink/read-ahead.ts) against the real kernel: a large dump read ahead on a worker thread
// delivers the same messages in the same order as one read datagram by datagram; leaving a dump early, or
// closing the socket while a fetch is in flight, leaves nothing behind.
import * as fs from 'node:fs';
import { NetlinkConnection, NetlinkProtocol, NetlinkSocket, hostCodec } from '../src/netlink/index.js';
import { MessageCursor } from '../src/netlink/message.js';
import { readAheadSupported } from '../src/netlink/read-ahead.js';
import { liveTest } from './helpers/live.js';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL } from './helpers/kernel.js';

const RTM_NEWLINK = 16, RTM_NEWROUTE = 24, RTM_GETROUTE = 26;
const ROUTES = 12000;
const dumpRoutes = { type: RTM_GETROUTE, flags: 0, payload: Buffer.alloc(12, 0).fill(2, 0, 1), operation: 'dump routes' };

function open(netns: string, readAhead: boolean, receiveChunkSize?: number): { sock: NetlinkSocket; conn: NetlinkConnection } {
  const sock = NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns, readAhead, receiveChunkSize });
  return { sock, conn: new NetlinkConnection(sock) };
}

/** lo up and ROUTES /32 routes on it, through the pipeline. */
async function fill(conn: NetlinkConnection): Promise<void> {
  const ifi = Buffer.alloc(16);
  ifi.writeInt32LE(1, 4); ifi.writeUInt32LE(1, 8); ifi.writeUInt32LE(1, 12); // lo, IFF_UP in flags and change
  await conn.request({ type: RTM_NEWLINK, flags: NLM_F_ACK, payload: ifi, operation: 'set lo up' });
  const requests = [];
  for (let i = 0; i < ROUTES; i++) {
    const rtm = Buffer.from([2, 32, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0]); // AF_INET /32 main boot universe unicast
    const attrs = hostCodec.writer().bytes(1, Buffer.from([10, 200, (i >> 8) & 0xff, i & 0xff])).u32(4, 1).finish(); // RTA_DST, RTA_OIF
    requests.push({ type: RTM_NEWROUTE, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, payload: Buffer.concat([rtm, attrs]), operation: `route ${i}` });
  }
  const results = await conn.pipeline(requests);
  if (results.some((r) => !r.ok)) throw new Error('route set-up failed');
}

/** Every message of a dump as type + payload hex, in order (sequence number and port id left out). */
async function messages(conn: NetlinkConnection): Promise<string[]> {
  const out: string[] = [];
  const c = new MessageCursor();
  for await (const chunk of conn.dumpChunks(dumpRoutes)) {
    c.reset(chunk);
    while (c.next()) out.push(`${c.type}:${chunk.subarray(c.offset + 16, c.offset + c.length).toString('hex')}`);
  }
  return out;
}

liveTest('a dump read ahead gives the same messages in the same order as one read datagram by datagram', async (t, env) => {
  const ns = env.netns('ra');
  const plain = open(ns, false);
  const ahead = open(ns, true);
  const wide = open(ns, true, 256 * 1024); // larger datagram slots: fewer per fetch, same bytes
  try {
    await fill(plain.conn);
    const a = await messages(plain.conn);
    const b = await messages(ahead.conn);
    t.true(a.length > ROUTES, `dumped ${a.length}`);
    t.deepEqual(b, a);
    t.deepEqual(await messages(wide.conn), a);
    t.is(plain.sock.datagramsReadAhead, 0);
    if (readAheadSupported) t.true(ahead.sock.datagramsReadAhead > 10, `${ahead.sock.datagramsReadAhead} datagrams read ahead`);
    else t.log(`read-ahead is not supported on ${process.arch}: both paths read datagram by datagram`);
    // The connection is still in step: a request after the dump gets its own answer.
    t.deepEqual((await messages(ahead.conn)).length, a.length);
  } finally {
    plain.conn.close();
    ahead.conn.close();
    wide.conn.close();
  }
});

liveTest('leaving a read-ahead dump early drains it, and the connection answers the next request', async (t, env) => {
  const ns = env.netns('ra-break');
  const { conn } = open(ns, true);
  try {
    await fill(conn);
    let seen = 0;
    for await (const chunk of conn.dumpChunks(dumpRoutes)) {
      seen += chunk.length;
      if (seen > 200_000) break; // well past the point where read-ahead started
    }
    const all = await messages(conn);
    t.true(all.length > ROUTES, `second dump saw ${all.length}`);
    t.is(conn.strayMessages, 0);
  } finally {
    conn.close();
  }
});

/** Whether any descriptor of this process still refers to the socket `link` ('socket:[inode]') names. */
const stillOpen = (link: string): boolean =>
  fs.readdirSync('/proc/self/fd').some((fd) => { try { return fs.readlinkSync(`/proc/self/fd/${fd}`) === link; } catch { return false; } });

liveTest('closing a socket while a fetch is in flight ends the dump and closes the descriptor', async (t, env) => {
  const ns = env.netns('ra-close');
  const { sock, conn } = open(ns, true);
  await fill(conn);
  const link = fs.readlinkSync(`/proc/self/fd/${sock.fd}`);
  t.regex(link, /^socket:\[\d+\]$/);
  const error = await t.throwsAsync(async () => {
    let n = 0;
    for await (const _ of conn.dumpChunks(dumpRoutes)) if (++n === 4) sock.close();
  });
  t.regex(error?.message ?? '', /closed/);
  t.true(sock.closed);
  // The descriptor is released once the fetch in flight returns (MSG_DONTWAIT: at once).
  for (let i = 0; i < 100 && stillOpen(link); i++) await new Promise((r) => setTimeout(r, 10));
  t.false(stillOpen(link), `${link} is still open`);
});
