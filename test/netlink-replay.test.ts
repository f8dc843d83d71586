// Replays of recorded kernel conversations (fixtures/netlink), and real tools' captures through the parsers.
// No privileges needed.
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetlinkConnection, NetlinkError, ProtocolError, ReplayTransport, hostCodec, parseAttributes, parseStraceLog, readFixture } from '../src/netlink/index.js';
import { iterateMessages, splitRequestDatagram } from '../src/netlink/message.js';
import { linkDumpRequest, unknownKindRequest } from './helpers/core-requests.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'fixtures/netlink/link-dump-and-error.json');

test('replay (regression only: expected links recorded from our own decoder): a recorded link dump decodes to the recorded links, and the recorded error to a NetlinkError', async (t) => {
  const f = readFixture(fixture);
  t.truthy(f.provenance.kernel);
  const replay = new ReplayTransport(f);
  const conn = new NetlinkConnection(replay);
  const names: string[] = [];
  for (const m of await conn.collectDump(linkDumpRequest())) {
    for (const a of parseAttributes(m.payload, 16)) if (a.type === 3) names.push(hostCodec.string(a));
  }
  t.deepEqual(names, (f.expected as { links: string[] }).links);
  const e = await t.throwsAsync(conn.request(unknownKindRequest()), { instanceOf: NetlinkError });
  t.is(e!.code, 'EOPNOTSUPP');
  t.is(e!.extAck.message, 'Unknown device type');
  t.true(replay.finished);
});

test('replay: a request that differs from the recording is refused', async (t) => {
  const conn = new NetlinkConnection(ReplayTransport.fromFile(fixture));
  await t.throwsAsync(conn.collectDump({ ...linkDumpRequest(), payload: Buffer.alloc(16, 1) }), { instanceOf: ProtocolError });
});

const goldenDir = path.join(root, 'fixtures/golden');
const goldenFiles = ['rtnetlink', 'conntrack', 'nftables'].flatMap((d) =>
  fs.readdirSync(path.join(goldenDir, d)).filter((f) => f.endsWith('.strace')).map((f) => path.join(goldenDir, d, f)));

test('every datagram that ip, nft and conntrack exchanged frames into well-formed messages', (t) => {
  t.true(goldenFiles.length > 50);
  let datagrams = 0;
  let messages = 0;
  for (const file of goldenFiles) {
    const captured = parseStraceLog(fs.readFileSync(file, 'utf8'));
    // Event listeners only receive; every other capture starts with a request.
    if (!path.basename(file).startsWith('events')) t.true(captured.some((d) => d.direction === 'send'), `${path.basename(file)} has a request`);
    t.true(captured.length > 0, `${path.basename(file)} has datagrams`);
    for (const d of captured) {
      datagrams++;
      // Requests as the kernel reads them (ip sends trailing zeros after dump requests); answers strictly.
      const list = d.direction === 'send' ? splitRequestDatagram(d.bytes).messages : [...iterateMessages(d.bytes, path.basename(file))];
      t.true(list.length > 0, `${path.basename(file)} line ${d.line}`);
      messages += list.length;
    }
  }
  t.log(`${goldenFiles.length} captures, ${datagrams} datagrams, ${messages} messages`);
});

test('strace parsing skips MSG_PEEK reads and failed calls, and keeps direction', (t) => {
  const log = [
    '42  sendmsg(3, {...}, 0) = 20',
    ' * 20 bytes in buffer 0',
    ' | 00000  14 00 00 00 12 00 01 03  01 00 00 00 00 00 00 00  ................ |',
    ' | 00010  00 00 00 00                                       ....             |',
    '42  recvmsg(3, {...}, MSG_PEEK|MSG_TRUNC) = 20',
    ' | 00000  14 00 00 00 03 00 02 00  01 00 00 00 2a 00 00 00  ................ |',
    ' | 00010  00 00 00 00                                       ....             |',
    '42  recvmsg(3, {...}, 0) = 20',
    ' | 00000  14 00 00 00 03 00 02 00  01 00 00 00 2a 00 00 00  ................ |',
    ' | 00010  00 00 00 00                                       ....             |',
    '42  recvmsg(3, {...}, 0) = -1 EAGAIN (Resource temporarily unavailable)',
  ].join('\n');
  const d = parseStraceLog(log);
  t.deepEqual(d.map((x) => [x.direction, x.bytes.length]), [['send', 20], ['receive', 20]]);
  t.is(d[1]!.bytes.readUInt16LE(4), 3);
});
