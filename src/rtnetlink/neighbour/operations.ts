// Neighbour operations (`RtNetlink.neighbours`): list, add, replace, delete.
import { flattenBatches, type DumpOptions, type NetlinkConnection } from '../../netlink/connection.js';
import { hostCodec } from '../../netlink/attributes.js';
import { decode, encode } from '../../netlink/schema/index.js';
import { RTM } from '../constants.js';
import type { IpFamily, LinkRef } from '../common.js';
import type { LinkOps } from '../link.js';
import { collect, dumpBatches } from '../dump.js';
import { neighbourSchema } from './schema.js';
import { dumpNeighboursRequest, neighbourRequest } from './requests.js';
import type { Neighbour, NeighbourSpec, NeighbourWrite } from './model.js';

/** Decodes an RTM_NEWNEIGH payload. */
export function decodeNeighbour(payload: Buffer): Neighbour {
  return decode(neighbourSchema, payload);
}

/** Encodes a Neighbour back into an RTM_NEWNEIGH payload (round trip of decodeNeighbour). */
export function encodeNeighbour(n: Neighbour): Buffer {
  return encode(neighbourSchema, n, hostCodec.writer(64));
}

const readNeighbour = (buf: Buffer, start: number, end: number): Neighbour => decode(neighbourSchema, buf, start, end);

/** Neighbours: list, add, replace, delete (`RtNetlink.neighbours`). */
export class NeighbourOps {
  constructor(private readonly conn: NetlinkConnection, private readonly links: LinkOps) {}

  /** `ip neigh add`: EEXIST when the entry is there. A permanent entry unless `state` says otherwise. */
  add(link: LinkRef, s: NeighbourSpec): Promise<void> { return this.write('add', link, s); }
  /** `ip neigh replace`: adds or overwrites. */
  replace(link: LinkRef, s: NeighbourSpec): Promise<void> { return this.write('replace', link, s); }
  /** `ip neigh del`: ENOENT when there is no such entry. */
  delete(link: LinkRef, dst: string): Promise<void> { return this.write('delete', link, { dst }); }

  /**
   * Streams neighbours, filtered by family and link in the kernel. `retry` re-runs a dump the kernel flags as
   * interrupted (NLM_F_DUMP_INTR) and holds the items until an attempt is whole; `signal` stops it (DumpOptions).
   */
  list(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): AsyncGenerator<Neighbour, void, undefined> {
    return flattenBatches(this.listBatches(filter));
  }

  /** Streams neighbours one datagram's worth at a time. */
  async *listBatches(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): AsyncGenerator<Neighbour[], void, undefined> {
    const index = filter.link === undefined ? undefined : await this.links.index(filter.link);
    const keep = index === undefined ? undefined : (n: Neighbour): boolean => n.index === index;
    yield* dumpBatches(this.conn, dumpNeighboursRequest({ family: filter.family, index }), filter, RTM.NEWNEIGH, readNeighbour, keep);
  }

  /** Every neighbour entry, optionally of one family or link. */
  all(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): Promise<Neighbour[]> {
    return collect(this.listBatches(filter));
  }

  private async write(kind: NeighbourWrite, link: LinkRef, s: NeighbourSpec): Promise<void> {
    neighbourRequest(kind, 1, s); // validated before any lookup
    const index = await this.links.index(link);
    await this.conn.request({ ...neighbourRequest(kind, index, s), operation: `${kind} neighbour ${s.dst} on ${link}` });
  }
}
