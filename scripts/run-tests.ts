// `npm test`: runs ava. As root, the whole run happens inside a new network and mount namespace with a
// private tmpfs on /run/netns (scripts/sandbox.ts), so no test can touch the machine's own namespace or
// leave a name behind. Without root the unit and replay tests run and the live tests say loudly that
// they are skipped.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInSandbox } from './sandbox.js';
import { PACKAGE_DIR_ENV, preparePackage } from './package-smoke.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ava = path.join(root, 'node_modules', 'ava', 'entrypoints', 'cli.mjs');
const extra = process.argv.slice(2);

// The installed-package smoke test (test/package.test.ts) needs the tarball installed first, here, where
// the npm registry is reachable; it is skipped only when the run names its test files and not that one.
let prepared: string | undefined;
if (!process.env[PACKAGE_DIR_ENV] && (extra.filter((a) => !a.startsWith('-')).length === 0 || extra.some((a) => a.includes('package.test')))) {
  prepared = process.env[PACKAGE_DIR_ENV] = preparePackage(root);
}

let status: number;
if (process.getuid?.() === 0) {
  status = runInSandbox(ava, extra, root);
} else {
  process.stderr.write('\n!!! not root: live tests will be SKIPPED (run `npm test` as root to run them) !!!\n\n');
  const result = spawnSync(process.execPath, [ava, ...extra], { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  status = result.status ?? 1;
}
// The scratch project lives in the OS's temporary directory: remove it (its parent holds the tarball too).
if (prepared) fs.rmSync(path.dirname(prepared), { recursive: true, force: true });
process.exit(status);
