// The README's API examples are the code in examples/*.ts, and that code runs against the kernel.
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReadme } from '../scripts/readme-examples.js';
import { liveTest, uniqueName } from './helpers/live.js';
import { deleteNetns, listNetns } from '../src/netlink/index.js';
import { example as rtnetlinkExample } from '../examples/rtnetlink.js';
import { example as nftablesExample } from '../examples/nftables.js';
import { example as conntrackExample } from '../examples/conntrack.js';
import { example as topologyExample } from '../examples/topology.js';
import { makeSpec } from '../src/topology/index.js';
import { buildHostAndInternet } from '../src/topology/demo.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('README.md shows exactly the code of examples/*.ts', (t) => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  t.is(renderReadme(readme), readme, 'run `node dist/scripts/readme-examples.js` after changing an example');
  t.is((readme.match(/<!-- example:/g) ?? []).length, 4);
});

liveTest('README rtnetlink example', async (t, env) => {
  t.deepEqual(await rtnetlinkExample(env.netns('host'), env.netns('client')), ['default via 10.10.1.1', '10.10.1.1 lladdr 02:00:00:00:00:01 PERMANENT']);
});

liveTest('README nftables example', async (t, env) => {
  const text = await nftablesExample(env.netns('host'));
  t.regex(text, /chain zones \{\n\t\ttype filter hook prerouting priority raw; policy accept;\n\t\tiifname "client-veth0" ct zone set 1\n\t\tiifname "proxy-veth0" ip daddr 10\.10\.1\.0\/24 ct zone set 1\n/);
});

liveTest('README conntrack example', async (t, env) => {
  t.deepEqual(await conntrackExample(env.netns('host')), ['zone 1: 10.10.1.1 -> 198.51.100.8']);
});

liveTest('README topology example', async (t) => {
  const prefix = uniqueName('readme');
  try {
    await buildHostAndInternet(makeSpec(), `${prefix}-h`, `${prefix}-i`, '198.51.100.8');
    const r = await topologyExample(`${prefix}-h`, `${prefix}-c`, `${prefix}-p`);
    t.regex(r[0]!, /^\d+ planned$/);
    t.is(r[1], '0 changed the second time');
  } finally {
    for (const n of listNetns()) if (n.startsWith(prefix)) deleteNetns(n);
  }
});
