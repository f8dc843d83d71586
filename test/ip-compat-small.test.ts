// Small ip(8) compatibility points of issue 11 (item 8), each against /usr/sbin/ip:
//  - a prefix length is read as ip reads it: strtoul(3) base 0 (so /024 is octal, /20; /0x18 is /24), or a
//    dotted IPv4 netmask. The corpus comes from strtoul(3)'s grammar (blanks, sign, 0x / 0 prefixes, digits
//    of each base) and ip(8)'s PREFIX := ADDRESS[/PLEN]; every text goes to ip and to the library, and
//    what each makes of it (refused, or the prefix length the kernel then lists) is compared;
//  - `link set address` with more bytes than the device's address is refused (the kernel would truncate);
//  - `netns delete` on a directory in /run/netns is a NetnsError, and the directory stays.
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import { NetnsError, ValidationError, deleteNetns, parsePrefix } from '../src/netlink/index.js';
import { RtNetlink } from '../src/rtnetlink/index.js';
import { liveTest, uniqueName } from './helpers/live.js';
import { CLI } from './helpers/cli.js';

const run = promisify(execFile);
type Outcome = { code: number; stdout: string; stderr: string };
const exec = (file: string, args: string[]): Promise<Outcome> => run(file, args)
  .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }))
  .catch((e: Outcome) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));

/** Prefix-length texts, class by class. */
function corpus(): string[] {
  const out: string[] = [];
  for (let n = 0; n <= 33; n++) out.push(String(n)); // decimal, and one past the IPv4 maximum
  for (let n = 0; n <= 0o41; n++) out.push(`0${n.toString(8)}`); // octal: a leading zero
  out.push('00', '000', '0024', '00030');
  out.push('08', '09', '018', '029', '038'); // not octal digits
  for (let n = 0; n <= 0x21; n += 3) out.push(`0x${n.toString(16)}`); // hexadecimal
  out.push('0x18', '0X18', '0x1A', '0x1a', '0x', '0xg', '0x018');
  out.push('+24', '+0', '-0', '-24', '+0x18', '+030', '-0x0', '+-1'); // sign
  out.push(' 24', '\t24', '  030', '24 ', '2 4'); // blanks: leading ones are skipped, trailing ones are not
  out.push('255.255.255.0', '255.255.240.0', '255.0.0.0', '0.0.0.0', '255.255.255.255', '255.255.255.254', '128.0.0.0'); // netmasks
  out.push('255.0.255.0', '0.255.255.255', '255.255.255.1'); // not contiguous
  out.push('255.255.255', '255.255', '0xff.0xff.0xf0.0', '255.255.0360.0', '255.255.255.0.'); // other spellings of a mask
  out.push('default', 'any', 'all', ' 255.255.255.0', '255. 255.255.0', '+255.255.255.0', '255.255.255.0x0', '-0.0.0.0', '255..255.0', '1.2.3.4.5', '4294967040', '0xffffff00');
  out.push('', 'abc', '24a', '1e1', '24.0', '2.4', '/24', '0b11', '１２'); // junk
  return out;
}

/** What the kernel lists for the addresses on `dev`: prefix length by address. */
async function listed(ns: string, dev: string): Promise<Map<string, number>> {
  const j = JSON.parse((await run('/usr/sbin/ip', ['-n', ns, '-j', '-4', 'addr', 'show', 'dev', dev])).stdout) as Array<{ addr_info: Array<{ local: string; prefixlen: number }> }>;
  return new Map(j.flatMap((l) => l.addr_info.map((a) => [a.local, a.prefixlen] as const)));
}

test('a prefix length of /024 is 20, as ip reads it (octal), and /0x18 is 24', (t) => {
  t.is(parsePrefix('10.1.2.3/024').prefixLength, 20);
  t.is(parsePrefix('10.1.2.3/0x18').prefixLength, 24);
  t.is(parsePrefix('10.1.2.3/255.255.240.0').prefixLength, 20);
  t.is(parsePrefix('2001:db8::1/0100').prefixLength, 64);
  t.throws(() => parsePrefix('10.1.2.3/08'), { instanceOf: ValidationError });
  t.throws(() => parsePrefix('10.1.2.3/255.0.255.0'), { instanceOf: ValidationError });
});

liveTest('prefix lengths: the library reads each text of the corpus as ip does', async (t, env) => {
  const ns = env.netns('ipc-plen');
  await run('/usr/sbin/ip', ['-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
  const nl = RtNetlink.open({ netns: ns });
  const texts = corpus();
  const addressOf = (i: number): string => `10.20.${i}.1`;
  try {
    // ip adds on v0, the library on v1; each text gets an address of its own, read back at the end.
    for (const [i, text] of texts.entries()) {
      await exec('/usr/sbin/ip', ['-n', ns, 'addr', 'add', `${addressOf(i)}/${text}`, 'dev', 'v0']);
      await nl.addresses.add('v1', `${addressOf(i)}/${text}`).catch((e: unknown) => { if (!(e instanceof ValidationError)) throw e; });
    }
  } finally {
    nl.close();
  }
  const [theirs, ours] = [await listed(ns, 'v0'), await listed(ns, 'v1')];
  const differences: string[] = [];
  let agree = 0;
  for (const [i, text] of texts.entries()) {
    const [ipSays, weSay] = [theirs.get(addressOf(i)) ?? 'refused', ours.get(addressOf(i)) ?? 'refused'];
    if (ipSays === weSay) agree++;
    else differences.push(`${JSON.stringify(text)}: ip ${ipSays}, nlts ${weSay}`);
  }
  t.log(`prefix-length corpus: ${agree} of ${agree + differences.length} texts read alike by ip and nlts`);
  t.deepEqual(differences, []);
  // The CLI hands the text to the library: one check that it means the same there.
  const cli = await exec(process.execPath, [CLI, 'addr', 'add', '10.20.255.1/024', 'dev', 'v0', '--netns', ns]);
  t.is(cli.code, 0, cli.stderr);
  t.is((await listed(ns, 'v0')).get('10.20.255.1'), 20);
});

liveTest('link set address: a 7-byte address on a 6-byte device is refused, as ip refuses it, and nothing changes', async (t, env) => {
  const ns = env.netns('ipc-mac');
  await run('/usr/sbin/ip', ['-n', ns, 'link', 'add', 'v0', 'address', '02:00:00:00:00:01', 'type', 'veth', 'peer', 'name', 'v1']);
  const macOf = async (): Promise<string> => (JSON.parse((await run('/usr/sbin/ip', ['-n', ns, '-j', 'link', 'show', 'dev', 'v0'])).stdout) as Array<{ address: string }>)[0]!.address;
  const ip = await exec('/usr/sbin/ip', ['-n', ns, 'link', 'set', 'v0', 'address', '02:00:00:00:00:02:07']);
  t.is(ip.code, 1);
  t.regex(ip.stderr, /Invalid address length 7 - must be 6 bytes/);
  const nl = RtNetlink.open({ netns: ns });
  try {
    for (const bad of ['02:00:00:00:00:02:07', '02:00:00:00:02']) {
      const e = await t.throwsAsync(nl.links.set('v0', { address: bad }), { instanceOf: ValidationError });
      t.regex(e!.message, /v0 takes 6-byte addresses/);
    }
    t.is(await macOf(), '02:00:00:00:00:01');
    await nl.links.set('v0', { address: '02:00:00:00:00:03' });
    t.is(await macOf(), '02:00:00:00:00:03');
  } finally {
    nl.close();
  }
  const cli = await exec(process.execPath, [CLI, 'link', 'set', 'v0', 'address', '02:00:00:00:00:04:07', '--netns', ns]);
  t.is(cli.code, 2);
  t.regex(cli.stderr, /is 7 byte\(s\); v0 takes 6-byte addresses/);
  t.is(await macOf(), '02:00:00:00:00:03');
});

liveTest('netns delete on a directory in /run/netns: a NetnsError (exit 1 in the CLI), and the directory stays', async (t) => {
  const name = uniqueName('ipc-dir');
  const dir = `/run/netns/${name}`;
  fs.mkdirSync(dir);
  try {
    const ip = await exec('/usr/sbin/ip', ['netns', 'delete', name]);
    t.is(ip.code, 1);
    t.regex(ip.stderr, /Is a directory/);
    const e = t.throws(() => deleteNetns(name), { instanceOf: NetnsError });
    t.is(e!.code, 'NOT_A_NAMESPACE');
    t.regex(e!.message, /is a directory, not a network namespace; nothing was removed/);
    const cli = await exec(process.execPath, [CLI, 'netns', 'delete', name]);
    t.is(cli.code, 1);
    t.regex(cli.stderr, /^nlts netns: NetnsError: \/run\/netns\/.* is a directory/);
    t.true(fs.statSync(dir).isDirectory());
  } finally {
    fs.rmdirSync(dir);
  }
});
