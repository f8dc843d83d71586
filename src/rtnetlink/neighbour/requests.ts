// Neighbour requests as `ip neigh add|replace|del` and `ip neigh show` send them.
import { AF_UNSPEC, Flags } from '../../netlink/constants.js';
import { addressToBytes } from '../../netlink/address.js';
import { ValidationError } from '../../netlink/errors.js';
import { hostCodec } from '../../netlink/attributes.js';
import type { Request } from '../../netlink/connection.js';
import { NDA, NTF, NUD, NUD_PERMANENT, RTM, flagBits } from '../constants.js';
import { addressArg, familyNumber, hwAddressBytes, type IpFamily } from '../common.js';
import { NDMSG } from '../headers.js';
import type { NeighbourSpec, NeighbourWrite } from './model.js';

const WRITE_FLAGS: Record<NeighbourWrite, number> = {
  add: Flags.ACK | Flags.CREATE | Flags.EXCL,
  replace: Flags.ACK | Flags.CREATE | Flags.REPLACE,
  delete: Flags.ACK,
};

function bits(names: readonly string[] | undefined, table: ReadonlyArray<readonly [number, string]>, field: string, fallback: number): number {
  if (names === undefined) return fallback;
  const v = flagBits(names, table);
  if (v === undefined) throw new ValidationError(field, `unknown name in ${JSON.stringify(names)} (known: ${table.map(([, n]) => n).join(', ')})`);
  return v;
}

/** RTM_NEWNEIGH / RTM_DELNEIGH for one entry on the link with ifindex `index`, as `ip neigh add|replace|del` sends it. */
export function neighbourRequest(kind: NeighbourWrite, index: number, s: NeighbourSpec): Request {
  const dst = addressArg(s.dst, 'neighbour');
  const w = hostCodec.writer(48);
  const at = w.space(NDMSG.size);
  w.bytes(NDA.DST, addressToBytes(dst.address, 'neighbour'));
  if (s.lladdr !== undefined && kind !== 'delete') w.bytes(NDA.LLADDR, hwAddressBytes(s.lladdr, 'lladdr'));
  const header = {
    family: dst.family, index,
    state: bits(s.state, NUD, 'state', NUD_PERMANENT), // ip sends NUD_PERMANENT with a delete too
    flags: bits(s.flags, NTF, 'flags', 0),
  };
  const payload = w.finish();
  NDMSG.writeInto(payload, at, header);
  return { type: kind === 'delete' ? RTM.DELNEIGH : RTM.NEWNEIGH, flags: WRITE_FLAGS[kind], payload, operation: `${kind} neighbour ${s.dst}` };
}

/** RTM_GETNEIGH dump, filtered in the kernel by family and by link (NDA_IFINDEX, what strict checking accepts). */
export function dumpNeighboursRequest(filter: { family?: IpFamily; index?: number } = {}): Request {
  const w = hostCodec.writer(16);
  const at = w.space(NDMSG.size);
  if (filter.index !== undefined) w.u32(NDA.IFINDEX, filter.index);
  const payload = w.finish();
  NDMSG.writeInto(payload, at, { family: filter.family === undefined ? AF_UNSPEC : familyNumber(filter.family) });
  return { type: RTM.GETNEIGH, flags: 0, payload, operation: 'dump neighbours' };
}
