// Payload fields for JSON apply, from the same header table the renderer names them with
// (render/fields.ts PROTOCOLS): the load nft makes for a field (the bytes covering it, masked when it is not
// byte-aligned) and the dependencies nft puts in front of it, per table family (observed with
// `nft --debug=netlink` 1.0.6).
import { type Family, NfProto } from '../constants.js';
import type { Expression } from '../expressions/types.js';
import { PROTOCOLS, type Header, type HeaderField } from '../render/fields.js';
import { L4_PROTOCOLS } from '../render/datatypes.js';
import { R1, fail, hex, uint } from './common.js';

const ETH_P = { IP: 0x0800, ARP: 0x0806, IPV6: 0x86dd, VLAN: 0x8100 } as const; // ETH_P_* (if_ether.h)
const ARPHRD_ETHER = 1; // if_arp.h
export const PROTO_NUMBER: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(L4_PROTOCOLS).map(([n, name]) => [name, Number(n)]));
// nft names the transport headers a bit differently from /etc/protocols.
const L4_OF_HEADER: Readonly<Record<string, number>> = { ...PROTO_NUMBER, icmpv6: 58, comp: 108 };

/** What a rule has established so far, so a dependency is not repeated. */
export interface DependencyState { nfproto?: number; l4?: number; etherType?: number; iiftype?: boolean; icmpType?: number }

/** How a field is loaded: which bytes, and the shift/mask of a field that does not fill them. */
export interface FieldLoad { header: Header; field: HeaderField; offset: number; len: number; shift: number; mask?: Buffer }

export function fieldLoad(proto: string, name: string): FieldLoad {
  const header = PROTOCOLS[proto] ?? fail('payload', `protocol ${proto} is not known`);
  const field = header.fields.find((f) => f.name === name) ?? fail('payload', `${proto} ${name} is not known`);
  const first = Math.floor(field.bit / 8);
  const len = Math.ceil((field.bit + field.bits) / 8) - first;
  const shift = len * 8 - (field.bit - first * 8) - field.bits;
  const aligned = shift === 0 && field.bits === len * 8;
  const mask = aligned ? undefined : uint(((1n << BigInt(field.bits)) - 1n) << BigInt(shift), len, false);
  return { header, field, offset: header.at + first, len, shift, ...(mask ? { mask } : {}) };
}

const cmpEq = (data: Buffer): Expression => ({ kind: 'cmp', sreg: R1, op: 'eq', data: hex(data) });
const meta = (key: string): Expression => ({ kind: 'meta', key, dreg: R1 });

/** The expressions nft puts before a load of `proto` in a table of `family`, given what is established. */
export function dependencies(family: Family, proto: string, st: DependencyState): Expression[] {
  const out: Expression[] = [];
  const header = PROTOCOLS[proto]!;
  const etherType = (t: number, viaMeta: boolean): void => {
    if (st.etherType === t) return;
    if (viaMeta) out.push(meta('protocol'), cmpEq(uint(t, 2, false)));
    else out.push({ kind: 'payload', base: 'll', offset: 12, len: 2, dreg: R1 }, cmpEq(uint(t, 2, false)));
    st.etherType = t;
  };
  const nfproto = (p: number): void => {
    if (st.nfproto === p) return;
    out.push(meta('nfproto'), cmpEq(Buffer.from([p])));
    st.nfproto = p;
  };
  if (header.base === 'll') {
    if (family !== 'bridge' && !st.iiftype) { out.push(meta('iiftype'), cmpEq(uint(ARPHRD_ETHER, 2, true))); st.iiftype = true; }
    if (proto === 'vlan') etherType(ETH_P.VLAN, false);
    return out;
  }
  if (header.base === 'network') {
    const t = proto === 'ip' ? ETH_P.IP : proto === 'ip6' ? ETH_P.IPV6 : ETH_P.ARP;
    if (family === 'inet' && proto !== 'arp') nfproto(proto === 'ip' ? NfProto.IPV4 : NfProto.IPV6);
    else if (family === 'bridge') etherType(t, proto !== 'arp');
    else if (family === 'netdev') etherType(t, true);
    else if ((family === 'ip' && proto !== 'ip') || (family === 'ip6' && proto !== 'ip6') || (family === 'arp' && proto !== 'arp')) {
      fail('payload', `${proto} in a table of family ${family}`);
    }
    return out;
  }
  if (proto === 'th') return out;
  // Transport headers that exist for one IP version only bring that version's dependency first.
  const v = proto === 'icmp' || proto === 'igmp' ? 'ip' : proto === 'icmpv6' ? 'ip6' : undefined;
  if (v && family === 'inet') nfproto(v === 'ip' ? NfProto.IPV4 : NfProto.IPV6);
  else if (v && (family === 'bridge' || family === 'netdev')) etherType(v === 'ip' ? ETH_P.IP : ETH_P.IPV6, family === 'netdev');
  const l4 = L4_OF_HEADER[proto] ?? fail('payload', `protocol ${proto} has no protocol number`);
  if (st.l4 !== l4) { out.push(meta('l4proto'), cmpEq(Buffer.from([l4]))); st.l4 = l4; }
  return out;
}
