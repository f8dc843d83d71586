// Every protocol constant we define, checked against the value the kernel's UAPI headers on this machine
// give it: a C program including the headers prints each name's value as the compiler computes it (enums
// counted as the compiler counts them), and each of ours must equal it.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, extractConstants, extractFromText } from './helpers/our-constants.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const HEADERS = [
  'sys/socket.h', 'netinet/in.h',
  'linux/netlink.h', 'linux/rtnetlink.h', 'linux/if_link.h', 'linux/if_addr.h', 'linux/if_arp.h', 'linux/fib_rules.h',
  'linux/neighbour.h', 'linux/nexthop.h', 'linux/net_namespace.h', 'linux/veth.h', 'linux/lwtunnel.h', 'linux/in_route.h',
  'linux/netfilter.h', 'linux/icmp.h', 'linux/icmpv6.h', 'linux/if_ether.h',
  'linux/netfilter/nfnetlink.h', 'linux/netfilter/nfnetlink_conntrack.h', 'linux/netfilter/nf_conntrack_common.h',
  'linux/netfilter/nf_conntrack_tcp.h', 'linux/netfilter/nf_conntrack_sctp.h', 'linux/netfilter/nf_conntrack_tuple_common.h',
  'linux/netfilter/nf_tables.h', 'linux/netfilter/nf_nat.h', 'linux/netfilter/nfnetlink_cttimeout.h', 'linux/netfilter/nf_log.h',
  'linux/netfilter_ipv4.h', 'linux/netfilter_arp.h', 'linux/netfilter/nf_tables_compat.h', 'linux/netfilter/xt_CT.h',
];

/**
 * Names we use that the headers of this machine (Linux 6.1 UAPI) do not declare, each with the reason.
 * A name that newer headers add belongs here only until the machine's headers have it.
 */
const NOT_IN_THESE_HEADERS: Record<string, string> = {
  CTA_TIMESTAMP_EVENT: 'added to nfnetlink_conntrack.h after Linux 6.1 (event timestamps, 6.9)',
  IFLA_GRO_IPV4_MAX_SIZE: 'added to if_link.h after Linux 6.1 (6.3); every link dump of this kernel carries it',
};

/** Values the headers give the names, by compiling and running one C program; undeclared names listed apart. */
function headerValues(names: readonly string[]): { values: Map<string, bigint>; undeclared: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nlts-pin-'));
  try {
    let wanted = [...names];
    const undeclared: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const source = [
        ...HEADERS.map((h) => `#include <${h}>`), '#include <stdio.h>', 'int main(void) {',
        ...wanted.map((n) => `  printf("${n} %lld\\n", (long long)(${n}));`), '  return 0;', '}', '',
      ].join('\n');
      writeFileSync(path.join(dir, 'pin.c'), source);
      try {
        execFileSync('cc', ['-w', '-o', path.join(dir, 'pin'), path.join(dir, 'pin.c')], { env: { ...process.env, LC_ALL: 'C' }, stdio: 'pipe' });
      } catch (e) {
        const stderr = String((e as { stderr?: Buffer }).stderr ?? e);
        const missing = new Set([...stderr.matchAll(/'([A-Z][A-Z0-9_]+)' undeclared/g)].map((m) => m[1]!));
        if (missing.size === 0) throw new Error(`cc failed:\n${stderr.slice(0, 4000)}`);
        undeclared.push(...missing);
        wanted = wanted.filter((n) => !missing.has(n));
        continue;
      }
      const values = new Map<string, bigint>();
      for (const line of execFileSync(path.join(dir, 'pin'), { encoding: 'utf8' }).trim().split('\n')) {
        const at = line.lastIndexOf(' ');
        values.set(line.slice(0, at), BigInt(line.slice(at + 1)));
      }
      return { values, undeclared: undeclared.sort() };
    }
    throw new Error('too many compile attempts');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every constant named after a kernel constant has the value the UAPI headers give it', (t) => {
  // Mutation testing (scripts/mutation.ts) changes the compiled modules and asks for those to be read.
  const fromDist = process.env.NLTS_PIN_FROM === 'dist';
  const { constants, unevaluated } = fromDist
    ? extractConstants(root, ['dist/src', 'dist/test/helpers'], '.js')
    : extractConstants(root, ['src', 'test/helpers']);
  const names = [...new Set(constants.map((c) => c.kernelName))].sort();
  const { values, undeclared } = headerValues(names);
  const wrong: string[] = [];
  for (const c of constants) {
    const kernel = values.get(c.kernelName);
    if (kernel === undefined) continue;
    // Unsigned 32-bit constants are compared as the kernel's u32 (~0 and 0xffffffff are the same bits).
    const ours = c.value < 0n && kernel >= 0n ? c.value & 0xffffffffn : c.value;
    if (ours !== kernel) wrong.push(`${c.where}: ${c.kernelName} is ${c.value} here, ${kernel} in the headers`);
  }
  t.deepEqual(wrong, []);
  t.deepEqual(undeclared, Object.keys(NOT_IN_THESE_HEADERS).sort(), 'names the headers do not declare');
  t.log(`${constants.length} definitions of ${values.size} kernel constants pinned; ${unevaluated.length} lines not evaluable`);
  // The extraction must keep finding the tables: a convention change that hides them would pass silently.
  t.true(values.size >= 600, `only ${values.size} constants found`);
  for (const name of ['NLM_F_DUMP_INTR', 'NLMSG_DONE', 'RTM_NEWROUTE', 'IFLA_IFNAME', 'FRA_TABLE', 'NDA_DST', 'NHA_ID',
    'CTA_TUPLE_ORIG', 'CTA_ZONE', 'NFTA_RULE_EXPRESSIONS', 'NFT_MSG_NEWSETELEM', 'NFTA_PAYLOAD_OFFSET', 'FIB_RULE_FIND_SADDR']) {
    t.true(values.has(name), `${name} is pinned`);
  }
});

test('the extractor reads each form the sources use, and refuses what it cannot evaluate', (t) => {
  const text = [
    'export const Flags = {',
    '  REQUEST: 0x01, // NLM_F_REQUEST',
    '  ROOT: 0x100, // NLM_F_ROOT',
    '  MATCH: 0x200, // NLM_F_MATCH',
    '  DUMP: ROOT | MATCH, // NLM_F_DUMP (ROOT|MATCH)',
    '  SHIFTED: 1 << 3, // NLM_F_ECHO',
    '} as const;',
    'export const FIB_RULE_INVERT = 0x2; // FIB_RULE_INVERT',
    'const TYPE_MASK: number = 0x3fff; // NLA_TYPE_MASK',
    '  [0x10000, \'find_saddr\'], // FIB_RULE_FIND_SADDR',
    '  2: \'igmp\', // IPPROTO_IGMP',
    'export const ONE = { X: 7 } as const; // NFTA_X',
    '  name: string; // IFLA_IFNAME',
    '  readonly kind: number; // IFLA_INFO_KIND',
    '  BAD: someCall(1), // NLMSG_ERROR',
    'export const NFNL_MSG_BATCH_END = 0x11; // NLMSG_MIN_TYPE + 1',
    '  // NLM_F_ACK on its own line',
    "  payload: { 3: u32('NFTA_PAYLOAD_OFFSET'), 4: u32('NFTA_PAYLOAD_LEN') },",
    "const CMP_OP = list('NFT_CMP_EQ', 'NFT_CMP_NEQ');",
  ].join('\n');
  const { constants, unevaluated } = extractFromText(text, 'x.ts');
  t.deepEqual(constants.map((c) => [c.kernelName, c.value]), [
    ['NLM_F_REQUEST', 1n], ['NLM_F_ROOT', 0x100n], ['NLM_F_MATCH', 0x200n], ['NLM_F_DUMP', 0x300n], ['NLM_F_ECHO', 8n],
    ['FIB_RULE_INVERT', 2n], ['NLA_TYPE_MASK', 0x3fffn], ['FIB_RULE_FIND_SADDR', 0x10000n], ['IPPROTO_IGMP', 2n], ['NFTA_X', 7n],
    ['NLMSG_MIN_TYPE + 1', 0x11n], ['NFTA_PAYLOAD_OFFSET', 3n], ['NFTA_PAYLOAD_LEN', 4n], ['NFT_CMP_EQ', 0n], ['NFT_CMP_NEQ', 1n],
  ]);
  const expression = extractFromText('const A = { DREG: 1, OFFSET: 3 } as const;', 'src/nfnetlink/nftables/expressions/payload.ts');
  t.deepEqual(expression.constants.map((c) => [c.kernelName, c.value]), [['NFTA_PAYLOAD_DREG', 1n], ['NFTA_PAYLOAD_OFFSET', 3n]]);
  t.is(unevaluated.length, 1);
  t.is(evaluate('0xffff_ffff', new Map()), 0xffffffffn);
  t.is(evaluate('-1', new Map()), -1n);
  t.is(evaluate('X + 1', new Map()), undefined);
});
