// `npm run fixtures:record`: regenerates every recorded fixture in a throwaway namespace sandbox.
// The core's own fixtures are written here; each family's recorder (scripts/record-<family>.js) runs after.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from './sandbox.js';
import {
  NetlinkConnection, NetlinkProtocol, NetlinkSocket, RecordingTransport, createNetns, currentProvenance, deleteNetns, writeFixture,
} from '../src/netlink/index.js';
import { linkDumpRequest, unknownKindRequest } from '../test/helpers/core-requests.js';

ensureSandbox(import.meta.url);

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../fixtures/netlink');
fs.mkdirSync(out, { recursive: true });

const ns = `nlts-record-${process.pid}`;
createNetns(ns);
try {
  const rec = new RecordingTransport(NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: ns }));
  const conn = new NetlinkConnection(rec);
  await conn.collectDump(linkDumpRequest());
  await conn.request(unknownKindRequest()).catch(() => undefined);
  conn.close();
  writeFixture(path.join(out, 'link-dump-and-error.json'), rec.toFixture(
    currentProvenance('RTM_GETLINK dump of a fresh namespace, then RTM_NEWLINK of an unknown kind (EOPNOTSUPP with extended ACK)',
      'npm run fixtures:record (scripts/record-fixtures.ts)', 'RecordingTransport over NetlinkSocket in a throwaway namespace'),
    { links: ['lo'], error: { code: 'EOPNOTSUPP', message: 'Unknown device type' } },
  ));
} finally {
  deleteNetns(ns);
}

for (const family of ['rtnetlink', 'conntrack', 'nftables']) {
  const script = path.join(here, `record-${family}.js`);
  if (!fs.existsSync(script)) continue;
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`recording ${family} failed\n`);
    process.exitCode = 1;
  }
}
