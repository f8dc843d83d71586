// Route operations (`RtNetlink.routes`): list, get, add, replace, append, delete, in bulk too.
import { flattenBatches, type DumpOptions, type NetlinkConnection } from '../../netlink/connection.js';
import { NetlinkError } from '../../netlink/errors.js';
import { hostCodec } from '../../netlink/attributes.js';
import { decode, encode } from '../../netlink/schema/index.js';
import { RTM } from '../constants.js';
import type { LinkRef } from '../common.js';
import type { LinkOps } from '../link.js';
import type { BulkOutcome } from '../bulk.js';
import { collect, readBatches } from '../dump.js';
import { routeSchema } from './schema.js';
import { dumpRoutesRequest, getRouteRequest, routeFlags, routeLabel, routeMessageType, writeRoutePayload } from './requests.js';
import { linkRefs, writeMany } from './bulk.js';
import type { Route, RouteGetQuery, RouteListFilter, RouteSpec, RouteWrite } from './model.js';

const ESRCH = 3; // ESRCH: `ip route get` found no route

/** Decodes an RTM_NEWROUTE / RTM_DELROUTE payload. Throws NetlinkDecodeError on malformed input. */
export function decodeRoute(payload: Buffer): Route {
  return decode(routeSchema, payload);
}

/**
 * decodeRoute on the payload at [start, end) of a larger buffer (a dump chunk), without a view per message.
 * Error offsets are relative to `start`, as decodeRoute's are to its payload.
 */
export function decodeRouteAt(buf: Buffer, start: number, end: number): Route {
  return decode(routeSchema, buf, start, end);
}

/** Encodes a decoded Route back into an RTM_NEWROUTE payload (round trip of decodeRoute). */
export function encodeRoute(r: Route): Buffer {
  return encode(routeSchema, r, hostCodec.writer(128));
}

/** Routes: list, get, add, replace, change, delete, in bulk too (`RtNetlink.routes`). */
export class RouteOps {
  constructor(private readonly conn: NetlinkConnection, private readonly links: LinkOps) {}

  private async write(kind: RouteWrite, s: RouteSpec): Promise<void> {
    // Encoded (and so validated) before any link is looked up; the links' ifindexes are patched in after.
    const slots: number[] = [];
    const w = hostCodec.writer(128);
    writeRoutePayload(w, kind, s, s.dev === undefined ? undefined : 0, s.nexthops?.map((n) => (n.dev === undefined ? undefined : 0)), slots);
    const payload = w.finish();
    let k = 0;
    for (const ref of linkRefs(s)) payload.writeUInt32LE(await this.links.index(ref), slots[k++]!);
    await this.conn.request({ type: routeMessageType(kind), flags: routeFlags(kind), payload, operation: `${kind} route ${routeLabel(s)}` });
  }

  /** `ip route add`: EEXIST when the route exists. */
  add(s: RouteSpec): Promise<void> { return this.write('add', s); }
  /** `ip route replace`: adds or overwrites. */
  replace(s: RouteSpec): Promise<void> { return this.write('replace', s); }
  /** `ip route append`. */
  append(s: RouteSpec): Promise<void> { return this.write('append', s); }
  /** `ip route del`: ESRCH when no route matches. */
  delete(s: RouteSpec): Promise<void> { return this.write('delete', s); }

  /** `ip route get ADDR`: the route the kernel would use, with its table. */
  async get(to: string, query: RouteGetQuery = {}): Promise<Route> {
    const iif = query.iif === undefined ? undefined : await this.links.index(query.iif);
    const oif = query.oif === undefined ? undefined : await this.links.index(query.oif);
    const req = getRouteRequest(to, { ...query, iif, oif });
    const [reply] = await this.conn.request(req);
    if (!reply) throw new NetlinkError({ errno: ESRCH, operation: req.operation });
    return decodeRoute(reply.payload);
  }

  /** Streams routes. A table filter on a table that does not exist yields nothing (the kernel says ENOENT). */
  list(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } & DumpOptions = {}): AsyncGenerator<Route, void, undefined> {
    return flattenBatches(this.listBatches(filter));
  }

  /** Streams routes one datagram's worth at a time (fewer awaits than list() on large tables). */
  listBatches(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } & DumpOptions = {}): AsyncGenerator<Route[], void, undefined> {
    return readBatches(this.listChunks(filter), 'route dump', RTM.NEWROUTE, decodeRouteAt);
  }

  /**
   * The route dump as raw chunks of messages (NetlinkConnection.dumpChunks), for readers that want no
   * objects at all: pass each chunk to scanRoutes() with a RouteView. Same filters and rules as list().
   */
  async *listChunks(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } & DumpOptions = {}): AsyncGenerator<Buffer, void, undefined> {
    const oif = filter.dev === undefined ? undefined : await this.links.index(filter.dev);
    const req = dumpRoutesRequest({ ...filter, oif });
    try {
      yield* this.conn.dumpChunks(req, { retry: filter.retry, signal: filter.signal });
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT' && filter.table !== undefined && filter.table !== 'all') return;
      throw e;
    }
  }

  /** Every route, optionally filtered (table, family, device, protocol, ...). */
  all(filter: Omit<RouteListFilter, 'oif'> & { dev?: LinkRef } & DumpOptions = {}): Promise<Route[]> {
    return collect(this.listBatches(filter));
  }

  /** Many routes with pipelined requests (one ACK per window); each failure is reported with its index. */
  addMany(specs: readonly RouteSpec[], options: { window?: number; replace?: boolean } = {}): Promise<BulkOutcome<RouteSpec>> {
    return writeMany(this.conn, this.links, options.replace ? 'replace' : 'add', specs, options.window);
  }

  /** Deletes many routes, pipelined; failures are reported per route. */
  deleteMany(specs: readonly RouteSpec[], options: { window?: number } = {}): Promise<BulkOutcome<RouteSpec>> {
    return writeMany(this.conn, this.links, 'delete', specs, options.window);
  }
}
