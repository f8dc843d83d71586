// Who is behind a netlink port id, from /proc: the namespace's /proc/net/netlink gives the socket's inode for a
// (protocol, port id), and the process holding a descriptor of that socket (/proc/PID/fd) gives its name
// (/proc/PID/comm). conntrack -E prints it as "progname=" beside each event's port id.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { withNetns, type NetnsRef } from './netns.js';

/** The inode of the netlink socket of `protocol` bound to `portId`, in the namespace's /proc/net/netlink. */
export function netlinkSocketInode(protocol: number, portId: number, netns?: NetnsRef): string | undefined {
  const read = (): string => readFileSync('/proc/thread-self/net/netlink', 'utf8');
  const table = netns === undefined ? read() : withNetns(netns, read);
  for (const line of table.split('\n').slice(1)) {
    const col = line.trim().split(/\s+/); // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
    if (col.length >= 10 && col[1] === String(protocol) && col[2] === String(portId)) return col[9];
  }
  return undefined;
}

/** Whether process `pid` holds a descriptor of the socket with this inode. */
export function holdsSocket(pid: string, inode: string): boolean {
  const target = `socket:[${inode}]`;
  let fds: string[];
  try { fds = readdirSync(`/proc/${pid}/fd`); } catch { return false; }
  for (const fd of fds) {
    try { if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true; } catch { /* closed meanwhile */ }
  }
  return false;
}

/** The first process (by /proc's order) holding the socket with this inode. */
export function socketHolder(inode: string): string | undefined {
  for (const p of readdirSync('/proc')) if (/^\d+$/.test(p) && holdsSocket(p, inode)) return p;
  return undefined;
}

/** Options of {@link NetlinkPortOwners}. */
export interface PortOwnerOptions {
  /** The namespace whose netlink table is read (default: the caller's). */
  netns?: NetnsRef;
  /** How long an answer is reused (default 1000 ms). */
  ttlMs?: number;
}

/**
 * The program behind netlink port ids of one protocol, remembered for `ttlMs`: a flush or a burst from one
 * program sends thousands of events with its port id, and looking it up (the namespace's whole netlink
 * table, then /proc/PID/fd) for each would make an event listing several times slower. The process found
 * last for a port is checked first, but always checked. Undefined when the socket is gone (the program
 * exited) or /proc cannot be read.
 */
export class NetlinkPortOwners {
  private readonly cache = new Map<number, { name: string | undefined; at: number }>();
  private readonly lastOwner = new Map<number, { inode: string; pid: string }>();
  private readonly ttlMs: number;
  constructor(private readonly protocol: number, private readonly options: PortOwnerOptions = {}) {
    this.ttlMs = options.ttlMs ?? 1000;
  }

  /** The name (/proc/PID/comm) of the process holding the socket bound to `portId`. */
  programOf(portId: number): string | undefined {
    const now = performance.now();
    const hit = this.cache.get(portId);
    if (hit && now - hit.at < this.ttlMs) return hit.name;
    const name = this.lookUp(portId);
    this.cache.set(portId, { name, at: now });
    return name;
  }

  private lookUp(portId: number): string | undefined {
    try {
      const inode = netlinkSocketInode(this.protocol, portId, this.options.netns);
      if (inode === undefined) return undefined;
      const last = this.lastOwner.get(portId);
      const pid = last && last.inode === inode && holdsSocket(last.pid, inode) ? last.pid : socketHolder(inode);
      if (pid === undefined) return undefined;
      this.lastOwner.set(portId, { inode, pid });
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      // /proc unreadable, or the namespace is gone: no name
    }
    return undefined;
  }
}
