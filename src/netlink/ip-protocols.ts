// IP protocol numbers and their names: the one table of them in nlts. The names are /etc/protocols' (netbase,
// from IANA's list), as getprotobyname(3) and getprotobynumber(3) read them there, so ip, nft and
// conntrack-tools print and accept the same words we do. The table is compiled in, not read from the system's
// file: the library and the CLI then name protocols alike on every machine.

/** Protocol numbers by their kernel names (linux/in.h), for the protocols the library handles by number. */
export const IPPROTO = {
  IP: 0, // IPPROTO_IP
  ICMP: 1, // IPPROTO_ICMP
  IGMP: 2, // IPPROTO_IGMP
  TCP: 6, // IPPROTO_TCP
  UDP: 17, // IPPROTO_UDP
  DCCP: 33, // IPPROTO_DCCP
  GRE: 47, // IPPROTO_GRE
  ESP: 50, // IPPROTO_ESP
  AH: 51, // IPPROTO_AH
  ICMPV6: 58, // IPPROTO_ICMPV6
  SCTP: 132, // IPPROTO_SCTP
  UDPLITE: 136, // IPPROTO_UDPLITE
} as const;

/**
 * /etc/protocols: number, name, aliases, and (last) the shorter name the tools print where it differs
 * (conntrack-tools and nft say icmpv6 for ipv6-icmp).
 */
const ROWS: ReadonlyArray<readonly [number, string, readonly string[], string?]> = [
  [0, 'ip', ['IP']], [0, 'hopopt', ['HOPOPT']], [1, 'icmp', ['ICMP']], [2, 'igmp', ['IGMP']], [3, 'ggp', ['GGP']],
  [4, 'ipencap', ['IP-ENCAP']], [5, 'st', ['ST']], [6, 'tcp', ['TCP']], [8, 'egp', ['EGP']], [9, 'igp', ['IGP']],
  [12, 'pup', ['PUP']], [17, 'udp', ['UDP']], [20, 'hmp', ['HMP']], [22, 'xns-idp', ['XNS-IDP']], [27, 'rdp', ['RDP']],
  [29, 'iso-tp4', ['ISO-TP4']], [33, 'dccp', ['DCCP']], [36, 'xtp', ['XTP']], [37, 'ddp', ['DDP']],
  [38, 'idpr-cmtp', ['IDPR-CMTP']], [41, 'ipv6', ['IPv6']], [43, 'ipv6-route', ['IPv6-Route']],
  [44, 'ipv6-frag', ['IPv6-Frag']], [45, 'idrp', ['IDRP']], [46, 'rsvp', ['RSVP']], [47, 'gre', ['GRE']],
  [50, 'esp', ['IPSEC-ESP']], [51, 'ah', ['IPSEC-AH']], [57, 'skip', ['SKIP']], [58, 'ipv6-icmp', ['IPv6-ICMP'], 'icmpv6'],
  [59, 'ipv6-nonxt', ['IPv6-NoNxt']], [60, 'ipv6-opts', ['IPv6-Opts']], [73, 'rspf', ['RSPF', 'CPHB']], [81, 'vmtp', ['VMTP']],
  [88, 'eigrp', ['EIGRP']], [89, 'ospf', ['OSPFIGP']], [93, 'ax.25', ['AX.25']], [94, 'ipip', ['IPIP']],
  [97, 'etherip', ['ETHERIP']], [98, 'encap', ['ENCAP']], [103, 'pim', ['PIM']], [108, 'ipcomp', ['IPCOMP']],
  [112, 'vrrp', ['VRRP']], [115, 'l2tp', ['L2TP']], [124, 'isis', ['ISIS']], [132, 'sctp', ['SCTP']], [133, 'fc', ['FC']],
  [135, 'mobility-header', ['Mobility-Header']], [136, 'udplite', ['UDPLite']], [137, 'mpls-in-ip', ['MPLS-in-IP']],
  [138, 'manet', []], [139, 'hip', ['HIP']], [140, 'shim6', ['Shim6']], [141, 'wesp', ['WESP']], [142, 'rohc', ['ROHC']],
  [143, 'ethernet', ['Ethernet']],
  // Not a protocol number of the IP header (that is 8 bits) but the socket's IPPROTO_MPTCP; conntrack-tools
  // takes the name and keeps 8 bits of it (tcp).
  [262, 'mptcp', ['MPTCP']],
];

/** The name of each protocol number of the IP header (0-255), as getprotobynumber gives it: the first row's. */
export const IP_PROTOCOL_NAMES: Readonly<Record<number, string>> = (() => {
  const out: Record<number, string> = {};
  for (const [n, name] of ROWS) if (n < 256 && out[n] === undefined) out[n] = name;
  return out;
})();

const BY_NAME: ReadonlyMap<string, number> = new Map(ROWS.flatMap(([n, name, aliases]) => [name, ...aliases].map((a) => [a, n] as const)));

/** 6 -> 'tcp'; undefined for a number without a name. */
export function ipProtocolName(n: number): string | undefined {
  return IP_PROTOCOL_NAMES[n];
}

/** As ip and nft print a protocol: its name, or the number when it has none. */
export function ipProtocolText(n: number): string {
  return IP_PROTOCOL_NAMES[n] ?? String(n);
}

/** A protocol's name or alias (exactly as written, as getprotobyname takes it) -> its number; undefined if unknown. */
export function ipProtocolNumber(name: string): number | undefined {
  return BY_NAME.get(name);
}

/** A protocol as ip reads it: decimal digits, or a name or alias. */
export function parseIpProtocol(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : BY_NAME.get(text);
}

/** The name conntrack-tools and nft print for a protocol ('icmpv6' for 58), else /etc/protocols' name. */
export function toolProtocolName(n: number): string | undefined {
  return TOOL_NAMES.get(n) ?? IP_PROTOCOL_NAMES[n];
}
const TOOL_NAMES: ReadonlyMap<number, string> = new Map(ROWS.flatMap(([n, , , tool]) => (tool === undefined ? [] : [[n, tool] as const])));

/** Protocols whose tuple is a pair of 16-bit ports (what conntrack and nft's `th` read as sport/dport). */
export const PORT_PROTOCOLS: ReadonlySet<number> = new Set([IPPROTO.TCP, IPPROTO.UDP, IPPROTO.DCCP, IPPROTO.SCTP, IPPROTO.UDPLITE]);
