// Unit tests of the conntrack codecs: round trips, validation, filters, and the decoder's behaviour on
// random bytes (only NetlinkDecodeError, never anything else).
import test from 'ava';
import fc from 'fast-check';
import { NetlinkDecodeError, ValidationError } from '../src/netlink/index.js';
import { Conntrack, Status, decodeFlow, encodeFlow, invertTuple, matchFlow, statusNames, type Flow } from '../src/nfnetlink/conntrack/index.js';
import { encodeFilter } from '../src/nfnetlink/conntrack/filter.js';
import { formatFlow } from '../src/cli/format/conntrack.js';

const base: Flow = {
  family: 2,
  original: { src: '10.10.1.1', dst: '192.0.2.1', protocol: 6, sport: 40000, dport: 80 },
  reply: { src: '192.0.2.1', dst: '172.16.202.30', protocol: 6, sport: 80, dport: 61000 },
  status: Status.ASSURED | Status.CONFIRMED | Status.SEEN_REPLY | Status.SRC_NAT | Status.SRC_NAT_DONE,
  timeout: 119, mark: 7, zone: 1,
  tcp: { state: 3, flagsOriginal: { flags: 0x0a, mask: 0x0a }, flagsReply: { flags: 0x0a, mask: 0x0a }, wscaleOriginal: 7, wscaleReply: 7 },
  seqAdjOriginal: { correctionPos: 1, offsetBefore: -2, offsetAfter: 3 },
  helper: 'ftp', labels: Buffer.alloc(16, 1), synproxy: { isn: 1, its: 2, tsoff: 3 },
  unknown: [{ type: 99, nested: false, netByteOrder: false, value: Buffer.from([1, 2, 3, 4]) }],
};

test('encodeFlow -> decodeFlow keeps every written field, unknown attributes included', (t) => {
  const back = decodeFlow(encodeFlow(base));
  t.deepEqual({ ...back, unknown: back.unknown?.map((u) => ({ ...u, value: Buffer.from(u.value) })) }, base);
});

test('IPv6 and ICMP tuples round-trip; invertTuple maps echo request to reply', (t) => {
  const f: Flow = { family: 10, original: { src: '2001:db8::1', dst: '2001:db8::2', protocol: 58, icmpType: 128, icmpCode: 0, icmpId: 77 }, timeout: 30 };
  f.reply = invertTuple(f.original);
  t.is(f.reply.icmpType, 129);
  t.deepEqual(decodeFlow(encodeFlow(f)), f);
  t.is(invertTuple({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 1, icmpType: 8, icmpCode: 0, icmpId: 1 }).icmpType, 0);
});

test('validation refuses impossible flows before anything is sent', (t) => {
  const v4 = { src: '10.0.0.1', dst: '10.0.0.2', protocol: 6, sport: 1, dport: 2 };
  t.throws(() => encodeFlow({ original: { ...v4, dst: '2001:db8::1' } }), { instanceOf: ValidationError });
  t.throws(() => encodeFlow({ original: { ...v4, sport: 70000 } }), { instanceOf: ValidationError });
  t.throws(() => encodeFlow({ original: v4, zone: 70000 }), { instanceOf: ValidationError });
  t.throws(() => encodeFlow({ original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 58, icmpType: 128 } }), { instanceOf: ValidationError });
  t.throws(() => encodeFlow({ original: { ...v4, src: '10.0.0.300' } }), { instanceOf: ValidationError });
  t.throws(() => encodeFilter({ zone: 65536 }), { instanceOf: ValidationError });
});

test('filters: CTA_ZONE, CTA_MARK/MASK, CTA_STATUS/MASK and CTA_FILTER are encoded; matchFlow mirrors the kernel', (t) => {
  const e = encodeFilter({ zone: 1, mark: 7, status: Status.ASSURED, protocol: 6, original: { dport: 80 } });
  t.deepEqual(e.parts, { family: false, zone: true, mark: true, status: true, tuple: true });
  t.true(matchFlow(base, { zone: 1, mark: 7, status: Status.ASSURED, protocol: 6, original: { dport: 80 } }));
  t.false(matchFlow(base, { zone: 0 }));
  t.false(matchFlow(base, { mark: 6 }));
  t.true(matchFlow(base, { mark: 2, markMask: 0x2 }));
  t.false(matchFlow(base, { reply: { dport: 1 } }));
  t.true(matchFlow({ ...base, zone: undefined }, { zone: 0 }));
});

test('statusNames names the bits', (t) => {
  t.deepEqual(statusNames(Status.ASSURED | Status.CONFIRMED), ['ASSURED', 'CONFIRMED']);
});

test('formatFlow prints the conntrack-tools line', (t) => {
  const f: Flow = { ...base, timestampStart: undefined, helper: undefined, use: 1, countersOriginal: { packets: 4, bytes: 216 }, countersReply: { packets: 4, bytes: 218 } };
  t.is(formatFlow(f), 'tcp      6 119 ESTABLISHED src=10.10.1.1 dst=192.0.2.1 sport=40000 dport=80 packets=4 bytes=216 src=192.0.2.1 dst=172.16.202.30 sport=80 dport=61000 packets=4 bytes=218 [ASSURED] mark=7 zone=1 use=1');
  t.is(formatFlow({ ...f, status: 8 }, { extended: true, id: true }).slice(0, 28), 'ipv4     2 tcp      6 119 ES');
});

test('property: random bytes make decodeFlow throw NetlinkDecodeError or nothing', (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
    try {
      decodeFlow(Buffer.from(bytes));
    } catch (e) {
      if (!(e instanceof NetlinkDecodeError)) throw e;
    }
  }), { numRuns: 5000 });
  // Mutations of a valid message hit the nested decoders too.
  const good = encodeFlow(base);
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(good.length), (edits, cut) => {
    const b = Buffer.from(good.subarray(0, Math.max(cut, 4)));
    for (const [i, v] of edits) if (i < b.length) b[i] = v;
    try { decodeFlow(b); } catch (e) { if (!(e instanceof NetlinkDecodeError)) throw e; }
  }), { numRuns: 5000 });
  t.pass();
});

test('create refuses a spec without timeout, and NAT status bits', (t) => {
  const ct = Conntrack.fromTransport({ protocol: 12, portId: 1, closed: false, send() { throw new Error('must not send'); }, receive: async () => null, tryReceive: () => null, close() {} });
  t.throws(() => ct.encodeCreate({ original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, sport: 1, dport: 2 } }), { instanceOf: ValidationError });
  t.throws(() => ct.encodeCreate({ original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, sport: 1, dport: 2 }, timeout: 5, status: ['SRC_NAT'] }), { instanceOf: ValidationError });
});
