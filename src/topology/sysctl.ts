// IPv4 forwarding switches, read and written through /proc/sys from inside a namespace. /proc/sys/net
// shows the namespace of the thread that opens it, so withNetns() around the file access is enough.
import * as fs from 'node:fs';
import { type NetnsRef, withNetns } from '../netlink/index.js';

const inNs = <T>(ns: NetnsRef | undefined, fn: () => T): T => (ns === undefined ? fn() : withNetns(ns, fn));

/** net.ipv4.ip_forward, or net.ipv4.conf.<ifname>.forwarding when `ifname` is given. */
function forwardingPath(ifname?: string): string {
  return ifname === undefined ? '/proc/sys/net/ipv4/ip_forward' : `/proc/sys/net/ipv4/conf/${ifname}/forwarding`;
}

export function readForwarding(ns: NetnsRef | undefined, ifname?: string): boolean {
  return inNs(ns, () => fs.readFileSync(forwardingPath(ifname), 'utf8').trim() === '1');
}

export function writeForwarding(ns: NetnsRef | undefined, on: boolean, ifname?: string): void {
  inNs(ns, () => fs.writeFileSync(forwardingPath(ifname), on ? '1' : '0'));
}
