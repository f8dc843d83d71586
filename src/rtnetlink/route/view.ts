// The route view: the route schema's MessageView with the fields a route listing prints (header fields as
// numbers, address attributes as offsets into `buf`), copied out of the walk into plain fields once per
// route: a short-lived CLI reads them before the JIT has optimized anything, where a getter per field costs.
// Listings refill one instance per route (scanRoutes) and call decode() (= toModel()) only for routes it
// does not cover (`simple` false).
import { MessageCursor } from '../../netlink/message.js';
import { NLMSG_HDRLEN } from '../../netlink/constants.js';
import { ProtocolError } from '../../netlink/errors.js';
import { MessageView } from '../../netlink/schema/index.js';
import { RTA, RTM } from '../constants.js';
import { RTMSG } from '../headers.js';
import type { Route } from './model.js';
import { routeSchema } from './schema.js';

const O = RTMSG.offsets;
// Attribute numbers as plain constants: read for every route of a listing, often before the JIT has run.
const DST = RTA.DST;
const SRC = RTA.SRC;
const GATEWAY = RTA.GATEWAY;
const PREFSRC = RTA.PREFSRC;
const OIF = RTA.OIF;
const PRIORITY = RTA.PRIORITY;
const TABLE = RTA.TABLE;
const PREF = RTA.PREF;
const VIA = RTA.VIA;
const METRICS = RTA.METRICS;
const MULTIPATH = RTA.MULTIPATH;
const UID = RTA.UID;
const NH_ID = RTA.NH_ID;
const FAMILY = O.family;
const DST_LEN = O.dstLength;
const SRC_LEN = O.srcLength;
const TOS = O.tos;
const RTM_TABLE = O.table;
const PROTOCOL = O.protocol;
const SCOPE = O.scope;
const TYPE = O.type;
const FLAGS = O.flags;

const u32At = (b: Buffer, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

export class RouteView extends MessageView<Route, typeof RTMSG.fields> {
  family = 0; // rtm_family
  dstLength = 0; // rtm_dst_len
  srcLength = 0; // rtm_src_len
  tos = 0; // rtm_tos
  table = 0; // RTA_TABLE, else rtm_table
  protocol = 0; // rtm_protocol
  scope = 0; // rtm_scope
  type = 0; // rtm_type
  flags = 0; // rtm_flags
  dst = -1; // RTA_DST value offset in buf, -1 when absent
  dstBytes = 0;
  src = -1; // RTA_SRC
  srcBytes = 0;
  gateway = -1; // RTA_GATEWAY
  gatewayBytes = 0;
  prefsrc = -1; // RTA_PREFSRC
  prefsrcBytes = 0;
  oif = -1; // RTA_OIF
  metric = -1; // RTA_PRIORITY
  pref = -1; // RTA_PREF
  /** Whether the fields above are the whole route as a listing shows it (no RTA_VIA, metrics, next hops, uid or nexthop id). */
  simple = true;

  constructor() {
    super(routeSchema);
  }

  override reset(buf: Buffer, start = 0, end = buf.length): this {
    super.reset(buf, start, end);
    const at = this.valueAt;
    const to = this.valueEnd;
    this.family = buf[start + FAMILY]!;
    this.dstLength = buf[start + DST_LEN]!;
    this.srcLength = buf[start + SRC_LEN]!;
    this.tos = buf[start + TOS]!;
    this.protocol = buf[start + PROTOCOL]!;
    this.scope = buf[start + SCOPE]!;
    this.type = buf[start + TYPE]!;
    this.flags = u32At(buf, start + FLAGS);
    const table = at[TABLE]!;
    this.table = table < 0 ? buf[start + RTM_TABLE]! : u32At(buf, table);
    const dst = this.dst = at[DST]!;
    this.dstBytes = dst < 0 ? 0 : to[DST]! - dst;
    const src = this.src = at[SRC]!;
    this.srcBytes = src < 0 ? 0 : to[SRC]! - src;
    const gateway = this.gateway = at[GATEWAY]!;
    this.gatewayBytes = gateway < 0 ? 0 : to[GATEWAY]! - gateway;
    const prefsrc = this.prefsrc = at[PREFSRC]!;
    this.prefsrcBytes = prefsrc < 0 ? 0 : to[PREFSRC]! - prefsrc;
    const oif = at[OIF]!;
    this.oif = oif < 0 ? -1 : u32At(buf, oif);
    const metric = at[PRIORITY]!;
    this.metric = metric < 0 ? -1 : u32At(buf, metric);
    const pref = at[PREF]!;
    this.pref = pref < 0 ? -1 : buf[pref]!;
    this.simple = at[VIA]! < 0 && at[METRICS]! < 0 && at[MULTIPATH]! < 0 && at[UID]! < 0 && at[NH_ID]! < 0;
    return this;
  }

  /** The full model (what decodeRoute returns for this payload). */
  decode(): Route {
    return this.toModel();
  }
}

/**
 * Calls `visit` with `view` refilled for each RTM_NEWROUTE in a chunk of messages (RouteOps.listChunks).
 * Framing is checked as MessageCursor checks it; on anything wrong, MessageCursor names it.
 */
export function scanRoutes(chunk: Buffer, view: RouteView, visit: (v: RouteView) => void): void {
  const end = chunk.length;
  let o = 0;
  while (o < end) {
    const len = end - o >= NLMSG_HDRLEN ? (chunk[o]! | (chunk[o + 1]! << 8) | (chunk[o + 2]! << 16) | (chunk[o + 3]! << 24)) >>> 0 : 0; // nlmsg_len
    if (len < NLMSG_HDRLEN || len > end - o) {
      new MessageCursor().reset(chunk, o, end, 'route dump').next(); // throws the framing error
      throw new ProtocolError('a message the cursor accepts failed the quick check');
    }
    if ((chunk[o + 4]! | (chunk[o + 5]! << 8)) === RTM.NEWROUTE) visit(view.reset(chunk, o + NLMSG_HDRLEN, o + len)); // nlmsg_type
    o += (len + 3) & ~3;
  }
}
