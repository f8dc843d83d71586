// `typeof ip saddr`: nft keeps the expression a set was declared with in the set's userdata
// (NFTNL_UDATA_SET_KEY_TYPEOF) and lists it instead of the data type. The ids below are nft's, as its
// requests carry them: expression 7 = payload (protocol description, field, raw base/offset/len),
// 9 = meta (key), 12 = ct (key, direction).
import { PROTOCOLS } from './fields.js';
import { metaKeyName, metaText } from '../expressions/meta.js';
import { ctKeyName } from '../expressions/ct.js';

/** One level of nft's userdata TLVs (type u8, length u8, value). */
export function udata(b: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (let i = 0; i + 2 <= b.length;) {
    const len = b[i + 1]!;
    out.set(b[i]!, b.subarray(i + 2, i + 2 + len));
    i += 2 + len;
  }
  return out;
}

const u32 = (b: Buffer | undefined): number | undefined => (b && b.length >= 4 ? b.readUInt32LE(0) : undefined);

/** nft's protocol description ids (payload typeof). */
const DESCS: Readonly<Record<number, string>> = {
  1: 'ah', 2: 'esp', 3: 'comp', 4: 'icmp', 5: 'igmp', 6: 'udp', 7: 'udplite', 8: 'tcp', 9: 'dccp', 10: 'sctp', 11: 'th',
  12: 'ip', 13: 'ip6', 14: 'icmpv6', 15: 'arp', 16: 'vlan', 17: 'ether',
};
/** Field numbers where nft's template order is not the header's field order (1-based otherwise). */
const FIELD_NUMBERS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  vlan: { 1: 'pcp', 2: 'dei', 4: 'id', 5: 'type' },
  igmp: { 1: 'type', 2: 'checksum', 3: 'mrt', 4: 'group' },
};
const RAW_BASES = ['', 'll', 'nh', 'th', 'ih'];

function payloadText(d: Map<number, Buffer>): string | undefined {
  const desc = u32(d.get(0));
  if (desc === 0) {
    const base = RAW_BASES[u32(d.get(2)) ?? 0];
    return base ? `@${base},${u32(d.get(3)) ?? 0},${u32(d.get(4)) ?? 0}` : undefined;
  }
  const name = desc !== undefined ? DESCS[desc] : undefined;
  const n = u32(d.get(1));
  if (!name || n === undefined) return undefined;
  const field = FIELD_NUMBERS[name]?.[n] ?? PROTOCOLS[name]?.fields[n - 1]?.name;
  return field ? `${name} ${field}` : undefined;
}

/** The `typeof` expression of a set's key, from its userdata; undefined when it was declared by type. */
export function typeofText(userdata: string | undefined): string | undefined {
  if (userdata === undefined) return undefined;
  const key = udata(Buffer.from(userdata, 'hex')).get(3); // NFTNL_UDATA_SET_KEY_TYPEOF
  if (!key) return undefined;
  const t = udata(key);
  const expr = u32(t.get(0));
  const data = t.get(1);
  if (!data) return undefined;
  const d = udata(data);
  if (expr === 7) return payloadText(d);
  if (expr === 9) { const k = u32(d.get(0)); return k !== undefined ? metaText(metaKeyName(k)) : undefined; }
  if (expr === 12) {
    const k = u32(d.get(0));
    const dir = u32(d.get(1));
    if (k === undefined) return undefined;
    return `ct ${dir === 0 ? 'original ' : dir === 1 ? 'reply ' : ''}${ctKeyName(k)}`;
  }
  return undefined;
}

/** Whether the set was declared by a raw payload (`typeof @nh,16,16`): its elements print in hex. */
export function typeofIsRaw(userdata: string | undefined): boolean {
  return typeofText(userdata)?.startsWith('@') ?? false;
}
