// Rules generated from nft(8)'s grammar, systematically: every payload protocol and field, meta and ct
// key, statement and expression kind the man page documents, crossed with the relational forms (==, !=,
// ranges, anonymous sets, maps, verdict maps, set statements) and every table family. Many combinations
// are refused by nft (wrong family, wrong type): the differential test counts those as "not loaded".

export const FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'] as const;
export type GenFamily = (typeof FAMILIES)[number];

export interface GenRule { family: GenFamily; kind: string; rule: string }

/** A field with two sample values (v1 < v2 where ordered) as nft's grammar writes them. */
interface FieldSample { lhs: string; v1: string; v2: string; kind: string; ordered?: boolean; settable?: boolean }

const f = (kind: string, lhs: string, v1: string, v2: string, o: { ordered?: boolean; settable?: boolean } = {}): FieldSample =>
  ({ kind, lhs, v1, v2, ordered: o.ordered ?? true, settable: o.settable ?? false });

/** nft(8) PAYLOAD EXPRESSIONS, header by header (Tables 37-53). */
const PAYLOAD: FieldSample[] = [
  f('payload ether', 'ether daddr', '00:0f:54:0c:11:04', '00:0f:54:0c:11:09', { settable: true }),
  f('payload ether', 'ether saddr', '00:0f:54:0c:11:04', '00:0f:54:0c:11:09', { settable: true }),
  f('payload ether', 'ether type', 'ip', 'ip6', { ordered: false, settable: true }),
  f('payload vlan', 'vlan id', '10', '20', { settable: true }),
  f('payload vlan', 'vlan dei', '0', '1'),
  f('payload vlan', 'vlan pcp', '1', '5', { settable: true }),
  f('payload vlan', 'vlan type', 'ip', 'arp', { ordered: false }),
  f('payload arp', 'arp htype', '1', '6'),
  f('payload arp', 'arp ptype', 'ip', 'ip6', { ordered: false }),
  f('payload arp', 'arp hlen', '6', '8'),
  f('payload arp', 'arp plen', '4', '16'),
  f('payload arp', 'arp operation', 'request', 'reply', { ordered: false }),
  f('payload arp', 'arp saddr ip', '10.0.0.1', '10.0.0.9'),
  f('payload arp', 'arp daddr ip', '10.0.0.1', '10.0.0.9'),
  f('payload arp', 'arp saddr ether', '00:0f:54:0c:11:04', '00:0f:54:0c:11:09'),
  f('payload arp', 'arp daddr ether', '00:0f:54:0c:11:04', '00:0f:54:0c:11:09'),
  f('payload ip', 'ip version', '4', '5'),
  f('payload ip', 'ip hdrlength', '5', '15'),
  f('payload ip', 'ip dscp', 'cs1', 'af41', { ordered: false, settable: true }),
  f('payload ip', 'ip ecn', 'not-ect', 'ce', { ordered: false, settable: true }),
  f('payload ip', 'ip length', '100', '1500', { settable: true }),
  f('payload ip', 'ip id', '22', '333', { settable: true }),
  f('payload ip', 'ip frag-off', '0x4000', '0x5000'),
  f('payload ip', 'ip ttl', '1', '64', { settable: true }),
  f('payload ip', 'ip protocol', 'tcp', 'udp', { ordered: false }),
  f('payload ip', 'ip checksum', '13172', '13180'),
  f('payload ip', 'ip saddr', '192.168.1.1', '192.168.1.9', { settable: true }),
  f('payload ip', 'ip daddr', '192.168.1.1', '192.168.1.9', { settable: true }),
  f('payload ip', 'ip saddr', '10.0.0.0/8', '172.16.0.0/12', { ordered: false }),
  f('payload ip', 'ip daddr', '10.10.1.0/25', '10.10.3.0/24', { ordered: false }),
  f('payload icmp', 'icmp type', 'echo-request', 'echo-reply', { ordered: false }),
  f('payload icmp', 'icmp code', '1', '3'),
  f('payload icmp', 'icmp checksum', '1234', '1300'),
  f('payload icmp', 'icmp id', '22', '33', { settable: true }),
  f('payload icmp', 'icmp sequence', '22', '33'),
  f('payload icmp', 'icmp gateway', '22', '33'),
  f('payload icmp', 'icmp mtu', '1280', '1500'),
  f('payload igmp', 'igmp type', 'membership-query', 'membership-report-v2', { ordered: false }),
  f('payload igmp', 'igmp mrt', '10', '20'),
  f('payload igmp', 'igmp checksum', '12', '34'),
  f('payload igmp', 'igmp group', '22', '33'),
  f('payload ip6', 'ip6 version', '6', '7'),
  f('payload ip6', 'ip6 dscp', 'cs1', 'ef', { ordered: false, settable: true }),
  f('payload ip6', 'ip6 ecn', 'ect0', 'ce', { ordered: false }),
  f('payload ip6', 'ip6 flowlabel', '22', '1234', { settable: true }),
  f('payload ip6', 'ip6 length', '100', '1500'),
  f('payload ip6', 'ip6 nexthdr', 'tcp', 'udp', { ordered: false }),
  f('payload ip6', 'ip6 hoplimit', '1', '64', { settable: true }),
  f('payload ip6', 'ip6 saddr', '2001:db8::1', '2001:db8::9', { settable: true }),
  f('payload ip6', 'ip6 daddr', '2001:db8::1', '2001:db8::9'),
  f('payload ip6', 'ip6 saddr', '2001:db8::/32', 'fe80::/10', { ordered: false }),
  f('payload icmpv6', 'icmpv6 type', 'echo-request', 'nd-neighbor-solicit', { ordered: false }),
  f('payload icmpv6', 'icmpv6 code', '1', '4'),
  f('payload icmpv6', 'icmpv6 checksum', '12', '34'),
  f('payload icmpv6', 'icmpv6 parameter-problem', '12', '34'),
  f('payload icmpv6', 'icmpv6 packet-too-big', '1280', '1500'),
  // nft(8) documents the two names above; nft 1.0.6's grammar reads these instead (and lists parameter-problem / mtu).
  f('payload icmpv6', 'icmpv6 param-problem', '12', '34'),
  f('payload icmpv6', 'icmpv6 mtu', '1280', '1500'),
  f('payload icmpv6', 'icmpv6 id', '12', '34', { settable: true }),
  f('payload icmpv6', 'icmpv6 sequence', '12', '34'),
  f('payload icmpv6', 'icmpv6 max-delay', '12', '34'),
  f('payload tcp', 'tcp sport', '22', '80', { settable: true }),
  f('payload tcp', 'tcp dport', '22', '1024', { settable: true }),
  f('payload tcp', 'tcp sequence', '22', '33'),
  f('payload tcp', 'tcp ackseq', '22', '33'),
  f('payload tcp', 'tcp doff', '5', '8'),
  f('payload tcp', 'tcp reserved', '1', '2'),
  f('payload tcp', 'tcp flags', 'syn', 'ack', { ordered: false }),
  f('payload tcp', 'tcp window', '22', '33'),
  f('payload tcp', 'tcp checksum', '22', '33'),
  f('payload tcp', 'tcp urgptr', '22', '33'),
  f('payload udp', 'udp sport', '53', '123', { settable: true }),
  f('payload udp', 'udp dport', '53', '123'),
  f('payload udp', 'udp length', '20', '30'),
  f('payload udp', 'udp checksum', '22', '33'),
  f('payload udplite', 'udplite sport', '53', '123'),
  f('payload udplite', 'udplite dport', '53', '123'),
  f('payload udplite', 'udplite checksum', '22', '33'),
  f('payload udplite', 'udplite csumcov', '8', '16'),
  f('payload sctp', 'sctp sport', '23', '80'),
  f('payload sctp', 'sctp dport', '23', '80'),
  f('payload sctp', 'sctp vtag', '22', '33'),
  f('payload sctp', 'sctp checksum', '22', '33'),
  f('payload dccp', 'dccp sport', '22', '33'),
  f('payload dccp', 'dccp dport', '22', '33'),
  f('payload dccp', 'dccp type', 'request', 'response', { ordered: false }),
  f('payload ah', 'ah nexthdr', 'tcp', 'udp', { ordered: false }),
  f('payload ah', 'ah hdrlength', '11', '23'),
  f('payload ah', 'ah reserved', '22', '33'),
  f('payload ah', 'ah spi', '111', '222'),
  f('payload ah', 'ah sequence', '22', '33'),
  f('payload esp', 'esp spi', '111', '222'),
  f('payload esp', 'esp sequence', '22', '33'),
  f('payload comp', 'comp nexthdr', 'tcp', 'udp', { ordered: false }),
  f('payload comp', 'comp flags', '0x1', '0x2'),
  f('payload comp', 'comp cpi', '22', '33'),
  f('payload th', 'th sport', '22', '33'),
  f('payload th', 'th dport', '22', '33'),
  f('payload raw', '@ll,0,8', '0xff', '0x1'),
  f('payload raw', '@nh,8,8', '0xff', '0x1'),
  f('payload raw', '@nh,16,16', '22', '33', { settable: true }),
  f('payload raw', '@th,16,16', '22', '33'),
  f('payload raw', '@nh,0,4', '4', '6'),
  f('payload raw', '@ih,0,32', '0x1234', '0x5678'),
];

/** nft(8) META EXPRESSIONS (Table 24), PRIMARY EXPRESSIONS. */
const META: FieldSample[] = [
  f('meta', 'meta length', '1000', '1500'),
  f('meta', 'meta protocol', 'ip', 'ip6', { ordered: false, settable: true }),
  f('meta', 'meta priority', 'abcd:1234', 'abcd:2000', { settable: true }),
  f('meta', 'meta mark', '0x4', '0x10', { settable: true }),
  f('meta', 'iif', '"lo"', '"lo"', { ordered: false }),
  f('meta', 'oif', '"lo"', '"lo"', { ordered: false }),
  f('meta', 'iifname', '"eth0"', '"eth1"'),
  f('meta', 'oifname', '"eth0"', '"ppp*"', { ordered: false }),
  f('meta', 'meta iiftype', 'ether', 'loopback', { ordered: false }),
  f('meta', 'meta oiftype', 'ether', 'ppp', { ordered: false }),
  f('meta', 'meta skuid', '0', '1000'),
  f('meta', 'meta skgid', '0', '1000'),
  f('meta', 'meta nftrace', '0', '1', { settable: true }),
  f('meta', 'meta rtclassid', 'cosmos', 'cosmos', { ordered: false }),
  f('meta', 'meta ibrname', '"br0"', '"br1"'),
  f('meta', 'meta obrname', '"br0"', '"br1"'),
  f('meta', 'meta pkttype', 'host', 'broadcast', { ordered: false, settable: true }),
  f('meta', 'meta cpu', '1', '3'),
  f('meta', 'iifgroup', '0', '2'),
  f('meta', 'oifgroup', '0', '2'),
  f('meta', 'meta cgroup', '1048577', '1048580'),
  f('meta', 'meta random', '1', '100'),
  f('meta', 'meta ipsec', 'exists', 'missing', { ordered: false }),
  f('meta', 'meta iifkind', '"vrf"', '"veth"', { ordered: false }),
  f('meta', 'meta oifkind', '"vrf"', '"veth"', { ordered: false }),
  f('meta', 'meta time', '"2019-06-06 17:00"', '"2019-06-07 17:00"'),
  f('meta', 'meta day', '"Saturday"', '"Sunday"', { ordered: false }),
  f('meta', 'meta hour', '"17:00"', '"18:00"'),
  f('meta', 'meta l4proto', 'tcp', 'udp', { ordered: false }),
  f('meta', 'meta nfproto', 'ipv4', 'ipv6', { ordered: false }),
  f('meta', 'meta secmark', '1', '2'),
  f('meta', 'meta sdif', '"lo"', '"lo"', { ordered: false }),
  f('meta', 'meta sdifname', '"vrf1"', '"vrf2"'),
  f('meta', 'meta broute', '1', '1', { ordered: false, settable: true }),
];

/** nft(8) CONNTRACK EXPRESSIONS (Table 35). */
const CT: FieldSample[] = [
  f('ct', 'ct state', 'established', 'new', { ordered: false }),
  f('ct', 'ct direction', 'original', 'reply', { ordered: false }),
  f('ct', 'ct status', 'expected', 'snat', { ordered: false }),
  f('ct', 'ct mark', '0x1', '0x10', { settable: true }),
  f('ct', 'ct expiration', '30s', '1m', {}),
  f('ct', 'ct helper', '"ftp"', '"sip"', { ordered: false }),
  f('ct', 'ct label', 'bit1', 'bit3', { ordered: false }),
  f('ct', 'ct l3proto', 'ipv4', 'ipv6', { ordered: false }),
  f('ct', 'ct saddr', '10.0.0.1', '10.0.0.9'),
  f('ct', 'ct original saddr', '10.0.0.1', '10.0.0.9'),
  f('ct', 'ct reply daddr', '10.0.0.1', '10.0.0.9'),
  f('ct', 'ct original ip saddr', '10.0.0.1', '10.0.0.9'),
  f('ct', 'ct reply ip6 daddr', '2001:db8::1', '2001:db8::9'),
  f('ct', 'ct reply ip daddr', '10.0.0.1', '10.0.0.9'),
  f('ct', 'ct original ip6 saddr', '2001:db8::1', '2001:db8::9'),
  f('ct', 'ct protocol', 'tcp', 'udp', { ordered: false }),
  f('ct', 'ct original protocol', 'tcp', 'udp', { ordered: false }),
  f('ct', 'ct original proto-src', '22', '80'),
  f('ct', 'ct reply proto-dst', '22', '80'),
  f('ct', 'ct packets', '10', '100'),
  f('ct', 'ct original bytes', '10', '100'),
  f('ct', 'ct avgpkt', '100', '500'),
  f('ct', 'ct zone', '1', '5', { settable: true }),
  f('ct', 'ct original zone', '1', '5'),
  f('ct', 'ct count', '10', '20', { ordered: false }),
  f('ct', 'ct id', '22', '33'),
  f('ct', 'ct event', 'new', 'related', { ordered: false, settable: true }),
];

/** Relational and statement forms over one field. */
function forms(s: FieldSample): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['==', `${s.lhs} ${s.v1}`],
    ['!=', `${s.lhs} != ${s.v1}`],
    ['set', `${s.lhs} { ${s.v1}, ${s.v2} }`],
    ['!= set', `${s.lhs} != { ${s.v1}, ${s.v2} }`],
    ['vmap', `${s.lhs} vmap { ${s.v1} : accept, ${s.v2} : drop }`],
    ['map', `meta mark set ${s.lhs} map { ${s.v1} : 0x1, ${s.v2} : 0x2 }`],
    ['@set', `${s.lhs} @s_${setName(s)}`],
  ];
  if (s.ordered) {
    out.push(['range', `${s.lhs} ${s.v1}-${s.v2}`], ['!= range', `${s.lhs} != ${s.v1}-${s.v2}`],
      ['<', `${s.lhs} < ${s.v2}`], ['>=', `${s.lhs} >= ${s.v1}`], ['interval set', `${s.lhs} { ${s.v1}-${s.v2} }`]);
  }
  if (s.settable) out.push(['set stmt', `${s.lhs} set ${s.v1}`]);
  return out;
}

const setName = (s: FieldSample): string => s.lhs.replace(/[^a-z0-9]+/gi, '_');

/** Statements and expressions of nft(8) STATEMENTS and the expression sections beyond payload/meta/ct. */
const STATEMENTS: Array<[string, string]> = [
  ['verdict', 'accept'], ['verdict', 'drop'], ['verdict', 'continue'], ['verdict', 'return'], ['verdict', 'jump other'],
  ['verdict', 'goto other'], ['verdict', 'queue'], ['verdict', 'queue num 3 bypass'], ['verdict', 'queue num 1-3 fanout'],
  // secmarks match only secmark objects (not constants); copying one into the other is how nft(8) shows them.
  ['secmark', 'ct secmark set meta secmark'], ['secmark', 'meta secmark set ct secmark'],
  ['counter', 'counter'], ['counter', 'counter packets 10 bytes 100'],
  ['limit', 'limit rate 10/second'], ['limit', 'limit rate over 10/minute burst 20 packets'], ['limit', 'limit rate 1 mbytes/second'],
  ['limit', 'limit rate over 100 kbytes/second burst 1000 kbytes'],
  ['log', 'log'], ['log', 'log prefix "x: " level debug'], ['log', 'log group 2 snaplen 100 queue-threshold 10'], ['log', 'log flags all'],
  ['log', 'log level emerg flags tcp sequence,options'], ['log', 'log flags ip options flags ether'],
  ['reject', 'reject'], ['reject', 'reject with icmp host-unreachable'], ['reject', 'reject with icmpv6 admin-prohibited'],
  ['reject', 'reject with icmpx port-unreachable'], ['reject', 'reject with tcp reset'], ['reject', 'ip protocol tcp reject with tcp reset'],
  ['quota', 'quota 25 mbytes'], ['quota', 'quota over 10 kbytes used 512 bytes'], ['quota', 'quota until 1 gbytes'],
  ['connlimit', 'ct count 10'], ['connlimit', 'ct count over 20'],
  ['numgen', 'meta mark set numgen inc mod 2'], ['numgen', 'meta mark set numgen random mod 10 offset 5'],
  ['numgen', 'ct mark set numgen inc mod 4 map { 0 : 0x1, 1 : 0x2 }'],
  ['hash', 'meta mark set jhash ip saddr mod 2'], ['hash', 'meta mark set jhash ip saddr . tcp dport mod 4 seed 0xdead offset 10'],
  ['hash', 'meta mark set symhash mod 2'], ['hash', 'meta mark set symhash mod 3 offset 100'],
  ['fib', 'fib saddr . iif oif missing drop'], ['fib', 'fib daddr type local'], ['fib', 'fib daddr . iif type != { local, broadcast }'],
  ['fib', 'fib saddr oif "lo"'], ['fib', 'fib daddr oifname "eth0"'], ['fib', 'fib saddr . mark . iif oif exists'],
  ['rt', 'rt classid cosmos'], ['rt', 'rt ip nexthop 192.168.0.1'], ['rt', 'rt ip6 nexthop fd00::1'], ['rt', 'rt mtu 1500'], ['rt', 'rt ipsec missing'],
  ['rt', 'rt nexthop 10.0.0.1'],
  ['socket', 'socket transparent 1'], ['socket', 'socket mark 0x10'], ['socket', 'socket wildcard 0'], ['socket', 'socket cgroupv2 level 1 "user.slice"'],
  ['osf', 'osf name "Linux"'], ['osf', 'osf ttl loose version "Linux:3.0"'], ['osf', 'osf ttl skip name { "Linux", "Windows" }'],
  ['ipsec', 'ipsec in reqid 1'], ['ipsec', 'ipsec out spi 1-65535'], ['ipsec', 'ipsec in ip saddr 192.168.1.0/24'],
  ['ipsec', 'ipsec out ip6 daddr ::1'], ['ipsec', 'ipsec in spnum 1 reqid 3'],
  ['synproxy', 'synproxy mss 1460 wscale 7 timestamp sack-perm'], ['synproxy', 'synproxy'], ['synproxy', 'synproxy mss 1400'],
  ['synproxy', 'synproxy name "sp"'],
  ['exthdr ipv6', 'exthdr hbh exists'], ['exthdr ipv6', 'exthdr frag missing'], ['exthdr ipv6', 'hbh nexthdr tcp'], ['exthdr ipv6', 'hbh hdrlength 22'],
  ['exthdr ipv6', 'frag nexthdr udp'], ['exthdr ipv6', 'frag frag-off 100'], ['exthdr ipv6', 'frag more-fragments 1'], ['exthdr ipv6', 'frag id 33'],
  ['exthdr ipv6', 'rt nexthdr tcp'], ['exthdr ipv6', 'rt hdrlength 2'], ['exthdr ipv6', 'rt type 0'], ['exthdr ipv6', 'rt seg-left 3'],
  ['exthdr ipv6', 'dst nexthdr tcp'], ['exthdr ipv6', 'dst hdrlength 22'], ['exthdr ipv6', 'mh nexthdr tcp'], ['exthdr ipv6', 'mh hdrlength 22'],
  ['exthdr ipv6', 'mh checksum 12'], ['exthdr ipv6', 'mh type binding-update'], ['exthdr ipv6', 'srh flags 0'], ['exthdr ipv6', 'srh tag 22'],
  ['exthdr ipv6', 'srh sid[1] dead::beef'], ['exthdr ipv6', 'srh seg-left 2'], ['exthdr ipv6', 'exthdr rt exists'], ['exthdr ipv6', 'exthdr dst exists'],
  ['exthdr ipv6', 'exthdr mh missing'], ['exthdr ipv6', 'rt0 addr[1] dead::1'], ['exthdr ipv6', 'rt2 addr dead::2'],
  ['exthdr tcp', 'tcp option eol exists'], ['exthdr tcp', 'tcp option nop exists'], ['exthdr tcp', 'tcp option maxseg size 1400'],
  ['exthdr tcp', 'tcp option maxseg length 4'], ['exthdr tcp', 'tcp option window count 7'], ['exthdr tcp', 'tcp option sack-perm exists'],
  ['exthdr tcp', 'tcp option sack left 1'], ['exthdr tcp', 'tcp option sack0 right 2'], ['exthdr tcp', 'tcp option sack3 left 3'],
  ['exthdr tcp', 'tcp option timestamp tsval 1'], ['exthdr tcp', 'tcp option timestamp tsecr 2'], ['exthdr tcp', 'tcp option maxseg missing'],
  ['exthdr tcp', 'tcp option maxseg size set 1360'], ['exthdr tcp', 'tcp option maxseg size set rt mtu'], ['exthdr tcp', 'tcp option @255,8,8 255'],
  ['exthdr tcp', 'tcp option 255 exists'], ['exthdr tcp', 'reset tcp option sack-perm'], ['exthdr tcp', 'tcp option mptcp subtype 1'],
  ['exthdr tcp', 'tcp option maxseg size 1000-1400'], ['exthdr tcp', 'tcp option window count { 7, 8 }'],
  ['exthdr ip', 'ip option lsrr exists'], ['exthdr ip', 'ip option ra exists'], ['exthdr ip', 'ip option rr missing'], ['exthdr ip', 'ip option ssrr exists'],
  ['exthdr ip', 'ip option lsrr type 1'], ['exthdr ip', 'ip option ra value 3'], ['exthdr ip', 'ip option rr ptr 4'], ['exthdr ip', 'ip option ssrr addr 1.2.3.4'],
  ['exthdr sctp', 'sctp chunk data exists'], ['exthdr sctp', 'sctp chunk init missing'], ['exthdr sctp', 'sctp chunk data tsn 22'],
  ['exthdr sctp', 'sctp chunk init num-inbound-streams 3'], ['exthdr sctp', 'sctp chunk sack cum-tsn-ack 1'], ['exthdr sctp', 'sctp chunk data type 0'],
  ['exthdr sctp', 'sctp chunk heartbeat exists'], ['exthdr sctp', 'sctp chunk forward-tsn new-cum-tsn 1'],
  ['dynset', 'add @s_ip_saddr { ip saddr }'], ['dynset', 'update @s_ip_saddr { ip saddr }'], ['dynset', 'add @s_ip_saddr { ip saddr timeout 10s }'],
  ['dynset', 'update @s_ip_saddr { ip saddr limit rate 10/second }'], ['dynset', 'add @s_ip_saddr { ip saddr counter }'],
  ['dynset', 'delete @s_ip_saddr { ip saddr }'], ['dynset', 'update @m_ip_saddr { ip saddr : 0x1 }'],
  ['dynset', 'add @s_ip_saddr { ip daddr ct count over 2 }'],
  ['objref', 'counter name "c1"'], ['objref', 'quota name "q1"'], ['objref', 'limit name "l1"'], ['objref', 'ct helper set "h1"'],
  ['objref', 'ct timeout set "t1"'], ['objref', 'ct expectation set "e1"'], ['objref', 'meta secmark set "sm1"'], ['objref', 'synproxy name "sp"'],
  ['objref', 'counter name ip saddr map { 10.0.0.1 : "c1", 10.0.0.2 : "c2" }'], ['objref', 'quota name tcp dport map @om_port'],
  ['last', 'last'], ['last', 'last used 1s'],
  ['flow', 'flow add @ft'], ['flow', 'ip protocol tcp flow offload @ft'],
  ['dup', 'dup to 10.0.0.1'], ['dup', 'dup to 10.0.0.1 device "lo"'], ['dup', 'dup to ::1 device "lo"'], ['fwd', 'fwd to "lo"'],
  ['fwd', 'fwd ip to 10.0.0.1 device "lo"'],
  ['notrack', 'notrack'], ['tproxy', 'meta l4proto tcp tproxy to :50080'], ['tproxy', 'meta l4proto tcp tproxy ip to 1.1.1.1:80'],
  ['tproxy', 'meta l4proto udp tproxy ip6 to [::1]:53'],
  ['nat', 'snat to 10.0.0.1'], ['nat', 'snat ip to 10.0.0.1-10.0.0.9'], ['nat', 'dnat to 10.0.0.1:80-100 random,persistent'],
  ['nat', 'dnat ip6 to [2001:db8::1]:80'], ['nat', 'masquerade'], ['nat', 'masquerade to :1024-2048 fully-random'], ['nat', 'redirect to :8080'],
  ['nat', 'dnat to ip saddr map { 192.168.1.2 : 10.0.0.1 }'], ['nat', 'dnat ip to ip daddr . tcp dport map { 10.1.1.1 . 80 : 192.168.1.1 . 8080 }'],
  ['nat', 'snat to ip saddr map { 10.141.11.4 : 192.168.2.2-192.168.2.4 }'], ['nat', 'dnat to numgen inc mod 2 map { 0 : 192.168.10.100, 1 : 192.168.20.200 }'],
  ['nat', 'snat ip prefix to ip saddr map { 10.141.11.0/24 : 192.168.2.0/24 }'], ['nat', 'dnat ip to 10.0.0.0/24'],
  ['nat', 'tcp dport 80 dnat to 10.0.0.1:8080'], ['nat', 'redirect'], ['nat', 'masquerade random'],
  ['concat', 'ip saddr . tcp dport { 10.0.0.1 . 22, 10.0.0.2 . 80 }'], ['concat', 'ip saddr . ip daddr . meta l4proto { 1.1.1.1 . 2.2.2.2 . tcp }'],
  ['concat', 'ip saddr . tcp dport vmap { 10.0.0.1 . 22 : accept }'], ['concat', 'iifname . ip saddr { "eth0" . 10.0.0.1 }'],
  ['concat', 'ip saddr . ip daddr @s_concat'], ['concat', 'ip saddr . tcp dport { 10.0.0.0/8 . 22-25 }'],
  ['concat', 'ether saddr . ip saddr { 00:0f:54:0c:11:04 . 10.0.0.1 }'],
  ['set stmt', 'ct mark set meta mark'], ['set stmt', 'meta mark set ct mark'], ['set stmt', 'ct mark set ct mark | 0x23'],
  ['set stmt', 'meta mark set meta mark & 0xffff0000'], ['set stmt', 'meta mark set meta mark ^ 0x10'],
  ['set stmt', 'ct mark set meta mark map { 1 : 10 }'], ['set stmt', 'ct label set bit1'], ['set stmt', 'ct zone set 3'],
  ['set stmt', 'meta priority set none'], ['set stmt', 'meta mark set 0xffffffff'], ['set stmt', 'ip daddr set 127.0.0.1'],
  ['set stmt', 'tcp dport set 8080'], ['set stmt', 'ip6 saddr set ::1'], ['set stmt', 'meta mark set ip dscp << 2 | 0x10'],
  ['set stmt', 'ct original zone set 2'], ['set stmt', 'meta mark set ct mark >> 8'], ['set stmt', 'ct mark set 0x1 counter'],
  ['bitwise', 'meta mark & 0xff == 0x1'], ['bitwise', 'ct mark & 0xffff != 0x0'], ['bitwise', 'ip saddr & 0.0.255.255 == 0.0.1.1'],
  ['bitwise', 'tcp flags & (syn|ack) == syn'], ['bitwise', 'tcp flags syn'], ['bitwise', 'tcp flags ! syn'], ['bitwise', 'ct state != established'],
  ['bitwise', 'tcp flags & (fin|syn|rst|ack) != syn'], ['bitwise', 'ct status dnat'], ['bitwise', 'ct status snat,dnat,dying'],
  ['bitwise', 'ct state invalid,established,related,new,untracked'], ['bitwise', 'meta mark and 0x0f == 0x3'],
  ['vmap', 'ip saddr vmap @vm_ip'], ['vmap', 'meta l4proto vmap { tcp : jump other, udp : goto other }'],
  ['dependency', 'meta nfproto ipv4 tcp dport 22'], ['dependency', 'meta protocol ip udp dport 53'], ['dependency', 'ip protocol tcp tcp dport 22'],
  ['dependency', 'meta l4proto tcp tcp dport 22'], ['dependency', 'ip6 nexthdr udp udp dport 53'], ['dependency', 'ether type ip ip saddr 1.1.1.1'],
  ['dependency', 'meta l4proto ipv6-icmp icmpv6 type echo-request'], ['dependency', 'meta nfproto ipv6 ip6 saddr ::1'],
  ['dependency', 'ip protocol icmp icmp type echo-request'], ['dependency', 'meta l4proto { tcp, udp } th dport 53'],
  ['dependency', 'meta l4proto tcp @th,16,16 22'], ['dependency', 'ip protocol esp esp spi 1'],
  ['timeout', 'ip saddr @s_timeout'],
  // ct labels by number (names need /etc/connlabel.conf): no sets or maps of them, which nft 1.0.6 cannot
  // list (see tablePrelude).
  ['ct label', 'ct label 1'], ['ct label', 'ct label != 1'], ['ct label', 'ct label 127'], ['set stmt', 'ct label set 1'],
];

/** Every generated rule, in every family (nft refuses what a family cannot carry). */
export function generateRules(): GenRule[] {
  const out: GenRule[] = [];
  const seen = new Set<string>();
  const add = (kind: string, rule: string): void => {
    for (const family of FAMILIES) {
      const key = `${family} ${rule}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ family, kind, rule });
    }
  };
  for (const s of [...PAYLOAD, ...META, ...CT]) for (const [op, rule] of forms(s)) add(`${s.kind} ${op}`, rule);
  for (const [kind, rule] of STATEMENTS) add(kind, rule);
  return out;
}

/** Named sets, maps, objects and a flowtable the generated rules refer to; declared per table. */
export function tablePrelude(family: GenFamily): string[] {
  const lines: string[] = ['chain other { }'];
  // No sets of ct labels or ct events: nft 1.0.6 cannot list a set of type ct_label or ct_event ('Unknown
  // data type in set key 30/40') and then fails to find every set after it in the table, so the rules
  // using those sets would list cut short (`meta mark set ip length` for `... map { ... }`).
  for (const s of [...PAYLOAD, ...META, ...CT]) {
    if (s.lhs === 'ct label' || s.lhs === 'ct event') continue;
    lines.push(`set s_${setName(s)} { typeof ${s.lhs.replace(/^(iif|oif|iifname|oifname|iifgroup|oifgroup)$/, 'meta $1')} ; }`);
  }
  lines.push('set s_concat { type ipv4_addr . ipv4_addr; }', 'set s_timeout { type ipv4_addr; flags timeout; timeout 1h; }',
    'map m_ip_saddr { type ipv4_addr : mark; flags dynamic; }', 'map vm_ip { type ipv4_addr : verdict; }',
    'map om_port { type inet_service : quota; }',
    'counter c1 { }', 'counter c2 { packets 1 bytes 2 }', 'quota q1 { 25 mbytes }', 'limit l1 { rate 10/second }',
    'ct helper h1 { type "ftp" protocol tcp; }', 'ct timeout t1 { protocol tcp; policy = { established: 100 }; }',
    'ct expectation e1 { protocol tcp; dport 21; timeout 10s; size 8; }', 'secmark sm1 { "system_u:object_r:ssh_server_packet_t:s0" }',
    'synproxy sp { mss 1460; wscale 7; }');
  if (family !== 'arp') lines.push('flowtable ft { hook ingress priority 0; devices = { lo }; }');
  return lines;
}
