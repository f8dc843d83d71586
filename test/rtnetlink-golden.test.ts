// Golden request tests: the bytes `ip` sent (strace captures in fixtures/golden/rtnetlink, see its README) must
// equal the bytes the library sends for the same operation, with nlmsg_seq and nlmsg_pid masked. The library
// talks to a stand-in kernel that answers name lookups with the ifindexes the capture shows.
import test from 'ava';
import { encodeMessage, type NetlinkMessage, type Request } from '../src/netlink/index.js';
import { IFLA, NETNSA, NHA, RTM, RtNetlink, decodeNeighbour, decodeNexthop, decodeNsid } from '../src/rtnetlink/index.js';
import { dumpAddressesRequest } from '../src/rtnetlink/address.js';
import { dumpNeighboursRequest } from '../src/rtnetlink/neighbour.js';
import { dumpNexthopsRequest } from '../src/rtnetlink/nexthop.js';
import { dumpRoutesRequest } from '../src/rtnetlink/route.js';
import { dumpRulesRequest } from '../src/rtnetlink/rule.js';
import { getNsidRequest } from '../src/rtnetlink/nsid.js';
import { GoldenKernel, loadCapture, masked, received } from './rtnetlink/golden-kernel.js';

/** `ip link` first sends an empty RTM_NEWLINK with seq 0 to see whether the kernel knows RTM_NEWLINK at all
 * (iplink_have_newlink). Every kernel since 2.6.x does; the library does not ask. */
function isNewlinkProbe(m: NetlinkMessage): boolean {
  return m.type === RTM.NEWLINK && m.seq === 0 && m.payload.length === 16 && m.payload.every((b) => b === 0);
}

const hex = (b: Buffer): string => b.toString('hex');

/** Offset of the 4-byte value of the first IFLA_NET_NS_FD attribute (08 00 1c 00) in a message, or -1. */
function netnsFdValueOffset(b: Buffer): number {
  const at = b.indexOf(Buffer.from([8, 0, IFLA.NET_NS_FD, 0]), 32);
  return at < 0 ? -1 : at + 4;
}

interface Case {
  file: string;
  run(nl: RtNetlink): Promise<unknown>;
  /** ip sends the namespace as IFLA_NET_NS_FD with its own fd number: those 4 bytes are masked. */
  maskNetnsFd?: boolean;
  /** Messages ip sends that the library deliberately does not (checked and explained by the caller). */
  ipOnly?: (m: NetlinkMessage, index: number) => boolean;
  /** Messages the library sends that ip does not (the same rule the other way). */
  oursOnly?: (m: NetlinkMessage) => boolean;
}

const isLinkDump = (m: NetlinkMessage): boolean => m.type === RTM.GETLINK && (m.flags & 0x300) === 0x300;
const isLinkByName = (m: NetlinkMessage): boolean => m.type === RTM.GETLINK && (m.flags & 0x300) === 0;

// A namespace by path: the library opens it and passes its own fd, whose number differs from ip's.
const SELF_NS = { path: '/proc/self/ns/net' };

const cases: Case[] = [
  { file: 'link-add-veth-peer-netns.strace', maskNetnsFd: true, run: (nl) => nl.links.createVeth('client-veth0', { peer: 'veth0', peerNetns: SELF_NS }) },
  { file: 'link-set-netns.strace', maskNetnsFd: true, run: (nl) => nl.links.moveToNetns('veth0', SELF_NS) },
  { file: 'link-set-up.strace', run: (nl) => nl.links.setUp('client-veth0') },
  { file: 'link-set-mtu.strace', run: (nl) => nl.links.set('tmp0', { mtu: 1400 }) },
  { file: 'link-del.strace', run: (nl) => nl.links.delete('tmp0') },
  { file: 'link-add-bridge.strace', run: (nl) => nl.links.createBridge('br0') },
  { file: 'link-add-vlan.strace', run: (nl) => nl.links.createVlan('enp4s0.10', { parent: 'enp4s0', id: 10 }) },
  { file: 'addr-add.strace', run: (nl) => nl.addresses.add('client-veth0', '10.10.1.2/24') },
  { file: 'addr-add-ipv6.strace', run: (nl) => nl.addresses.add('client-veth0', '2001:db8::1/64') },
  { file: 'addr-del.strace', run: (nl) => nl.addresses.delete('client-veth0', '10.10.1.3/24') },
  { file: 'rule-add-client.strace', run: (nl) => nl.rules.add({ from: '10.10.1.0/24', iif: 'client-veth0', priority: 100, table: 100 }) },
  { file: 'rule-add-proxy.strace', run: (nl) => nl.rules.add({ to: '10.10.1.0/24', iif: 'proxy-veth0', priority: 101, table: 101 }) },
  { file: 'rule-add-uplink.strace', run: (nl) => nl.rules.add({ to: '10.10.1.0/24', iif: 'enp4s0', priority: 102, table: 100 }) },
  { file: 'rule-add-fwmark.strace', run: (nl) => nl.rules.add({ fwmark: 0x10, fwmask: 0xff, table: 200, priority: 300 }) },
  { file: 'rule-add-ipv6.strace', run: (nl) => nl.rules.add({ from: '2001:db8::/64', table: 200, priority: 400 }) },
  { file: 'rule-del.strace', run: (nl) => nl.rules.delete({ fwmark: 0x10, fwmask: 0xff, table: 200, priority: 300 }) },
  { file: 'route-add-table100.strace', run: (nl) => nl.routes.add({ to: 'default', via: '10.10.2.1', dev: 'proxy-veth0', table: 100 }) },
  { file: 'route-add-table101.strace', run: (nl) => nl.routes.add({ to: 'default', via: '10.10.1.1', dev: 'client-veth0', table: 101 }) },
  { file: 'route-add-metric.strace', run: (nl) => nl.routes.add({ to: '192.0.2.0/24', via: '10.10.2.1', metric: 50, table: 1000 }) },
  { file: 'route-add-blackhole.strace', run: (nl) => nl.routes.add({ to: '198.51.100.0/24', type: 'blackhole' }) },
  { file: 'route-add-ipv6.strace', run: (nl) => nl.routes.add({ to: '2001:db8:1::/64', via: '2001:db8::2', dev: 'client-veth0' }) },
  { file: 'route-del.strace', run: (nl) => nl.routes.delete({ to: '203.0.113.0/24', via: '10.10.2.1', table: 1000 }) },
  {
    file: 'route-get.strace', run: (nl) => nl.routes.get('10.10.2.1'),
    // After the answer, ip asks for the output link by index only to print its name; the library returns the ifindex.
    ipOnly: (m, i) => i > 0 && m.type === RTM.GETLINK,
  },
  // ip neigh maps link names with a whole link dump (ll_init_map); the library asks for the one link by name.
  { file: 'neigh-add.strace', run: (nl) => nl.neighbours.add('client-veth0', { dst: '10.10.1.9', lladdr: '02:00:00:00:00:09' }), ipOnly: isLinkDump, oursOnly: isLinkByName },
  {
    file: 'neigh-replace-ipv6.strace', ipOnly: isLinkDump, oursOnly: isLinkByName,
    run: (nl) => nl.neighbours.replace('client-veth0', { dst: '2001:db8::9', lladdr: '02:00:00:00:00:0a', state: ['REACHABLE'], flags: ['router'] }),
  },
  { file: 'neigh-del.strace', run: (nl) => nl.neighbours.delete('client-veth0', '10.10.1.9'), ipOnly: isLinkDump, oursOnly: isLinkByName },
  { file: 'nexthop-add.strace', run: (nl) => nl.nexthops.add({ id: 1, via: '10.10.2.1', dev: 'proxy-veth0' }) },
  { file: 'nexthop-add-blackhole.strace', run: (nl) => nl.nexthops.add({ id: 2, blackhole: true }) },
  { file: 'nexthop-add-group.strace', run: (nl) => nl.nexthops.add({ id: 10, group: [{ id: 1, weight: 2 }, { id: 3 }] }) },
  { file: 'nexthop-del.strace', run: (nl) => nl.nexthops.delete(3) },
  { file: 'route-add-nhid.strace', run: (nl) => nl.routes.add({ to: '203.0.113.0/24', nhid: 10, table: 1000 }) },
  {
    // IPv6 takes no RTM_F_LOOKUP_TABLE (the kernel refuses it with EINVAL under strict checking); ip sends none.
    file: 'route-get-ipv6.strace', run: (nl) => nl.routes.get('2001:db8:1::5'),
    ipOnly: (m, i) => i > 0 && m.type === RTM.GETLINK,
  },
];

for (const c of cases) {
  test(`golden: ${c.file.replace('.strace', '')} sends the bytes ip sends`, async (t) => {
    const cap = loadCapture(c.file);
    t.log(`ip command: ${cap.command}`);
    const probes = cap.sent.filter(isNewlinkProbe);
    const ipMessages = cap.sent.filter((m) => !isNewlinkProbe(m)).filter((m, i) => !(c.ipOnly?.(m, i) ?? false));
    if (c.ipOnly) t.true(cap.sent.filter((m) => !isNewlinkProbe(m)).length > ipMessages.length, 'the ip-only messages are there');
    t.true(probes.length <= 1);

    const kernel = new GoldenKernel(cap.indexes);
    const nl = RtNetlink.fromTransport(kernel);
    await c.run(nl);
    const sent = kernel.sent.filter((m) => !(c.oursOnly?.(m) ?? false));
    if (c.oursOnly) t.true(kernel.sent.length > sent.length, 'the library-only messages are there');
    t.is(sent.length, ipMessages.length, `message count (ours: ${sent.map((m) => m.type).join(',')})`);
    sent.forEach((ours, i) => {
      const theirs = masked(ipMessages[i]!);
      const mine = masked(ours);
      if (c.maskNetnsFd && ours.type === RTM.NEWLINK) {
        const at = netnsFdValueOffset(theirs);
        t.true(at > 0, 'ip sent IFLA_NET_NS_FD');
        t.is(netnsFdValueOffset(mine), at, 'IFLA_NET_NS_FD at the same place');
        t.is(theirs.readUInt32LE(at), 4, "ip's fd number (4) as the capture shows");
        t.true(mine.readUInt32LE(at) >= 0);
        // Mask exactly the 4 bytes of the fd value: nothing else may differ.
        theirs.writeUInt32LE(0, at);
        mine.writeUInt32LE(0, at);
      }
      t.is(hex(mine), hex(theirs), `message ${i} (type ${ours.type})`);
    });
  });
}

const dumpCases: Array<{ file: string; request: Request; note?: string }> = [
  { file: 'addr-dump.strace', request: dumpAddressesRequest() },
  { file: 'rule-dump.strace', request: dumpRulesRequest('inet') },
  { file: 'route-dump-all.strace', request: dumpRoutesRequest() },
  { file: 'route-dump-table100.strace', request: dumpRoutesRequest({ family: 'inet', table: 100 }) },
  { file: 'neigh-dump.strace', request: dumpNeighboursRequest() },
  { file: 'nexthop-dump.strace', request: dumpNexthopsRequest() },
];

for (const c of dumpCases) {
  test(`golden: ${c.file.replace('.strace', '')} dump request equals ip's`, (t) => {
    const cap = loadCapture(c.file);
    const ipDump = cap.sent.find((m) => m.type === c.request.type && (m.flags & 0x300) === 0x300)!;
    const mine = encodeMessage({ type: c.request.type, flags: c.request.flags | 0x301, seq: 0, pid: 0 }, c.request.payload);
    t.is(hex(mine), hex(masked(ipDump)));
  });
}

test('golden: link dump differs from `ip -o link` on purpose', (t) => {
  // ip asks with ifi_family AF_PACKET and IFLA_EXT_MASK RTEXT_FILTER_VF (SR-IOV VF info); the library dumps with
  // AF_UNSPEC and no mask, since it does not model VFs (and they make each message bigger).
  const cap = loadCapture('link-dump.strace');
  const ipDump = cap.sent.find((m) => m.type === RTM.GETLINK)!;
  t.is(ipDump.payload[0], 17); // AF_PACKET
  t.is(ipDump.payload.length, 16 + 8); // ifinfomsg + IFLA_EXT_MASK
});

test('golden: RTM_GETNSID as `ip -o link` sends it to name link-netnsid, and the kernel\'s RTM_NEWNSID answers decoded', (t) => {
  // ip asks, for each namespace in /run/netns, which id it has here (NETNSA_FD with ip's own fd for it).
  const cap = loadCapture('link-dump.strace');
  const asks = cap.sent.filter((m) => m.type === RTM.GETNSID);
  t.true(asks.length >= 2, `${asks.length} RTM_GETNSID`);
  for (const ask of asks) {
    const fd = ask.payload.readUInt32LE(8); // rtgenmsg (4) + attribute header (4)
    t.is(ask.payload.readUInt16LE(6), NETNSA.FD);
    const mine = getNsidRequest({ fd });
    t.is(hex(encodeMessage({ type: mine.type, flags: mine.flags | 1, seq: 0, pid: 0 }, mine.payload)), hex(masked(ask)), `fd ${fd}`);
  }
  const answers = received('link-dump.strace', RTM.NEWNSID).map((m) => decodeNsid(m.payload).nsid);
  t.is(answers.length, asks.length);
  // The namespaces holding the veth peers have ids here (0, 1, ...); one without an id says -1, which is undefined.
  t.true(answers.some((id) => id !== undefined && id >= 0), JSON.stringify(answers));
  t.deepEqual(answers.filter((id) => id !== undefined).sort(), [...new Set(answers.filter((id) => id !== undefined))].sort());
});

test('golden: ip neigh show dev DEV filters in the kernel with NDA_IFINDEX, as the library does', (t) => {
  const cap = loadCapture('neigh-dump-dev.strace');
  const ipDump = cap.sent.find((m) => m.type === RTM.GETNEIGH)!;
  const index = ipDump.payload.readUInt32LE(12 + 4); // ndmsg (12) + attribute header (4)
  t.is(index, cap.indexes.get('client-veth0') ?? -1);
  const mine = dumpNeighboursRequest({ index });
  t.is(hex(encodeMessage({ type: mine.type, flags: mine.flags | 0x301, seq: 0, pid: 0 }, mine.payload)), hex(masked(ipDump)));
  // And what the kernel answered decodes into the entries ip printed.
  const entries = received('neigh-dump.strace', RTM.NEWNEIGH).map((m) => decodeNeighbour(m.payload));
  const mine9 = entries.find((n) => n.dst === '10.10.1.9');
  t.deepEqual([mine9?.lladdr, mine9?.state, mine9?.family], ['02:00:00:00:00:09', ['PERMANENT'], 'inet']);
  const six = entries.find((n) => n.dst === '2001:db8::9');
  t.deepEqual([six?.lladdr, six?.flags, six?.family], ['02:00:00:00:00:0a', ['router'], 'inet6']);
});

test('golden: the kernel\'s answer to ip nexthop show decodes into what ip printed', (t) => {
  const all = received('nexthop-dump.strace', RTM.NEWNEXTHOP).map((m) => decodeNexthop(m.payload));
  const byId = new Map(all.map((n) => [n.id, n]));
  t.deepEqual([byId.get(1)?.gateway, byId.get(1)?.family, byId.get(1)?.scope], ['10.10.2.1', 'inet', 'link']);
  t.is(byId.get(2)?.blackhole, true);
  t.deepEqual(byId.get(10)?.group, [{ id: 1, weight: 2 }, { id: 3, weight: 1 }]);
  // Attributes newer than the UAPI headers the library follows (this kernel adds NHA_OP_FLAGS, 14) are kept raw.
  t.deepEqual(all.flatMap((n) => n.unknown.map((a) => a.type)).filter((type) => type <= NHA.RES_BUCKET), [], 'every attribute the headers know is decoded');
});
