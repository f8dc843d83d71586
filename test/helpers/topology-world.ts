// A host + internet pair of namespaces for one topology test (the demo's stand-ins for a machine), a spec
// whose client/proxy namespaces are unique to the test, and the CLI run against it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deleteNetns, listNetns, netnsExists } from '../../src/netlink/index.js';
import { makeSpec, type SpecOverrides, type TopologySpec } from '../../src/topology/index.js';
import { buildHostAndInternet } from '../../src/topology/demo.js';
import { uniqueName } from './live.js';
import { snapshot } from './state.js';
import { CLI } from './cli.js';

const run = promisify(execFile);
export const SERVER = '198.51.100.8';

export interface World {
  host: string;
  internet: string;
  spec: TopologySpec;
  /** The spec as a file for `nlts topology --spec`. */
  specFile: string;
  /** `nlts topology VERB --netns HOST --spec FILE ...extra`: exit status and output, never throws. */
  cli(verb: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** This test's namespaces (named with its prefix), sorted: tests in other files create theirs meanwhile. */
  ownNetns(): string[];
  cleanup(): void;
}

export async function world(label: string, overrides: SpecOverrides = {}): Promise<World> {
  const prefix = uniqueName(label);
  const host = `${prefix}-h`;
  const internet = `${prefix}-i`;
  const o: SpecOverrides = { client: { netns: `${prefix}-c` }, proxy: { netns: `${prefix}-p` }, ...overrides };
  const spec = makeSpec(o);
  await buildHostAndInternet(spec, host, internet, SERVER);
  // Carrier and IPv6 link-local routes arrive a moment after the links go up (the local route of the
  // link-local address only once duplicate address detection is over): wait until nothing moves.
  let last = JSON.stringify(await snapshot(host, []));
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = JSON.stringify(await snapshot(host, []));
    const tentative = (await run('/usr/sbin/ip', ['-n', host, '-6', 'addr', 'show', 'tentative'])).stdout.trim();
    if (now === last && i >= 2 && tentative === '') break;
    last = now;
  }
  const specFile = path.join(os.tmpdir(), `${prefix}.json`);
  fs.writeFileSync(specFile, JSON.stringify(o));
  return {
    host, internet, spec, specFile,
    async cli(verb, ...extra) {
      const r = await run(process.execPath, [CLI, 'topology', verb, '--netns', host, '--spec', specFile, ...extra])
        .then((x) => ({ code: 0, stdout: x.stdout, stderr: x.stderr }))
        .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
      return r;
    },
    ownNetns() {
      return listNetns().filter((n) => n.startsWith(prefix)).sort();
    },
    cleanup() {
      for (const n of listNetns()) if (n.startsWith(prefix) && netnsExists(n)) deleteNetns(n);
      fs.rmSync(specFile, { force: true });
    },
  };
}
