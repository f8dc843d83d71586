// Nexthop objects (RTM_NEWNEXTHOP/DELNEXTHOP/GETNEXTHOP, `ip nexthop`): next hops and groups of them that
// routes point to by id (RouteSpec.nhid). The model, its codec pair, request builders and operations.
import { AF_INET, AF_UNSPEC, Flags } from '../netlink/constants.js';
import { addressToBytes } from '../netlink/address.js';
import { NetlinkDecodeError, ValidationError } from '../netlink/errors.js';
import { hostCodec, parseAttributes, type Attribute } from '../netlink/attributes.js';
import type { DumpOptions, NetlinkConnection, Request } from '../netlink/connection.js';
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES, NHA, NHA_RES_GROUP, RTM, RTM_F, RTNH_F_ONLINK, flagList } from './constants.js';
import {
  addressArg, checkRange, familyName, keep, protocolName, protocolNumber, scopeName, type FamilyName, type LinkRef,
} from './common.js';
import type { LinkOps } from './link.js';
import { NHMSG_SIZE, readNhMsg, writeNhMsg } from './headers.js';

/** One member of a group: a nexthop id and its weight (1..256; the kernel stores weight - 1). */
export interface NexthopGroupMember {
  id: number;
  weight: number;
}

/** A resilient group's parameters (NHA_RES_GROUP), timers in seconds as ip prints them. */
export interface ResilientGroup {
  buckets?: number;
  idleTimer?: number;
  unbalancedTimer?: number;
  unbalancedTime?: number;
}

/** A nexthop object or group as `ip nexthop` lists it. */
export interface Nexthop {
  id: number; // NHA_ID
  family: FamilyName; // nh_family ('unspec' for groups and blackholes of no family)
  scope: string; // nh_scope
  protocol: string; // nh_protocol
  /** nh_flags by name ('onlink', 'dead', 'linkdown', ...). */
  flags: string[];
  gateway?: string; // NHA_GATEWAY
  oif?: number; // NHA_OIF
  blackhole?: boolean; // NHA_BLACKHOLE
  fdb?: boolean; // NHA_FDB
  group?: NexthopGroupMember[]; // NHA_GROUP
  /** NHA_GROUP_TYPE: 'mpath' (hash-threshold, the default) or 'resilient'. */
  groupType?: 'mpath' | 'resilient' | number;
  resilient?: ResilientGroup; // NHA_RES_GROUP
  unknown: Attribute[];
}

/** USER_HZ: clock_t values in NHA_RES_GROUP count hundredths of a second. */
const USER_HZ = 100;

function decodeResilient(a: Attribute): ResilientGroup {
  const out: ResilientGroup = {};
  for (const m of parseAttributes(a.value, 0, a.value.length, 'NHA_RES_GROUP')) {
    if (m.type === NHA_RES_GROUP.BUCKETS) out.buckets = hostCodec.u16(m);
    else if (m.type === NHA_RES_GROUP.IDLE_TIMER) out.idleTimer = Math.floor(hostCodec.u32(m) / USER_HZ);
    else if (m.type === NHA_RES_GROUP.UNBALANCED_TIMER) out.unbalancedTimer = Math.floor(hostCodec.u32(m) / USER_HZ);
    else if (m.type === NHA_RES_GROUP.UNBALANCED_TIME) out.unbalancedTime = Math.floor(Number(hostCodec.u64(m)) / USER_HZ);
  }
  return out;
}

/** Decodes an RTM_NEWNEXTHOP payload. */
export function decodeNexthop(payload: Buffer): Nexthop {
  const h = readNhMsg(payload);
  const out: Nexthop = {
    id: 0, family: familyName(h.family), scope: scopeName(h.scope), protocol: protocolName(h.protocol), flags: h.flags === 0 ? [] : flagList(h.flags, RTM_F), unknown: [],
  };
  const c = hostCodec;
  for (const a of parseAttributes(payload, NHMSG_SIZE, payload.length, 'nexthop attributes')) {
    switch (a.type) {
      case NHA.ID: out.id = c.u32(a); break;
      case NHA.GATEWAY: out.gateway = c.ip(a); break;
      case NHA.OIF: out.oif = c.u32(a); break;
      case NHA.BLACKHOLE: out.blackhole = true; break;
      case NHA.FDB: out.fdb = true; break;
      case NHA.GROUP: {
        if (a.value.length % 8 !== 0) throw new NetlinkDecodeError('NHA_GROUP', 0, `${a.value.length} bytes is not a whole number of 8-byte struct nexthop_grp`);
        const members: NexthopGroupMember[] = [];
        for (let o = 0; o + 8 <= a.value.length; o += 8) members.push({ id: a.value.readUInt32LE(o), weight: a.value[o + 4]! + 1 });
        out.group = members;
        break;
      }
      case NHA.GROUP_TYPE: {
        const t = c.u16(a);
        out.groupType = t === NEXTHOP_GRP_TYPE_MPATH ? 'mpath' : t === NEXTHOP_GRP_TYPE_RES ? 'resilient' : t;
        break;
      }
      case NHA.RES_GROUP: out.resilient = decodeResilient(a); break;
      default: out.unknown.push(keep(a));
    }
  }
  return out;
}

/** A nexthop object or group to add or replace. */
export interface NexthopSpec {
  /** 1..2^32-1. */
  id: number;
  via?: string;
  dev?: LinkRef;
  onlink?: boolean;
  blackhole?: boolean;
  /** Members of a group, by id, with weights 1..256 (default 1). */
  group?: ReadonlyArray<{ id: number; weight?: number }>;
  /** A group's type: 'mpath' (default) or 'resilient' (with `buckets`). */
  groupType?: 'mpath' | 'resilient';
  buckets?: number;
  protocol?: string | number;
}

/** A NexthopSpec whose link is an ifindex. */
export type ResolvedNexthop = Omit<NexthopSpec, 'dev'> & { dev?: number };

/** How a nexthop is written. */
export type NexthopWrite = 'add' | 'replace';

/** RTM_NEWNEXTHOP as `ip nexthop add|replace` sends it: id, then group or gateway/device/blackhole. */
export function nexthopRequest(kind: NexthopWrite, s: ResolvedNexthop): Request {
  checkRange(s.id, 'nexthop id', 1, 0xffffffff);
  const w = hostCodec.writer(64);
  w.u32(NHA.ID, s.id);
  let family = AF_UNSPEC;
  if (s.group !== undefined) {
    if (s.via !== undefined || s.dev !== undefined || s.blackhole) throw new ValidationError('group', 'a group takes no via, dev or blackhole of its own');
    if (s.group.length === 0) throw new ValidationError('group', 'needs at least one member');
    const b = Buffer.alloc(8 * s.group.length);
    s.group.forEach((m, i) => {
      b.writeUInt32LE(checkRange(m.id, `group[${i}].id`, 1, 0xffffffff), 8 * i);
      b[8 * i + 4] = checkRange(m.weight ?? 1, `group[${i}].weight`, 1, 256) - 1;
    });
    w.bytes(NHA.GROUP, b);
    if (s.groupType === 'resilient') {
      w.u16(NHA.GROUP_TYPE, NEXTHOP_GRP_TYPE_RES);
      // NLA_F_NESTED: the kernel parses NHA_RES_GROUP strictly and refuses it without the flag.
      if (s.buckets !== undefined) w.nested(NHA.RES_GROUP, (n) => n.u16(NHA_RES_GROUP.BUCKETS, checkRange(s.buckets!, 'buckets', 1, 0xffff)), true);
    } else if (s.groupType !== undefined && s.groupType !== 'mpath') {
      throw new ValidationError('groupType', `'${String(s.groupType)}' is not mpath or resilient`);
    }
  } else if (s.blackhole) {
    if (s.via !== undefined || s.dev !== undefined) throw new ValidationError('blackhole', 'a blackhole takes no via or dev');
    family = AF_INET; // a single nexthop needs a family (EINVAL otherwise); without a gateway, ip says inet
    w.flag(NHA.BLACKHOLE);
  } else {
    if (s.via === undefined && s.dev === undefined) throw new ValidationError('nexthop', 'needs via, dev, blackhole or group');
    family = AF_INET;
    if (s.via !== undefined) {
      const gw = addressArg(s.via, 'via');
      family = gw.family;
      w.bytes(NHA.GATEWAY, addressToBytes(gw.address, 'via'));
    }
    if (s.dev !== undefined) w.u32(NHA.OIF, s.dev);
  }
  const header = writeNhMsg({
    family, protocol: s.protocol === undefined ? 0 : protocolNumber(s.protocol), flags: s.onlink ? RTNH_F_ONLINK : 0,
  });
  return {
    type: RTM.NEWNEXTHOP, flags: Flags.ACK | Flags.CREATE | (kind === 'add' ? Flags.EXCL : Flags.REPLACE),
    payload: Buffer.concat([header, w.finish()]), operation: `${kind} nexthop ${s.id}`,
  };
}

/** RTM_DELNEXTHOP by id. */
export function deleteNexthopRequest(id: number): Request {
  checkRange(id, 'nexthop id', 1, 0xffffffff);
  const w = hostCodec.writer(16);
  w.u32(NHA.ID, id);
  return { type: RTM.DELNEXTHOP, flags: Flags.ACK, payload: Buffer.concat([writeNhMsg({}), w.finish()]), operation: `delete nexthop ${id}` };
}

/** Which nexthops to list. */
export interface NexthopListFilter {
  /** Only the nexthops using this link (NHA_OIF). */
  oif?: number;
  /** Only groups (NHA_GROUPS). */
  groups?: boolean;
}

/** RTM_GETNEXTHOP dump, filtered in the kernel. */
export function dumpNexthopsRequest(filter: NexthopListFilter = {}): Request {
  const w = hostCodec.writer(16);
  if (filter.oif !== undefined) w.u32(NHA.OIF, filter.oif);
  if (filter.groups) w.flag(NHA.GROUPS);
  return { type: RTM.GETNEXTHOP, flags: 0, payload: Buffer.concat([writeNhMsg({}), w.finish()]), operation: 'dump nexthops' };
}

/** Nexthop objects and groups: list, get, add, replace, delete (`RtNetlink.nexthops`). */
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
  async *list(filter: { dev?: LinkRef; groups?: boolean } & DumpOptions = {}): AsyncGenerator<Nexthop, void, undefined> {
    const oif = filter.dev === undefined ? undefined : await this.links.index(filter.dev);
    for await (const batch of this.conn.dumpBatches(dumpNexthopsRequest({ oif, groups: filter.groups }), { retry: filter.retry, signal: filter.signal })) {
      for (const m of batch) if (m.type === RTM.NEWNEXTHOP) yield decodeNexthop(m.payload);
    }
  }

  /** Every nexthop, optionally of one device, or only groups. */
  async all(filter: { dev?: LinkRef; groups?: boolean } & DumpOptions = {}): Promise<Nexthop[]> {
    const out: Nexthop[] = [];
    for await (const n of this.list(filter)) out.push(n);
    return out;
  }

  private async write(kind: NexthopWrite, s: NexthopSpec): Promise<void> {
    nexthopRequest(kind, { ...s, dev: s.dev === undefined ? undefined : 1 }); // validated before any lookup
    const dev = s.dev === undefined ? undefined : await this.links.index(s.dev);
    await this.conn.request(nexthopRequest(kind, { ...s, dev }));
  }
}
