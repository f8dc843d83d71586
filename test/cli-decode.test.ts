// `nlts decode` on every capture of ip, nft and conntrack: never crashes, every line is JSON,
// every message frames, and the families we know are named.
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI as cli, CLI_UNBUNDLED } from './helpers/cli.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const golden = path.join(root, 'fixtures/golden');

for (const family of ['rtnetlink', 'conntrack', 'nftables']) {
  test(`decode reads every ${family} capture`, async (t) => {
    const files = fs.readdirSync(path.join(golden, family)).filter((f) => f.endsWith('.strace'));
    for (const f of files) {
      const { stdout } = await run(process.execPath, [cli, 'decode', path.join(golden, family, f)], { maxBuffer: 1 << 26 });
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { decodeError?: string; typeName?: string; family?: string });
      t.true(lines.length > 0, f);
      t.deepEqual(lines.filter((l) => l.decodeError), [], f);
    }
  });
}

test('decode reads plain hex from standard input and rejects what is not hex with exit 2', async (t) => {
  const child = execFile(process.execPath, [cli, 'decode']);
  child.stdin!.end('14000000 03000200 01000000 2a000000 00000000\n');
  const out = await new Promise<string>((resolve) => { let s = ''; child.stdout!.on('data', (d) => (s += d)); child.on('close', () => resolve(s)); });
  const msg = JSON.parse(out) as { typeName: string; flags: string[]; seq: number };
  t.is(msg.typeName, 'NLMSG_DONE');
  t.deepEqual(msg.flags, ['MULTI']);
  t.is(msg.seq, 1);
  const bad = await run(process.execPath, [cli, 'decode', '/nonexistent/file']).catch((e: { code: number; stderr: string }) => e);
  t.is((bad as { code: number }).code, 2);
});

test('the bundled CLI (package.json bin) prints what the unbundled one does, family names included', async (t) => {
  for (const [family, file] of [['rtnetlink', 'addr-add.strace'], ['conntrack', 'insert-tcp-zone.strace'], ['nftables', 'apply-scenario.strace']] as const) {
    const capture = path.join(golden, family, file);
    const bundled = (await run(process.execPath, [cli, 'decode', capture], { maxBuffer: 1 << 26 })).stdout;
    const plain = (await run(process.execPath, [CLI_UNBUNDLED, 'decode', capture], { maxBuffer: 1 << 26 })).stdout;
    t.is(bundled, plain, file);
    // Each family's descriptor was loaded: its message types have names.
    const names = bundled.trim().split('\n').map((l) => (JSON.parse(l) as { typeName?: string }).typeName);
    t.true(names.every((n) => n !== undefined), `${file}: ${names.join(' ')}`);
  }
  const help = [(await run(process.execPath, [cli, '--help'])).stdout, (await run(process.execPath, [CLI_UNBUNDLED, '--help'])).stdout];
  t.is(help[0], help[1]);
});
