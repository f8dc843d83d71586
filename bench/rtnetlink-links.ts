// Link dump of 1000 links (500 veth pairs) in a throwaway namespace: library vs CLI vs `ip -o link`.
import { ensureSandbox } from '../scripts/sandbox.js';
import { RtNetlink } from '../src/rtnetlink/index.js';
import { cli, report, timeAsync, timeCommand } from './rtnetlink-common.js';

ensureSandbox(import.meta.url);

const nl = RtNetlink.open({ receiveBufferSize: 8 << 20 });
for (let i = 0; i < 500; i++) await nl.links.createVeth(`a${i}`, { peer: `b${i}` });
let count = 0;
const lib = await timeAsync(async () => { count = 0; for await (const _ of nl.links.list()) count++; });
report(`dump ${count} links`, [
  ['ip -o link', timeCommand(['ip', '-o', 'link'])],
  ['CLI: nlts link', timeCommand([process.execPath, cli, 'link'])],
  ['library links.list() in process', lib],
], 'ip -o link');
nl.close();
