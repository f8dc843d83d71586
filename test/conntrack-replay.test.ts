// Replays fixtures/conntrack/*.json (recorded by scripts/record-conntrack.ts): our requests must equal the
// recorded ones byte for byte, and the recorded replies must decode to the recorded results.
import test from 'ava';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReplayTransport, readFixture } from '../src/netlink/index.js';
import { Conntrack } from '../src/nfnetlink/conntrack/index.js';
import { conntrackScenario } from './helpers/conntrack-scenario.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = path.join(root, 'fixtures', 'conntrack', 'basic.json');

test('replay basic.json (regression only: the expected results were recorded from our own decoder): same requests, same decoded results', async (t) => {
  const fixture = readFixture(file);
  t.truthy(fixture.provenance.kernel);
  const replay = new ReplayTransport(fixture, file);
  const ct = Conntrack.fromTransport(replay);
  const result = await conntrackScenario(ct);
  t.deepEqual(JSON.parse(JSON.stringify(result)), fixture.expected);
  t.true(replay.finished);
});
