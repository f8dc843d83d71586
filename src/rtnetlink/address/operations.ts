// Address operations (`RtNetlink.addresses`): list, add, replace, delete, in bulk too.
import type { DumpOptions, NetlinkConnection, PipelineResult, Request } from '../../netlink/connection.js';
import { flattenBatches } from '../../netlink/connection.js';
import { decode, encode } from '../../netlink/schema/index.js';
import { hostCodec } from '../../netlink/attributes.js';
import { RTM } from '../constants.js';
import type { IpFamily, LinkRef } from '../common.js';
import type { LinkOps } from '../link.js';
import { collectFailures, withIndex, type BulkOutcome } from '../bulk.js';
import { collect, dumpBatches } from '../dump.js';
import { addressSchema } from './schema.js';
import { addressRequest, dumpAddressesRequest } from './requests.js';
import type { Address, AddressItem, AddressOptions } from './model.js';

/** Decodes an RTM_NEWADDR payload. */
export function decodeAddress(payload: Buffer): Address {
  return decode(addressSchema, payload);
}

const readAddress = (buf: Buffer, start: number, end: number): Address => decode(addressSchema, buf, start, end);

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
  list(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): AsyncGenerator<Address, void, undefined> {
    return flattenBatches(this.listBatches(filter));
  }

  /** Streams addresses one datagram's worth at a time. */
  async *listBatches(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): AsyncGenerator<Address[], void, undefined> {
    const index = filter.link === undefined ? undefined : await this.links.index(filter.link);
    // Older kernels ignore the index filter: keep the promise here too.
    const keep = index === undefined ? undefined : (a: Address): boolean => a.index === index;
    yield* dumpBatches(this.conn, dumpAddressesRequest({ family: filter.family, index }), filter, RTM.NEWADDR, readAddress, keep);
  }

  /** Every address, optionally of one family or link. */
  all(filter: { family?: IpFamily; link?: LinkRef } & DumpOptions = {}): Promise<Address[]> {
    return collect(this.listBatches(filter));
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

/** Encodes an Address back into an RTM_NEWADDR payload (round trip of decodeAddress). */
export function encodeAddress(a: Address): Buffer {
  return encode(addressSchema, a, hostCodec.writer(96));
}
