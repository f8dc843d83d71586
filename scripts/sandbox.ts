// Re-runs a script as root inside a new network + mount + PID namespace with a private tmpfs on /run/netns (and /run/nlts, the topology's markers),
// so whatever it creates (namespaces, links, rules, conntrack entries) lives and dies with it. The PID
// namespace matters too: `netns 1` (a namespace by PID) must name the sandbox's, not the machine's.
// Test and benchmark support only: the library itself never runs programs.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

export const SANDBOX_ENV = 'NLTS_TEST_SANDBOX';
/** The inode of the machine's own network namespace, for tests to check that they are not in it (inside the
 * sandbox's PID namespace, /proc/1 is the sandbox's first process, not the machine's init). */
export const HOST_NETNS_ENV = 'NLTS_HOST_NETNS_INODE';

export function inSandbox(): boolean {
  return process.env[SANDBOX_ENV] === '1';
}

/**
 * PATH without node_modules/.bin: under `npm test` it comes first, and a dependency of ava (@vercel/nft)
 * installs a binary named `nft` there that would stand in for nftables' nft in every oracle call.
 */
export function systemPath(): string {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').filter((d) => d && !d.includes('node_modules')).join(':');
}

/** Runs `node script args` in the sandbox and returns its exit status. Requires root. */
export function runInSandbox(script: string, args: readonly string[], cwd?: string): number {
  if (process.getuid?.() !== 0) throw new Error('the sandbox needs root (unshare --net --mount --pid)');
  const inner = 'mkdir -p /run/netns && mount -t tmpfs -o mode=755 nlts-sandbox /run/netns && mkdir -p /run/nlts && mount -t tmpfs -o mode=755 nlts-sandbox-state /run/nlts && ip link set lo up 2>/dev/null; exec "$0" "$@"';
  const r = spawnSync('unshare', ['--net', '--mount', '--propagation', 'private', '--pid', '--fork', '--mount-proc', 'sh', '-c', inner, process.execPath, script, ...args], {
    cwd, stdio: 'inherit', env: { ...process.env, PATH: systemPath(), [SANDBOX_ENV]: '1', [HOST_NETNS_ENV]: String(statSync('/proc/self/ns/net').ino) },
  });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

/** At the top of a script that must run sandboxed: re-executes itself there unless already inside. */
export function ensureSandbox(scriptUrl: string): void {
  if (inSandbox()) return;
  const script = new URL(scriptUrl).pathname;
  process.exit(runInSandbox(script, process.argv.slice(2)));
}
