// Byte-vector and property tests of the message framing and the attribute codec.
import test from 'ava';
import fc from 'fast-check';
import { AttributeCodec, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NetlinkDecodeError, encodeMessage, hostCodec, netfilterCodec, parseAttributes, parseMessages } from '../src/netlink/index.js';
import { iterateMessages } from '../src/netlink/message.js';
import { errnoMessage, errnoName } from '../src/netlink/errno.js';
import { NLM_F_DUMP, NLM_F_REQUEST } from './helpers/kernel.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('nlmsghdr encodes little-endian with length, type, flags, seq, pid', (t) => {
  const m = encodeMessage({ type: 18, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0x01020304, pid: 0 }, Buffer.from([1, 2, 3]));
  t.deepEqual(m, hex('13000000 1200 0103 04030201 00000000 010203 00'));
  const [parsed] = parseMessages(m);
  t.is(parsed!.length, 19);
  t.is(parsed!.type, 18);
  t.is(parsed!.flags, 0x301);
  t.is(parsed!.seq, 0x01020304);
  t.deepEqual(parsed!.payload, Buffer.from([1, 2, 3]));
});

test('several messages in one datagram are split on 4-byte boundaries', (t) => {
  const a = encodeMessage({ type: 16, flags: 2, seq: 1, pid: 7 }, Buffer.from([9]));
  const b = encodeMessage({ type: 3, flags: 2, seq: 1, pid: 7 }, Buffer.alloc(4));
  const all = parseMessages(Buffer.concat([a, b]));
  t.deepEqual(all.map((m) => [m.type, m.payload.length]), [[16, 1], [3, 4]]);
});

test('truncated and inconsistent headers fail with the offset', (t) => {
  const m = encodeMessage({ type: 16, flags: 0, seq: 1, pid: 0 }, Buffer.alloc(8));
  const e1 = t.throws(() => parseMessages(m.subarray(0, 20)), { instanceOf: NetlinkDecodeError });
  t.is(e1!.offset, 0);
  t.regex(e1!.message, /runs past the end/);
  const tail = Buffer.concat([m, Buffer.alloc(6)]);
  const e2 = t.throws(() => parseMessages(tail), { instanceOf: NetlinkDecodeError });
  t.is(e2!.offset, 24);
  const small = Buffer.from(m);
  small.writeUInt32LE(8, 0);
  t.throws(() => parseMessages(small), { instanceOf: NetlinkDecodeError, message: /smaller than the header/ });
});

test('host-order attributes: u8/u16/u32/u64/string/flag with padding', (t) => {
  const bytes = hostCodec.writer().u8(1, 0xab).u16(2, 0x1234).u32(3, 0xdeadbeef).u64(4, 0x0102030405060708n).string(5, 'lo').flag(6).finish();
  t.deepEqual(bytes, hex(`
    0500 0100 ab000000
    0600 0200 3412 0000
    0800 0300 efbeadde
    0c00 0400 0807060504030201
    0700 0500 6c6f00 00
    0400 0600`));
  const attrs = parseAttributes(bytes);
  t.deepEqual(attrs.map((a) => a.type), [1, 2, 3, 4, 5, 6]);
  t.is(hostCodec.u8(attrs[0]!), 0xab);
  t.is(hostCodec.u16(attrs[1]!), 0x1234);
  t.is(hostCodec.u32(attrs[2]!), 0xdeadbeef);
  t.is(hostCodec.u64(attrs[3]!), 0x0102030405060708n);
  t.is(hostCodec.string(attrs[4]!), 'lo');
  t.is(attrs[5]!.value.length, 0);
});

test('big-endian codec writes network order and flags nests NLA_F_NESTED', (t) => {
  const bytes = netfilterCodec.writer().nested(1, (w) => w.u16(2, 0x0102).u32(3, 7)).finish();
  t.deepEqual(bytes, hex('1400 0180  0600 0200 0102 0000  0800 0300 00000007'));
  const [outer] = parseAttributes(bytes);
  t.true(outer!.nested);
  t.is(outer!.type, 1);
  const inner = netfilterCodec.nested(outer!);
  t.is(netfilterCodec.u16(inner[0]!), 0x0102);
  t.is(netfilterCodec.u32(inner[1]!), 7);
});

test('NLA_F_NET_BYTEORDER on an attribute makes a host-order codec read big-endian', (t) => {
  const bytes = hostCodec.writer().bytes(9 | NLA_F_NET_BYTEORDER, hex('00000050')).finish();
  const [a] = parseAttributes(bytes);
  t.true(a!.netByteOrder);
  t.is(hostCodec.u32(a!), 80);
});

test('addresses: IPv4 and IPv6 round trip through attributes', (t) => {
  const bytes = hostCodec.writer().ipv4(1, '10.10.1.2').ipv6(2, '2001:db8::1').ipv6(3, '::ffff:10.0.0.1').finish();
  const attrs = parseAttributes(bytes);
  t.is(hostCodec.ip(attrs[0]!), '10.10.1.2');
  t.is(hostCodec.ip(attrs[1]!), '2001:db8::1');
  t.is(hostCodec.ip(attrs[2]!), '::ffff:10.0.0.1');
});

test('getters check lengths and fail with a typed error', (t) => {
  const [a] = parseAttributes(hostCodec.writer().u16(1, 5).finish());
  t.throws(() => hostCodec.u32(a!), { instanceOf: NetlinkDecodeError });
  t.throws(() => hostCodec.ipv4(a!), { instanceOf: NetlinkDecodeError });
  t.throws(() => hostCodec.u64(a!), { instanceOf: NetlinkDecodeError });
});

test('unknown attributes are kept and re-emitted byte for byte, flags included', (t) => {
  const original = hex('0800 2a00 01020304  0800 2bc0 05060708  0500 0c00 ff000000');
  const attrs = parseAttributes(original);
  const w = hostCodec.writer();
  for (const a of attrs) w.attribute(a);
  t.deepEqual(w.finish(), original);
  t.true(attrs[1]!.nested && attrs[1]!.netByteOrder);
});

test('a nested attribute overrunning its parent is refused', (t) => {
  // The outer nest holds 8 bytes, but the inner attribute claims 12.
  const bad = hex('0c00 0180 0c00 0100 ffff ffff');
  const [outer] = parseAttributes(bad);
  t.throws(() => hostCodec.nested(outer!), { instanceOf: NetlinkDecodeError });
});

// ---- properties ----

type AttrSpec = { type: number; kind: 'u8' | 'u16' | 'u32' | 'u64' | 'string' | 'bytes'; value: number | bigint | string | Uint8Array };
const attrArb: fc.Arbitrary<AttrSpec> = fc.oneof(
  fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), kind: fc.constant('u8' as const), value: fc.integer({ min: 0, max: 0xff }) }),
  fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), kind: fc.constant('u16' as const), value: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), kind: fc.constant('u32' as const), value: fc.integer({ min: 0, max: 0xffffffff }) }),
  fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), kind: fc.constant('u64' as const), value: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) }),
  fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), kind: fc.constant('string' as const), value: fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0')) }),
  fc.record({ type: fc.integer({ min: 0, max: 0x3fff }), kind: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 64 }) }),
);

for (const [label, codec] of [['host', hostCodec], ['big-endian', netfilterCodec]] as Array<[string, AttributeCodec]>) {
  test(`property (${label}): encode then decode is the identity`, (t) => {
    fc.assert(fc.property(fc.array(attrArb, { maxLength: 20 }), fc.boolean(), (specs, nest) => {
      const w = codec.writer(8);
      const write = (ww: typeof w): void => {
        for (const s of specs) {
          if (s.kind === 'u64') ww.u64(s.type, s.value as bigint);
          else if (s.kind === 'string') ww.string(s.type, s.value as string);
          else if (s.kind === 'bytes') ww.bytes(s.type, s.value as Uint8Array);
          else ww[s.kind](s.type, s.value as number);
        }
      };
      if (nest) w.nested(7, write); else write(w);
      let attrs = parseAttributes(w.finish());
      if (nest) attrs = codec.nested(attrs[0]!);
      if (attrs.length !== specs.length) return false;
      return specs.every((s, i) => {
        const a = attrs[i]!;
        if (a.type !== s.type) return false;
        switch (s.kind) {
          case 'u8': return codec.u8(a) === s.value;
          case 'u16': return codec.u16(a) === s.value;
          case 'u32': return codec.u32(a) === s.value;
          case 'u64': return codec.u64(a) === s.value;
          case 'string': return codec.string(a) === s.value;
          case 'bytes': return Buffer.from(s.value as Uint8Array).equals(a.value);
        }
      });
    }), { numRuns: 300 });
    t.pass();
  });
}

test('property: random bytes only ever produce NetlinkDecodeError from the framing and attribute parsers', (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (arr) => {
    const buf = Buffer.from(arr);
    for (const parse of [() => [...iterateMessages(buf)], () => parseAttributes(buf)]) {
      try { parse(); } catch (e) { if (!(e instanceof NetlinkDecodeError)) throw e; }
    }
  }), { numRuns: 2000 });
  t.pass();
});

test('property: mutating a valid message never produces anything but NetlinkDecodeError', (t) => {
  const valid = encodeMessage({ type: 16, flags: 2, seq: 9, pid: 1 },
    hostCodec.writer().u32(1, 5).nested(2, (w) => w.string(3, 'eth0').u16(4, 7)).finish());
  fc.assert(fc.property(fc.array(fc.record({ at: fc.nat(valid.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }), fc.nat(valid.length), (muts, cut) => {
    const buf = Buffer.from(valid.subarray(0, Math.max(cut, 1)));
    for (const m of muts) if (m.at < buf.length) buf[m.at] = m.byte;
    try {
      for (const msg of iterateMessages(buf)) {
        for (const a of parseAttributes(msg.payload)) if (a.type === 2) hostCodec.nested(a);
      }
    } catch (e) {
      if (!(e instanceof NetlinkDecodeError)) throw e;
    }
  }), { numRuns: 2000 });
  t.pass();
});

test('NLA_F_NESTED constant is the kernel value', (t) => {
  t.is(NLA_F_NESTED, 0x8000);
  t.is(NLA_F_NET_BYTEORDER, 0x4000);
});

test('errno texts: the common ones from the table, any other from libc\'s strerror, else the number', (t) => {
  t.is(errnoMessage(2), 'No such file or directory');
  t.is(errnoMessage(100), 'Network is down'); // ENETDOWN: not in the table, strerror knows it
  t.is(errnoName(100), 'ENETDOWN');
  t.is(errnoMessage(524), 'Operation not supported'); // kernel-internal ENOTSUPP
  t.is(errnoMessage(4242), 'error 4242');
});
