// The CLI's one option parser in its three manners, the stable error codes the CLI decides by, and the one
// IP protocol table.
import test from 'ava';
import * as fs from 'node:fs';
import { parseOptions, type OptionTable } from '../src/cli/options.js';
import { parseConntrackArgs } from '../src/cli/commands/conntrack.js';
import { UsageError, isUsageError, kernelRefusal } from '../src/cli/errors.js';
import { ErrorCode, NetlinkError, SystemError, ValidationError, errorCode, isValidationError } from '../src/netlink/errors.js';
import { ApplyAborted, ConflictsError, DemoAborted, TopologyLockedError } from '../src/topology/index.js';
import { IP_PROTOCOL_NAMES, ipProtocolNumber, ipProtocolText, parseIpProtocol, toolProtocolName } from '../src/netlink/ip-protocols.js';
import { trackedProtocolName, trackedProtocolNumber } from '../src/nfnetlink/conntrack/protocols.js';

test('ours: --name=VALUE, -xVALUE, --, operands anywhere, collected repeats', (t) => {
  const table: OptionTable = { manners: 'nlts', options: [
    { key: 'netns', names: ['--netns', '-n'], arity: 1 }, { key: 'subnet', names: ['--subnet'], arity: 1, repeat: 'collect' }, { key: 'json', names: ['--json'] },
  ] };
  const p = parseOptions(['show', '-nfoo', '--subnet=a', 'x', '--subnet', 'b', '--json', '--', '--json'], table);
  t.is(p.get('netns'), 'foo');
  t.deepEqual(p.all('subnet'), ['a', 'b']);
  t.deepEqual(p.positional, ['show', 'x', '--json']);
  t.throws(() => parseOptions(['--json', '--json'], table), { instanceOf: UsageError, message: 'option --json given twice' });
});

test('conntrack-tools: whole words, protocol options after -p only, optional values from the next word, one command', (t) => {
  const a = parseConntrackArgs(['-L', 'expect', '-p', 'tcp', '--dport', '80', '-n', '-s', '10.0.0.1', '-s', '10.0.0.2']);
  t.is(a.verb, 'L');
  t.is(a.table, 'expect');
  t.is(a.opts.get('dport'), '80');
  t.is(a.opts.get('srcNat'), '');
  t.is(a.opts.get('src'), '10.0.0.2', 'the last of a repeated option counts, as in conntrack-tools');
  t.is(parseConntrackArgs(['-D', '-n', '10.9.9.9']).opts.get('srcNat'), '10.9.9.9');
  t.is(parseConntrackArgs(['-D', '--src-nat=10.9.9.9']).opts.get('srcNat'), '', '--src-nat=IP is the bare option');
  t.is(parseConntrackArgs(['-R', '-']).file, '-');
  for (const bad of [['-L', '--dport', '80'], ['-L', '-p', 'udp', '--state', 'ESTABLISHED'], ['-L', '-G'], ['-L', 'frob'], ['-L', '-s'],
    ['-L', '-z=1'], ['-L', '-p', 'nosuch'], ['-L', '-s10.0.0.1'], ['-L', '--'], ['-L', '--netns', 'a', '--netns', 'b']]) {
    t.throws(() => parseConntrackArgs(bad), { instanceOf: UsageError }, bad.join(' '));
  }
});

test('ip: one or two dashes, prefixes in the table\'s order, exact spellings, options end at the first other word', (t) => {
  const table: OptionTable = { manners: 'ip', options: [
    { key: 'four', names: ['-4'], exact: true, repeat: 'last' }, { key: 'netns', names: ['-netns'], arity: 1 }, { key: 'json', names: ['-json'], repeat: 'last' },
  ] };
  const p = parseOptions(['-ne=x', '--js', '-4', 'route', '-json'], table);
  t.is(p.get('netns'), 'x');
  t.true(p.has('json'));
  t.true(p.has('four'));
  t.deepEqual(p.positional, ['route', '-json']);
  t.throws(() => parseOptions(['-n'], table), { message: "option '-n' needs a value" });
  t.throws(() => parseOptions(['-n='], table), { message: "option '-n' needs a value" });
  t.throws(() => parseOptions(['-j=1'], table), { message: "option '-j' takes no value" });
});

test('errors carry stable codes; the CLI tells them apart by code, across copies of the classes', (t) => {
  t.is(new UsageError('x').code, ErrorCode.USAGE);
  t.is(new ValidationError('f', 'r').code, 'ERR_NLTS_VALIDATION');
  t.is(new ConflictsError([], false).code, 'ERR_NLTS_TOPOLOGY_CONFLICTS');
  t.is(new ApplyAborted([]).code, 'ERR_NLTS_TOPOLOGY_APPLY_ABORTED');
  t.is(new TopologyLockedError('/run/nlts/x.lock', undefined, 0).code, 'ERR_NLTS_TOPOLOGY_LOCKED');
  t.is(new DemoAborted().code, 'ERR_NLTS_DEMO_ABORTED');
  // Another copy's instances (a bundled command's): plain objects with the same code are recognised.
  t.true(isValidationError({ code: 'ERR_NLTS_VALIDATION', message: 'm' }));
  t.true(isUsageError({ code: 'ERR_NLTS_USAGE' }));
  t.is(errorCode('text'), undefined);
  const refused = new NetlinkError({ errno: 17, operation: 'conntrack create' });
  t.is(kernelRefusal(refused), 'EEXIST');
  t.is(kernelRefusal(new SystemError('setns', 1)), undefined, 'a system call\'s failure is not the kernel\'s answer');
  t.is(kernelRefusal(new ValidationError('f', 'r')), undefined);
});

test('one IP protocol table: /etc/protocols\' names and aliases, the tools\' spellings, conntrack\'s tracked protocols', (t) => {
  t.is(ipProtocolText(6), 'tcp');
  t.is(ipProtocolText(58), 'ipv6-icmp');
  t.is(ipProtocolText(200), '200');
  t.is(ipProtocolNumber('IPv6-ICMP'), 58);
  t.is(ipProtocolNumber('mptcp'), 262);
  t.is(parseIpProtocol('17'), 17);
  t.is(toolProtocolName(58), 'icmpv6');
  t.is(trackedProtocolName(47), 'gre');
  t.is(trackedProtocolName(50), undefined, 'esp has no conntrack module');
  t.is(trackedProtocolNumber('icmpv6'), 58);
  // Where the system has /etc/protocols, the table says what getprotobynumber/getprotobyname would.
  let text: string;
  try { text = fs.readFileSync('/etc/protocols', 'utf8'); } catch { t.pass('no /etc/protocols here'); return; }
  for (const line of text.split('\n')) {
    const [name, num, ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!name || !num) continue;
    for (const a of [name, ...aliases]) t.is(ipProtocolNumber(a), Number(num), a);
    if (Number(num) < 256) t.truthy(IP_PROTOCOL_NAMES[Number(num)]);
  }
});
