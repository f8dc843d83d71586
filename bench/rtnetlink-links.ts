// Link dump of 1000 links (500 veth pairs made through the library) in a throwaway namespace: library vs CLI
// vs `ip -o link`, with ratios and peak RSS. bench/link-dump.ts measures the same in more detail (fresh
// processes for the library rows, raw and summary dumps).
import { ensureSandbox } from '../scripts/sandbox.js';
import { settleNodeEnvironment } from './node-env.js';
import { RtNetlink } from '../src/rtnetlink/index.js';
import { cli, machine, report, timeAsync, timeCommand } from './rtnetlink-common.js';

ensureSandbox(import.meta.url);

const nl = RtNetlink.open({ receiveBufferSize: 8 << 20 });
for (let i = 0; i < 500; i++) await nl.links.createVeth(`a${i}`, { peer: `b${i}` });
let count = 0;
const lib = await timeAsync(async () => { count = (await nl.links.all()).length; }, 5);
const summaries = await timeAsync(async () => { await nl.links.summaries(); }, 5);
process.stdout.write(`link dump: ${machine()}\n${settleNodeEnvironment()}\n`);
report(`dump ${count} links (library rows in this process, RSS of the whole bench)`, [
  ['ip -o link', timeCommand(['ip', '-o', 'link'])],
  ['CLI: nlts link', timeCommand([process.execPath, cli, 'link'])],
  ['library links.all() in process', lib],
  ['library links.summaries() in process', summaries],
], 'ip -o link');
nl.close();
