// Command lines for the generated conntrack differential suite (issue 13), built systematically from
// conntrack(8) of conntrack-tools 1.4.7 as installed here: every command (-L -G -D -I -A -U -E -F -C -S -R)
// alone and with each option of the man page, the option combinations it describes (tuple parts as
// filters, CIDR and --mask-*, zones, NAT filters, -o formats, state names per protocol, protocol names
// from /etc/protocols), and invalid uses (missing arguments, values out of range, options a command
// does not take). The seed table below is loaded into both namespaces before a case that needs it.
import * as fs from 'node:fs';

export interface CtCase {
  /** conntrack arguments, as typed. */
  args: string[];
  /** Text on standard input (for -R -). */
  stdin?: string;
  /** What the case exercises: the command and its option, for grouping the results. */
  group: string;
  /** Standard input is this command's output from the same tool, with `replace` applied (a shell pipe). */
  pipeFrom?: { args: string[]; replace: [string, string] };
}

/**
 * The starting table, one conntrack -I command line per entry (loaded with `conntrack -R -`): every
 * protocol conntrack(8) describes, both families, zones 0-2, marks, statuses, TCP/SCTP/DCCP states and
 * NAT'd entries, so that each filter below matches some entries and not others.
 */
export const SEED: readonly string[] = [
  '-I -p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 --state ESTABLISHED -t 3600 -u ASSURED -m 1',
  '-I -p tcp -s 10.0.0.2 -d 10.0.1.1 --sport 1002 --dport 80 --state SYN_SENT -t 3600 -m 2 -w 1',
  '-I -p tcp -s 10.0.0.1 -d 10.0.1.2 --sport 1003 --dport 443 --state TIME_WAIT -t 3600 -w 2',
  '-I -p tcp -s 10.0.0.5 -d 10.0.2.1 --sport 1005 --dport 8080 --state ESTABLISHED -t 3600 --dst-nat 10.0.3.1:80',
  '-I -p tcp -s 10.0.0.6 -d 10.0.2.2 --sport 1006 --dport 25 --state SYN_SENT2 -t 3600 -m 0x10',
  '-I -p udp -s 10.0.0.1 -d 10.0.1.53 --sport 2001 --dport 53 -t 3600 -m 1',
  '-I -p udp -s 10.0.0.3 -d 10.0.1.53 --sport 2002 --dport 53 -t 3600 -w 1 -m 0x11',
  '-I -p udp -s 10.0.0.4 -d 10.0.1.9 --sport 2003 --dport 5000 -t 3600 --src-nat 10.9.9.9:40000',
  '-I -p udp -s 10.0.0.1 -d 10.0.1.1 --sport 2004 --dport 53 -t 3600 -u SEEN_REPLY,ASSURED -m 3 -w 2',
  '-I -p udp -s 10.0.0.7 -d 10.0.1.7 --sport 2005 --dport 123 -t 3600 --src-nat 10.9.9.8',
  '-I -p icmp -s 10.0.0.1 -d 10.0.1.1 --icmp-type 8 --icmp-code 0 --icmp-id 7 -t 3600',
  '-I -p icmp -s 10.0.0.2 -d 10.0.1.2 --icmp-type 8 --icmp-code 0 --icmp-id 8 -t 3600 -w 1',
  '-I -p tcp -s 2001:db8::1 -d 2001:db8::2 --sport 3001 --dport 80 --state ESTABLISHED -t 3600 -m 1',
  '-I -p udp -s 2001:db8::3 -d 2001:db8::2 --sport 3002 --dport 53 -t 3600 -w 1',
  '-I -p icmpv6 -s 2001:db8::5 -d 2001:db8::2 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 9 -t 3600',
  '-I -p sctp -s 10.0.0.8 -d 10.0.1.8 --sport 5001 --dport 5002 --state ESTABLISHED --orig-vtag 5 --reply-vtag 6 -t 3600',
  '-I -p dccp -s 10.0.0.9 -d 10.0.1.9 --sport 6001 --dport 6002 --state OPEN --role client -t 3600',
  '-I -p udplite -s 10.0.0.10 -d 10.0.1.10 --sport 7001 --dport 7002 -t 3600',
  '-I -p gre -s 10.0.0.11 -d 10.0.1.11 --srckey 5 --dstkey 6 -t 3600',
];

/** Protocol names and aliases of /etc/protocols (as getprotobyname knows them), with their numbers. */
export function protocolNames(file = '/etc/protocols'): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [name, num, ...aliases] = line.split(/\s+/);
    for (const n of [name!, ...aliases]) out.push([n, Number(num)]);
  }
  return out;
}

const split = (s: string): string[] => s.split(' ').filter(Boolean);

/** Every generated case, in a fixed order (mutating cases reseed the table before they run). */
export function generateCases(): CtCase[] {
  const cases: CtCase[] = [];
  const seen = new Set<string>();
  const add = (group: string, args: string | string[], stdin?: string): void => {
    const a = typeof args === 'string' ? split(args) : args;
    const key = a.join(' ') + (stdin ? ` <<${stdin}` : '');
    if (seen.has(key)) return;
    seen.add(key);
    cases.push({ args: a, group, ...(stdin !== undefined ? { stdin } : {}) });
  };

  // Filter options of conntrack(8) (FILTER PARAMETERS, PROTOCOL FILTER PARAMETERS), alone: valid values
  // that match some seed entries, values that match none, and invalid values.
  const filters: Array<[string, string[]]> = [
    ['-s', ['-s 10.0.0.1', '--src 10.0.0.2', '--orig-src 10.0.0.99', '-s 2001:db8::1', '-s 2001:DB8:0::1', '-s 10.0.0.0/24', '-s 10.0.0.0/30', '-s 10.0.0.1/32', '-s 2001:db8::/64', '-s 10.0.0.0/33', '-s 10.0.0.300', '-s foo', '-s']],
    ['-d', ['-d 10.0.1.1', '--dst 10.0.1.53', '--orig-dst 10.0.2.1', '-d 2001:db8::2', '-d 10.0.1.0/24', '-d 10.0.1.0/29', '-d 2001:db8::/120', '-d bar']],
    ['-r', ['-r 10.0.1.1', '--reply-src 10.0.3.1', '-r 2001:db8::2', '-r 10.0.1.0/24', '-r x']],
    ['-q', ['-q 10.0.0.1', '--reply-dst 10.9.9.9', '-q 10.9.9.8', '-q 2001:db8::3', '-q 10.0.0.0/24']],
    ['--mask', ['-s 10.0.0.0 --mask-src 255.255.255.0', '-s 10.0.0.2 --mask-src 255.255.255.252', '-d 10.0.1.0 --mask-dst 255.255.255.0', '--mask-src 255.255.255.0', '--mask-dst 255.255.0.0',
      '-s 2001:db8:: --mask-src ffff:ffff:ffff:ffff::', '-s 10.0.0.0 --mask-src ffff::', '-s 10.0.0.0 --mask-src 255.0.255.0', '-s 10.0.0.0/24 --mask-src 255.255.0.0']],
    ['-p', ['-p tcp', '-p TCP', '-p udp', '-p 17', '-p icmp', '-p icmpv6', '-p ipv6-icmp', '-p sctp', '-p dccp', '-p udplite', '-p gre', '-p 6', '-p 0x6', '-p 255', '-p 256', '-p -1', '-p foo', '--proto tcp', '--protonum 17']],
    ['-f', ['-f ipv4', '-f ipv6', '--family ipv6', '-f inet', '-f ipv5']],
    ['-m', ['-m 1', '-m 0', '-m 0x10', '-m 16', '-m 1/1', '-m 0x10/0xf0', '-m 3/0xff', '--mark 2', '-m 4294967295', '-m 4294967296', '-m x', '-m 1/x']],
    ['-u', ['-u ASSURED', '-u SEEN_REPLY', '-u SEEN_REPLY,ASSURED', '-u UNSET', '-u FIXED_TIMEOUT', '-u EXPECTED', '-u OFFLOAD', '-u assured', '-u FOO', '--status ASSURED']],
    ['-w', ['-w 0', '-w 1', '-w 2', '-w 3', '--zone 1', '-w 65535', '-w 65536', '-w -1', '-w x']],
    ['--orig-zone', ['--orig-zone 0', '--orig-zone 1', '--orig-zone 65536']],
    ['--reply-zone', ['--reply-zone 0', '--reply-zone 1', '--reply-zone 2']],
    ['--port', ['-p tcp --sport 1001', '-p tcp --dport 80', '-p udp --dport 53', '-p tcp --orig-port-src 1002', '-p tcp --orig-port-dst 443', '-p tcp --reply-port-src 80', '-p tcp --reply-port-dst 1001',
      '-p udp --reply-port-dst 40000', '-p tcp --dport 65536', '-p tcp --dport x', '--dport 80', '--sport 1001', '-p icmp --dport 80', '-p sctp --sport 5001', '-p dccp --dport 6002', '-p udplite --sport 7001']],
    ['--icmp', ['-p icmp --icmp-type 8', '-p icmp --icmp-code 0', '-p icmp --icmp-id 7', '-p icmp --icmp-type 8 --icmp-code 0 --icmp-id 8', '-p icmpv6 --icmpv6-type 128', '-p icmpv6 --icmpv6-id 9', '--icmp-type 8', '-p tcp --icmp-type 8', '-p icmp --icmp-type 256']],
    ['--state', ['-p tcp --state ESTABLISHED', '-p tcp --state SYN_SENT', '-p tcp --state TIME_WAIT', '-p tcp --state LISTEN', '-p tcp --state SYN_SENT2', '-p tcp --state NONE', '-p tcp --state established',
      '-p tcp --state FOO', '--state ESTABLISHED', '-p udp --state ESTABLISHED', '-p sctp --state ESTABLISHED', '-p sctp --state COOKIE_WAIT', '-p dccp --state OPEN', '-p dccp --state TIMEWAIT', '-p dccp --state FOO']],
    ['--gre', ['-p gre --srckey 5', '-p gre --dstkey 0x6', '-p gre --orig-key-src 5 --orig-key-dst 6', '-p gre --reply-key-src 6']],
    ['--sctp', ['-p sctp --orig-vtag 5', '-p sctp --reply-vtag 6']],
    ['--dccp', ['-p dccp --role client', '-p dccp --role server', '-p dccp --role foo']],
    ['--nat', ['-n', '-g', '-j', '--src-nat', '--dst-nat', '--any-nat', '-n 10.9.9.9', '-n 10.9.9.9:40000', '-n 10.9.9.8', '-g 10.0.3.1', '-g 10.0.3.1:80', '-g 10.0.3.1:81', '--src-nat=10.9.9.9', '-n -g', '-j -p udp']],
    ['-l', ['-l 1', '--label foo']],
    ['-c', ['-c 0', '--secmark 1']],
    ['-t', ['-t 100']],
  ];

  // -L: each filter alone, in combination, with each output format; the table names of the synopsis.
  for (const [g, variants] of filters) for (const v of variants) add(`-L ${g}`, `-L ${v}`);
  for (const [name] of protocolNames()) add('-L -p NAME', `-L -p ${name}`);
  for (const t of ['conntrack', 'expect', 'expectation', 'dying', 'unconfirmed', 'foo']) add('-L table', `-L ${t}`);
  for (const o of ['extended', 'xml', 'save', 'timestamp', 'id', 'ktimestamp', 'labels', 'userspace', 'extended,id', 'save,id', 'xml,extended', 'zone', 'json', 'foo', 'extended,foo']) add('-L -o', `-L -o ${o}`);
  for (const o of ['save', 'xml', 'extended']) for (const f of ['-w 1', '-p udp', '-f ipv6', '-s 10.0.0.0/24']) add('-L -o', `-L -o ${o} ${f}`);
  add('-L -z', '-L -z');
  add('-L -z', '-L -z -p tcp');
  for (const combo of ['-p tcp -s 10.0.0.1', '-p tcp -s 10.0.0.1 -d 10.0.1.1', '-p udp -w 1', '-p udp -m 1 -w 0', '-s 10.0.0.1 -w 2', '-s 10.0.0.1 -r 10.0.1.1', '-d 10.0.1.53 -q 10.0.0.3',
    '-f ipv6 -p udp', '-f ipv4 -s 2001:db8::1', '-s 10.0.0.1 -d 2001:db8::2', '-p icmp -s 2001:db8::5', '-p tcp --state ESTABLISHED -m 1', '-u ASSURED -w 2', '-s 10.0.0.0/24 -d 10.0.1.0/24 -p udp',
    '-p tcp --dport 80 -w 1', '-m 1 -u ASSURED', '-w 1 --orig-zone 1', '-s 10.0.0.4 -n', '-p tcp -g', '-s 10.0.0.1 -s 10.0.0.2']) add('-L combo', `-L ${combo}`);
  // Options that belong to other commands.
  for (const x of ['-e NEW', '-b 100000', '--label-add foo', '--label-del foo', '--tuple-src 10.0.0.1', '--tuple-dst 10.0.0.1', '--mask-src 255.0.0.0 -s 10.0.0.1 -p tcp --dport 80']) add('-L other', `-L ${x}`);

  // -G: a complete original tuple finds one entry; parts of it are refused.
  for (const g of ['-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80', '-p tcp -s 10.0.0.2 -d 10.0.1.1 --sport 1002 --dport 80 -w 1', '-p tcp -s 10.0.0.2 -d 10.0.1.1 --sport 1002 --dport 80',
    '-p udp -s 10.0.0.1 -d 10.0.1.53 --sport 2001 --dport 53', '-p udp -s 10.0.0.1 -d 10.0.1.53 --sport 2001 --dport 54', '-p icmp -s 10.0.0.1 -d 10.0.1.1 --icmp-type 8 --icmp-code 0 --icmp-id 7',
    '-p tcp -s 2001:db8::1 -d 2001:db8::2 --sport 3001 --dport 80', '-p sctp -s 10.0.0.8 -d 10.0.1.8 --sport 5001 --dport 5002', '-p gre -s 10.0.0.11 -d 10.0.1.11 --srckey 5 --dstkey 6',
    '-p tcp -r 10.0.1.1 -q 10.0.0.1 --reply-port-src 80 --reply-port-dst 1001', '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 -o extended', '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 -o save',
    '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 -o xml', '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 -o id', '-s 10.0.0.1', '-p tcp', '-p tcp -s 10.0.0.1 -d 10.0.1.1', '-s 10.0.0.1 -d 10.0.1.1', '',
    'conntrack -p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80', '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 -m 5', '-p tcp -s 10.0.0.0/24 -d 10.0.1.1 --sport 1001 --dport 80']) add('-G', `-G ${g}`);

  // -D and -U: every filter as a selection of entries (partial tuples, CIDR, masks, zone, mark, status).
  const selections = ['-s 10.0.0.1', '-d 10.0.1.1', '-d 10.0.1.53', '-r 10.0.1.1', '-q 10.0.0.1', '-r 10.0.1.1 -q 10.0.0.1', '-p udp', '-p tcp', '-p icmp', '-p 17', '-p igmp', '-m 1', '-m 0x10/0xf0', '-w 1', '--zone 2', '-w 0',
    '-u ASSURED', '-f ipv6', '-s 10.0.0.0/24', '-s 10.0.0.0/30', '-d 10.0.1.0/24 -p udp', '-s 10.0.0.0 --mask-src 255.255.255.252', '-s 2001:db8::/64', '-p tcp --dport 80', '-p udp --sport 2001', '-p tcp --state ESTABLISHED',
    '-p tcp --state LISTEN', '-s 10.0.0.1 -p udp', '-s 10.0.0.1 -w 2', '-s 10.0.0.99', '-n', '-g', '-j', '--orig-zone 1', '--reply-zone 1', '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80',
    '-p udp -s 10.0.0.3 -d 10.0.1.53 --sport 2002 --dport 53 -w 1', '-p udp -s 10.0.0.3 -d 10.0.1.53 --sport 2002 --dport 53'];
  for (const s of selections) add('-D', `-D ${s}`);
  for (const s of ['', 'conntrack', 'expect', '-s foo', '-w 65536', '-p tcp --dport x', '-o extended -s 10.0.0.1', '-o save -p udp', '-o xml -w 1', '-o id -m 1', '-s 10.0.0.1 -t 5', '-e NEW -s 10.0.0.1']) add('-D', `-D ${s}`);
  for (const s of selections) add('-U', `-U ${s} -m 7`);
  for (const u of ['-s 10.0.0.1 -m 7/0xf', '-s 10.0.0.1 -t 50', '-p udp -u ASSURED', '-p tcp -u SEEN_REPLY', '-w 1 -m 0', '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 -m 9', '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 -t 77',
    '-p udp -s 10.0.0.1 -d 10.0.1.53 --sport 2001 --dport 53 -t 10 -m 2', '-s 10.0.0.99 -m 1', '-m 7', '', '-s 10.0.0.1', '-s 10.0.0.1 -m x', '-s 10.0.0.1 -o extended -m 8', '-s 10.0.0.1 -o save -m 8',
    '-p tcp --state ESTABLISHED -m 4', '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 --state TIME_WAIT', '-s 10.0.0.1 -u FOO', '-p tcp --dport 80 -m 0x5/0x5']) add('-U', `-U ${u}`);

  // -I and -A: complete entries per protocol, reply tuple only, zones, NAT with ports, states and their
  // aliases, marks, statuses; missing parts and bad values.
  const creates = [
    '-p tcp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 --state ESTABLISHED -t 100',
    '-p tcp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 --state LISTEN -t 100',
    '-p tcp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 --state SYN_SENT2 -t 100 -u ASSURED -m 5 -w 3',
    '-p tcp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100',
    '-p tcp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 --state FOO -t 100',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 -m 1/0xff',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 -u SEEN_REPLY',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 -u UNSET',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 -u EXPECTED',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 --orig-zone 3',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 --reply-zone 4',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 -w 5',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -r 10.1.0.3 -q 10.1.0.1 --reply-port-src 2 --reply-port-dst 1 -t 100',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 --src-nat 10.9.0.1',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 --src-nat 10.9.0.1:555',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 --dst-nat 10.9.0.2:80',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 --src-nat 10.9.0.1 --dst-nat 10.9.0.2',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 --any-nat 10.9.0.1',
    '-p udp -r 10.1.0.2 -q 10.1.0.1 --reply-port-src 2 --reply-port-dst 1 -t 100',
    '-p tcp -r 10.1.0.2 -q 10.1.0.1 --reply-port-src 2 --reply-port-dst 1 --state ESTABLISHED -t 100',
    '-p icmp -s 10.1.0.1 -d 10.1.0.2 --icmp-type 8 --icmp-code 0 --icmp-id 3 -t 100',
    '-p icmp -s 10.1.0.1 -d 10.1.0.2 --icmp-type 8 --icmp-code 0 -t 100',
    '-p icmpv6 -s 2001:db8::11 -d 2001:db8::12 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 3 -t 100',
    '-p tcp -s 2001:db8::11 -d 2001:db8::12 --sport 1 --dport 2 --state ESTABLISHED -t 100',
    '-p sctp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 --state COOKIE_WAIT --orig-vtag 1 --reply-vtag 2 -t 100',
    '-p dccp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 --state REQUEST --role server -t 100',
    '-p udplite -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100',
    '-p gre -s 10.1.0.1 -d 10.1.0.2 --srckey 1 --dstkey 2 -t 100',
    '-p igmp -s 10.1.0.1 -d 10.1.0.2 -t 100',
    '-p 132 -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100',
    // refused: no timeout, no protocol, no addresses, mixed families, a seed entry again (EEXIST)
    '-p tcp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 --state ESTABLISHED',
    '-s 10.1.0.1 -d 10.1.0.2 -t 100',
    '-p tcp --sport 1 --dport 2 -t 100',
    '-p tcp -s 10.1.0.1 --sport 1 --dport 2 -t 100',
    '-p tcp -s 10.1.0.1 -d 2001:db8::1 --sport 1 --dport 2 -t 100',
    '-p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 --state ESTABLISHED -t 3600',
    '-p tcp -s 10.1.0.0/24 -d 10.1.0.2 --sport 1 --dport 2 -t 100',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t x',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 -o extended',
    '-p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100 -o save',
  ];
  for (const c of creates) add('-I', `-I ${c}`);
  for (const c of creates.slice(0, 6)) add('-A', `-A ${c}`);
  add('-A', '-A -p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 --state ESTABLISHED -t 500 -m 9');
  add('-A', '-A -p udp -s 10.0.0.1 -d 10.0.1.53 --sport 2001 --dport 53 -t 500');

  // -F, -C, -S, -E: alone, with a table, and with options they do not take.
  for (const f of ['', 'conntrack', 'expect', '-w 1', '-s 10.0.0.1', '-p tcp', '-o extended']) add('-F', `-F ${f}`);
  for (const c of ['', 'conntrack', 'expect', '-w 1', '-p tcp', '-s 10.0.0.1']) add('-C', `-C ${c}`);
  for (const s of ['', 'conntrack', '-w 1', '-o extended']) add('-S', `-S ${s}`);
  for (const e of ['-z', '-t 10', '-e FOO', '-e NEW -o xml -I', '-p tcp --state FOO', '-b x', '-s foo']) add('-E', `-E ${e}`);
  // No command, two commands, unknown option, -h.
  for (const x of ['', '-s 10.0.0.1', '-L -D', '-L -L', '--foo', '-L --foo', '-x', '-L -s 10.0.0.1 -s 10.0.0.2']) add('misc', x);

  // -R: the man page's zone copy (-L -o save, edited, loaded back), a file of -I/-A/-D/-U lines, bad lines.
  add('-R', '-R -', '-A -t 100 -u UNSET -w 12 -s 10.0.0.1 -d 10.0.1.53 -r 10.0.1.53 -q 10.0.0.1 -p udp --sport 2001 --dport 53 --reply-port-src 53 --reply-port-dst 2001\n');
  add('-R', '-R -', '-I -p tcp -s 10.2.0.1 -d 10.2.0.2 --sport 1 --dport 2 --state ESTABLISHED -t 100\n-I -p udp -s 10.2.0.1 -d 10.2.0.2 --sport 1 --dport 2 -t 100 -m 4\n');
  add('-R', '-R -', '-D -s 10.0.0.1\n-U -p udp -m 42\n');
  add('-R', '-R -', '-I -p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80 --state ESTABLISHED -t 3600\n');
  add('-R', '-R -', '-L\n');
  add('-R', '-R -', '-I -p udp -s 10.2.0.1 -d 10.2.0.2 --sport 1 --dport 2 -t 100\n-I -p foo\n-I -p udp -s 10.2.0.3 -d 10.2.0.2 --sport 1 --dport 2 -t 100\n');
  add('-R', '-R -', '');
  add('-R', '-R /nonexistent/file');
  // conntrack(8) EXAMPLES: copy all entries from ct zone 1 to zone 12 through -o save and -R -.
  cases.push({ args: ['-R', '-'], group: '-R', pipeFrom: { args: ['-L', '-w', '1', '-o', 'save'], replace: ['-w 1 ', '-w 12 '] } });
  cases.push({ args: ['-R', '-'], group: '-R', pipeFrom: { args: ['-L', '-o', 'save'], replace: ['-A ', '-I '] } });
  add('-R', '-R');
  add('-R', '--load-file -', '-A -t 50 -u ASSURED -s 10.3.0.1 -d 10.3.0.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED\n');

  // conntrack(8)'s long spellings of commands and options the cases above write short
  // (test/conntrack-options-coverage.test.ts checks that every spelling the parser accepts occurs).
  for (const x of [
    '--dump -p tcp', '--get -p tcp -s 10.0.0.1 -d 10.0.1.1 --sport 1001 --dport 80', '--delete -s 10.0.0.7',
    '--create -p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 100', '--update -p udp -s 10.0.0.4 -d 10.0.1.9 --sport 2003 --dport 5000 -m 7',
    '--event -z', '--flush', '--count', '--stats', '--add -p udp -s 10.0.0.1 -d 10.0.1.53 --sport 2001 --dport 53 -t 500',
    '-I -p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 --timeout 100', '-L --zero', '-E --event-mask FOO', '-L --output extended',
    '-E --buffer-size x', '-L -p gre --reply-key-dst 1', '-L -p gre --reply-key-src 1', '-L -p gre --orig-key-src 5', '-L -p gre --orig-key-dst 6',
  ]) add('spelling', x);
  return cases;
}
