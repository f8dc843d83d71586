// `npm run bench`: every benchmark, one after the other (each re-runs itself in a namespace sandbox as root).
// Environment: SIZES (conntrack table sizes), RUNS, LINKS, NLTS_NPM_NETLINK_DIR, BENCH_KEEP_NODE_ENV (see each script).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
let failed = 0;
for (const script of ['cli-startup.js', 'rtnetlink-routes.js', 'link-dump.js', 'conntrack-list.js', 'nft-large-set.js', 'exporter-scrape.js']) {
  process.stdout.write(`\n=== bench/${script.replace(/\.js$/, '.ts')}\n`);
  const r = spawnSync(process.execPath, [path.join(here, script)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
