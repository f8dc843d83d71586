// The CLI's strict argument parser.
import test from 'ava';
import { intArg, parseArgs } from '../src/cli/args.js';
import { UsageError } from '../src/cli/io.js';

const specs = [{ name: 'json' }, { name: 'netns', value: true }, { name: 'ipv4', short: '4' }, { name: 'ipv6', short: '6' }, { name: 'table', short: 't', value: true }];

test('long, short, inline values, digits as short options, positional arguments', (t) => {
  const a = parseArgs(['show', '--json', '--netns=ns1', '-4', '-t', '100', 'dev', 'eth0'], specs);
  t.true(a.has('json'));
  t.is(a.get('netns'), 'ns1');
  t.true(a.has('ipv4'));
  t.false(a.has('ipv6'));
  t.is(a.get('table'), '100');
  t.deepEqual(a.positional, ['show', 'dev', 'eth0']);
  t.is(parseArgs(['-t200'], specs).get('table'), '200');
  t.deepEqual(parseArgs(['--', '-4'], specs).positional, ['-4']);
});

test('unknown options, missing values, repeats and values on flags are usage errors', (t) => {
  t.throws(() => parseArgs(['--frob'], specs), { instanceOf: UsageError, message: /unknown option --frob/ });
  t.throws(() => parseArgs(['-x'], specs), { instanceOf: UsageError });
  t.throws(() => parseArgs(['--netns'], specs), { instanceOf: UsageError, message: /needs a value/ });
  t.throws(() => parseArgs(['--json=1'], specs), { instanceOf: UsageError, message: /takes no value/ });
  t.throws(() => parseArgs(['--netns', 'a', '--netns', 'b'], specs), { instanceOf: UsageError, message: /given twice/ });
});

test('integers are range-checked', (t) => {
  t.is(intArg('65535', 'zone', 0, 65535), 65535);
  t.is(intArg('0x10', 'mark', 0, 0xffffffff), 16);
  t.throws(() => intArg('65536', 'zone', 0, 65535), { instanceOf: UsageError, message: /zone must be an integer in 0..65535/ });
  t.throws(() => intArg('1e3', 'zone', 0, 65535), { instanceOf: UsageError });
  t.throws(() => intArg('-1', 'zone', 0, 65535), { instanceOf: UsageError });
});
