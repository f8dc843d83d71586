// The namespace-id query as `ip netns` sends it.
import { hostCodec } from '../../netlink/attributes.js';
import type { Request } from '../../netlink/connection.js';
import { NETNSA, RTM } from '../constants.js';
import { RTGENMSG } from './schema.js';
import type { NsidTarget } from './model.js';

/** RTM_GETNSID for the namespace behind an fd (NETNSA_FD) or a pid (NETNSA_PID), as ip sends it. */
export function getNsidRequest(target: NsidTarget): Request {
  const w = hostCodec.writer(16);
  if ('fd' in target) w.u32(NETNSA.FD, target.fd);
  else w.u32(NETNSA.PID, target.pid);
  return { type: RTM.GETNSID, flags: 0, payload: Buffer.concat([RTGENMSG.write({}), w.finish()]), operation: `get namespace id of ${'fd' in target ? `fd ${target.fd}` : `pid ${target.pid}`}` };
}
