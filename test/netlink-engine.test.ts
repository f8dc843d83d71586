// The request engine against scripted conversations (hand-built kernel answers played by ReplayTransport).
import test from 'ava';
import {
  DumpInterruptedError, NetlinkConnection, NetlinkError, ProtocolError, ReplayTransport,
  encodeMessage, hostCodec, type Fixture, type Request,
} from '../src/netlink/index.js';
import { NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLM_F_ACK, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_MULTI, NLM_F_REQUEST } from './helpers/kernel.js';

const PORT = 4242;
const REQ: Request = { type: 16, flags: NLM_F_ACK, payload: Buffer.alloc(16), operation: 'create link' };

function fixture(exchanges: Array<['send' | 'receive', Buffer]>): Fixture {
  return {
    provenance: { description: 'scripted', command: 'test', kernel: 'n/a', date: '2026-11-27', capturedWith: 'hand-built in the test' },
    protocol: 0, portId: PORT,
    exchanges: exchanges.map(([direction, b]) => ({ direction, hex: b.toString('hex') })),
  };
}

const request = (seq: number, r = REQ, extra = 0): Buffer => encodeMessage({ type: r.type, flags: r.flags | NLM_F_REQUEST | extra, seq, pid: 0 }, r.payload);

function errorMessage(seq: number, errno: number, req: Buffer, tlvs?: Buffer): Buffer {
  const code = Buffer.alloc(4);
  code.writeInt32LE(-errno);
  const capped = errno === 0;
  const echoed = capped ? req.subarray(0, 16) : req;
  const flags = (capped ? NLM_F_CAPPED : 0) | (tlvs ? NLM_F_ACK_TLVS : 0);
  return encodeMessage({ type: NLMSG_ERROR, flags, seq, pid: PORT }, code, echoed, tlvs ?? Buffer.alloc(0));
}

test('an ACK completes a request; replies before it are returned', async (t) => {
  const req = request(1, REQ, 0);
  const echo = encodeMessage({ type: 16, flags: 0, seq: 1, pid: PORT }, Buffer.alloc(16));
  const conn = new NetlinkConnection(new ReplayTransport(fixture([['send', req], ['receive', Buffer.concat([echo, errorMessage(1, 0, req)])]])), 0);
  const replies = await conn.request(REQ);
  t.is(replies.length, 1);
  t.is(replies[0]!.type, 16);
});

test('an error carries errno, its name, the operation, the sequence and the extended ACK', async (t) => {
  const req = request(1);
  const tlvs = hostCodec.writer().string(NLMSGERR_ATTR_MSG, 'Unknown device type').u32(NLMSGERR_ATTR_OFFS, 36).u32(NLMSGERR_ATTR_MISS_TYPE, 3).finish();
  const conn = new NetlinkConnection(new ReplayTransport(fixture([['send', req], ['receive', errorMessage(1, 95, req, tlvs)]])), 0);
  const e = await t.throwsAsync(conn.request(REQ), { instanceOf: NetlinkError });
  t.is(e!.errno, 95);
  t.is(e!.code, 'EOPNOTSUPP');
  t.is(e!.operation, 'create link');
  t.is(e!.sequence, 1);
  t.is(e!.extAck.message, 'Unknown device type');
  t.is(e!.extAck.offset, 36);
  t.is(e!.extAck.missingType, 3);
  t.is(e!.requestType, 16);
  t.regex(e!.message, /create link: EOPNOTSUPP .*Unknown device type/);
});

test('NLM_F_CAPPED errors (no echoed payload) still decode their TLVs', async (t) => {
  const req = request(1);
  const code = Buffer.alloc(4);
  code.writeInt32LE(-17);
  const tlvs = hostCodec.writer().string(NLMSGERR_ATTR_MSG, 'exists').finish();
  const msg = encodeMessage({ type: NLMSG_ERROR, flags: NLM_F_CAPPED | NLM_F_ACK_TLVS, seq: 1, pid: PORT }, code, req.subarray(0, 16), tlvs);
  const conn = new NetlinkConnection(new ReplayTransport(fixture([['send', req], ['receive', msg]])), 0);
  const e = await t.throwsAsync(conn.request(REQ), { instanceOf: NetlinkError });
  t.is(e!.code, 'EEXIST');
  t.is(e!.extAck.message, 'exists');
});

const DUMP: Request = { type: 18, flags: 0, payload: Buffer.alloc(16), operation: 'dump links' };
const part = (seq: number, i: number, flags: number = NLM_F_MULTI): Buffer => encodeMessage({ type: 16, flags, seq, pid: PORT }, Buffer.from([i, 0, 0, 0]));
const done = (seq: number, errno = 0, flags: number = NLM_F_MULTI): Buffer => { const b = Buffer.alloc(4); b.writeInt32LE(-errno); return encodeMessage({ type: NLMSG_DONE, flags, seq, pid: PORT }, b); };

test('a dump streams batches until DONE and ignores stray sequence numbers', async (t) => {
  const req = request(1, DUMP, NLM_F_DUMP);
  const stray = encodeMessage({ type: 16, flags: NLM_F_MULTI, seq: 99, pid: PORT }, Buffer.alloc(4));
  const conn = new NetlinkConnection(new ReplayTransport(fixture([
    ['send', req], ['receive', Buffer.concat([part(1, 1), stray, part(1, 2)])], ['receive', Buffer.concat([part(1, 3), done(1)])],
  ])), 0);
  const seen: number[][] = [];
  for await (const batch of conn.dumpBatches(DUMP)) seen.push(batch.map((m) => m.payload[0]!));
  t.deepEqual(seen, [[1, 2], [3]]);
  t.is(conn.strayMessages, 1);
});

test('an error carried in NLMSG_DONE is thrown after the partial results', async (t) => {
  const req = request(1, DUMP, NLM_F_DUMP);
  const conn = new NetlinkConnection(new ReplayTransport(fixture([['send', req], ['receive', Buffer.concat([part(1, 1), done(1, 16)])]])), 0);
  const got: number[] = [];
  const e = await t.throwsAsync(async () => { for await (const m of conn.dump(DUMP)) got.push(m.payload[0]!); }, { instanceOf: NetlinkError });
  t.deepEqual(got, [1]);
  t.is(e!.code, 'EBUSY');
});

test('NLM_F_DUMP_INTR yields the partial results and then a typed error; collectDump can retry', async (t) => {
  const req1 = request(1, DUMP, NLM_F_DUMP);
  const req2 = request(2, DUMP, NLM_F_DUMP);
  const conn = new NetlinkConnection(new ReplayTransport(fixture([
    ['send', req1], ['receive', Buffer.concat([part(1, 1, NLM_F_MULTI | NLM_F_DUMP_INTR), done(1)])],
    ['send', req2], ['receive', Buffer.concat([part(2, 1), part(2, 2), done(2)])],
  ])), 0);
  const all = await conn.collectDump(DUMP, { retryInterrupted: 1 });
  t.is(all.length, 2);

  const conn2 = new NetlinkConnection(new ReplayTransport(fixture([['send', req1], ['receive', Buffer.concat([part(1, 7, NLM_F_MULTI | NLM_F_DUMP_INTR), done(1)])]])), 0);
  const got: number[] = [];
  const e = await t.throwsAsync(async () => { for await (const m of conn2.dump(DUMP)) got.push(m.payload[0]!); }, { instanceOf: DumpInterruptedError });
  t.deepEqual(got, [7]);
  t.is(e!.received, 1);
});

test('breaking out of a dump drains it so the next request gets its own answer', async (t) => {
  const req1 = request(1, DUMP, NLM_F_DUMP);
  const req2 = request(2);
  const conn = new NetlinkConnection(new ReplayTransport(fixture([
    ['send', req1], ['receive', part(1, 1)], ['receive', Buffer.concat([part(1, 2), done(1)])],
    ['send', req2], ['receive', errorMessage(2, 0, req2)],
  ])), 0);
  for await (const m of conn.dump(DUMP)) { t.is(m.payload[0], 1); break; }
  t.deepEqual(await conn.request(REQ), []);
});

test('pipeline: one ACK per window, failures reported by item', async (t) => {
  const reqs = [0, 1, 2].map((i) => ({ ...REQ, operation: `route ${i}`, flags: NLM_F_ACK }));
  const sent = Buffer.concat([
    encodeMessage({ type: 16, flags: NLM_F_REQUEST, seq: 1, pid: 0 }, REQ.payload),
    encodeMessage({ type: 16, flags: NLM_F_REQUEST, seq: 2, pid: 0 }, REQ.payload),
    encodeMessage({ type: 16, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 3, pid: 0 }, REQ.payload),
  ]);
  const failure = errorMessage(2, 17, encodeMessage({ type: 16, flags: NLM_F_REQUEST, seq: 2, pid: 0 }, REQ.payload));
  const ack = errorMessage(3, 0, encodeMessage({ type: 16, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 3, pid: 0 }, REQ.payload));
  const conn = new NetlinkConnection(new ReplayTransport(fixture([['send', sent], ['receive', failure], ['receive', ack]])), 0);
  const results = await conn.pipeline(reqs, 16);
  t.deepEqual(results.map((r) => r.ok), [true, false, true]);
  const bad = results[1]!;
  t.true(!bad.ok && bad.error.code === 'EEXIST' && bad.error.operation === 'route 1');
});

test('replay refuses a request whose bytes differ, naming the byte', async (t) => {
  const recorded = request(1);
  const conn = new NetlinkConnection(new ReplayTransport(fixture([['send', recorded]])), 0);
  await t.throwsAsync(conn.request({ ...REQ, payload: Buffer.alloc(16, 1) }), { instanceOf: ProtocolError, message: /differs at byte 16/ });
});

test('notifications: an overrun (ENOBUFS) is an item and the stream goes on; control messages are skipped', async (t) => {
  const { SystemError, notifications, isOverrun } = await import('../src/netlink/index.js');
  const queue: Array<Buffer | Error | null> = [
    encodeMessage({ type: 16, flags: 0, seq: 0, pid: 0 }, Buffer.from([1, 0, 0, 0])),
    new SystemError('recv', 105),
    Buffer.concat([encodeMessage({ type: NLMSG_NOOP, flags: 0, seq: 0, pid: 0 }), encodeMessage({ type: 20, flags: 0, seq: 0, pid: 0 }, Buffer.from([2, 0, 0, 0]))]),
    null,
  ];
  let closed = false;
  const transport = {
    protocol: 0, portId: 1, get closed() { return closed; },
    send() { throw new Error('no sends'); },
    tryReceive: () => undefined,
    async receive() { const next = queue.shift(); if (next instanceof Error) throw next; return next ?? null; },
    close() { closed = true; },
  };
  const seen: string[] = [];
  for await (const item of notifications(transport, 'test')) seen.push(isOverrun(item) ? `overrun ${item.count}` : `type ${item.type}`);
  t.deepEqual(seen, ['type 16', 'overrun 1', 'type 20']);
  t.true(closed);
});
