// The table scripts/record-conntrack-reference.ts builds with conntrack-tools: one `conntrack -I` per entry,
// generated from conntrack(8)'s lists (every TCP, SCTP and DCCP state it names; udp, udplite, icmp, icmpv6,
// gre; IPv4 and IPv6; zones by direction, marks, status bits, NAT with and without ports).
const TCP_STATES = ['SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'];
const SCTP_STATES = ['CLOSED', 'COOKIE_WAIT', 'COOKIE_ECHOED', 'ESTABLISHED', 'SHUTDOWN_SENT', 'SHUTDOWN_RECD', 'SHUTDOWN_ACK_SENT', 'HEARTBEAT_SENT', 'HEARTBEAT_ACKED'];
const DCCP_STATES = ['REQUEST', 'RESPOND', 'PARTOPEN', 'OPEN', 'CLOSEREQ', 'CLOSING', 'TIMEWAIT'];

export const REFERENCE_ENTRIES: readonly string[] = [
  ...TCP_STATES.map((s, i) => `-I -p tcp -s 10.1.0.${i + 1} -d 10.2.0.1 --sport ${1000 + i} --dport 80 --state ${s} -t ${3000 + i}`),
  ...SCTP_STATES.map((s, i) => `-I -p sctp -s 10.1.1.${i + 1} -d 10.2.0.1 --sport ${2000 + i} --dport 9 --state ${s} --orig-vtag ${i + 1} --reply-vtag ${i + 100} -t 3000`),
  ...DCCP_STATES.map((s, i) => `-I -p dccp -s 10.1.2.${i + 1} -d 10.2.0.1 --sport ${3000 + i} --dport 9 --state ${s} --role ${i % 2 ? 'server' : 'client'} -t 3000`),
  '-I -p udp -s 10.1.3.1 -d 10.2.0.53 --sport 4001 --dport 53 -t 3000',
  '-I -p udp -s 10.1.3.2 -d 10.2.0.53 --sport 4002 --dport 53 -t 3000 -u SEEN_REPLY,ASSURED -m 0x2a',
  '-I -p udp -s 10.1.3.3 -d 10.2.0.53 --sport 4003 --dport 53 -t 3000 -w 7',
  '-I -p udp -s 10.1.3.4 -d 10.2.0.53 --sport 4004 --dport 53 -t 3000 --orig-zone 3 --reply-zone 4',
  '-I -p udp -s 10.1.3.5 -d 10.2.0.9 --sport 4005 --dport 5000 -t 3000 --src-nat 10.9.9.9:40000',
  '-I -p udp -s 10.1.3.6 -d 10.2.0.9 --sport 4006 --dport 5000 -t 3000 --dst-nat 10.9.9.8',
  '-I -p tcp -s 10.1.3.7 -d 10.2.0.9 --sport 4007 --dport 8080 --state ESTABLISHED -t 3000 --dst-nat 10.9.9.7:80 -u ASSURED',
  '-I -p udplite -s 10.1.3.8 -d 10.2.0.9 --sport 4008 --dport 7002 -t 3000',
  '-I -p icmp -s 10.1.3.9 -d 10.2.0.9 --icmp-type 8 --icmp-code 0 --icmp-id 77 -t 3000',
  '-I -p icmp -s 10.1.3.10 -d 10.2.0.9 --icmp-type 13 --icmp-code 0 --icmp-id 78 -t 3000',
  '-I -p gre -s 10.1.3.11 -d 10.2.0.9 --srckey 5 --dstkey 6 -t 3000',
  '-I -p tcp -s 2001:db8::1 -d 2001:db8::2 --sport 5001 --dport 443 --state ESTABLISHED -t 3000 -m 1 -w 2',
  '-I -p udp -s 2001:db8::3 -d 2001:db8:1::2 --sport 5002 --dport 53 -t 3000',
  '-I -p icmpv6 -s 2001:db8::5 -d 2001:db8::2 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 9 -t 3000',
  '-I -p icmpv6 -s fe80::1 -d ff02::1 --icmpv6-type 133 --icmpv6-code 0 --icmpv6-id 10 -t 3000',
  '-I -p sctp -s 2001:db8::7 -d 2001:db8::8 --sport 6001 --dport 6002 --state ESTABLISHED --orig-vtag 5 --reply-vtag 6 -t 3000',
];
