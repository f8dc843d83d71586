// `nlts decode` on every capture of ip, nft and conntrack: never crashes, every line is JSON,
// every message frames, and the families we know are named.
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist/src/cli/main.js');
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
