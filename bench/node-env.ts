// The environment the benchmarks start Node processes in. NODE_EXTRA_CA_CERTS makes every Node process
// read and parse that CA bundle while it starts, whether or not it ever opens a TLS connection: on the
// machine these results were taken on, it is set to the system bundle and adds about 80 ms to every
// start (`node -e 0`: ~40 ms without it, ~120 ms with it). A netlink tool never uses TLS, and a user's
// machine usually does not set it, so the benchmarks remove it from their children's environment and say
// so, with both start-up times. BENCH_KEEP_NODE_ENV=1 keeps it, to measure that case too.
import { spawnSync } from 'node:child_process';

function nodeStartMs(env: NodeJS.ProcessEnv, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[runs >> 1]!;
}

/** Applies the policy above to process.env (children inherit it) and returns a line that says what was done. */
export function settleNodeEnvironment(): string {
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (extra === undefined) return `Node start-up (node -e 0): ${nodeStartMs(process.env).toFixed(0)} ms; NODE_EXTRA_CA_CERTS is not set`;
  const withIt = nodeStartMs(process.env);
  const without = { ...process.env };
  delete without.NODE_EXTRA_CA_CERTS;
  const withoutIt = nodeStartMs(without);
  const both = `node -e 0 takes ${withIt.toFixed(0)} ms with NODE_EXTRA_CA_CERTS=${extra} and ${withoutIt.toFixed(0)} ms without`;
  if (process.env.BENCH_KEEP_NODE_ENV === '1') return `${both}; kept (BENCH_KEEP_NODE_ENV=1): every Node process below pays for it`;
  delete process.env.NODE_EXTRA_CA_CERTS;
  return `${both}; removed for the runs below (BENCH_KEEP_NODE_ENV=1 keeps it)`;
}
