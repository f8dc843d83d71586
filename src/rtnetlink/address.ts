// Addresses (RTM_NEWADDR/DELADDR/GETADDR): the model, its codec pair, request builders and operations.
import { AF_INET, AF_INET6, AF_UNSPEC, Flags } from '../netlink/constants.js';
import { addressToBytes } from '../netlink/address.js';
import { ValidationError } from '../netlink/errors.js';
import { hostCodec, parseAttributes, type Attribute } from '../netlink/attributes.js';
import type { DumpOptions, NetlinkConnection, PipelineResult, Request } from '../netlink/connection.js';
import { IFA, IFA_F, RTM, flagBits, flagList } from './constants.js';
import {
  addressArg, checkU32, familyName, familyNumber, keep, prefixArg, scopeName, scopeNumber, type FamilyName, type IpFamily, type LinkRef,
} from './common.js';
import type { LinkOps } from './link.js';
import { IFADDRMSG_SIZE, readIfAddrMsg, writeIfAddrMsg } from './headers.js';
import { collectFailures, withIndex, type BulkOutcome } from './bulk.js';

/** ifa_cacheinfo lifetimes: seconds, or 'forever' (0xffffffff). */
export type Lifetime = number | 'forever';

/** An interface address as `ip address` lists it. */
export interface Address {
  family: FamilyName; // ifa_family
  index: number; // ifa_index
  prefixLength: number; // ifa_prefixlen
  scope: string; // ifa_scope ('global', 'link', 'host', ...)
  /** ifa_flags, extended by IFA_FLAGS, by name ('permanent', 'nodad', ...). */
  flags: string[];
  address?: string; // IFA_ADDRESS (prefix address, or the peer on point-to-point links)
  local?: string; // IFA_LOCAL
  label?: string; // IFA_LABEL
  broadcast?: string; // IFA_BROADCAST
  anycast?: string; // IFA_ANYCAST
  multicast?: string; // IFA_MULTICAST
  preferredLifetime?: Lifetime; // IFA_CACHEINFO ifa_prefered
  validLifetime?: Lifetime; // IFA_CACHEINFO ifa_valid
  created?: number; // IFA_CACHEINFO cstamp (hundredths of a second since boot)
  updated?: number; // IFA_CACHEINFO tstamp
  metric?: number; // IFA_RT_PRIORITY
  protocol?: number; // IFA_PROTO
  /** The address with its prefix length: local (or address) + '/' + prefixLength. */
  cidr: string;
  unknown: Attribute[];
}

const FOREVER = 0xffffffff;
const lifetime = (v: number): Lifetime => (v === FOREVER ? 'forever' : v);
const lifetimeValue = (l: Lifetime): number => (l === 'forever' ? FOREVER : checkU32(l, 'lifetime'));

/** Decodes an RTM_NEWADDR payload. */
export function decodeAddress(payload: Buffer): Address {
  const h = readIfAddrMsg(payload);
  let flags = h.flags;
  const out: Address = {
    family: familyName(h.family), index: h.index, prefixLength: h.prefixLength, scope: scopeName(h.scope), flags: [], cidr: '', unknown: [],
  };
  const c = hostCodec;
  for (const a of parseAttributes(payload, IFADDRMSG_SIZE, payload.length, 'address attributes')) {
    switch (a.type) {
      case IFA.ADDRESS: out.address = c.ip(a); break;
      case IFA.LOCAL: out.local = c.ip(a); break;
      case IFA.LABEL: out.label = c.string(a); break;
      case IFA.BROADCAST: out.broadcast = c.ip(a); break;
      case IFA.ANYCAST: out.anycast = c.ip(a); break;
      case IFA.MULTICAST: out.multicast = c.ip(a); break;
      case IFA.FLAGS: flags = c.u32(a); break;
      case IFA.RT_PRIORITY: out.metric = c.u32(a); break;
      case IFA.PROTO: out.protocol = c.u8(a); break;
      case IFA.CACHEINFO: {
        if (a.value.length < 16) { out.unknown.push(keep(a)); break; }
        out.preferredLifetime = lifetime(a.value.readUInt32LE(0));
        out.validLifetime = lifetime(a.value.readUInt32LE(4));
        out.created = a.value.readUInt32LE(8);
        out.updated = a.value.readUInt32LE(12);
        break;
      }
      default: out.unknown.push(keep(a));
    }
  }
  out.flags = flagList(flags, IFA_F);
  out.cidr = `${out.local ?? out.address ?? ''}/${h.prefixLength}`;
  return out;
}

/** Encodes an Address back into an RTM_NEWADDR payload (round trip of decodeAddress). */
export function encodeAddress(a: Address): Buffer {
  const fam = a.family === 'inet' ? AF_INET : a.family === 'inet6' ? AF_INET6 : Number(String(a.family).replace(/^af/, '')) || 0;
  const bits = flagBits(a.flags, IFA_F) ?? 0;
  const w = hostCodec.writer(96);
  const ip = (type: number, v: string | undefined): void => { if (v !== undefined) w.bytes(type, addrBytes(v)); };
  ip(IFA.ADDRESS, a.address);
  ip(IFA.LOCAL, a.local);
  if (a.label !== undefined) w.string(IFA.LABEL, a.label);
  ip(IFA.BROADCAST, a.broadcast);
  ip(IFA.ANYCAST, a.anycast);
  ip(IFA.MULTICAST, a.multicast);
  if (a.validLifetime !== undefined || a.preferredLifetime !== undefined) {
    const b = Buffer.alloc(16);
    b.writeUInt32LE(lifetimeValue(a.preferredLifetime ?? 'forever'), 0);
    b.writeUInt32LE(lifetimeValue(a.validLifetime ?? 'forever'), 4);
    b.writeUInt32LE(a.created ?? 0, 8);
    b.writeUInt32LE(a.updated ?? 0, 12);
    w.bytes(IFA.CACHEINFO, b);
  }
  w.u32(IFA.FLAGS, bits);
  if (a.metric !== undefined) w.u32(IFA.RT_PRIORITY, a.metric);
  if (a.protocol !== undefined) w.u8(IFA.PROTO, a.protocol);
  for (const u of a.unknown) w.attribute(u);
  return Buffer.concat([writeIfAddrMsg({ family: fam, prefixLength: a.prefixLength, flags: bits & 0xff, scope: scopeNumber(a.scope === 'global' ? 0 : /^\d+$/.test(a.scope) ? Number(a.scope) : a.scope), index: a.index }), w.finish()]);
}

const addrBytes = (v: string): Buffer => addressToBytes(v, 'address');

/** Options of `ip addr add`. */
export interface AddressOptions {
  /** Point-to-point peer prefix (IFA_ADDRESS instead of the local address). */
  peer?: string;
  /** IPv4 broadcast address (IFA_BROADCAST). */
  broadcast?: string;
  label?: string;
  scope?: string | number;
  /** 'nodad', 'noprefixroute', 'mngtmpaddr', 'autojoin', 'home', 'optimistic'. */
  flags?: string[];
  validLifetime?: Lifetime;
  preferredLifetime?: Lifetime;
  /** Metric of the prefix route (IFA_RT_PRIORITY). */
  metric?: number;
}

/** The address flags a caller may set (`ip addr add ... nodad` etc.); the others are the kernel's to report. */
export const ADDABLE_FLAGS: ReadonlySet<string> = new Set(['nodad', 'noprefixroute', 'mngtmpaddr', 'autojoin', 'home', 'optimistic']);

/** RTM_NEWADDR (create, exclusive) or RTM_DELADDR, as `ip addr add|del CIDR dev IFINDEX` sends them. */
export function addressRequest(kind: 'add' | 'replace' | 'delete', index: number, cidr: string, options: AddressOptions = {}): Request {
  const p = prefixArg(cidr, 'address');
  if (cidr === 'default' || cidr === 'any' || cidr === 'all') throw new ValidationError('address', `'${cidr}' is not an address`);
  let flagsValue = 0;
  if (options.flags) {
    for (const f of options.flags) if (!ADDABLE_FLAGS.has(f)) throw new ValidationError('flags', `'${f}' cannot be set (${[...ADDABLE_FLAGS].join(', ')})`);
    flagsValue = flagBits(options.flags, IFA_F) ?? 0;
  }
  const scope = options.scope === undefined ? (p.family === AF_INET && p.address.startsWith('127.') ? 254 : 0) : scopeNumber(options.scope);
  const w = hostCodec.writer(96);
  const bytes = addrBytes(p.address);
  w.bytes(IFA.LOCAL, bytes);
  if (options.peer !== undefined) {
    const peer = prefixArg(options.peer, 'peer', p.family);
    w.bytes(IFA.ADDRESS, addrBytes(peer.address));
  } else {
    w.bytes(IFA.ADDRESS, bytes);
  }
  if (options.label !== undefined) {
    if (Buffer.byteLength(options.label) > 15) throw new ValidationError('label', `'${options.label}' is longer than 15 bytes`);
    w.string(IFA.LABEL, options.label);
  }
  if (options.broadcast !== undefined) w.bytes(IFA.BROADCAST, addrBytes(addressArg(options.broadcast, 'broadcast', AF_INET).address));
  if (flagsValue > 0xff) w.u32(IFA.FLAGS, flagsValue);
  if (options.metric !== undefined) w.u32(IFA.RT_PRIORITY, checkU32(options.metric, 'metric'));
  if (options.validLifetime !== undefined || options.preferredLifetime !== undefined) {
    const b = Buffer.alloc(16);
    b.writeUInt32LE(lifetimeValue(options.preferredLifetime ?? options.validLifetime ?? 'forever'), 0);
    b.writeUInt32LE(lifetimeValue(options.validLifetime ?? 'forever'), 4);
    w.bytes(IFA.CACHEINFO, b);
  }
  const header = writeIfAddrMsg({ family: p.family, prefixLength: p.prefixLength, flags: flagsValue & 0xff, scope, index });
  const type = kind === 'delete' ? RTM.DELADDR : RTM.NEWADDR;
  const flags = kind === 'add' ? Flags.ACK | Flags.CREATE | Flags.EXCL : kind === 'replace' ? Flags.ACK | Flags.CREATE | Flags.REPLACE : Flags.ACK;
  return { type, flags, payload: Buffer.concat([header, w.finish()]), operation: `${kind} address ${cidr} on link ${index}` };
}

/** Which addresses to list. */
export interface AddressListFilter {
  family?: IpFamily;
  /** Only this link's addresses (ifa_index, filtered by the kernel under strict checking). */
  index?: number;
}

export function dumpAddressesRequest(filter: AddressListFilter = {}): Request {
  const family = filter.family === undefined ? AF_UNSPEC : familyNumber(filter.family);
  return { type: RTM.GETADDR, flags: 0, payload: writeIfAddrMsg({ family, index: filter.index ?? 0 }), operation: 'dump addresses' };
}

export interface AddressItem extends AddressOptions {
  link: LinkRef;
  address: string;
}

/** Addresses: list, add, replace, delete, flush (`RtNetlink.addresses`). */
export class AddressOps {
  constructor(private readonly conn: NetlinkConnection, private readonly links: LinkOps) {}

  /** `ip addr add CIDR dev LINK`: EEXIST when the address is there already. */
  async add(link: LinkRef, cidr: string, options: AddressOptions = {}): Promise<void> {
    addressRequest('add', 1, cidr, options); // validate before any lookup
    const index = await this.links.index(link);
    await this.conn.request({ ...addressRequest('add', index, cidr, options), operation: `add address ${cidr} on ${link}` });
  }

  /** Adds or updates (NLM_F_REPLACE). */
  async replace(link: LinkRef, cidr: string, options: AddressOptions = {}): Promise<void> {
    addressRequest('replace', 1, cidr, options);
    const index = await this.links.index(link);
    await this.conn.request({ ...addressRequest('replace', index, cidr, options), operation: `replace address ${cidr} on ${link}` });
  }

  /** Deletes the address `cidr` from a link. */
  async delete(link: LinkRef, cidr: string): Promise<void> {
    addressRequest('delete', 1, cidr);
    const index = await this.links.index(link);
    await this.conn.request({ ...addressRequest('delete', index, cidr), operation: `delete address ${cidr} on ${link}` });
  }

  /**
   * Streams addresses, filtered by family and link in the kernel. `retry` re-runs a dump the kernel flags
   * as interrupted (NLM_F_DUMP_INTR) and holds the items until an attempt is whole (see DumpOptions).
   */
  async *list(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): AsyncGenerator<Address, void, undefined> {
    const index = filter.link === undefined ? undefined : await this.links.index(filter.link);
    for await (const batch of this.conn.dumpBatches(dumpAddressesRequest({ family: filter.family, index }), { retry: filter.retry, signal: filter.signal })) {
      for (const m of batch) {
        if (m.type !== RTM.NEWADDR) continue;
        const a = decodeAddress(m.payload);
        // Older kernels ignore the index filter: keep the promise here too.
        if (index === undefined || a.index === index) yield a;
      }
    }
  }

  /** Every address, optionally of one family or link. */
  async all(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): Promise<Address[]> {
    const out: Address[] = [];
    for await (const a of this.list(filter)) out.push(a);
    return out;
  }

  /** Adds many addresses with pipelined requests; every failure is reported with its index. */
  async addMany(items: readonly AddressItem[], options: { window?: number; replace?: boolean } = {}): Promise<BulkOutcome<AddressItem>> {
    items.forEach((it, i) => withIndex(i, () => addressRequest('add', 1, it.address, it)));
    const cache = new Map<LinkRef, number>();
    const requests: Request[] = [];
    for (const it of items) {
      let index = cache.get(it.link);
      if (index === undefined) { index = await this.links.index(it.link); cache.set(it.link, index); }
      requests.push({ ...addressRequest(options.replace ? 'replace' : 'add', index, it.address, it), operation: `add address ${it.address} on ${it.link}` });
    }
    const results: PipelineResult[] = await this.conn.pipeline(requests, options.window);
    return collectFailures(items, results);
  }
}
