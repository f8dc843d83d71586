// Bulk route writes (RouteOps.addMany / deleteMany): one arena for every payload, links patched in after one
// lookup each, and items that differ from the previous one only in `to` encoded by copying it.
import { AF_INET, NLA_HDRLEN } from '../../netlink/constants.js';
import { parseIPv4PrefixPacked } from '../../netlink/address.js';
import { hostCodec, type AttributeWriter } from '../../netlink/attributes.js';
import type { NetlinkConnection, Request } from '../../netlink/connection.js';
import { RTA } from '../constants.js';
import { familyNumber, prefixArgValue, type LinkRef } from '../common.js';
import type { LinkOps } from '../link.js';
import { RTMSG } from '../headers.js';
import { collectFailures, labelItem, type BulkOutcome } from '../bulk.js';
import { routeFlags, routeLabel, routeMessageType, writeRoutePayload } from './requests.js';
import type { RouteSpec, RouteWrite } from './model.js';

/** Whether the payload at `start` has a destination and RTA_DST as its first attribute, of `family`'s length. */
function destinationFirst(b: Buffer, start: number, family: number): boolean {
  if (b[start + RTMSG.offsets.dstLength]! === 0) return false;
  const at = start + RTMSG.size;
  const len = b[at]! | (b[at + 1]! << 8); // nla_len
  const type = b[at + 2]! | (b[at + 3]! << 8); // nla_type
  return type === RTA.DST && len === NLA_HDRLEN + (family === AF_INET ? 4 : 16);
}

/**
 * One request of a bulk write. Its payload lives in a shared arena (one allocation for all of them) and
 * becomes a Buffer view when the pipeline asks; its operation text (for errors only) is made when asked for.
 */
class BulkRouteRequest implements Request {
  readonly type: number;
  readonly flags: number;
  /** The ifindex `spec.dev` resolved to. */
  dev: number | undefined;
  constructor(readonly kind: RouteWrite, readonly spec: RouteSpec, private readonly arena: Arena, private readonly start: number, private readonly end: number) {
    this.type = routeMessageType(kind);
    this.flags = routeFlags(kind);
  }
  get payload(): Buffer {
    return this.arena.buf.subarray(this.start, this.end);
  }
  /** Writes an ifindex (host order) at `offset` of the payload. */
  patch(offset: number, index: number): void {
    const b = this.arena.buf;
    const at = this.start + offset;
    b[at] = index & 0xff;
    b[at + 1] = (index >>> 8) & 0xff;
    b[at + 2] = (index >>> 16) & 0xff;
    b[at + 3] = index >>> 24;
  }
  get operation(): string {
    return `${this.kind} route ${routeLabel({ ...this.spec, dev: this.dev })}`;
  }
}

/** A growing buffer that encoded payloads are appended to. */
class Arena {
  buf: Buffer;
  at = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 256));
  }
  /** Appends a copy of [start, end) of what it holds; returns where the copy starts. */
  copyWithin(start: number, end: number): number {
    const n = end - start;
    if (this.at + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
      this.buf.copy(next, 0, 0, this.at);
      this.buf = next;
    }
    const at = this.at;
    this.buf.copyWithin(at, start, end);
    this.at += n;
    return at;
  }

  /** Appends what `w` has written; returns where it starts. */
  append(w: AttributeWriter): number {
    const n = w.length;
    if (this.at + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
      this.buf.copy(next, 0, 0, this.at);
      this.buf = next;
    }
    const start = this.at;
    w.copyTo(this.buf, start);
    this.at += n;
    return start;
  }
}

/**
 * Many route writes, pipelined: every item encoded (so validated) before anything is sent or looked up, links
 * looked up once each and patched in, each failure reported with its index.
 */
export async function writeMany(conn: NetlinkConnection, links: LinkOps, kind: RouteWrite, specs: readonly RouteSpec[], window?: number): Promise<BulkOutcome<RouteSpec>> {
  // Every request is encoded once, which validates every item before anything is sent or looked up; links
  // get a placeholder ifindex, patched in once each distinct link has been looked up.
  const requests: BulkRouteRequest[] = new Array(specs.length);
  const slots: Array<number[] | undefined> = new Array(specs.length);
  const arena = new Arena(specs.length * 64);
  const w = hostCodec.writer(1024);
  // Bulk specs usually differ in `to` alone. An item equal to the last fully encoded one but for `to`
  // (same fields, same values) gets that encoding with its own destination written in: everything else it
  // would encode and check comes out the same.
  let template: { spec: RouteSpec; family: number; start: number; end: number; slots: number[] | undefined } | undefined;
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i]!;
    if (template !== undefined && sameButDestination(s, template.spec)) {
      // An IPv4 prefix in one pass; anything else the way routeFamily reads it (and fails on it).
      const packed = template.family === AF_INET && typeof s.to === 'string' && s.family !== 'inet6' ? parseIPv4PrefixPacked(s.to) : -1;
      let to: { family: number; prefixLength: number; v4: number; v6: Buffer | undefined };
      if (packed >= 0) {
        to = { family: AF_INET, prefixLength: packed % 64, v4: Math.floor(packed / 64), v6: undefined };
      } else {
        try {
          to = prefixArgValue(s.to, 'to', s.family === undefined ? undefined : familyNumber(s.family));
        } catch (e) {
          throw labelItem(e, i);
        }
      }
      if (to.family === template.family && to.prefixLength > 0) {
        const start = arena.copyWithin(template.start, template.end);
        const b = arena.buf;
        b[start + RTMSG.offsets.dstLength] = to.prefixLength;
        const at = start + RTMSG.size + NLA_HDRLEN; // the template's RTA_DST value (destinationFirst)
        if (to.v6) to.v6.copy(b, at);
        else {
          const v = to.v4;
          b[at] = v >>> 24;
          b[at + 1] = (v >>> 16) & 0xff;
          b[at + 2] = (v >>> 8) & 0xff;
          b[at + 3] = v & 0xff;
        }
        requests[i] = new BulkRouteRequest(kind, s, arena, start, arena.at);
        slots[i] = template.slots;
        continue;
      }
    }
    const nexthopDevs = s.nexthops === undefined ? undefined : s.nexthops.map((n) => (n.dev === undefined ? undefined : 0));
    const linkSlots = s.dev !== undefined || nexthopDevs?.some((d) => d !== undefined) ? [] : undefined;
    let family: number;
    try {
      family = writeRoutePayload(w.reset(), kind, s, s.dev === undefined ? undefined : 0, nexthopDevs, linkSlots);
    } catch (e) {
      throw labelItem(e, i);
    }
    const start = arena.append(w);
    requests[i] = new BulkRouteRequest(kind, s, arena, start, arena.at);
    slots[i] = linkSlots;
    // Others write their destination into a template's RTA_DST value: checked, not assumed, to be the first
    // attribute, of the family's address length.
    template = destinationFirst(arena.buf, start, family) ? { spec: s, family, start, end: arena.at, slots: linkSlots } : undefined;
  }
  const cache = new Map<LinkRef, number>();
  const index = async (ref: LinkRef): Promise<number> => {
    const i = await links.index(ref);
    cache.set(ref, i);
    return i;
  };
  for (let i = 0; i < specs.length; i++) {
    const linkSlots = slots[i];
    if (!linkSlots) continue;
    const s = specs[i]!;
    const req = requests[i]!;
    if (s.nexthops === undefined) { // the usual case: dev is the one link
      const dev = cache.get(s.dev!) ?? await index(s.dev!);
      req.dev = dev;
      req.patch(linkSlots[0]!, dev);
      continue;
    }
    let k = 0;
    for (const ref of linkRefs(s)) {
      const dev = cache.get(ref) ?? await index(ref);
      if (k === 0 && s.dev !== undefined) req.dev = dev;
      req.patch(linkSlots[k++]!, dev);
    }
  }
  return collectFailures(specs, await conn.pipeline(requests, window));
}

/** Whether two specs have the same fields with the same values (undefined counting as absent), `to` aside. */
function sameButDestination(a: RouteSpec, b: RouteSpec): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (k !== 'to' && x[k] !== y[k]) return false;
  for (const k in y) if (k !== 'to' && x[k] !== y[k]) return false;
  return true;
}

/** The links a route spec names, in the order writeRoutePayload writes their ifindexes: dev, then next hops'. */
export function linkRefs(s: RouteSpec): LinkRef[] {
  const refs: LinkRef[] = [];
  if (s.dev !== undefined) refs.push(s.dev);
  for (const nh of s.nexthops ?? []) if (nh.dev !== undefined) refs.push(nh.dev);
  return refs;
}
