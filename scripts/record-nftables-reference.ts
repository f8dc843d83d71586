// Records fixtures/nftables/reference/*.json: each ruleset of nftables' own examples
// (/usr/share/doc/nftables/examples, written by nft's authors, not by us) loaded by the real `nft -f`, then
// listed by the library (the bytes the kernel sent) and, at the same moment, by `nft list ruleset` and
// `nft -j list ruleset`. test/nftables-reference.test.ts renders the recorded bytes and compares with what
// nft printed: expectations from outside the library.
//   npm run build && node dist/scripts/record-nftables-reference.js      (root; runs itself in the test sandbox)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSandbox } from './sandbox.js';
import { RecordingTransport, createNetns, currentProvenance, deleteNetns, writeFixture } from '../src/netlink/index.js';
import { openNfnetlinkTransport } from '../src/nfnetlink/index.js';
import { Nftables } from '../src/nfnetlink/nftables/index.js';

ensureSandbox(import.meta.url);

const EXAMPLES = '/usr/share/doc/nftables/examples';
const NFT = '/usr/sbin/nft';
/** Interfaces the examples name (eth0..eth3, bond0/bond1): veth pairs inside the recording namespace. */
const VETH_PAIRS = [['eth0', 'eth1'], ['eth2', 'eth3'], ['bond0', 'bond1']] as const;

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/nftables/reference');
fs.mkdirSync(out, { recursive: true });
const ns = `nlts-rec-nftref-${process.pid}`;
createNetns(ns);
const inNs = (cmd: string, args: string[], cwd?: string): ReturnType<typeof spawnSync> =>
  spawnSync('/usr/sbin/ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', cwd });
try {
  for (const [a, b] of VETH_PAIRS) execFileSync('/usr/sbin/ip', ['-n', ns, 'link', 'add', a, 'type', 'veth', 'peer', 'name', b]);
  const version = execFileSync(NFT, ['--version'], { encoding: 'utf8' }).trim();
  const refused: Record<string, string> = {};
  for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.nft')).sort()) {
    inNs(NFT, ['flush', 'ruleset']);
    // Includes are relative to the example's own directory.
    const load = inNs(NFT, ['-f', path.join(EXAMPLES, file)], EXAMPLES);
    if (load.status !== 0) { refused[file] = String(load.stderr).split('\n')[0] ?? ''; continue; }
    const rec = new RecordingTransport(openNfnetlinkTransport({ netns: ns }));
    const client = Nftables.fromTransport(rec);
    await client.listRulesetWithObjects();
    client.close();
    const text = String(inNs(NFT, ['list', 'ruleset']).stdout);
    const json = JSON.parse(String(inNs(NFT, ['-j', 'list', 'ruleset']).stdout)) as unknown;
    // iif/oif print names: the namespace's interfaces at the same moment (nft reads them too).
    const links = JSON.parse(String(inNs('/usr/sbin/ip', ['-j', 'link', 'show']).stdout)) as Array<{ ifindex: number; ifname: string }>;
    const interfaces = Object.fromEntries(links.map((l) => [l.ifindex, l.ifname]));
    const name = file.replace(/\.nft$/, '');
    writeFixture(path.join(out, `${name}.json`), rec.toFixture(
      currentProvenance(`nftables' example ${file} loaded by nft -f, listed by the library; nft's own listings of the same moment`,
        'node dist/scripts/record-nftables-reference.js (scripts/record-nftables-reference.ts)',
        `RecordingTransport over a NETLINK_NETFILTER socket; ${version}`),
      { expectationsFrom: `${version} (nft list ruleset, nft -j list ruleset), recorded with the bytes: not from this library`, example: file, interfaces, text, json },
    ));
    process.stdout.write(`recorded ${name}.json\n`);
  }
  fs.writeFileSync(path.join(out, 'refused.json'), JSON.stringify({ nft: version, refused }, null, 2) + '\n');
  process.stdout.write(`refused by nft on this machine: ${JSON.stringify(refused)}\n`);
} finally {
  deleteNetns(ns);
}
