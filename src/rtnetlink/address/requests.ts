// Address requests as `ip addr add|replace|del` and `ip addr show` send them.
import { AF_INET, AF_UNSPEC, Flags } from '../../netlink/constants.js';
import { addressToBytes } from '../../netlink/address.js';
import { ValidationError } from '../../netlink/errors.js';
import { hostCodec } from '../../netlink/attributes.js';
import type { Request } from '../../netlink/connection.js';
import { IFA, IFA_F, RTM, flagBits } from '../constants.js';
import { addressArg, checkU32, familyNumber, prefixArg, scopeNumber } from '../common.js';
import { IFADDRMSG, IFA_CACHEINFO } from '../headers.js';
import { lifetimeValue } from './schema.js';
import type { AddressListFilter, AddressOptions } from './model.js';

/** The address flags a caller may set (`ip addr add ... nodad` etc.); the others are the kernel's to report. */
export const ADDABLE_FLAGS: ReadonlySet<string> = new Set(['nodad', 'noprefixroute', 'mngtmpaddr', 'autojoin', 'home', 'optimistic']);

const addrBytes = (v: string): Buffer => addressToBytes(v, 'address');

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
  const at = w.space(IFADDRMSG.size);
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
    // ip sends only the two lifetimes (cstamp/tstamp are the kernel's): zero.
    w.bytes(IFA.CACHEINFO, IFA_CACHEINFO.write({
      preferred: lifetimeValue(options.preferredLifetime ?? options.validLifetime ?? 'forever'), valid: lifetimeValue(options.validLifetime ?? 'forever'),
    }));
  }
  const payload = w.finish();
  IFADDRMSG.writeInto(payload, at, { family: p.family, prefixLength: p.prefixLength, flags: flagsValue & 0xff, scope, index });
  const type = kind === 'delete' ? RTM.DELADDR : RTM.NEWADDR;
  const flags = kind === 'add' ? Flags.ACK | Flags.CREATE | Flags.EXCL : kind === 'replace' ? Flags.ACK | Flags.CREATE | Flags.REPLACE : Flags.ACK;
  return { type, flags, payload, operation: `${kind} address ${cidr} on link ${index}` };
}

export function dumpAddressesRequest(filter: AddressListFilter = {}): Request {
  const family = filter.family === undefined ? AF_UNSPEC : familyNumber(filter.family);
  return { type: RTM.GETADDR, flags: 0, payload: IFADDRMSG.write({ family, index: filter.index ?? 0 }), operation: 'dump addresses' };
}
