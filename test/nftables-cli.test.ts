// `nlts nft` end to end against nft 1.0.6 as oracle, in throwaway namespaces: listings byte for byte,
// --json in nft's -j schema, apply of nft's own JSON, argument errors, and a failed apply changing nothing.
import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { liveTest } from './helpers/live.js';
import { goldenFile, inNetns, nft } from './helpers/nftables.js';
import { CLI } from './helpers/cli.js';

interface Run { code: number; stdout: string; stderr: string }
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'nft', ...args], { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

// Element expiry counts down between two listings: it is the only thing left out of the comparisons.
const stripText = (s: string): string => s.replace(/ expires [0-9dhms]+/g, '');
type Doc = { nftables: Array<Record<string, unknown>> };
const stripJson = (text: string): unknown => {
  const d = JSON.parse(text) as Doc;
  t0(d.nftables[0]);
  return JSON.parse(JSON.stringify(d.nftables.slice(1), (k, v: unknown) => (k === 'expires' ? undefined : v)));
};
function t0(first: unknown): void {
  if (!first || typeof first !== 'object' || !('metainfo' in first)) throw new Error('first object is not metainfo');
}

const SAMPLES = ['scenario', 'sample-payload', 'sample-verdicts', 'sample-ct', 'sample-nat', 'sample-sets', 'sample-meta'];

for (const sample of SAMPLES) {
  liveTest(`cli: ${sample} listed (ruleset, tables, chains, --json) as nft lists it, and nft's JSON applied by us lists the same`, async (t, env) => {
    const ns = env.netns('cli-list');
    const ns2 = env.netns('cli-apply');
    for (const n of [ns, ns2]) await inNetns(n, 'ip', 'link', 'add', 'enp4s0', 'type', 'veth', 'peer', 'name', 'enp4s0p');
    await nft(ns, '-f', goldenFile(`${sample}.nft`));
    const text = await nft(ns, 'list', 'ruleset');

    const ours = await cli('--netns', ns, 'list', 'ruleset');
    t.is(ours.code, 0, ours.stderr);
    t.is(stripText(ours.stdout), stripText(text));

    const json = await nft(ns, '-j', 'list', 'ruleset');
    const oursJson = await cli('--netns', ns, 'list', 'ruleset', '--json');
    t.is(oursJson.code, 0, oursJson.stderr);
    t.deepEqual(stripJson(oursJson.stdout), stripJson(json));

    const doc = JSON.parse(json) as Doc;
    for (const o of doc.nftables) {
      if ('table' in o) {
        const tb = o.table as { family: string; name: string };
        t.is(stripText((await cli('--netns', ns, 'list', 'table', tb.family, tb.name)).stdout), stripText(await nft(ns, 'list', 'table', tb.family, tb.name)));
      } else if ('chain' in o) {
        const c = o.chain as { family: string; table: string; name: string };
        t.is((await cli('--netns', ns, 'list', 'chain', c.family, c.table, c.name)).stdout, await nft(ns, 'list', 'chain', c.family, c.table, c.name));
      }
    }

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-nft-')), `${sample}.json`);
    fs.writeFileSync(file, json);
    const applied = await cli('--netns', ns2, 'apply', file);
    t.is(applied.code, 0, applied.stderr);
    t.is(stripText(await nft(ns2, 'list', 'ruleset')), stripText(text));
    fs.rmSync(path.dirname(file), { recursive: true });
  });
}

liveTest('cli: meta iif/oif print interface names resolved in the namespace', async (t, env) => {
  const ns = env.netns('cli-iif');
  await inNetns(ns, 'ip', 'link', 'add', 'enp4s0', 'type', 'veth', 'peer', 'name', 'enp4s0p');
  await nft(ns, '-f', goldenFile('sample-meta.nft'));
  const out = await cli('--netns', ns, 'list', 'chain', 'inet', 's_meta', 'filter_fwd');
  t.regex(out.stdout, /\t\tiif "lo" accept\n/);
  t.regex(out.stdout, /\t\toif "enp4s0" accept\n/);
});

test('cli: bad arguments exit 2 with a clear message', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /unknown verb ''/],
    [['show'], /unknown verb 'show'/],
    [['list'], /list ruleset \| table \| chain, not ''/],
    [['list', 'tables'], /not 'tables'/],
    [['list', 'table', 'ip'], /list table FAMILY NAME/],
    [['list', 'table', 'ipx', 't'], /unknown family 'ipx'/],
    [['list', 'chain', 'ip', 't'], /list chain FAMILY TABLE CHAIN/],
    [['list', 'ruleset', 'extra'], /unexpected argument 'extra'/],
    [['apply'], /apply needs a FILE/],
    [['apply', '/nonexistent/ruleset.json'], /cannot read \/nonexistent\/ruleset.json/],
    [['list', 'ruleset', '--bogus'], /unknown option --bogus/],
    [['--netns'], /needs a value/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(...args);
    t.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    t.regex(r.stderr, message, args.join(' '));
    t.is(r.stdout, '');
  }
});

liveTest('cli: apply of an invalid ruleset exits 1, names the failing rule, and changes nothing', async (t, env) => {
  const ns = env.netns('cli-invalid');
  await nft(ns, '-f', goldenFile('scenario.nft'));
  const before = await nft(ns, 'list', 'ruleset');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-nft-'));
  try {
    // Valid JSON, refused by the kernel: the last rule jumps to a chain that does not exist.
    const invalid = { nftables: [
      { table: { family: 'ip', name: 's_invalid' } },
      { chain: { family: 'ip', table: 's_invalid', name: 'filter_fwd', type: 'filter', hook: 'forward', prio: 0, policy: 'accept' } },
      { rule: { family: 'ip', table: 's_invalid', chain: 'filter_fwd', expr: [{ match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: '10.10.1.1' } }, { accept: null }] } },
      { rule: { family: 'ip', table: 's_invalid', chain: 'filter_fwd', expr: [{ jump: { target: 'does_not_exist' } }] } },
    ] };
    fs.writeFileSync(path.join(dir, 'invalid.json'), JSON.stringify(invalid));
    const r = await cli('--netns', ns, 'apply', path.join(dir, 'invalid.json'), '--flush');
    t.is(r.code, 1, r.stderr);
    t.regex(r.stderr, /add rule to chain filter_fwd \(operation 5\): ENOENT/);
    t.is(await nft(ns, 'list', 'ruleset'), before);

    // A statement the library does not model: refused before anything is sent (exit 2).
    const unsupported = { nftables: [{ table: { family: 'ip', name: 'u' } }, { chain: { family: 'ip', table: 'u', name: 'c' } },
      { rule: { family: 'ip', table: 'u', chain: 'c', expr: [{ dup: { addr: '10.0.0.1' } }] } }] };
    fs.writeFileSync(path.join(dir, 'unsupported.json'), JSON.stringify(unsupported));
    const u = await cli('--netns', ns, 'apply', path.join(dir, 'unsupported.json'));
    t.is(u.code, 2, u.stderr);
    t.regex(u.stderr, /nftables\[2\] \(rule c\).*'dup' is not supported/);
    t.is(await nft(ns, 'list', 'ruleset'), before);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});
