// Adding an attribute is one row (and kind-specific link data is named by `nlts decode`): IFLA_GRO_IPV4_MAX_SIZE (Linux 6.3, not modelled before) was added to the
// link schema as `64: l.u32('IFLA_GRO_IPV4_MAX_SIZE', 'groIpv4MaxSize'),` and the model's field. This checks,
// on a live link, that the one row gives all of it: decoded from a dump, encoded (a write the kernel applies),
// named by `nlts decode`, present in the model; and that the neighbouring fields agree with `ip -d -j`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as path from 'node:path';
import test from 'ava';
import { Flags, encodeMessage, type NetlinkMessage } from '../src/netlink/index.js';
import { RTM, RtNetlink, encodeLink, type Link } from '../src/rtnetlink/index.js';
import { openRouteConnection } from '../src/rtnetlink/common.js';
import { getLinkByNameRequest } from '../src/rtnetlink/link/index.js';
import { CLI as cli } from './helpers/cli.js';
import { liveTest } from './helpers/live.js';
import { root } from './rtnetlink/golden-kernel.js';

const run = promisify(execFile);
const IFLA_GRO_IPV4_MAX_SIZE = 64; // IFLA_GRO_IPV4_MAX_SIZE

interface IpDetails { ifname: string; gso_max_size?: number; gro_max_size?: number; tso_max_size?: number; gro_ipv4_max_size?: number }

/** `nlts decode` of one message given as hex on standard input. */
async function nltsDecode(m: NetlinkMessage): Promise<{ attributes: Array<{ type: number; name?: string; value?: unknown }> }> {
  const child = execFile(process.execPath, [cli, 'decode']);
  child.stdin!.end(encodeMessage(m, m.payload).toString('hex') + '\n');
  const out = await new Promise<string>((resolve) => { let s = ''; child.stdout!.on('data', (d) => (s += d)); child.on('close', () => resolve(s)); });
  return JSON.parse(out.trim().split('\n')[0]!) as { attributes: Array<{ type: number; name?: string; value?: unknown }> };
}

liveTest('one row: IFLA_GRO_IPV4_MAX_SIZE is decoded from a live dump, encoded, named by nlts decode, in the model', async (t, env) => {
  const ns = env.netns('attr');
  const nl = RtNetlink.open({ netns: ns });
  const conn = openRouteConnection({ netns: ns });
  try {
    await nl.links.createVeth('ga0', { peer: 'ga1' });
    // Decoded from a dump, into the model.
    const dumped = (await nl.links.all()).find((l) => l.name === 'ga0')!;
    t.is(typeof dumped.groIpv4MaxSize, 'number');
    t.false(dumped.unknown.some((a) => a.type === IFLA_GRO_IPV4_MAX_SIZE), 'no longer kept as unknown');
    // The neighbouring fields as ip shows them (ip of Linux 6.3 and later prints gro_ipv4_max_size too).
    const { stdout } = await run('ip', ['-n', ns, '-d', '-j', 'link', 'show', 'ga0']);
    const [details] = JSON.parse(stdout) as IpDetails[];
    t.is(dumped.gsoMaxSize, details!.gso_max_size);
    t.is(dumped.groMaxSize, details!.gro_max_size);
    t.is(dumped.tsoMaxSize, details!.tso_max_size);
    if (details!.gro_ipv4_max_size !== undefined) t.is(dumped.groIpv4MaxSize, details!.gro_ipv4_max_size);
    else t.is(dumped.groIpv4MaxSize, dumped.groMaxSize, 'both start at the legacy 64 KiB (GRO_LEGACY_MAX_SIZE)');

    // Encoded: a model holding only the index, the name and the new value, written with RTM_NEWLINK; the
    // kernel applies it and the next dump reads it back.
    const change: Link = { index: dumped.index, name: 'ga0', family: 0, type: '0', flags: [], up: false, altNames: [], rawFlags: 0, change: 0, unknown: [], groIpv4MaxSize: 32768 };
    await conn.request({ type: RTM.NEWLINK, flags: Flags.ACK, payload: encodeLink(change), operation: 'set gro_ipv4_max_size' });
    t.is((await nl.links.get('ga0')).groIpv4MaxSize, 32768);

    // Named by `nlts decode`, with its value.
    const [reply] = await conn.request(getLinkByNameRequest('ga0'));
    const described = await nltsDecode(reply!);
    t.like(described.attributes.find((a) => a.type === IFLA_GRO_IPV4_MAX_SIZE), { name: 'IFLA_GRO_IPV4_MAX_SIZE', value: 32768 });
  } finally {
    conn.close();
    nl.close();
  }
});

test('nlts decode names kind-specific link data: a veth peer (ifinfomsg + IFLA_*), a vlan id', async (t) => {
  const linkInfo = async (file: string): Promise<string> => {
    const { stdout } = await run(process.execPath, [cli, 'decode', path.join(root, 'fixtures/golden/rtnetlink', file)], { maxBuffer: 1 << 24 });
    return stdout;
  };
  const veth = await linkInfo('link-add-veth-peer-netns.strace');
  t.regex(veth, /"name":"IFLA_INFO_DATA","attributes":\[\{"type":1,"name":"VETH_INFO_PEER","attributes":\[[^\]]*"name":"IFLA_IFNAME","value":"veth0"/);
  t.regex(await linkInfo('link-add-vlan.strace'), /"name":"IFLA_INFO_DATA","attributes":\[\{"type":1,"name":"IFLA_VLAN_ID","value":10\}/);
});
