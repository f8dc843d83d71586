// `npm test`: runs ava. As root, the whole run happens inside a new network and mount namespace with a
// private tmpfs on /run/netns (scripts/sandbox.ts), so no test can touch the machine's own namespace or
// leave a name behind. Without root the unit and replay tests run and the live tests say loudly that
// they are skipped.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { runInSandbox } from './sandbox.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ava = path.join(root, 'node_modules', 'ava', 'entrypoints', 'cli.mjs');
const extra = process.argv.slice(2);

if (process.getuid?.() === 0) {
  process.exit(runInSandbox(ava, extra, root));
}
process.stderr.write('\n!!! not root: live tests will be SKIPPED (run `npm test` as root to run them) !!!\n\n');
const result = spawnSync(process.execPath, [ava, ...extra], { cwd: root, stdio: 'inherit' });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
