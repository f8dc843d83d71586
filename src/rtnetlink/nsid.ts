// Namespace ids (RTM_GETNSID / RTM_NEWNSID, linux/net_namespace.h): the number under which one network
// namespace knows another, as in a veth's IFLA_LINK_NETNSID. `ip link` turns that number back into a
// name by asking, for each namespace in /run/netns, which id it has here; names() does the same.
import * as fs from 'node:fs';
import type { NetlinkConnection, Request } from '../netlink/connection.js';
import { hostCodec, parseAttributes, type Attribute } from '../netlink/attributes.js';
import { ProtocolError } from '../netlink/errors.js';
import { listNetns, openNetns, type NetnsRef } from '../netlink/netns.js';
import { NETNSA, NETNSA_NSID_NOT_ASSIGNED, RTM } from './constants.js';
import { keep } from './common.js';

/** struct rtgenmsg: one byte of family, padded to 4 (NLMSG_ALIGN) before the attributes. */
const RTGENMSG_SIZE = 4;

/** The target of an id query: a namespace open as an fd, or a process's namespace. */
export type NsidTarget = { fd: number } | { pid: number };

/** RTM_GETNSID for the namespace behind an fd (NETNSA_FD) or a pid (NETNSA_PID), as ip sends it. */
export function getNsidRequest(target: NsidTarget): Request {
  const w = hostCodec.writer(16);
  if ('fd' in target) w.u32(NETNSA.FD, target.fd);
  else w.u32(NETNSA.PID, target.pid);
  return { type: RTM.GETNSID, flags: 0, payload: Buffer.concat([Buffer.alloc(RTGENMSG_SIZE), w.finish()]), operation: `get namespace id of ${'fd' in target ? `fd ${target.fd}` : `pid ${target.pid}`}` };
}

/** The namespace id the kernel answered (RTM_NEWNSID). */
export interface NsidReply {
  /** The id, or undefined when none is assigned (NETNSA_NSID_NOT_ASSIGNED, e.g. the namespace itself). */
  nsid: number | undefined;
  unknown: Attribute[];
}

/** The payload of an RTM_NEWNSID. */
export function decodeNsid(payload: Buffer): NsidReply {
  if (payload.length < RTGENMSG_SIZE) throw new ProtocolError(`RTM_NEWNSID payload of ${payload.length} bytes`);
  const out: NsidReply = { nsid: undefined, unknown: [] };
  for (const a of parseAttributes(payload, RTGENMSG_SIZE)) {
    if (a.type === NETNSA.NSID) {
      const id = hostCodec.s32(a);
      out.nsid = id === NETNSA_NSID_NOT_ASSIGNED ? undefined : id;
    } else {
      out.unknown.push(keep(a));
    }
  }
  return out;
}

/** Namespace ids: get and set (`RtNetlink.nsids`). */
export class NsidOps {
  constructor(private readonly conn: NetlinkConnection) {}

  /** The id this socket's namespace gives `ref` (by name, path, fd or pid), or undefined when it has none. */
  async of(ref: NetnsRef): Promise<number | undefined> {
    if (typeof ref === 'object' && 'pid' in ref) return this.query({ pid: ref.pid });
    const { fd, owned } = openNetns(ref);
    try {
      return await this.query({ fd });
    } finally {
      if (owned) fs.closeSync(fd);
    }
  }

  /** id -> name for the named namespaces (/run/netns) that have an id here: how `ip link` names link-netnsid. */
  async names(): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const name of listNetns()) {
      let id: number | undefined;
      try {
        id = await this.of(name);
      } catch {
        continue; // removed while we looked, or not a namespace: ip skips it too
      }
      if (id !== undefined && !out.has(id)) out.set(id, name);
    }
    return out;
  }

  private async query(target: NsidTarget): Promise<number | undefined> {
    const [reply] = await this.conn.request(getNsidRequest(target));
    if (!reply || reply.type !== RTM.NEWNSID) throw new ProtocolError(`get namespace id: expected RTM_NEWNSID, got type ${reply?.type}`);
    return decodeNsid(reply.payload).nsid;
  }
}
