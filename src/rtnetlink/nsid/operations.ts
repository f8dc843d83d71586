// Namespace-id operations (`RtNetlink.nsids`). `ip link` turns an IFLA_LINK_NETNSID back into a name by
// asking, for each namespace in /run/netns, which id it has here; names() does the same.
import * as fs from 'node:fs';
import type { NetlinkConnection } from '../../netlink/connection.js';
import { ProtocolError } from '../../netlink/errors.js';
import { listNetns, openNetns, type NetnsRef } from '../../netlink/netns.js';
import { decode, encode } from '../../netlink/schema/index.js';
import { RTM } from '../constants.js';
import { RTGENMSG, nsidSchema } from './schema.js';
import { getNsidRequest } from './requests.js';
import type { NsidReply, NsidTarget } from './model.js';

/** The payload of an RTM_NEWNSID. */
export function decodeNsid(payload: Buffer): NsidReply {
  if (payload.length < RTGENMSG.size) throw new ProtocolError(`RTM_NEWNSID payload of ${payload.length} bytes`);
  return decode(nsidSchema, payload);
}

/** An NsidReply as an RTM_NEWNSID payload (round trip of decodeNsid). */
export function encodeNsid(r: NsidReply): Buffer {
  return encode(nsidSchema, r);
}

/** Namespace ids: get and set (`RtNetlink.nsids`). Reads are single queries: there is no dump to list. */
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
