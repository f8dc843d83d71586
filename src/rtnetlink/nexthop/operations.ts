// Nexthop operations (`RtNetlink.nexthops`): list, add, replace, delete.
import { flattenBatches, type DumpOptions, type NetlinkConnection } from '../../netlink/connection.js';
import { decode, encode } from '../../netlink/schema/index.js';
import { RTM } from '../constants.js';
import { withLinkIndex, type LinkRef } from '../common.js';
import type { LinkOps } from '../link/operations.js';
import { collect, dumpBatches } from '../dump.js';
import { nexthopSchema } from './schema.js';
import { deleteNexthopRequest, dumpNexthopsRequest, nexthopRequest } from './requests.js';
import type { Nexthop, NexthopSpec, NexthopWrite } from './model.js';

/** Decodes an RTM_NEWNEXTHOP payload. */
export function decodeNexthop(payload: Buffer): Nexthop {
  return decode(nexthopSchema, payload);
}

/** Encodes a Nexthop back into an RTM_NEWNEXTHOP payload (round trip of decodeNexthop). */
export function encodeNexthop(n: Nexthop): Buffer {
  return encode(nexthopSchema, n);
}

const readNexthop = (buf: Buffer, start: number, end: number): Nexthop => decode(nexthopSchema, buf, start, end);

/** Nexthop objects and groups: list, add, replace, delete (`RtNetlink.nexthops`). */
export class NexthopOps {
  constructor(private readonly conn: NetlinkConnection, private readonly links: LinkOps) {}

  /** `ip nexthop add`: EEXIST when the id is taken. */
  add(s: NexthopSpec): Promise<void> { return this.write('add', s); }
  /** `ip nexthop replace`: adds or overwrites (routes using the id follow). */
  replace(s: NexthopSpec): Promise<void> { return this.write('replace', s); }

  /** `ip nexthop del id N`: ENOENT when there is none; routes using it go with it. */
  async delete(id: number): Promise<void> {
    await this.conn.request(deleteNexthopRequest(id));
  }

  /**
   * Streams nexthop objects; `dev` and `groups` filter in the kernel. `retry` re-runs a dump the kernel flags
   * as interrupted (NLM_F_DUMP_INTR) and holds the items until an attempt is whole; `signal` stops it (DumpOptions).
   */
  list(filter: { dev?: LinkRef; groups?: boolean } & DumpOptions = {}): AsyncGenerator<Nexthop, void, undefined> {
    return flattenBatches(this.listBatches(filter));
  }

  /** Streams nexthops one datagram's worth at a time. */
  async *listBatches(filter: { dev?: LinkRef; groups?: boolean } & DumpOptions = {}): AsyncGenerator<Nexthop[], void, undefined> {
    const oif = filter.dev === undefined ? undefined : await this.links.index(filter.dev);
    yield* dumpBatches(this.conn, dumpNexthopsRequest({ oif, groups: filter.groups }), filter, RTM.NEWNEXTHOP, readNexthop);
  }

  /** Every nexthop, optionally of one device, or only groups. */
  all(filter: { dev?: LinkRef; groups?: boolean } & DumpOptions = {}): Promise<Nexthop[]> {
    return collect(this.listBatches(filter));
  }

  private async write(kind: NexthopWrite, s: NexthopSpec): Promise<void> {
    await this.conn.request(await withLinkIndex(this.links, s.dev, (dev) => nexthopRequest(kind, { ...s, dev })));
  }
}
