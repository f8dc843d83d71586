// `npm test`: runs ava. As root, the whole run happens inside a new network and mount namespace with a
// private tmpfs on /run/netns, so no test can touch the machine's own namespace or leave a name behind.
// Without root the unit and replay tests run and the live tests announce loudly that they are skipped.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ava = path.join(root, 'node_modules', 'ava', 'entrypoints', 'cli.mjs');
const extra = process.argv.slice(2);

let result;
if (process.getuid?.() === 0) {
  const inner = 'mkdir -p /run/netns && mount -t tmpfs -o mode=755 nlts-test /run/netns && ip link set lo up 2>/dev/null; exec "$0" "$@"';
  result = spawnSync('unshare', ['--net', '--mount', '--propagation', 'private', 'sh', '-c', inner, process.execPath, ava, ...extra], {
    cwd: root, stdio: 'inherit', env: { ...process.env, NLTS_TEST_SANDBOX: '1' },
  });
} else {
  process.stderr.write('\n!!! not root: live tests will be SKIPPED (run `npm test` as root to run them) !!!\n\n');
  result = spawnSync(process.execPath, [ava, ...extra], { cwd: root, stdio: 'inherit' });
}
if (result.error) throw result.error;
process.exit(result.status ?? 1);
