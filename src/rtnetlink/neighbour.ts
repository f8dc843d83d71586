// Neighbours (RTM_NEWNEIGH/DELNEIGH/GETNEIGH, `ip neigh`): the ARP and NDISC tables. The model, its codec
// pair, request builders and operations.
import { AF_UNSPEC, Flags } from '../netlink/constants.js';
import { addressToBytes } from '../netlink/address.js';
import { ValidationError } from '../netlink/errors.js';
import { hostCodec, parseAttributes, type Attribute } from '../netlink/attributes.js';
import type { DumpOptions, NetlinkConnection, Request } from '../netlink/connection.js';
import { NDA, NTF, NUD, NUD_PERMANENT, RTM, flagBits, flagList } from './constants.js';
import { addressArg, familyName, familyNumber, hwAddressBytes, hwAddressText, keep, type FamilyName, type IpFamily, type LinkRef } from './common.js';
import type { LinkOps } from './link.js';
import { NDMSG_SIZE, readNdMsg, writeNdMsg } from './headers.js';

/** A neighbour (ARP / NDP) entry as `ip neigh` lists it. */
export interface Neighbour {
  family: FamilyName; // ndm_family
  index: number; // ndm_ifindex
  /** ndm_state by name ('REACHABLE', 'PERMANENT', ...); [] for NUD_NONE. */
  state: string[];
  /** ndm_flags by name ('router', 'proxy', 'extern_learn', ...). */
  flags: string[];
  type: number; // ndm_type
  dst?: string; // NDA_DST
  lladdr?: string; // NDA_LLADDR ('02:00:00:00:00:01')
  probes?: number; // NDA_PROBES
  /** NDA_CACHEINFO: hundredths of a second since the entry was last confirmed, used and updated; references. */
  cacheinfo?: { confirmed: number; used: number; updated: number; refcnt: number };
  protocol?: number; // NDA_PROTOCOL
  unknown: Attribute[];
}

/** Decodes an RTM_NEWNEIGH payload. */
export function decodeNeighbour(payload: Buffer): Neighbour {
  const h = readNdMsg(payload);
  const out: Neighbour = {
    family: familyName(h.family), index: h.index, state: flagList(h.state, NUD), flags: flagList(h.flags, NTF), type: h.type, unknown: [],
  };
  const c = hostCodec;
  for (const a of parseAttributes(payload, NDMSG_SIZE, payload.length, 'neighbour attributes')) {
    switch (a.type) {
      case NDA.DST: out.dst = c.ip(a); break;
      case NDA.LLADDR: out.lladdr = hwAddressText(a.value); break;
      case NDA.PROBES: out.probes = c.u32(a); break;
      case NDA.PROTOCOL: out.protocol = c.u8(a); break;
      case NDA.CACHEINFO:
        if (a.value.length >= 16) {
          out.cacheinfo = { confirmed: a.value.readUInt32LE(0), used: a.value.readUInt32LE(4), updated: a.value.readUInt32LE(8), refcnt: a.value.readUInt32LE(12) };
          break;
        }
        out.unknown.push(keep(a));
        break;
      default: out.unknown.push(keep(a));
    }
  }
  return out;
}

/** A neighbour entry to add, replace or delete. */
export interface NeighbourSpec {
  /** The neighbour's IP address. */
  dst: string;
  /** Its link-layer address; omitted for states that have none (e.g. 'INCOMPLETE' probes). */
  lladdr?: string;
  /** NUD state names (default ['PERMANENT'], as `ip neigh add`). */
  state?: string[];
  /** NTF flag names ('router', 'proxy', 'extern_learn', ...). */
  flags?: string[];
}

/** How a neighbour entry is written. */
export type NeighbourWrite = 'add' | 'replace' | 'delete';

const WRITE_FLAGS: Record<NeighbourWrite, number> = {
  add: Flags.ACK | Flags.CREATE | Flags.EXCL,
  replace: Flags.ACK | Flags.CREATE | Flags.REPLACE,
  delete: Flags.ACK,
};

function bits(names: readonly string[] | undefined, table: ReadonlyArray<readonly [number, string]>, field: string, fallback: number): number {
  if (names === undefined) return fallback;
  const v = flagBits(names, table);
  if (v === undefined) throw new ValidationError(field, `unknown name in ${JSON.stringify(names)} (known: ${table.map(([, n]) => n).join(', ')})`);
  return v;
}

/** RTM_NEWNEIGH / RTM_DELNEIGH for one entry on the link with ifindex `index`, as `ip neigh add|replace|del` sends it. */
export function neighbourRequest(kind: NeighbourWrite, index: number, s: NeighbourSpec): Request {
  const dst = addressArg(s.dst, 'neighbour');
  const w = hostCodec.writer(48);
  w.bytes(NDA.DST, addressToBytes(dst.address, 'neighbour'));
  if (s.lladdr !== undefined && kind !== 'delete') w.bytes(NDA.LLADDR, hwAddressBytes(s.lladdr, 'lladdr'));
  const header = writeNdMsg({
    family: dst.family, index,
    state: bits(s.state, NUD, 'state', NUD_PERMANENT), // ip sends NUD_PERMANENT with a delete too
    flags: bits(s.flags, NTF, 'flags', 0),
  });
  return {
    type: kind === 'delete' ? RTM.DELNEIGH : RTM.NEWNEIGH, flags: WRITE_FLAGS[kind], payload: Buffer.concat([header, w.finish()]),
    operation: `${kind} neighbour ${s.dst}`,
  };
}

/** RTM_GETNEIGH dump, filtered in the kernel by family and by link (NDA_IFINDEX, what strict checking accepts). */
export function dumpNeighboursRequest(filter: { family?: IpFamily; index?: number } = {}): Request {
  const w = hostCodec.writer(16);
  if (filter.index !== undefined) w.u32(NDA.IFINDEX, filter.index);
  const header = writeNdMsg({ family: filter.family === undefined ? AF_UNSPEC : familyNumber(filter.family) });
  return { type: RTM.GETNEIGH, flags: 0, payload: Buffer.concat([header, w.finish()]), operation: 'dump neighbours' };
}

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
  async *list(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): AsyncGenerator<Neighbour, void, undefined> {
    const index = filter.link === undefined ? undefined : await this.links.index(filter.link);
    for await (const batch of this.conn.dumpBatches(dumpNeighboursRequest({ family: filter.family, index }), { retry: filter.retry, signal: filter.signal })) {
      for (const m of batch) {
        if (m.type !== RTM.NEWNEIGH) continue;
        const n = decodeNeighbour(m.payload);
        if (index === undefined || n.index === index) yield n;
      }
    }
  }

  /** Every neighbour entry, optionally of one family or link. */
  async all(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): Promise<Neighbour[]> {
    const out: Neighbour[] = [];
    for await (const n of this.list(filter)) out.push(n);
    return out;
  }

  private async write(kind: NeighbourWrite, link: LinkRef, s: NeighbourSpec): Promise<void> {
    neighbourRequest(kind, 1, s); // validated before any lookup
    const index = await this.links.index(link);
    await this.conn.request({ ...neighbourRequest(kind, index, s), operation: `${kind} neighbour ${s.dst} on ${link}` });
  }
}
