// The state recorded in fixtures/rtnetlink/reference-state.json (scripts/record-reference.ts): built by ip,
// dumped by the library, listed by ip -j at the same moment.
import type { RtNetlink } from '../../src/rtnetlink/index.js';

export const REFERENCE_SETUP = [
  'link set lo up',
  'link add v0 mtu 1400 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02',
  'link add br0 address 02:00:00:00:00:03 type bridge',
  'link set v0 up',
  'link set v1 up',
  'link set v1 master br0',
  'link set br0 up',
  'link set v0 alias uplink-to-nowhere',
  'link set v0 group 7',
  'addr add 10.10.1.2/24 dev v0',
  'addr add 10.10.1.3/24 dev v0 label v0:sec',
  'addr add 10.99.0.1 peer 10.99.0.2/32 dev v0',
  'addr add 192.0.2.1/28 brd + dev br0 scope link',
  'addr add 2001:db8::2/64 dev v0 nodad',
  'addr add 2001:db8:1::2/64 dev br0 nodad noprefixroute',
  'route add default via 10.10.1.1 dev v0',
  'route add 10.20.0.0/16 via 10.10.1.1 table 100 metric 30 proto static',
  'route add blackhole 10.30.0.0/16 table 101',
  'route add unreachable 10.31.0.0/16 table 70000',
  'route add 198.51.100.0/24 dev v0 scope link src 10.10.1.2',
  'route add 10.40.0.0/16 via 10.10.1.1 mtu 1300 advmss 1200',
  'route add 10.50.0.0/16 nexthop via 10.10.1.1 dev v0 weight 2 nexthop via 10.10.1.5 dev v0',
  'route add 2001:db8:6::/64 via 2001:db8::1 dev v0 metric 7 table 100',
  'nexthop add id 1 via 10.10.1.1 dev v0',
  'nexthop add id 2 via 10.10.1.5 dev v0',
  'nexthop add id 3 group 1/2',
  'nexthop add id 4 blackhole',
  'route add 10.60.0.0/16 nhid 3',
  'rule add from 10.10.1.0/24 iif v0 table 100 pref 100',
  'rule add fwmark 0x1/0xff lookup 101 pref 110',
  'rule add to 10.31.0.0/16 lookup 70000 pref 120',
  'rule add ipproto tcp dport 80-90 prohibit pref 130',
  'rule add not from 10.0.0.0/8 goto 32766 pref 135',
  '-6 rule add from 2001:db8::/64 table 100 pref 140',
  'neigh add 10.10.1.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent',
  'neigh add 10.10.1.11 lladdr 02:00:00:00:00:0b dev v0 nud noarp',
  'neigh add 2001:db8::9 lladdr 02:00:00:00:00:0d dev v0 router nud permanent',
];

/** The ip -j listings stored beside the bytes, by key. */
export const REFERENCE_LISTINGS: Readonly<Record<string, readonly string[]>> = {
  links: ['-d', 'link', 'show'],
  addresses: ['addr', 'show'],
  routes4: ['-4', 'route', 'show', 'table', 'all'],
  routes6: ['-6', 'route', 'show', 'table', 'all'],
  rules4: ['-4', 'rule', 'show'],
  rules6: ['-6', 'rule', 'show'],
  neighbours: ['neigh', 'show'],
  nexthops: ['nexthop', 'show'],
};

/** The dumps the recorder makes and the replay repeats, in this order. */
export async function referenceDumps(nl: RtNetlink) {
  return {
    links: await nl.links.all(),
    addresses: await nl.addresses.all(),
    routes4: await nl.routes.all({ family: 'inet', table: 'all' }),
    routes6: await nl.routes.all({ family: 'inet6', table: 'all' }),
    rules4: await nl.rules.all({ family: 'inet' }),
    rules6: await nl.rules.all({ family: 'inet6' }),
    neighbours: await nl.neighbours.all(),
    nexthops: await nl.nexthops.all(),
  };
}
