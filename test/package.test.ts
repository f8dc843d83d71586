// The package as users get it (issue 10): the tarball that `npm pack` makes, installed into a scratch
// project outside the repository (scripts/package-smoke.ts, run by scripts/run-tests.ts before the suite
// enters its sandbox). Its contents, a strict consumer compiled with TypeScript 5.x and the newest
// TypeScript without skipLibCheck, the consumer run by Node, and the installed bin in a throwaway namespace
// against the repository's own bin and the reference tools.
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_DIR_ENV, preparePackage } from '../scripts/package-smoke.js';
import { CLI, root } from './helpers/cli.js';
import { liveTest } from './helpers/live.js';

interface PackageJson { name: string; bin: Record<string, string>; exports: Record<string, { types: string; default: string }>; imports: Record<string, string>; files: string[] }
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
// Run on its own (`npx ava dist/test/package.test.js`), the test prepares and removes its own scratch project.
const given = process.env[PACKAGE_DIR_ENV];
const consumer = given ?? preparePackage(root);
if (!given) test.after.always(() => fs.rmSync(path.dirname(consumer), { recursive: true, force: true }));
const installed = path.join(consumer, 'node_modules', pkg.name);

function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]));
}

test('the tarball holds what the bin and the entry points load, and no maps, sources or unbundled CLI', (t) => {
  const files = walk(installed);
  t.true(files.includes('LICENSE'));
  t.true(files.includes('README.md'));
  for (const target of [...Object.values(pkg.bin), ...Object.values(pkg.exports).flatMap((e) => [e.types, e.default]), ...Object.values(pkg.imports)]) {
    t.true(fs.existsSync(path.join(installed, target)), `${target} is in the package`);
  }
  // Every command module the bin can load (dist/cli/commands/*.cjs) is shipped: the bug issue 10 found.
  const commands = fs.readdirSync(path.join(root, 'dist', 'cli', 'commands')).filter((f) => f.endsWith('.cjs'));
  t.true(commands.length > 5);
  for (const c of commands) t.true(files.includes(path.join('dist', 'cli', 'commands', c)), c);
  t.deepEqual(files.filter((f) => f.endsWith('.map') || f.endsWith('.ts') && !f.endsWith('.d.ts') || f.startsWith('dist/src/cli/') || f.startsWith('dist/test/')), []);
  const deps = (JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
  t.deepEqual(Object.keys(deps).sort(), ['@types/node', 'koffi']);
});

function tsc(version: 'typescript' | 'typescript-7', args: string[]): { status: number | null; out: string } {
  const bin = path.join(root, 'node_modules', version, 'bin', 'tsc');
  const r = spawnSync(process.execPath, [bin, '-p', consumer, ...args], { cwd: consumer, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('a strict consumer of every entry point, using their curated names, compiles with TypeScript 5.x without skipLibCheck, runs, and loads every entry point with the repository\'s exports', async (t) => {
  const config = JSON.parse(fs.readFileSync(path.join(consumer, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  t.is(config.compilerOptions.strict, true);
  t.is(config.compilerOptions.skipLibCheck, false);
  const version = execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--version'], { encoding: 'utf8' });
  t.regex(version, /Version 5\./);
  const built = tsc('typescript', []);
  t.is(built.status, 0, built.out);
  const r = spawnSync(process.execPath, [path.join(consumer, 'out', 'index.js')], { cwd: consumer, encoding: 'utf8' });
  t.is(r.status, 0, r.stderr);
  const { names, usage } = JSON.parse(r.stdout) as { names: Record<string, string[]>; usage: Record<string, unknown> };
  // The curated names at work through the installed package (scripts/package-smoke.ts CONSUMER_USAGE).
  t.deepEqual(usage, {
    sameClass: true, table: 254, scope: 'link', errno: 'ENOENT', nfctType: 256, tcpStates: true, zone: 4, route: '10.10.1.0/24',
    netns: 'client', rule: 'iifname "client-veth0" ct zone set 1', clientNamespace: 'client',
    metrics: '# HELP nlts_example An example.\n# TYPE nlts_example gauge\nnlts_example{zone="1"} 2\n', listen: 9559, refused: 'ValidationError',
  });
  t.deepEqual(Object.keys(names).sort(), Object.keys(pkg.exports).sort());
  for (const [subpath, entry] of Object.entries(pkg.exports)) {
    const mod = (await import(path.join(root, entry.default))) as Record<string, unknown>;
    t.deepEqual(names[subpath], Object.keys(mod).sort(), subpath);
    t.true(names[subpath]!.length > 0, subpath);
  }
});

test('the same consumer compiles with the newest TypeScript (7.x), without skipLibCheck', (t) => {
  const version = execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript-7', 'bin', 'tsc'), '--version'], { encoding: 'utf8' });
  t.regex(version, /Version 7\./);
  const r = tsc('typescript-7', ['--noEmit']);
  t.is(r.status, 0, r.out);
});

// The installed bin as users run it (node_modules/.bin/nlts, a symlink to the package's bin), in a namespace.
const IP = '/usr/sbin/ip';
const run = (ns: string, cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(IP, ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

liveTest('the installed bin prints its version and runs link, route, conntrack -L and nft list ruleset like the repository bin', (t, env) => {
  const ns = env.netns('pkg');
  execFileSync(IP, ['-n', ns, 'link', 'add', 'pkg0', 'type', 'veth', 'peer', 'name', 'pkg1']);
  execFileSync(IP, ['-n', ns, 'link', 'set', 'pkg0', 'up']);
  execFileSync(IP, ['-n', ns, 'addr', 'add', '192.0.2.1/24', 'dev', 'pkg0']);
  execFileSync(IP, ['netns', 'exec', ns, '/usr/sbin/nft', 'add table inet pkgsmoke; add chain inet pkgsmoke c { type filter hook input priority 0; }']);
  execFileSync(IP, ['netns', 'exec', ns, '/usr/sbin/conntrack', '-I', '-s', '192.0.2.1', '-d', '192.0.2.2', '-p', 'udp', '--sport', '1000', '--dport', '53', '-t', '60', '-u', 'SEEN_REPLY'], { stdio: 'ignore' });
  const bin = path.join(consumer, 'node_modules', '.bin', 'nlts');
  // --version: the installed package's own version, read from its package.json.
  const version = run(ns, bin, ['--version']);
  t.is(version.status, 0, version.stderr);
  t.is(version.stdout, `nlts ${(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  const checks: [string[], string][] = [[['link'], 'pkg0'], [['route'], '192.0.2.0/24 dev pkg0'], [['conntrack', '-L'], 'dport=53'], [['nft', 'list', 'ruleset'], 'table inet pkgsmoke']];
  for (const [args, expected] of checks) {
    const ours = run(ns, bin, args);
    const repo = run(ns, process.execPath, [CLI, ...args]);
    t.is(ours.status, 0, `${args.join(' ')}: ${ours.stderr}`);
    // conntrack's timeout column counts down between the two runs.
    const steady = (out: string): string => out.replace(/^(\S+ +\d+ )\d+/gm, '$1T');
    t.is(steady(ours.stdout), steady(repo.stdout), args.join(' '));
    t.true(ours.stdout.includes(expected), `${args.join(' ')} prints ${expected}`);
  }
  // The listings equal the reference tools' where the other tests already hold them equal.
  t.is(run(ns, bin, ['nft', 'list', 'ruleset']).stdout, run(ns, '/usr/sbin/nft', ['list', 'ruleset']).stdout);
});

liveTest('the installed bin runs the demo (worker threads through the package import map) to success', (t, env) => {
  const ns = env.netns('pkgdemo');
  const r = run(ns, path.join(consumer, 'node_modules', '.bin', 'nlts'), ['demo']);
  t.is(r.status, 0, r.stderr + r.stdout.slice(-2000));
  t.regex(r.stdout, /with zone 1: +masqueraded, ICMP, UDP and TCP answered/);
});
