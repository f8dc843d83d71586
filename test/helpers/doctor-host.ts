// Hosts for the doctor's live tests, built with the reference tools (/usr/sbin/ip, nft, iptables), NOT
// with our topology module, in throwaway namespaces named doc-*: a host with a client, a proxy (a plain
// router that sends everything back to the host) and an "internet" namespace behind the uplink.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const DOCTOR_CLI = fileURLToPath(new URL('./doctor-cli.js', import.meta.url));

export const IP = '/usr/sbin/ip';
export const NFT = '/usr/sbin/nft';
export const IPTABLES = '/usr/sbin/iptables';
export const CONNTRACK = '/usr/sbin/conntrack';

/** Names, subnets, tables and rule priorities of one host; none of them are the write-up's. */
export interface HostShape {
  clientIf: string; proxyIf: string; uplinkIf: string;
  clientNet: string; clientHost: string; clientAddr: string;
  proxyHost: string; proxyAddr: string;
  uplinkAddr: string; gateway: string; server: string;
  toProxyTable: number; toClientTable: number; priorities: [number, number, number];
}

export const SHAPE: HostShape = {
  clientIf: 'lan-c0', proxyIf: 'pxy-1', uplinkIf: 'wan0',
  clientNet: '192.168.50.0/24', clientHost: '192.168.50.254/24', clientAddr: '192.168.50.10',
  proxyHost: '192.168.60.254/24', proxyAddr: '192.168.60.7',
  uplinkAddr: '100.66.0.2', gateway: '100.66.0.1', server: '100.77.0.9',
  toProxyTable: 300, toClientTable: 301, priorities: [1000, 1001, 1002],
};

export interface World { host: string; client: string; proxy: string; inet: string; all: string[] }

let counter = 0;
export function worldNames(): World {
  const tag = `${process.pid % 100000}${counter++}${randomBytes(1).toString('hex')}`;
  const w = { host: `doc-host-${tag}`, client: `doc-client-${tag}`, proxy: `doc-proxy-${tag}`, inet: `doc-inet-${tag}` };
  return { ...w, all: [w.host, w.client, w.proxy, w.inet] };
}

export const run = (file: string, args: string[], input?: string): string => execFileSync(file, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(input !== undefined ? { input } : {}) });
export const ip = (ns: string, ...args: string[]): string => run(IP, ['-n', ns, ...args]);
export const inNs = (ns: string, file: string, ...args: string[]): string => run(IP, ['netns', 'exec', ns, file, ...args]);
export const nft = (ns: string, script: string): string => run(IP, ['netns', 'exec', ns, NFT, '-f', '-'], script);

export function removeWorld(w: World): void {
  for (const n of w.all) spawnSync(IP, ['netns', 'del', n]);
}

/**
 * The host, client, proxy and internet namespaces, links and addresses; forwarding on in host and proxy.
 * `policy: true` adds the write-up's rules and tables (the detour through the proxy); the nat rule is the
 * caller's, so each test states its own firewall.
 */
export function buildWorld(w: World, s: HostShape, options: { policy: boolean }): void {
  for (const n of w.all) {
    run(IP, ['netns', 'add', n]);
    ip(n, 'link', 'set', 'lo', 'up');
  }
  const veth = (hostIf: string, peerNs: string, hostAddr: string, peerAddr: string, peerGw?: string): void => {
    ip(w.host, 'link', 'add', hostIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', peerNs);
    ip(w.host, 'addr', 'add', hostAddr, 'dev', hostIf);
    ip(w.host, 'link', 'set', hostIf, 'up');
    ip(peerNs, 'addr', 'add', peerAddr, 'dev', 'eth0');
    ip(peerNs, 'link', 'set', 'eth0', 'up');
    if (peerGw) ip(peerNs, 'route', 'add', 'default', 'via', peerGw);
  };
  const len = s.clientHost.split('/')[1]!;
  veth(s.clientIf, w.client, s.clientHost, `${s.clientAddr}/${len}`, s.clientHost.split('/')[0]);
  veth(s.proxyIf, w.proxy, s.proxyHost, `${s.proxyAddr}/${s.proxyHost.split('/')[1]}`, s.proxyHost.split('/')[0]);
  veth(s.uplinkIf, w.inet, `${s.uplinkAddr}/24`, `${s.gateway}/24`);
  ip(w.inet, 'addr', 'add', `${s.server}/32`, 'dev', 'lo');
  ip(w.host, 'route', 'add', 'default', 'via', s.gateway, 'dev', s.uplinkIf);
  inNs(w.host, '/usr/sbin/sysctl', '-qw', 'net.ipv4.ip_forward=1');
  inNs(w.proxy, '/usr/sbin/sysctl', '-qw', 'net.ipv4.ip_forward=1');
  if (!options.policy) return;
  const [p1, p2, p3] = s.priorities;
  ip(w.host, 'rule', 'add', 'from', s.clientNet, 'iif', s.clientIf, 'pref', String(p1), 'table', String(s.toProxyTable));
  ip(w.host, 'rule', 'add', 'to', s.clientNet, 'iif', s.proxyIf, 'pref', String(p2), 'table', String(s.toClientTable));
  ip(w.host, 'rule', 'add', 'to', s.clientNet, 'iif', s.uplinkIf, 'pref', String(p3), 'table', String(s.toProxyTable));
  ip(w.host, 'route', 'add', 'default', 'via', s.proxyAddr, 'dev', s.proxyIf, 'table', String(s.toProxyTable));
  ip(w.host, 'route', 'add', 'default', 'via', s.clientAddr, 'dev', s.clientIf, 'table', String(s.toClientTable));
}

/** The write-up's masquerade rule, in nft, with this shape's names. */
export const masqueradeRule = (s: HostShape): string =>
  `table ip edge {\n chain post {\n  type nat hook postrouting priority srcnat; policy accept;\n  ip saddr ${s.clientNet} ip daddr != ${s.clientNet} oifname "${s.uplinkIf}" masquerade\n }\n}\n`;

/** One ICMP echo from the client to the server: answered or not. */
export function pingAnswered(w: World, s: HostShape): boolean {
  return spawnSync(IP, ['netns', 'exec', w.client, 'ping', '-c', '1', '-W', '2', '-n', s.server], { encoding: 'utf8' }).status === 0;
}

/** Conntrack entries (conntrack -L -p icmp in the host) of client -> server pings, as text lines. */
export function icmpEntries(w: World, s: HostShape): string[] {
  return inNs(w.host, CONNTRACK, '-L', '-p', 'icmp', '-s', s.clientAddr, '-d', s.server).split('\n').filter((l) => l.startsWith('icmp'));
}

export interface CliRun { status: number; stdout: string; stderr: string }
/** `nlts doctor ARGS` (through the bundled command module: see doctor-cli.ts). */
export function doctor(...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [DOCTOR_CLI, ...args], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
