// The core's allocation-free paths against the reference ones they stand beside: cursors against
// parseAttributes / iterateMessages (same results, same errors), the plain-number struct offsets against the
// buffer-layout declarations, the one-pass IPv4 parser against node:net, and dumpChunks against dumpBatches.
import test from 'ava';
import fc from 'fast-check';
import { isIPv4 } from 'node:net';
import { addressToBytes, NetlinkConnection, NetlinkDecodeError, ReplayTransport, encodeMessage, hostCodec, netfilterCodec, parseAttributes, parsePrefix, type Fixture } from '../src/netlink/index.js';
import { AttributeCursor } from '../src/netlink/attributes.js';
import { MessageCursor, iterateMessages } from '../src/netlink/message.js';
import { flattenBatches } from '../src/netlink/connection.js';
import { parseIPv4Into, parseIPv4PrefixPacked, parsePrefixValue } from '../src/netlink/address.js';
import { NLMSGHDR_FIELDS as PLAIN_NLMSGHDR, SOCKADDR_NL } from '../src/netlink/constants.js';
import { outcome } from './helpers/outcome.js';
import { nlmsghdrLayout, sockaddrNlLayout } from './helpers/layouts.js';
import { NLMSG_DONE, NLM_F_DUMP, NLM_F_MULTI, NLM_F_REQUEST } from './helpers/kernel.js';

test('struct offsets used by hot paths are the ones the layouts declare', (t) => {
  for (const f of ['len', 'type', 'flags', 'seq', 'pid'] as const) t.is<number | undefined, number | undefined>(PLAIN_NLMSGHDR[f], nlmsghdrLayout.offsetOf(f));
  t.is<number, number>(SOCKADDR_NL.size, sockaddrNlLayout.span);
  for (const f of ['family', 'pad', 'pid', 'groups'] as const) t.is<number | undefined, number | undefined>(SOCKADDR_NL[f], sockaddrNlLayout.offsetOf(f));
});

test('AttributeCursor walks exactly what parseAttributes returns, and fails the same way', (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 96 }), fc.nat(8), (bytes, skip) => {
    const buf = Buffer.from(bytes);
    const start = Math.min(skip, buf.length);
    const ref = outcome(() => parseAttributes(buf, start, buf.length, 'ctx').map((a) => [a.type, a.nested, a.netByteOrder, a.value.toString('hex')]));
    const mine = outcome(() => {
      const out: Array<[number, boolean, boolean, string]> = [];
      const c = new AttributeCursor().reset(buf, start, buf.length, 'ctx');
      while (c.next()) out.push([c.type, c.nested, c.netByteOrder, c.value().toString('hex')]);
      return out;
    });
    t.deepEqual(mine, ref);
  }), { numRuns: 2000 });
});

test('AttributeCursor typed readers agree with the codec, byte order and length checks included', (t) => {
  const bytes = hostCodec.writer().u8(1, 200).u16(2, 0x1234).u32(3, 0xdeadbeef).s32(4, -5).string(5, 'eth0').ipv4(6, '10.1.2.3')
    .ipv6(7, '2001:db8::1').bytes(8, Buffer.from([1, 2])).bytes(9 | 0x4000, Buffer.from([0, 0, 0, 80])).finish();
  for (const codec of [hostCodec, netfilterCodec]) {
    const attrs = parseAttributes(bytes);
    const c = codec.cursor().reset(bytes);
    for (const a of attrs) {
      t.true(c.next());
      for (const read of ['u8', 'u16', 'u32', 's32', 'string', 'ip'] as const) {
        t.deepEqual(outcome(() => c[read]()), outcome(() => codec[read](a)), `${read} of attribute ${a.type}`);
      }
    }
    t.false(c.next());
  }
});

test('MessageCursor walks exactly what iterateMessages yields, and fails the same way', (t) => {
  const msg = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), fc.nat(), fc.uint8Array({ maxLength: 20 }))
    .map(([type, flags, seq, payload]) => encodeMessage({ type, flags, seq, pid: 7 }, Buffer.from(payload)));
  fc.assert(fc.property(fc.array(msg, { maxLength: 4 }), fc.nat(40), fc.uint8Array({ maxLength: 6 }), (msgs, cut, junk) => {
    const all = Buffer.concat([...msgs, Buffer.from(junk)]);
    const buf = all.subarray(0, Math.max(0, all.length - cut));
    const ref = outcome(() => [...iterateMessages(buf, 'ctx')].map((m) => [m.length, m.type, m.flags, m.seq, m.pid, m.payload.toString('hex')]));
    const mine = outcome(() => {
      const out: unknown[] = [];
      const c = new MessageCursor().reset(buf, 0, buf.length, 'ctx');
      while (c.next()) out.push([c.length, c.type, c.flags, c.seq, c.pid, buf.subarray(c.payloadStart, c.payloadEnd).toString('hex')]);
      return out;
    });
    t.deepEqual(mine, ref);
  }), { numRuns: 1500 });
});

test('parseIPv4Into accepts exactly what node:net accepts, with the right bytes', (t) => {
  const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '000', '255', '256', '1a', '', ' 1', '+1', '1e1', '٣'));
  const quad = fc.array(octet, { minLength: 2, maxLength: 6 }).map((parts) => parts.join('.'));
  const text = fc.oneof(quad, fc.string({ maxLength: 16 }), fc.constantFrom('1.2.3.4', '0.0.0.0', '255.255.255.255', '1.2.3.4 ', '1.2.3.', '01.2.3.4', '::1'));
  fc.assert(fc.property(text, (s) => {
    const out = Buffer.alloc(4);
    const ok = parseIPv4Into(s, out, 0);
    t.is(ok, isIPv4(s), s);
    if (ok) t.deepEqual([...out], s.split('.').map(Number));
  }), { numRuns: 5000 });
});

test('parsePrefixValue is parsePrefix plus the address, packed (IPv4) or as bytes (IPv6)', (t) => {
  for (const p of ['10.1.2.0/24', '10.1.2.3', '0.0.0.0/0', '255.254.253.252/30', '2001:DB8::1/64', '::ffff:1.2.3.4', 'fe80::1/128']) {
    const { v4, v6, ...rest } = parsePrefixValue(p);
    t.deepEqual(rest, parsePrefix(p));
    const bytes = rest.family === 2 ? Buffer.from([v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255]) : v6!;
    t.is(bytes.length, rest.family === 2 ? 4 : 16);
    t.deepEqual(bytes, addressToBytes(rest.address));
  }
  for (const bad of ['10.1.2.0/33', '10.1.2.0/', '10.1.2.0/3x', '10.01.2.0/8', 'x/8', '::1/129']) {
    t.deepEqual(outcome(() => parsePrefixValue(bad, 'to')), outcome(() => parsePrefix(bad, 'to')), bad);
  }
});

test('parseIPv4PrefixPacked agrees with parsePrefixValue wherever it accepts, and accepts every IPv4 prefix with a plain decimal length', (t) => {
  const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '', 'a'));
  const len = fc.oneof(fc.integer({ min: 0, max: 40 }).map((n) => `/${n}`), fc.constantFrom('', '/', '/032', '/0032', '/3a', '//8', '/-1'));
  const text = fc.oneof(fc.tuple(fc.array(octet, { minLength: 3, maxLength: 5 }), len).map(([o, l]) => o.join('.') + l), fc.string({ maxLength: 20 }),
    fc.constantFrom('::1/64', '1.2.3.4/32', '0.0.0.0/0', '255.255.255.255'));
  fc.assert(fc.property(text, (s) => {
    const packed = parseIPv4PrefixPacked(s);
    const ref = outcome(() => parsePrefixValue(s));
    if (packed >= 0) {
      t.true(ref.ok, s);
      if (ref.ok) t.deepEqual([Math.floor(packed / 64), packed % 64], [ref.value.v4, ref.value.prefixLength], s);
    } else if (ref.ok && /^[^/]*(\/(0|[1-9]\d*))?$/.test(s)) {
      // Lengths in ip's other spellings ('/024' octal, '/0x18', netmasks) are left to parsePrefixValue.
      t.not(ref.value.family, 2, `${s} is an IPv4 prefix the one-pass parser refused`);
    }
  }), { numRuns: 5000 });
});

test('AttributeWriter: space() reserves zeroed room, reset() starts over, finish() views stay put', (t) => {
  const w = hostCodec.writer(8);
  const at = w.space(4);
  w.u32(1, 7);
  const first = w.finish();
  t.is(at, 0);
  t.is(first.toString('hex'), '00000000' + '08000100' + '07000000');
  w.u32(2, 9); // grows past the first buffer
  t.is(first.toString('hex'), '00000000' + '08000100' + '07000000');
  t.is(w.reset().u8(3, 1).finish().toString('hex'), '05000300' + '01000000');
});

// A dump whose replies are interleaved with a stray message (another sequence): the chunks hold only this
// dump's messages, and dumpBatches (built on them) gives what it always gave.
const PORT = 4242;
function dumpFixture(): Fixture {
  const req = encodeMessage({ type: 18, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 1, pid: 0 }, Buffer.alloc(16));
  const data = (i: number): Buffer => encodeMessage({ type: 16, flags: NLM_F_MULTI, seq: 1, pid: PORT }, Buffer.alloc(17, i));
  const stray = encodeMessage({ type: 16, flags: 0, seq: 99, pid: PORT }, Buffer.alloc(16, 9));
  const done = encodeMessage({ type: NLMSG_DONE, flags: NLM_F_MULTI, seq: 1, pid: PORT }, Buffer.alloc(4));
  const ex: Array<['send' | 'receive', Buffer]> = [['send', req], ['receive', Buffer.concat([data(1), stray, data(2), data(3)])], ['receive', Buffer.concat([data(4), done])]];
  return {
    provenance: { description: 'scripted', command: 'test', kernel: 'n/a', date: '2026-11-27', capturedWith: 'hand-built in the test' },
    protocol: 0, portId: PORT, exchanges: ex.map(([direction, b]) => ({ direction, hex: b.toString('hex') })),
  };
}

test('dumpChunks leaves out stray replies and the DONE; dumpBatches is unchanged on top of it', async (t) => {
  const req = { type: 18, flags: 0, payload: Buffer.alloc(16), operation: 'dump links' };
  const chunks: number[][] = [];
  const conn = new NetlinkConnection(new ReplayTransport(dumpFixture()), 0);
  for await (const chunk of conn.dumpChunks(req)) chunks.push([...iterateMessages(chunk)].map((m) => m.payload[0]!));
  t.deepEqual(chunks, [[1, 2, 3], [4]]);
  t.is(conn.strayMessages, 1);
  const batches: number[][] = [];
  const again = new NetlinkConnection(new ReplayTransport(dumpFixture()), 0);
  for await (const batch of again.dumpBatches(req)) batches.push(batch.map((m) => m.payload[0]!));
  t.deepEqual(batches, [[1, 2, 3], [4]]);
});

test('flattenBatches: items in order (also with next() calls overlapping), errors passed on, break closes the source', async (t) => {
  let closed = false;
  async function* source(fail: boolean): AsyncGenerator<number[], void, undefined> {
    try {
      yield [1, 2];
      await new Promise((r) => setTimeout(r, 1));
      yield [];
      yield [3];
      if (fail) throw new Error('dump failed');
      yield [4, 5, 6];
    } finally {
      closed = true;
    }
  }
  const seen: number[] = [];
  for await (const x of flattenBatches(source(false))) seen.push(x);
  t.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
  const it = flattenBatches(source(false));
  const results = await Promise.all([it.next(), it.next(), it.next(), it.next(), it.next(), it.next(), it.next(), it.next()]);
  t.deepEqual(results.map((r) => (r.done ? 'done' : r.value)), [1, 2, 3, 4, 5, 6, 'done', 'done']);
  const partial: number[] = [];
  await t.throwsAsync(async () => { for await (const x of flattenBatches(source(true))) partial.push(x); }, { message: 'dump failed' });
  t.deepEqual(partial, [1, 2, 3]);
  closed = false;
  for await (const x of flattenBatches(source(false))) if (x === 2) break;
  t.true(closed, 'breaking out returns the source generator');
});
