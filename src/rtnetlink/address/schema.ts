// RTM_NEWADDR / DELADDR / GETADDR described once: struct ifaddrmsg and the IFA_* attributes (if_addr.h).
import { attributes, messageSchema, rowsFor, kinds, type CustomCodec } from '../../netlink/schema/index.js';
import { IFA_F, flagBits, flagList } from '../constants.js';
import { checkU32, familyName, familyValue, scopeName, scopeNumber } from '../common.js';
import { IFADDRMSG, IFA_CACHEINFO } from '../headers.js';
import type { Address, Lifetime } from './model.js';

const FOREVER = 0xffffffff; // 'forever', the kernel's INFINITY_LIFE_TIME
const lifetime = (v: number): Lifetime => (v === FOREVER ? 'forever' : v);
export const lifetimeValue = (l: Lifetime): number => (l === 'forever' ? FOREVER : checkU32(l, 'lifetime'));

// IFA_CACHEINFO: struct ifa_cacheinfo into four fields; a short one is kept as unknown.
const cacheInfo: CustomCodec<Address> = {
  decode(c, m) {
    if (c.length < IFA_CACHEINFO.size) return false;
    const v = IFA_CACHEINFO.read(c.buf, c.valueStart);
    m.preferredLifetime = lifetime(v.preferred);
    m.validLifetime = lifetime(v.valid);
    m.created = v.created;
    m.updated = v.updated;
    return true;
  },
  encode(w, m, type) {
    if (m.validLifetime === undefined && m.preferredLifetime === undefined) return;
    w.bytes(type, IFA_CACHEINFO.write({
      preferred: lifetimeValue(m.preferredLifetime ?? 'forever'), valid: lifetimeValue(m.validLifetime ?? 'forever'), created: m.created ?? 0, updated: m.updated ?? 0,
    }));
  },
};

// IFA_FLAGS: all 32 flag bits (ifa_flags in the header holds the low 8); always written by encode.
const flags: CustomCodec<Address> = {
  decode(c, m) { m.flags = flagList(c.u32(), IFA_F); },
  encode(w, m, type) { w.u32(type, flagBits(m.flags, IFA_F) ?? 0); },
};

const a = rowsFor<Address>();
export const addressAttributes = attributes<Address>({
  1: a.ip('IFA_ADDRESS', 'address'),
  2: a.ip('IFA_LOCAL', 'local'),
  3: a.string('IFA_LABEL', 'label'),
  4: a.ip('IFA_BROADCAST', 'broadcast'),
  5: a.ip('IFA_ANYCAST', 'anycast'),
  6: a.custom('IFA_CACHEINFO', kinds.bytes, cacheInfo),
  7: a.ip('IFA_MULTICAST', 'multicast'),
  8: a.custom('IFA_FLAGS', kinds.u32, flags, { render: (v) => flagList(Number(v), IFA_F) }),
  9: a.u32('IFA_RT_PRIORITY', 'metric'),
  10: a.named('IFA_TARGET_NETNSID', kinds.s32),
  11: a.u8('IFA_PROTO', 'protocol'),
});


export const addressSchema = messageSchema({
  context: 'address attributes',
  header: IFADDRMSG,
  attributes: addressAttributes,
  fromHeader: (h): Address => ({
    family: familyName(h.family), index: h.index, prefixLength: h.prefixLength, scope: scopeName(h.scope), flags: flagList(h.flags, IFA_F), cidr: '', unknown: [],
  }),
  finish: (m, h) => { m.cidr = `${m.local ?? m.address ?? ''}/${h.prefixLength}`; },
  toHeader: (m) => ({
    family: familyValue(m.family), prefixLength: m.prefixLength, flags: (flagBits(m.flags, IFA_F) ?? 0) & 0xff, index: m.index,
    scope: scopeNumber(m.scope === 'global' ? 0 : /^\d+$/.test(m.scope) ? Number(m.scope) : m.scope),
  }),
  describeHeader: { family: familyName, flags: (v: number) => flagList(v, IFA_F), scope: scopeName },
});
