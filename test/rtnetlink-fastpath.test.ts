// rtnetlink's fast paths against the reference ones: header offsets against the layouts, decodeRouteAt and
// the route view against decodeRoute (same models, same errors), the CLI's byte-level route lines against
// routeLine, link views (summaries, toModel) against decodeLink, and bulk route writes against routeRequest's bytes.
import test from 'ava';
import fc from 'fast-check';
import { NetlinkConnection, NetlinkDecodeError, hostCodec } from '../src/netlink/index.js';
import { LinkOps, RTA, RTM, RouteOps, decodeLink, decodeRoute, type ResolvedRoute, type RouteSpec } from '../src/rtnetlink/index.js';
import { FIB_RULE_HDR_OFFSETS, IFADDRMSG_OFFSETS, IFINFOMSG_OFFSETS, IFINFOMSG_SIZE, IFADDRMSG_SIZE, RTMSG_OFFSETS, RTMSG_SIZE, RTNEXTHOP_SIZE, FIB_RULE_HDR_SIZE, NDMSG_OFFSETS, NDMSG_SIZE, NHMSG_OFFSETS, NHMSG_SIZE, writeRtMsg } from '../src/rtnetlink/headers.js';
import { RouteView, decodeRouteAt, routeRequest, scanRoutes } from '../src/rtnetlink/route.js';
import { linkSummaryAt, newLinkView } from '../src/rtnetlink/link.js';
import { RouteTextBlock, routeLine } from '../src/cli/format/rtnetlink.js';
import { GoldenKernel, received } from './rtnetlink/golden-kernel.js';
import { outcome } from './helpers/outcome.js';
import { fibRuleHdrLayout, ifaddrmsgLayout, ifinfomsgLayout, ndmsgLayout, nhmsgLayout, rtmsgLayout, rtnexthopLayout } from './helpers/layouts.js';

test('header offsets and sizes are the ones the layouts declare', (t) => {
  const check = (offsets: Record<string, number>, size: number, layout: { span: number; offsetOf(f: string): number | undefined }): void => {
    t.is(size, layout.span);
    for (const [f, o] of Object.entries(offsets)) t.is<number | undefined, number | undefined>(o, layout.offsetOf(f), f);
  };
  check(IFINFOMSG_OFFSETS, IFINFOMSG_SIZE, ifinfomsgLayout as never);
  check(IFADDRMSG_OFFSETS, IFADDRMSG_SIZE, ifaddrmsgLayout as never);
  check(RTMSG_OFFSETS, RTMSG_SIZE, rtmsgLayout as never);
  check(FIB_RULE_HDR_OFFSETS, FIB_RULE_HDR_SIZE, fibRuleHdrLayout as never);
  check(NDMSG_OFFSETS, NDMSG_SIZE, ndmsgLayout as never);
  check(NHMSG_OFFSETS, NHMSG_SIZE, nhmsgLayout as never);
  t.is(RTNEXTHOP_SIZE, rtnexthopLayout.span);
});

// Routes of every shape a listing meets: the captures, plus hand-built ones (next hops, metrics, RTA_VIA,
// source prefixes, preferences, flags, types, a host route without RTA_DST, IPv6).
function routePayloads(): Buffer[] {
  const out = [
    ...received('route-dump-all.strace', RTM.NEWROUTE).map((m) => m.payload),
    ...received('route-dump-table100.strace', RTM.NEWROUTE).map((m) => m.payload),
  ];
  const add = (spec: ResolvedRoute, extra?: (w: ReturnType<typeof hostCodec.writer>) => void, flags = 0): void => {
    const p = Buffer.from(routeRequest('add', spec).payload);
    p.writeUInt32LE(flags, 8);
    if (!extra) { out.push(p); return; }
    const w = hostCodec.writer();
    extra(w);
    out.push(Buffer.concat([p, w.finish()]));
  };
  add({ to: '10.1.0.0/16', via: '10.0.0.1', dev: 2, metric: 50, table: 1000, protocol: 'static', src: '10.0.0.9' });
  add({ to: '10.2.0.0/16', dev: 3, metrics: { mtu: 1400, congctl: 'cubic' } });
  add({ to: '10.3.0.0/24', nexthops: [{ via: '10.0.0.1', dev: 2, weight: 3 }, { via: '10.0.0.2', dev: 7, onlink: true }] });
  add({ to: '10.4.0.0/24', via: '2001:db8::1', dev: 2 });
  add({ to: '10.5.0.0/24', from: '192.168.0.0/16', dev: 2, tos: 8 });
  add({ to: '2001:db8:1::/64', via: 'fe80::1', dev: 2, pref: 'high', metric: 1024 });
  add({ to: '2001:db8:2::1', dev: 9, type: 'local', table: 'local' });
  add({ to: 'default', type: 'unreachable', table: 100 });
  add({ to: '10.6.0.0/24', type: 'blackhole', protocol: 99 });
  add({ to: '10.7.0.0/24', dev: 2 }, undefined, 0x15 | 0x100);
  add({ to: '10.8.0.0/24', dev: 2 }, (w) => { w.u32(RTA.IIF, 4).u32(RTA.MARK, 7).u32(999, 1); });
  add({ to: '10.9.0.0/24', dev: 2, table: 70000, scope: 'host' }, (w) => { w.u8(RTA.PREF, 9); });
  out.push(Buffer.concat([writeRtMsg({ family: 2, dstLength: 24, table: 254, type: 1 }), hostCodec.writer().u32(RTA.OIF, 2).finish()]));
  out.push(Buffer.concat([writeRtMsg({ family: 10, dstLength: 128, table: 254, type: 1 }), hostCodec.writer().u32(RTA.OIF, 4242).finish()]));
  return out;
}

test('decodeRouteAt inside a larger buffer equals decodeRoute of the payload', (t) => {
  for (const p of routePayloads()) {
    const big = Buffer.concat([Buffer.alloc(20, 0xee), p, Buffer.alloc(8, 0xee)]);
    t.deepEqual(decodeRouteAt(big, 20, 20 + p.length), decodeRoute(p));
  }
});

test('route lines read in place equal routeLine of the decoded route, every shape, names and all', (t) => {
  const names = new Map<number, string>([[1, 'lo'], [2, 'eth0'], [3, 'client-veth0'], [7, 'bröken'], [9, '']]);
  for (const showTable of [false, true]) {
    const payloads = routePayloads();
    const chunk = Buffer.concat(payloads.map((p) => frame(p)));
    const expected = payloads.map((p) => routeLine(decodeRoute(p), names, showTable) + '\n').join('');
    const block = new RouteTextBlock(names, showTable);
    scanRoutes(chunk, new RouteView(), (v) => block.add(v));
    t.is(block.take(), expected);
  }
});

function frame(payload: Buffer): Buffer {
  const m = Buffer.alloc(16 + ((payload.length + 3) & ~3));
  m.writeUInt32LE(16 + payload.length, 0);
  m.writeUInt16LE(RTM.NEWROUTE, 4);
  payload.copy(m, 16);
  return m;
}

test('the route view fails where decodeRoute fails, with the same error, and its toModel() is decodeRoute', (t) => {
  const payloads = routePayloads();
  const view = new RouteView();
  fc.assert(fc.property(fc.integer({ min: 0, max: payloads.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(12),
    (which, edits, cut) => {
      const p = Buffer.from(payloads[which]!);
      for (const [at, v] of edits) p[at % p.length] = v;
      const bad = p.subarray(0, Math.max(0, p.length - cut));
      const ref = outcome(() => decodeRoute(bad));
      const walked = outcome(() => { view.reset(bad, 0, bad.length); return null; });
      if (!walked.ok) t.deepEqual(walked, ref, 'the walk fails only as decode fails');
      const mine = outcome(() => view.reset(bad, 0, bad.length).toModel());
      t.deepEqual(mine, ref);
    }), { numRuns: 3000 });
});

test('link views: the summary is decodeLink without the rest, and view.toModel() is decodeLink', (t) => {
  const links = received('link-dump.strace', RTM.NEWLINK);
  t.true(links.length > 2);
  const view = newLinkView();
  for (const m of links) {
    const full = decodeLink(m.payload);
    const summary = linkSummaryAt(view, m.payload, 0, m.payload.length);
    for (const [k, v] of Object.entries(summary)) t.deepEqual(v, (full as unknown as Record<string, unknown>)[k], k);
    for (const k of ['index', 'name', 'mtu', 'operstate', 'address', 'qdisc', 'txqlen', 'group'] as const) t.deepEqual(summary[k], full[k], k);
    t.deepEqual(view.toModel(), full);
  }
});

test('link views on mutated messages: toModel() is decodeLink (same model or same error); a summary read means decodeLink reads it the same', (t) => {
  const links = received('link-dump.strace', RTM.NEWLINK);
  const view = newLinkView();
  fc.assert(fc.property(fc.nat(links.length - 1), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(64), (which, at, byte, cut) => {
    const p = Buffer.from(links[which]!.payload);
    p[at % p.length] = byte;
    const bad = p.subarray(0, Math.max(0, p.length - cut));
    const ref = outcome(() => decodeLink(bad));
    const summary = outcome(() => linkSummaryAt(view, bad, 0, bad.length));
    if (summary.ok) {
      t.deepEqual(outcome(() => view.toModel()), ref);
      if (ref.ok) for (const [k, v] of Object.entries(summary.value as object)) t.deepEqual(v, (ref.value as unknown as Record<string, unknown>)[k], k);
    } else {
      t.false(ref.ok, 'the view refuses only what decodeLink refuses');
    }
  }), { numRuns: 3000 });
});

test('bulk route writes send the bytes routeRequest encodes, links looked up once each', async (t) => {
  const specs: RouteSpec[] = [
    ...Array.from({ length: 300 }, (_, i): RouteSpec => ({ to: `20.0.${i >> 8}.${i & 255}/32`, dev: 'client-veth0', table: 1000 + (i % 3) })),
    { to: '10.3.0.0/24', nexthops: [{ via: '10.0.0.1', dev: 'client-veth0', weight: 3 }, { via: '10.0.0.2', dev: 5 }] },
    { to: '2001:db8::/64', via: 'fe80::1', dev: 'proxy-veth0', metric: 7 },
    { to: 'default', type: 'blackhole', table: 100 },
  ];
  const indexes = new Map([['client-veth0', 11], ['proxy-veth0', 12]]);
  const kernel = new GoldenKernel(indexes);
  const conn = new NetlinkConnection(kernel, 0);
  const routes = new RouteOps(conn, new LinkOps(conn));
  const outcome = await routes.addMany(specs, { window: 64 });
  t.is(outcome.failures.length, 0);
  const lookups = kernel.sent.filter((m) => m.type === RTM.GETLINK);
  t.is(lookups.length, 2);
  const writes = kernel.sent.filter((m) => m.type === RTM.NEWROUTE);
  t.is(writes.length, specs.length);
  const resolve = (ref: string | number | undefined): number | undefined => (typeof ref === 'string' ? indexes.get(ref) : ref);
  specs.forEach((s, i) => {
    const expected = routeRequest('add', { ...s, dev: resolve(s.dev), nexthops: s.nexthops?.map((n) => ({ ...n, dev: resolve(n.dev) })) });
    t.is(writes[i]!.payload.toString('hex'), Buffer.from(expected.payload).toString('hex'), `item ${i}`);
    t.is(writes[i]!.flags & ~0x4, (expected.flags | 1) & ~0x4, `flags of item ${i}`);
  });
  // One ACK per window: only the last message of each datagram asks for one.
  t.is(writes.filter((m) => m.flags & 0x4).length, Math.ceil(specs.length / 64));
  // Runs of specs that differ only in `to` (encoded once, then patched), broken up by other shapes.
  const runs: RouteSpec[] = [
    ...Array.from({ length: 50 }, (_, i): RouteSpec => ({ to: `30.0.0.${i}/${24 + (i % 9)}`, dev: 'client-veth0', table: 1000 })),
    { to: 'default', dev: 'client-veth0', table: 1000 },
    { to: '30.1.0.0/16', dev: 'client-veth0', table: 1000 },
    { to: '2001:db8:5::/48', dev: 'client-veth0', table: 1000 },
    { to: '2001:db8:6::1', dev: 'client-veth0', table: 1000 },
    { to: '30.2.0.1', dev: 'client-veth0', table: 1000 },
    { to: '30.3.0.0/0', dev: 'client-veth0', table: 1000 },
    { to: '30.4.0.0/12', dev: 'proxy-veth0', table: 1000, metric: 5 },
    { to: '30.5.0.0/12', dev: 'proxy-veth0', table: 1000, metric: 5, via: undefined },
    { to: '30.6.0.0/12', family: 'inet', dev: 'proxy-veth0', table: 1000, metric: 5 },
  ];
  const more = kernel.sent.length;
  t.is((await routes.addMany(runs)).failures.length, 0);
  const written = kernel.sent.slice(more).filter((m) => m.type === RTM.NEWROUTE);
  runs.forEach((s, i) => {
    const expected = routeRequest('add', { ...s, dev: resolve(s.dev), nexthops: undefined });
    t.is(written[i]!.payload.toString('hex'), Buffer.from(expected.payload).toString('hex'), `run item ${i} (${s.to})`);
  });
  const inet6 = runs.slice(0, 3).map((s) => ({ ...s, family: 'inet6' as const }));
  await t.throwsAsync(routes.addMany(inet6), { message: /item 0: invalid to/ });
  await t.throwsAsync(routes.addMany([...runs.slice(0, 3), { to: '30.0.0.1/33', dev: 'client-veth0', table: 1000 }]), { message: /item 3: invalid to/ });
  await t.throwsAsync(routes.addMany([...runs.slice(0, 3), { to: 5 as unknown as string, dev: 'client-veth0', table: 1000 }]), { message: /item 3: invalid to: expected a string/ });
  // A bad item is refused before anything is sent, and named.
  const before = kernel.sent.length;
  await t.throwsAsync(routes.addMany([...specs.slice(0, 3), { to: '10.0.0.0/33', dev: 'client-veth0' }]), { message: /item 3: invalid to/ });
  t.is(kernel.sent.length, before);
});
