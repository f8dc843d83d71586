// Codec unit tests: round trips of every object over real kernel messages (ip's captures), unknown attributes
// kept and re-emitted, validation before sending, and random bytes that only ever fail with NetlinkDecodeError.
import test from 'ava';
import fc from 'fast-check';
import { NetlinkDecodeError, ValidationError, hostCodec, parseAttributes } from '../src/netlink/index.js';
import { RTM, decodeAddress, decodeLink, decodeRoute, decodeRule, encodeAddress, encodeLink, encodeRoute, encodeRule, decodeNexthop, decodeNeighbour } from '../src/rtnetlink/index.js';
import { addressRequest } from '../src/rtnetlink/address.js';
import { routeRequest } from '../src/rtnetlink/route.js';
import { ruleRequest } from '../src/rtnetlink/rule.js';
import { createLinkRequest } from '../src/rtnetlink/link.js';
import { validateIfName } from '../src/rtnetlink/common.js';
import { nexthopRequest } from '../src/rtnetlink/nexthop.js';
import { neighbourRequest } from '../src/rtnetlink/neighbour.js';
import { loadCapture, received } from './rtnetlink/golden-kernel.js';

const codecs = [
  { name: 'link', file: 'link-dump.strace', type: RTM.NEWLINK, decode: decodeLink, encode: encodeLink },
  { name: 'address', file: 'addr-dump.strace', type: RTM.NEWADDR, decode: decodeAddress, encode: encodeAddress },
  { name: 'route', file: 'route-dump-all.strace', type: RTM.NEWROUTE, decode: decodeRoute, encode: encodeRoute },
  { name: 'rule', file: 'rule-dump.strace', type: RTM.NEWRULE, decode: decodeRule, encode: encodeRule },
] as const;

for (const c of codecs) {
  test(`codec: ${c.name} decode -> encode -> decode is the identity on what ip received`, (t) => {
    const msgs = received(c.file, c.type);
    t.true(msgs.length > 2, `${msgs.length} messages`);
    for (const m of msgs) {
      const model = (c.decode as (p: Buffer) => unknown)(m.payload);
      const again = (c.decode as (p: Buffer) => unknown)((c.encode as (x: unknown) => Buffer)(model));
      t.deepEqual(again, model);
    }
  });

  test(`codec: random bytes into the ${c.name} decoder only ever throw NetlinkDecodeError`, (t) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        (c.decode as (p: Buffer) => unknown)(Buffer.from(bytes));
      } catch (e) {
        if (!(e instanceof NetlinkDecodeError)) throw e;
      }
    }), { numRuns: 3000 });
    t.pass();
  });

  test(`codec: mutated real ${c.name} messages only ever throw NetlinkDecodeError`, (t) => {
    const msgs = received(c.file, c.type);
    fc.assert(fc.property(fc.nat(msgs.length - 1), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(64), (which, at, byte, cut) => {
      const p = Buffer.from(msgs[which]!.payload);
      p[at % p.length] = byte;
      try {
        (c.decode as (p: Buffer) => unknown)(p.subarray(0, Math.max(0, p.length - cut)));
      } catch (e) {
        if (!(e instanceof NetlinkDecodeError)) throw e;
      }
    }), { numRuns: 3000 });
    t.pass();
  });
}

test('codec: unknown attributes are kept and re-emitted', (t) => {
  const [m] = received('link-dump.strace', RTM.NEWLINK);
  const link = decodeLink(m!.payload);
  t.true(link.unknown.length > 0, 'IFLA_AF_SPEC and newer attributes are not modelled');
  const types = parseAttributes(encodeLink(link), 16).map((a) => a.type);
  for (const u of link.unknown) t.true(types.includes(u.type), `attribute ${u.type} re-emitted`);
  const extra = hostCodec.writer().u32(999, 7).finish();
  const route = decodeRoute(Buffer.concat([received('route-dump-all.strace', RTM.NEWROUTE)[0]!.payload, extra]));
  t.is(route.unknown.at(-1)!.type, 999);
  t.is(decodeRoute(encodeRoute(route)).unknown.at(-1)!.value.readUInt32LE(0), 7);
});

test('codec: decoded models from the captures read like ip showed them', (t) => {
  const routes = received('route-dump-table100.strace', RTM.NEWROUTE).map((m) => decodeRoute(m.payload));
  t.like(routes[0]!, { family: 'inet', table: 100, dst: 'default', gateway: '10.10.2.1', protocol: 'boot', type: 'unicast', scope: 'global' });
  const rules = received('rule-dump.strace', RTM.NEWRULE).map((m) => decodeRule(m.payload));
  t.deepEqual(rules.map((r) => [r.priority, r.table]), [[0, 255], [100, 100], [101, 101], [102, 100], [32766, 254], [32767, 253]]);
  const cap = loadCapture('link-dump.strace');
  t.true(cap.indexes.has('client-veth0'));
});

test('validation: bad input is refused before anything is encoded', (t) => {
  t.throws(() => validateIfName(''), { instanceOf: ValidationError });
  t.throws(() => validateIfName('a'.repeat(16)), { instanceOf: ValidationError });
  t.throws(() => validateIfName('a/b'), { instanceOf: ValidationError });
  t.throws(() => validateIfName('a b'), { instanceOf: ValidationError });
  t.throws(() => validateIfName('..'), { instanceOf: ValidationError });
  t.notThrows(() => validateIfName('a'.repeat(15)));
  t.throws(() => addressRequest('add', 2, '10.0.0.1/40'), { instanceOf: ValidationError });
  t.throws(() => addressRequest('add', 2, 'fe80::zz/64'), { instanceOf: ValidationError });
  t.throws(() => routeRequest('add', { to: '10.0.0.0/8', via: '2001:db8::1', src: '2001:db8::2' }), { instanceOf: ValidationError });
  t.throws(() => routeRequest('add', { to: '10.0.0.0/8', table: 0 }), { instanceOf: ValidationError });
  t.throws(() => routeRequest('add', { to: '10.0.0.0/8', metrics: { bogus: 1 } as never }), { instanceOf: ValidationError });
  t.throws(() => ruleRequest('add', { from: '10.0.0.0/8', to: '2001:db8::/32' }), { instanceOf: ValidationError });
  t.throws(() => ruleRequest('add', { sport: { start: 90, end: 80 } }), { instanceOf: ValidationError });
  t.throws(() => createLinkRequest({ name: 'v0', kind: 'vlan' }), { instanceOf: ValidationError });
});

test('encoding: tables above 255 go to RTA_TABLE / FRA_TABLE, smaller ones in the header', (t) => {
  const small = routeRequest('add', { to: '10.0.0.0/8', dev: 3, table: 100 });
  t.is(small.payload[4], 100);
  t.false(parseAttributes(Buffer.from(small.payload), 12).some((a) => a.type === 15));
  const big = routeRequest('add', { to: '10.0.0.0/8', dev: 3, table: 100000 });
  t.is(big.payload[4], 0);
  t.is(hostCodec.u32(parseAttributes(Buffer.from(big.payload), 12).find((a) => a.type === 15)!), 100000);
  const rule = ruleRequest('add', { priority: 5, table: 70000 });
  t.is(rule.payload[4], 0);
  t.is(hostCodec.u32(parseAttributes(Buffer.from(rule.payload), 12).find((a) => a.type === 15)!), 70000);
  // Gateway-less unicast routes get link scope, as with ip.
  t.is(routeRequest('add', { to: '10.0.0.0/8', dev: 3 }).payload[6], 253);
  t.is(routeRequest('add', { to: '10.0.0.0/8', via: '10.1.1.1' }).payload[6], 0);
  t.is(routeRequest('delete', { to: '10.0.0.0/8' }).payload[6], 255);
});

test('nexthop and neighbour codecs: what the encoders write decodes back; a cut NHA_GROUP is a NetlinkDecodeError', (t) => {
  const req = nexthopRequest('add', { id: 11, group: [{ id: 1 }, { id: 3, weight: 256 }], groupType: 'resilient', buckets: 8 });
  const n = decodeNexthop(Buffer.from(req.payload));
  t.deepEqual([n.id, n.group, n.groupType, n.resilient], [11, [{ id: 1, weight: 1 }, { id: 3, weight: 256 }], 'resilient', { buckets: 8 }]);
  const gw = decodeNexthop(Buffer.from(nexthopRequest('replace', { id: 1, via: '2001:db8::1', dev: 4, onlink: true, protocol: 'static' }).payload));
  t.deepEqual([gw.family, gw.gateway, gw.oif, gw.flags, gw.protocol], ['inet6', '2001:db8::1', 4, ['onlink'], 'static']);
  const cut = Buffer.from(nexthopRequest('add', { id: 10, group: [{ id: 1 }] }).payload);
  cut.writeUInt16LE(4 + 7, 8 + 8); // NHA_GROUP (after nhmsg and NHA_ID) claims 7 bytes
  t.throws(() => decodeNexthop(cut), { instanceOf: NetlinkDecodeError });
  t.throws(() => nexthopRequest('add', { id: 5, via: '10.0.0.1', blackhole: true }), { instanceOf: ValidationError });
  t.throws(() => nexthopRequest('add', { id: 5, group: [{ id: 1, weight: 257 }] }), { instanceOf: ValidationError });
  const nb = decodeNeighbour(Buffer.from(neighbourRequest('replace', 3, { dst: '10.0.0.9', lladdr: '02:00:00:00:00:09', state: ['STALE'], flags: ['router'] }).payload));
  t.deepEqual([nb.family, nb.index, nb.dst, nb.lladdr, nb.state, nb.flags], ['inet', 3, '10.0.0.9', '02:00:00:00:00:09', ['STALE'], ['router']]);
  t.throws(() => neighbourRequest('add', 3, { dst: '10.0.0.9', state: ['SLEEPY'] }), { instanceOf: ValidationError });
});
