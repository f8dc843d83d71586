// Raw requests shared by the core's fixture recorder and its replay test.
import { hostCodec, type Request } from '../../src/netlink/index.js';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL } from './kernel.js';

/** RTM_GETLINK dump (struct ifinfomsg, all zero). */
export function linkDumpRequest(): Request {
  return { type: 18, flags: 0, payload: Buffer.alloc(16), operation: 'dump links' };
}

/** RTM_NEWLINK x0 of kind 'no-such-kind' (IFLA_IFNAME, IFLA_LINKINFO > IFLA_INFO_KIND). */
export function unknownKindRequest(): Request {
  const attrs = hostCodec.writer().string(3, 'x0').nested(18, (w) => w.string(1, 'no-such-kind')).finish();
  return { type: 16, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, payload: Buffer.concat([Buffer.alloc(16), attrs]), operation: 'create link x0' };
}
