// The route view: the route schema's MessageView with the fields a route listing prints, read in place
// (header fields as numbers, address attributes as offsets into `buf`). Listings refill one instance per
// route (scanRoutes) and call decode() (= toModel()) only for routes it does not cover (`simple` false).
import { MessageCursor } from '../../netlink/message.js';
import { MessageView } from '../../netlink/schema/index.js';
import { RTA, RTM } from '../constants.js';
import { RTMSG } from '../headers.js';
import type { Route } from './model.js';
import { routeSchema } from './schema.js';

const O = RTMSG.offsets;

export class RouteView extends MessageView<Route, typeof RTMSG.fields> {
  constructor() {
    super(routeSchema);
  }

  get family(): number { return this.buf[this.start + O.family]!; } // rtm_family
  get dstLength(): number { return this.buf[this.start + O.dstLength]!; } // rtm_dst_len
  get srcLength(): number { return this.buf[this.start + O.srcLength]!; } // rtm_src_len
  get tos(): number { return this.buf[this.start + O.tos]!; } // rtm_tos
  get protocol(): number { return this.buf[this.start + O.protocol]!; } // rtm_protocol
  get scope(): number { return this.buf[this.start + O.scope]!; } // rtm_scope
  get type(): number { return this.buf[this.start + O.type]!; } // rtm_type
  get flags(): number { return this.buf.readUInt32LE(this.start + O.flags); } // rtm_flags
  /** RTA_TABLE, else rtm_table. */
  get table(): number { return this.u32(RTA.TABLE, this.buf[this.start + O.table]!); }
  /** Offsets of address values in `buf` (-1 when absent), and their lengths. */
  get dst(): number { return this.offset(RTA.DST); }
  get dstBytes(): number { return this.length(RTA.DST); }
  get src(): number { return this.offset(RTA.SRC); }
  get srcBytes(): number { return this.length(RTA.SRC); }
  get gateway(): number { return this.offset(RTA.GATEWAY); }
  get gatewayBytes(): number { return this.length(RTA.GATEWAY); }
  get prefsrc(): number { return this.offset(RTA.PREFSRC); }
  get prefsrcBytes(): number { return this.length(RTA.PREFSRC); }
  get oif(): number { return this.u32(RTA.OIF); } // RTA_OIF, -1 when absent
  get metric(): number { return this.u32(RTA.PRIORITY); } // RTA_PRIORITY, -1 when absent
  get pref(): number { return this.has(RTA.PREF) ? this.buf[this.offset(RTA.PREF)]! : -1; } // RTA_PREF
  /** Whether the fields above are the whole route as a listing shows it (no RTA_VIA, metrics, next hops, uid or nexthop id). */
  get simple(): boolean {
    return !this.has(RTA.VIA) && !this.has(RTA.METRICS) && !this.has(RTA.MULTIPATH) && !this.has(RTA.UID) && !this.has(RTA.NH_ID);
  }

  /** The full model (what decodeRoute returns for this payload). */
  decode(): Route {
    return this.toModel();
  }
}

/** Calls `visit` with `view` refilled for each RTM_NEWROUTE in a chunk of messages (RouteOps.listChunks). */
export function scanRoutes(chunk: Buffer, view: RouteView, visit: (v: RouteView) => void): void {
  const m = new MessageCursor().reset(chunk, 0, chunk.length, 'route dump');
  while (m.next()) if (m.type === RTM.NEWROUTE) visit(view.reset(chunk, m.payloadStart, m.payloadEnd));
}
