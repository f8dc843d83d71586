// Live tests run against the real kernel, only inside namespaces they create and remove themselves.
// `npm test` runs the suite as root inside `unshare --net --mount --pid` with a private /run/netns (see
// scripts/run-tests.ts), so even the "default" namespace of the test process is a throwaway one.
import test, { type ExecutionContext } from 'ava';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createNetns, deleteNetns, netnsExists, netnsInode } from '../../src/netlink/index.js';

export interface LiveEnv {
  /** Creates a named namespace that is deleted after the test, whatever happens. */
  netns(label: string): string;
}

function privilegeProblem(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  if (process.env.NLTS_TEST_SANDBOX !== '1') return 'not inside the sandbox that `npm test` sets up (unshare --net --mount)';
  try {
    // The sandbox must not be the machine's own network namespace (scripts/sandbox.ts says which that is).
    const host = Number(process.env.NLTS_HOST_NETNS_INODE ?? fs.statSync('/proc/1/ns/net').ino);
    if (netnsInode('self') === host) return 'the test process shares the machine\'s own network namespace';
  } catch {
    /* /proc/1 unreadable: fall through, root check already passed */
  }
  return undefined;
}

export const liveProblem = privilegeProblem();

if (liveProblem) {
  const banner = `\n!!! LIVE TESTS SKIPPED: ${liveProblem}. Run \`npm test\` as root to run them. !!!\n`;
  process.stderr.write(banner);
  if (process.env.CI) {
    // CI runs as root: a skipped live test there means the set-up is broken, so fail loudly.
    test('live tests can run in CI', (t) => t.fail(banner));
  }
}

let counter = 0;
export function uniqueName(label: string): string {
  return `nlt-${label}-${process.pid}-${counter++}-${randomBytes(2).toString('hex')}`.slice(0, 60);
}

/** A test against the kernel. Namespaces made through env.netns() are removed afterwards. */
export function liveTest(title: string, fn: (t: ExecutionContext, env: LiveEnv) => Promise<void> | void): void {
  if (liveProblem) {
    test.skip(`[live, skipped: ${liveProblem}] ${title}`, () => {});
    return;
  }
  test.serial(`[live] ${title}`, async (t) => {
    const made: string[] = [];
    const env: LiveEnv = {
      netns(label) {
        const name = uniqueName(label);
        createNetns(name);
        made.push(name);
        return name;
      },
    };
    try {
      await fn(t, env);
    } finally {
      for (const name of made.reverse()) if (netnsExists(name)) deleteNetns(name);
    }
  });
}
