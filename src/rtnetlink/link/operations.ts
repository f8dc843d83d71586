// Link operations (`RtNetlink.links`): get, list (whole models, summaries, names), create, change, delete.
import * as fs from 'node:fs';
import { NetlinkError, ValidationError } from '../../netlink/errors.js';
import { flattenBatches, type DumpOptions, type NetlinkConnection } from '../../netlink/connection.js';
import { decode, encode } from '../../netlink/schema/index.js';
import { openNetns } from '../../netlink/netns.js';
import type { NetlinkMessage } from '../../netlink/message.js';
import { RTM } from '../constants.js';
import { PLACEHOLDER_IFINDEX, checkRange, hwAddressBytes, validateIfName, validateLinkRef, type LinkRef } from '../common.js';
import { IFINFOMSG } from '../headers.js';
import { collect, dumpBatches } from '../dump.js';
import { linkSchema } from './schema.js';
import { linkSummaryAt, newLinkView } from './summary.js';
import {
  changeLinkRequest, createLinkRequest, deleteLinkRequest, dumpLinkNamesRequest, dumpLinksRequest, getLinkByIndexRequest, getLinkByNameRequest,
} from './requests.js';
import type { CreateOptions, Link, LinkChange, LinkListFilter, LinkNetns, LinkSummary, NetnsTarget, VethOptions } from './model.js';

const ENODEV = 19; // ENODEV: what the kernel answers for a link that is not there

/** Decodes an RTM_NEWLINK / RTM_DELLINK payload. Throws NetlinkDecodeError on malformed input. */
export function decodeLink(payload: Buffer): Link {
  return decode(linkSchema, payload);
}

/** decodeLink on the payload at [start, end) of a larger buffer (a dump chunk); error offsets relative to `start`. */
export function decodeLinkAt(buf: Buffer, start: number, end: number): Link {
  return decode(linkSchema, buf, start, end);
}

/** Encodes a Link back into an RTM_NEWLINK payload (every modelled field and every unknown attribute). */
export function encodeLink(l: Link): Buffer {
  return encode(linkSchema, l);
}

export function isLinkMessage(m: NetlinkMessage): boolean {
  return m.type === RTM.NEWLINK || m.type === RTM.DELLINK;
}

/** Opens the namespace for the duration of `fn` (IFLA_NET_NS_FD), or passes a pid (IFLA_NET_NS_PID). */
async function withNetnsTarget<T>(ns: LinkNetns | undefined, fn: (t: NetnsTarget | undefined) => Promise<T>): Promise<T> {
  if (ns === undefined) return fn(undefined);
  if (typeof ns === 'object' && 'pid' in ns) {
    if (!Number.isInteger(ns.pid) || ns.pid <= 0) throw new ValidationError('netns', `${ns.pid} is not a process id`);
    return fn({ pid: ns.pid });
  }
  const opened = openNetns(ns);
  try {
    return await fn({ fd: opened.fd });
  } finally {
    if (opened.owned) fs.closeSync(opened.fd);
  }
}

/** Links: list, get, create (veth, vlan, bridge, dummy...), change, move to a namespace, delete (`RtNetlink.links`). */
export class LinkOps {
  constructor(private readonly conn: NetlinkConnection) {}

  /** The ifindex of a link named or numbered; names are looked up with RTM_GETLINK + IFLA_IFNAME, as `ip` does. */
  async index(ref: LinkRef): Promise<number> {
    validateLinkRef(ref);
    if (typeof ref === 'number') return ref;
    const [reply] = await this.conn.request(getLinkByNameRequest(ref));
    if (!reply) throw new NetlinkError({ errno: ENODEV, operation: `get link ${ref}` });
    return IFINFOMSG.read(reply.payload).index;
  }

  /** One link by name or index (ENODEV as NetlinkError when there is none). */
  async get(ref: LinkRef, options: { stats?: boolean } = {}): Promise<Link> {
    validateLinkRef(ref);
    const req = typeof ref === 'number' ? getLinkByIndexRequest(ref, options.stats) : getLinkByNameRequest(ref);
    const [reply] = await this.conn.request(req);
    if (!reply) throw new NetlinkError({ errno: ENODEV, operation: req.operation });
    return decodeLink(reply.payload);
  }

  /** Whether a link exists. */
  async exists(ref: LinkRef): Promise<boolean> {
    try {
      await this.index(ref);
      return true;
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENODEV') return false;
      throw e;
    }
  }

  /** Streams every link (one dump; memory bounded by one datagram's worth). */
  list(filter: LinkListFilter & DumpOptions = {}): AsyncGenerator<Link, void, undefined> {
    return flattenBatches(this.listBatches(filter));
  }

  /** Streams links one datagram's worth at a time. */
  listBatches(filter: LinkListFilter & DumpOptions = {}): AsyncGenerator<Link[], void, undefined> {
    return dumpBatches(this.conn, dumpLinksRequest(filter), filter, RTM.NEWLINK, decodeLinkAt);
  }

  /** All links at once. */
  all(filter: LinkListFilter & DumpOptions = {}): Promise<Link[]> {
    return collect(this.listBatches(filter));
  }

  /** Streams LinkSummary batches (one dump without statistics, each message read through a view, in place). */
  summaryBatches(filter: LinkListFilter & DumpOptions = {}): AsyncGenerator<LinkSummary[], void, undefined> {
    const view = newLinkView();
    return dumpBatches(this.conn, dumpLinksRequest(filter, true), filter, RTM.NEWLINK, (b, s, e) => linkSummaryAt(view, b, s, e));
  }

  /** Every link's LinkSummary (one dump, without statistics): for listings that show one line per link. */
  summaries(filter: LinkListFilter & DumpOptions = {}): Promise<LinkSummary[]> {
    return collect(this.summaryBatches(filter));
  }

  /** ifindex -> name of every link (one dump, without statistics; the header and IFLA_IFNAME read in place). */
  async names(options: DumpOptions = {}): Promise<Map<number, string>> {
    const view = newLinkView();
    const read = (b: Buffer, s: number, e: number): [number, string] => { view.reset(b, s, e); return [view.header('index'), view.get('name') ?? '']; };
    const m = new Map<number, string>();
    for await (const batch of dumpBatches(this.conn, dumpLinkNamesRequest(), options, RTM.NEWLINK, read)) for (const [i, n] of batch) m.set(i, n);
    return m;
  }

  private async masterIndex(ref: LinkRef | null | undefined): Promise<number | undefined> {
    if (ref === undefined) return undefined;
    if (ref === null) return 0;
    return this.index(ref);
  }

  /** `ip link add NAME type veth peer name PEER [netns NS]`: both ends in one request. */
  async createVeth(name: string, options: VethOptions): Promise<void> {
    validateIfName(name, 'name');
    validateIfName(options.peer, 'peer name');
    await withNetnsTarget(options.peerNetns, (peerNetns) => withNetnsTarget(options.netns, async (netns) => {
      await this.conn.request(createLinkRequest({
        ...options, name, kind: 'veth', netns,
        veth: { peer: options.peer, peerNetns, peerAddress: options.peerAddress, peerMtu: options.peerMtu },
      }));
    }));
  }

  /** A bridge (`ip link add NAME type bridge`). */
  async createBridge(name: string, options: CreateOptions = {}): Promise<void> {
    await this.create(name, 'bridge', options);
  }

  /** An 802.1Q vlan on top of `parent` (needs the 8021q module). */
  async createVlan(name: string, options: CreateOptions & { parent: LinkRef; id: number }): Promise<void> {
    checkRange(options.id, 'vlan id', 0, 4094);
    const parent = await this.index(options.parent);
    await this.create(name, 'vlan', options, { parent, vlanId: options.id });
  }

  /** A link of any kind the kernel knows that needs no IFLA_INFO_DATA (dummy, bridge, ifb, ...). */
  async create(name: string, kind: string, options: CreateOptions = {}, extra: { parent?: number; vlanId?: number } = {}): Promise<void> {
    validateIfName(name, 'name');
    if (!/^[a-z0-9_-]{1,32}$/i.test(kind)) throw new ValidationError('kind', `'${kind}' is not a link kind`);
    const placeholder = options.master === undefined ? undefined : PLACEHOLDER_IFINDEX;
    createLinkRequest({ ...options, ...extra, name, kind, master: placeholder, netns: undefined }); // the rule's step 1 (common.ts)
    const master = await this.masterIndex(options.master);
    await withNetnsTarget(options.netns, async (netns) => {
      await this.conn.request(createLinkRequest({ ...options, ...extra, name, kind, master, netns }));
    });
  }

  /** `ip link set`: up/down, mtu, name, master, address, netns, in one request. */
  async set(ref: LinkRef, change: LinkChange): Promise<void> {
    const placeholder = change.master === undefined ? undefined : PLACEHOLDER_IFINDEX;
    changeLinkRequest(PLACEHOLDER_IFINDEX, { ...change, master: placeholder, netns: undefined }); // the rule's step 1
    const index = change.address === undefined ? await this.index(ref) : await this.addressLengthChecked(ref, change.address);
    const master = await this.masterIndex(change.master);
    await withNetnsTarget(change.netns, async (netns) => {
      await this.conn.request(changeLinkRequest(index, { ...change, master, netns }, String(ref)));
    });
  }

  /**
   * The link's index, once the new address is known to have the device's length (dev->addr_len). The kernel
   * takes a longer IFLA_ADDRESS and keeps its first addr_len bytes; ip refuses ("Invalid address length 7 -
   * must be 6 bytes"), and so do we, before changing anything.
   */
  private async addressLengthChecked(ref: LinkRef, address: string): Promise<number> {
    const given = hwAddressBytes(address).length;
    const link = await this.get(ref);
    const wanted = link.address ? link.address.split(':').length : 0;
    if (given !== wanted) throw new ValidationError('address', `'${address}' is ${given} byte(s); ${link.name} takes ${wanted}-byte addresses`);
    return link.index;
  }

  /** Sets a link up. */
  setUp(ref: LinkRef): Promise<void> {
    return this.set(ref, { up: true });
  }

  /** Sets a link down. */
  setDown(ref: LinkRef): Promise<void> {
    return this.set(ref, { up: false });
  }

  /** Moves a link into another namespace (by name, path, fd or pid). */
  moveToNetns(ref: LinkRef, netns: LinkNetns): Promise<void> {
    return this.set(ref, { netns });
  }

  /** Deletes a link. */
  async delete(ref: LinkRef): Promise<void> {
    const index = await this.index(ref);
    await this.conn.request(deleteLinkRequest(index, String(ref)));
  }
}
