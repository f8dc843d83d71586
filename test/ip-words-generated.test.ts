// Every word our ip-style write verbs accept, compared with ip itself: each sample command (valid and
// invalid values) runs through /usr/sbin/ip in one fresh namespace and through nlts in a twin that
// started identical; both must succeed or both fail, and leave the same state (as ip lists it).
// The words come from the parser (test/helpers/ip-word-table.ts): a word without a sample fails the test,
// and so does a difference not listed with its reason in fixtures/ip/generated-differences.json
// (NLTS_GEN_UPDATE=1 rewrites that list, keeping the reasons of the entries that remain).
import test from 'ava';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createNetns, deleteNetns, withNetns } from '../src/netlink/index.js';
import { liveTest, uniqueName } from './helpers/live.js';
import { CLI, root } from './helpers/cli.js';
import { acceptedWords } from './helpers/ip-word-table.js';
import { BASE_SETUP, SAMPLES, sampleCommands } from './helpers/ip-word-samples.js';

const run = promisify(execFile);
const IP = '/usr/sbin/ip';
const DIFFERENCES = path.join(root, 'fixtures', 'ip', 'generated-differences.json');

test('every word the write verbs accept has a sample command compared with ip', (t) => {
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [command, words] of acceptedWords(root)) {
    const samples = SAMPLES[command] ?? {};
    for (const w of words) if (!samples[w]?.length) missing.push(`${command} ${w}`);
    for (const w of Object.keys(samples)) if (!words.includes(w)) extra.push(`${command} ${w}`);
  }
  t.deepEqual(missing, [], 'accepted words without a differential sample');
  t.deepEqual(extra, [], 'samples for words the parser does not accept (stale samples)');
  t.true([...acceptedWords(root).values()].flat().length > 120);
  // A sample must never name a namespace by PID or path: PID 1's is the machine's own.
  for (const s of sampleCommands()) {
    const i = s.argv.indexOf('netns');
    if (i >= 0) t.is(s.argv[i + 1], 'NETNS_OTHER', s.argv.join(' '));
  }
});

async function exit(file: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(file, args, { encoding: 'utf8' });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const x = e as { code?: number; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, out: x.stderr ?? '' };
  }
}

/**
 * The namespace's state as ip lists it, each listing sorted (hash order differs between namespaces);
 * values that move with time (timers, lifetimes) and random MAC addresses of new links masked.
 */
async function state(ns: string, other: string): Promise<string> {
  const parts: string[] = [`## other namespace\n${(await exit(IP, ['-n', other, '-o', 'link'])).out.split('\n').sort().join('\n')}`];
  for (const args of [['-d', '-o', 'link'], ['-o', 'addr'], ['-4', 'route', 'show', 'table', 'all'], ['-6', 'route', 'show', 'table', 'all'],
    ['rule'], ['-6', 'rule'], ['neigh'], ['-6', 'neigh'], ['nexthop']]) {
    const r = await exit(IP, ['-n', ns, ...args]);
    parts.push(`## ${args.join(' ')}\n${r.out.split('\n').sort().join('\n')}`);
  }
  return parts.join('\n')
    .replace(/(_timer|expires|valid_lft|preferred_lft)\s+\S+/g, '$1 T')
    .replace(/ (REACHABLE|STALE|DELAY|PROBE)\b/g, ' NUD')
    .replace(/link\/ether (?!02:00:00:)\S+/g, 'link/ether RANDOM')
    .replace(/fe80::\S+/g, 'fe80::RANDOM')
    .replace(/link-netns \S+/g, 'link-netns PEER'); // each side's peer namespace has its own name
}

async function prepared(label: string): Promise<string> {
  const ns = uniqueName(label);
  createNetns(ns);
  withNetns(ns, () => fs.writeFileSync('/proc/sys/net/ipv6/conf/default/accept_dad', '0'));
  const batch = `${path.join('/tmp', ns)}.batch`;
  fs.writeFileSync(batch, BASE_SETUP.join('\n') + '\n');
  try {
    const r = await exit(IP, ['-n', ns, '-b', batch]);
    if (r.code !== 0) throw new Error(`base setup failed: ${r.out}`);
  } finally {
    fs.rmSync(batch, { force: true });
  }
  return ns;
}

interface Outcome { key: string; agree: boolean; detail: string }

async function compare(argv: string[]): Promise<Outcome> {
  const key = argv.join(' ');
  const [byIp, byUs] = [await prepared('ipw-ip'), await prepared('ipw-us')];
  const [otherIp, otherUs] = [uniqueName('ipw-oi'), uniqueName('ipw-ou')];
  createNetns(otherIp);
  createNetns(otherUs);
  try {
    const theirs = await exit(IP, ['-n', byIp, ...argv.map((w) => (w === 'NETNS_OTHER' ? otherIp : w))]);
    // nlts takes a leading -4/-6 after the object name.
    const words = argv.map((w) => (w === 'NETNS_OTHER' ? otherUs : w));
    const ours = await exit(process.execPath, [CLI, ...(words[0] === '-6' || words[0] === '-4' ? [...words.slice(1), words[0]] : words), '--netns', byUs]);
    const [a, b] = [await state(byIp, otherIp), await state(byUs, otherUs)];
    if ((theirs.code === 0) !== (ours.code === 0)) {
      return { key, agree: false, detail: `ip exit ${theirs.code} ${theirs.out.trim()} | nlts exit ${ours.code} ${ours.out.trim()}` };
    }
    if (a !== b) {
      const la = a.split('\n');
      const lb = b.split('\n');
      const diff = [...la.filter((l) => !lb.includes(l)).map((l) => `ip:   ${l}`), ...lb.filter((l) => !la.includes(l)).map((l) => `nlts: ${l}`)];
      return { key, agree: false, detail: `state differs\n${diff.join('\n')}` };
    }
    return { key, agree: true, detail: '' };
  } finally {
    for (const ns of [byIp, byUs, otherIp, otherUs]) deleteNetns(ns);
  }
}

liveTest('generated ip words: each sample has the same outcome and leaves the same state through ip and through nlts', async (t) => {
  t.timeout(15 * 60_000); // about 180 commands, each in two fresh namespaces
  const samples = sampleCommands();
  const outcomes: Outcome[] = [];
  const queue = [...samples];
  await Promise.all(Array.from({ length: 6 }, async () => {
    for (let s = queue.shift(); s; s = queue.shift()) outcomes.push(await compare(s.argv));
  }));
  const known = fs.existsSync(DIFFERENCES) ? JSON.parse(fs.readFileSync(DIFFERENCES, 'utf8')) as Record<string, string> : {};
  const differing = outcomes.filter((o) => !o.agree).sort((a, b) => a.key.localeCompare(b.key));
  t.log(`${samples.length} commands over ${new Set(samples.map((s) => `${s.command} ${s.word}`)).size} words: ${outcomes.length - differing.length} agree with ip, ${differing.length} differ`);
  if (process.env.NLTS_GEN_UPDATE === '1') {
    fs.mkdirSync(path.dirname(DIFFERENCES), { recursive: true });
    fs.writeFileSync(DIFFERENCES, JSON.stringify(Object.fromEntries(differing.map((o) => [o.key, known[o.key] ?? `UNEXPLAINED: ${o.detail.split('\n').slice(0, 3).join(' / ')}`])), null, 2) + '\n');
  }
  const unexplained = differing.filter((o) => !(o.key in known)).map((o) => `${o.key}\n  ${o.detail.replace(/\n/g, '\n  ')}`);
  const stale = Object.keys(known).filter((k) => !differing.some((o) => o.key === k));
  t.deepEqual(unexplained, [], 'differences from ip without a reason in fixtures/ip/generated-differences.json');
  t.deepEqual(stale, [], 'listed differences that no longer differ (remove them)');
  for (const [k, reason] of Object.entries(known)) t.false(reason.startsWith('UNEXPLAINED'), `${k}: give a reason`);
});
