// CLI manners (issue 10 item 7): --version, bare `nlts`, global options before the command as ip takes
// them, -h/--help/help on every command and verb, ip's abbreviations (checked against /usr/sbin/ip itself),
// a closed stdout ending like ip (SIGPIPE), EPERM explained, and the bash completion script.
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMANDS } from '../src/cli/commands-table.js';
import { IP_OBJECTS, VERBS, commandOf, verbOf } from '../src/cli/words.js';
import { parseGlobals } from '../src/cli/globals.js';
import { asksForHelp } from '../src/cli/help.js';
import { UsageError } from '../src/cli/io.js';
import { Conntrack } from '../src/nfnetlink/conntrack/index.js';
import { liveTest } from './helpers/live.js';
import { CLI, root } from './helpers/cli.js';

const IP = '/usr/sbin/ip';
const VERSION = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

interface Ran { stdout: string; stderr: string; status: number | null; signal: NodeJS.Signals | null }
const nlts = (...args: string[]): Ran => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
};

test('--version, -V and ip\'s -Version print the package version', (t) => {
  for (const flag of ['--version', '-V', '-Version', '-v']) {
    const r = nlts(flag);
    t.is(r.status, 0, flag);
    t.is(r.stdout, `nlts ${VERSION}\n`, flag);
  }
});

test('bare nlts prints usage to stderr with status 2; --help, -h and help print it to stdout with 0', (t) => {
  const bare = nlts();
  t.is(bare.status, 2);
  t.is(bare.stdout, '');
  t.regex(bare.stderr, /^usage: nlts /);
  for (const words of [['--help'], ['-h'], ['help'], ['h'], ['-help']]) {
    const r = nlts(...words);
    t.is(r.status, 0, words.join(' '));
    t.regex(r.stdout, /^usage: nlts /, words.join(' '));
    for (const name of Object.keys(COMMANDS)) t.true(r.stdout.includes(`  ${name} `), `${name} in ${words.join(' ')}`);
  }
});

test('-h, --help and help work on every command and every verb, before anything is opened', (t) => {
  // Every command and verb in process (what main decides), each command through the CLI.
  let checked = 0;
  for (const name of Object.keys(COMMANDS)) {
    const verbs = [...new Set((VERBS[name] ?? []).filter((e) => e.ours !== undefined && e.ours !== 'help' && !e.exact).map((e) => e.word))];
    const forms = [['-h'], ['--help'], ['-help'], ...(VERBS[name] ? [['help'], ['h']] : []), ...verbs.flatMap((v) => [[v, 'help'], [v, '-h'], [v, 'x', '--help']])];
    for (const words of forms) {
      t.true(asksForHelp(name, words), `${name} ${words.join(' ')}`);
      checked++;
    }
    t.false(asksForHelp(name, verbs.slice(0, 1)), `${name} ${verbs[0] ?? ''}`);
    const r = nlts(name, name === 'conntrack' ? '-h' : '--help');
    t.is(r.status, 0, name);
    t.regex(r.stdout, new RegExp(`^usage: nlts ${name}`), name);
  }
  for (const words of [['route', 'add', 'help'], ['link', 'set', '-h'], ['conntrack', '-L', '-h'], ['monitor', 'link', 'help'], ['ru', 'h']]) {
    const r = nlts(...words);
    t.is(r.status, 0, words.join(' '));
    t.regex(r.stdout, /^usage: nlts /, words.join(' '));
  }
  t.false(asksForHelp('decode', ['help']), 'decode reads a file that may be called help');
  t.log(`${checked} help forms in process, ${Object.keys(COMMANDS).length + 5} through the CLI`);
});

/** The object `ip WORD help` chose, from its usage line (undefined when it printed none). */
function ipChoice(word: string): string | undefined {
  const r = spawnSync(IP, [word, 'help'], { encoding: 'utf8' });
  const m = /Usage:\s+ip (\S+)/.exec(`${r.stdout}${r.stderr}`);
  return m?.[1];
}

/** What ip's usage line says for each of our commands. */
const IP_USAGE_WORD: Record<string, string> = {
  addr: 'address', route: 'route', rule: 'rule', neigh: 'neigh', link: 'link', monitor: 'monitor', netns: 'netns', nexthop: 'nexthop', help: '[',
};

test('command words abbreviate as ip abbreviates them (every prefix of every ip object, against /usr/sbin/ip)', (t) => {
  const usage = new Map<string, string | undefined>();
  const choice = (w: string): string | undefined => {
    if (!usage.has(w)) usage.set(w, ipChoice(w));
    return usage.get(w);
  };
  const prefixes = new Set<string>();
  for (const e of IP_OBJECTS) for (let n = 1; n <= e.word.length; n++) prefixes.add(e.word.slice(0, n));
  let agree = 0;
  let refused = 0;
  for (const p of prefixes) {
    // The word our table says p stands for: ip must do for p what it does for that word in full.
    const meant = IP_OBJECTS.find((e) => e.word === p) ?? IP_OBJECTS.find((e) => e.word.startsWith(p))!;
    t.is(choice(p), choice(meant.word), `ip ${p} acts as ip ${meant.word}`);
    if (meant.ours !== undefined) {
      t.is(commandOf(p), meant.ours, p);
      t.is(choice(meant.word), IP_USAGE_WORD[meant.ours], `ip ${meant.word} is our ${meant.ours}`);
      agree++;
    } else {
      t.throws(() => commandOf(p), { instanceOf: UsageError, message: `'${p}' is ip's '${meant.word}', which nlts does not have` });
      // Not one of ours in disguise (ip's mrule prints rule's usage: told apart by the full word above).
      if (meant.word !== 'mrule') t.false(Object.values(IP_USAGE_WORD).includes(choice(p) ?? ''), `ip ${p} -> ${choice(p)}`);
      refused++;
    }
  }
  t.log(`${prefixes.size} prefixes of ip's ${IP_OBJECTS.length} objects: ip acts on each as on the word our table names; ${agree} expand to our command, ${refused} refused (ip object nlts lacks)`);
  // Through the CLI: the usage of the right command, or a clear refusal with status 2.
  for (const [word, name] of [['a', 'addr'], ['r', 'route'], ['ru', 'rule'], ['n', 'neigh'], ['l', 'link'], ['nex', 'nexthop'], ['mo', 'monitor'], ['net', 'netns'], ['address', 'addr'], ['neighbor', 'neigh']]) {
    t.regex(nlts(word!, '--help').stdout, new RegExp(`^usage: nlts ${name}`), word!);
  }
  for (const [word, theirs] of [['m', 'maddress'], ['t', 'tunnel'], ['x', 'xfrm'], ['s', 'sr'], ['addrl', 'addrlabel']]) {
    const r = nlts(word!);
    t.is(r.status, 2, word!);
    t.is(r.stderr.split('\n')[0], `nlts: '${word}' is ip's '${theirs}', which nlts does not have`);
  }
  const unknown = nlts('frob');
  t.is(unknown.status, 2);
  t.regex(unknown.stderr, /^nlts: unknown command 'frob'/);
});

test('verbs abbreviate in ip\'s order; ip\'s verbs that nlts lacks are refused by name', (t) => {
  // As /usr/sbin/ip 6.1 takes them (probed: "ip link s" is set, "ip rule r" restore, "ip monitor al" all-nsid).
  const cases: Array<[string, string, string]> = [
    ['link', 's', 'set'], ['link', 'sh', 'show'], ['link', 'l', 'show'], ['link', 'ls', 'show'], ['link', 'd', 'del'], ['link', 'c', 'set'], ['link', 'a', 'add'],
    ['addr', 's', 'show'], ['addr', 'r', 'replace'], ['addr', 'd', 'del'], ['route', 's', 'show'], ['route', 'g', 'get'], ['route', 'ap', 'append'],
    ['route', 'r', 'replace'], ['route', 'del', 'del'], ['rule', 's', 'show'], ['rule', 'a', 'add'], ['rule', 'd', 'del'], ['neigh', 'r', 'replace'],
    ['nexthop', 'l', 'show'], ['nexthop', 'r', 'replace'], ['nexthop', 'd', 'del'], ['netns', 's', 'list'], ['netns', 'a', 'add'], ['netns', 'd', 'delete'],
    ['monitor', 'a', 'address'], ['monitor', 'r', 'route'], ['monitor', 'ru', 'rule'], ['monitor', 'n', 'neigh'], ['monitor', 'nex', 'nexthop'], ['monitor', 'all', 'all'],
  ];
  for (const [command, word, verb] of cases) t.is(verbOf(command, word), verb, `${command} ${word}`);
  const refusals: Array<[string, string, string]> = [
    ['rule', 'r', 'restore'], ['route', 'p', 'prepend'], ['route', 'c', 'change'], ['route', 'f', 'flush'], ['addr', 'f', 'flush'], ['link', 'x', 'xstats'],
    ['neigh', 'g', 'get'], ['nexthop', 'b', 'bucket'], ['monitor', 'l', 'label'], ['monitor', 'al', 'all-nsid'], ['netns', 'e', 'exec'],
  ];
  for (const [command, word, theirs] of refusals) {
    t.throws(() => verbOf(command, word), { instanceOf: UsageError, message: new RegExp(`^'${word}' is ip's '${command} ${theirs}', which nlts does not have`) });
  }
  const r = nlts('route', 'c', '10.0.0.0/8', 'dev', 'lo');
  t.is(r.status, 2);
  t.regex(r.stderr, /^nlts route: 'c' is ip's 'route change'/);
});

test('global options: ip\'s spellings and prefixes, refused clearly when unknown, repeated or not taken', (t) => {
  for (const spelled of [['-n', 'x'], ['-netns', 'x'], ['--netns', 'x'], ['--netns=x'], ['-net', 'x'], ['-ne=x']]) {
    t.deepEqual(parseGlobals([...spelled, 'route']), { globals: { netns: 'x' }, rest: ['route'] }, spelled.join(' '));
  }
  for (const spelled of ['-j', '-json', '--json', '-js']) t.deepEqual(parseGlobals([spelled, 'link']).globals, { json: true }, spelled);
  t.deepEqual(parseGlobals(['-6', '-j', 'route', '-4']).globals, { family: 'ipv6', json: true });
  t.deepEqual(parseGlobals(['-6', '-j', 'route', '-4']).rest, ['route', '-4']);
  const refused: Array<[string[], RegExp]> = [
    [['-s', 'link'], /^nlts: unknown option '-s' before the command/],
    [['-o', 'link'], /^nlts: unknown option '-o'/],
    [['-n'], /^nlts: option '-n' needs a value/],
    [['-n', 'a', '-n', 'b', 'link'], /given twice/],
    [['-4', '-6', 'route'], /-4 and -6 exclude each other/],
    [['-n', 'x', 'demo'], /^nlts: nlts demo does not take -n\/--netns/],
    [['-4', 'nft', 'list', 'ruleset'], /^nlts: nlts nft does not take -4/],
    [['-j=1', 'link'], /takes no value/],
  ];
  for (const [args, message] of refused) {
    const r = nlts(...args);
    t.is(r.status, 2, args.join(' '));
    t.regex(r.stderr, message, args.join(' '));
    t.is(r.stdout, '', args.join(' '));
  }
});

liveTest('global options before the command reach every command that takes them', async (t, env) => {
  const ns = env.netns('cli-glob');
  execFileSync(IP, ['-n', ns, 'link', 'add', 'cli0', 'type', 'veth', 'peer', 'name', 'cli1']);
  execFileSync(IP, ['-n', ns, 'link', 'set', 'cli0', 'up']);
  execFileSync(IP, ['-n', ns, 'addr', 'add', '10.70.0.1/24', 'dev', 'cli0']);
  execFileSync(IP, ['-n', ns, '-6', 'addr', 'add', '2001:db8:70::1/64', 'dev', 'cli0', 'nodad']);
  // conntrack's timeout column may tick between two listings.
  const mask = (text: string): string => text.replace(/^(\S+\s+\d+\s+)\d+ /gm, '$1T ').replace(/"timeout":\d+/g, '"timeout":T');
  const same = (a: string[], b: string[]): void => {
    const x = nlts(...a);
    const y = nlts(...b);
    x.stdout = mask(x.stdout);
    y.stdout = mask(y.stdout);
    t.is(x.status, 0, a.join(' '));
    t.is(x.stdout, y.stdout, a.join(' '));
    t.not(x.stdout, '', a.join(' '));
  };
  same(['-n', ns, 'link'], ['link', '--netns', ns]);
  same(['--netns', ns, '-j', 'a'], ['addr', '--json', '--netns', ns]);
  same(['-netns', ns, '-json', '-6', 'r', 'sh'], ['route', 'show', '-6', '--json', '--netns', ns]);
  same(['-n', ns, '-4', 'address', 'show', 'dev', 'cli0'], ['addr', 'show', 'dev', 'cli0', '-4', '--netns', ns]);
  // conntrack: -n, -j (its -o json) and -4 (its -f ipv4), and its own --netns still after the command.
  const ct = await Conntrack.open({ netns: ns });
  try {
    await ct.create({ original: { src: '10.70.0.9', dst: '192.0.2.9', protocol: 17, sport: 999, dport: 53 }, timeout: 300 });
  } finally {
    ct.close();
  }
  same(['--netns', ns, 'conntrack', '-L'], ['conntrack', '-L', '--netns', ns]);
  same(['-n', ns, '-j', '-4', 'conntrack', '-L'], ['conntrack', '-L', '-o', 'json', '-f', 'ipv4', '--netns', ns]);
  const twice = nlts('-n', ns, 'conntrack', '-L', '--netns', ns);
  t.is(twice.status, 2);
  t.regex(twice.stderr, /given twice/);
});

// ip and conntrack are killed by SIGPIPE when the reader goes away (the shell's status 141); nlts ends the
// same way, without a word on stderr. Run in the same pipe shape: `CMD | head -1`, status of CMD.
const PIPE = 'set +e; "$@" 2>"$ERRFILE" | head -1 >/dev/null; echo "${PIPESTATUS[0]}"';
// JSON arrays are one line: head -1 reads them whole; head -c closes the pipe early instead.
const PIPE_BYTES = 'set +e; "$@" 2>"$ERRFILE" | head -c 100 >/dev/null; echo "${PIPESTATUS[0]}"';

function statusInPipe(args: string[], shape = PIPE): { status: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-cli-pipe-'));
  try {
    const errFile = path.join(dir, 'err');
    const status = execFileSync('/bin/bash', ['-c', shape, 'bash', ...args], { encoding: 'utf8', env: { ...process.env, ERRFILE: errFile } }).trim();
    return { status, stderr: fs.readFileSync(errFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

liveTest('a closed stdout ends route, link, addr, conntrack -L and JSON listings quietly, with ip\'s status', async (t, env) => {
  const ns = env.netns('cli-pipe');
  // More output than a pipe holds (64 KiB), so the writer is still writing when head exits.
  execFileSync(IP, ['-n', ns, 'link', 'add', 'cli0', 'type', 'veth', 'peer', 'name', 'cli1']);
  execFileSync(IP, ['-n', ns, 'link', 'set', 'cli0', 'up']);
  const batch = ['addr add 10.80.0.1/16 dev cli0'];
  for (let i = 0; i < 4000; i++) batch.push(`route add 10.${90 + (i >> 8)}.${i & 255}.0/24 dev cli0`);
  for (let i = 0; i < 2000; i++) batch.push(`addr add 10.81.${i >> 8}.${i & 255}/32 dev cli0`);
  execFileSync(IP, ['-n', ns, '-batch', '-'], { input: batch.join('\n') + '\n' });
  const ct = await Conntrack.open({ netns: ns });
  try {
    for (let i = 0; i < 1500; i++) await ct.create({ original: { src: '10.70.0.9', dst: '192.0.2.9', protocol: 17, sport: 1000 + i, dport: 53 }, timeout: 300 });
  } finally {
    ct.close();
  }
  const pairs: Array<[string[], string[]]> = [
    [[IP, '-n', ns, 'route'], [process.execPath, CLI, '-n', ns, 'route']],
    [[IP, '-n', ns, '-j', 'route'], [process.execPath, CLI, '-n', ns, '-j', 'route']],
    [[IP, '-n', ns, '-o', 'addr'], [process.execPath, CLI, '-n', ns, 'addr']],
    [[IP, '-n', ns, '-j', 'addr'], [process.execPath, CLI, '-n', ns, '-j', 'addr']],
    [[IP, 'netns', 'exec', ns, '/usr/sbin/conntrack', '-L'], [process.execPath, CLI, '-n', ns, 'conntrack', '-L']],
    [[IP, 'netns', 'exec', ns, '/usr/sbin/conntrack', '-L', '-o', 'extended'], [process.execPath, CLI, '-n', ns, 'conntrack', '-L', '-o', 'extended']],
  ];
  for (const [theirs, ours] of pairs) {
    const shape = theirs.includes('-j') ? PIPE_BYTES : PIPE;
    const a = statusInPipe(theirs, shape);
    const b = statusInPipe(ours, shape);
    t.is(a.status, '141', `${theirs.join(' ')}: reference status`);
    t.is(b.status, a.status, ours.slice(1).join(' '));
    t.is(b.stderr, '', ours.slice(1).join(' '));
  }
});

liveTest('nlts monitor | head -1 ends at the next event like ip monitor does', async (t, env) => {
  const ns = env.netns('cli-mon');
  execFileSync(IP, ['-n', ns, 'link', 'add', 'cli0', 'type', 'veth', 'peer', 'name', 'cli1']);
  const run = async (cmd: string[]): Promise<{ status: string; stderr: string }> => {
    const { spawn } = await import('node:child_process');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-cli-mon-'));
    const errFile = path.join(dir, 'err');
    const child = spawn('/bin/bash', ['-c', PIPE, 'bash', ...cmd], { env: { ...process.env, ERRFILE: errFile }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Events until the pipeline is over: the first satisfies head, a later one meets the closed pipe.
    let ended = false;
    void done.then(() => { ended = true; });
    for (let i = 0; i < 200 && !ended; i++) {
      execFileSync(IP, ['-n', ns, 'link', 'set', 'cli0', i % 2 ? 'up' : 'down']);
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!ended) child.kill();
    await done;
    const stderr = fs.readFileSync(errFile, 'utf8');
    fs.rmSync(dir, { recursive: true, force: true });
    return { status: out.trim(), stderr };
  };
  const theirs = await run([IP, '-n', ns, 'monitor', 'link']);
  const ours = await run([process.execPath, CLI, '-n', ns, 'monitor', 'link']);
  t.is(theirs.status, '141');
  t.is(ours.status, theirs.status);
  t.is(ours.stderr, '');
});

liveTest('EPERM is explained: which capability is missing, status 1, nothing changed', (t, env) => {
  const ns = env.netns('cli-perm');
  execFileSync(IP, ['-n', ns, 'link', 'add', 'cli0', 'type', 'veth', 'peer', 'name', 'cli1']);
  execFileSync(IP, ['-n', ns, 'link', 'set', 'cli0', 'up']);
  // Root without any capability, inside the namespace (ip netns exec enters it while still privileged).
  const noCaps = (...args: string[]): Ran => {
    const r = spawnSync(IP, ['netns', 'exec', ns, '/usr/bin/setpriv', '--inh-caps=-all', '--bounding-set=-all', '--', process.execPath, CLI, ...args], { encoding: 'utf8' });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status, signal: r.signal };
  };
  const before = execFileSync(IP, ['-n', ns, 'route'], { encoding: 'utf8' });
  const add = noCaps('route', 'add', '10.60.0.0/16', 'dev', 'cli0');
  t.is(add.status, 1);
  t.regex(add.stderr, /EPERM \(Operation not permitted\)\nnlts: this needs CAP_NET_ADMIN /);
  t.is(execFileSync(IP, ['-n', ns, 'route'], { encoding: 'utf8' }), before);
  const ct = noCaps('conntrack', '-L');
  t.is(ct.status, 1);
  t.regex(ct.stderr, /needs CAP_NET_ADMIN/);
  // Entering another namespace is setns(2): CAP_SYS_ADMIN.
  const enter = noCaps('-n', ns, 'link');
  t.is(enter.status, 1);
  t.regex(enter.stderr, /setns .*EPERM.*\nnlts: setns needs CAP_SYS_ADMIN /);
  // Reading needs no capability: the listing still works.
  const list = noCaps('link');
  t.is(list.status, 0);
  t.regex(list.stdout, /cli0/);
});

test('nlts completion bash, sourced in bash, completes commands, abbreviations, verbs and options', (t) => {
  const script = nlts('completion', 'bash');
  t.is(script.status, 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-cli-comp-'));
  try {
    const file = path.join(dir, 'nlts.bash');
    fs.writeFileSync(file, script.stdout);
    // COMP_WORDS from the arguments, the last one being completed; prints COMPREPLY one per line.
    const complete = (...words: string[]): string[] => execFileSync('/bin/bash', ['-c', 'source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _nlts; printf "%s\\n" "${COMPREPLY[@]}"', file, 'nlts', ...words], { encoding: 'utf8' })
      .split('\n').filter(Boolean).sort();
    t.deepEqual(complete('ro'), ['route']);
    t.deepEqual(complete('r'), ['route', 'rule']);
    t.deepEqual(complete(''), [...Object.keys(COMMANDS), 'help', '-n', '--netns', '-j', '--json', '-4', '-6', '-V', '--version', '-h', '--help'].sort());
    t.deepEqual(complete('-n', 'somens', 'r'), ['route', 'rule']);
    t.deepEqual(complete('r', 's'), ['show']);
    t.deepEqual(complete('route', 'a'), ['add', 'append']);
    t.deepEqual(complete('link', ''), ['add', 'change', 'delete', 'help', 'list', 'lst', 'set', 'show']);
    t.deepEqual(complete('neighbour', 'show', '--j'), ['--json']);
    t.deepEqual(complete('conntrack', '--orig-s'), ['--orig-src']);
    t.deepEqual(complete('topology', ''), ['down', 'plan', 'up', 'verify']);
    t.deepEqual(complete('completion', ''), ['bash']);
    t.true(complete('monitor', '').includes('nexthop'));
    // The verbs offered are the ones the commands take.
    for (const [name, table] of Object.entries(VERBS)) {
      for (const e of table) if (e.ours !== undefined && e.ours !== 'help' && name !== 'monitor') t.notThrows(() => verbOf(name, e.word));
    }
    t.is(nlts('completion', 'zsh').status, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
