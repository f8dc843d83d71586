// Stateful objects as `nft list table` prints them (counter, quota, limit, ct helper, ct timeout,
// ct expectation, synproxy) and as `nft -j` lists them, from NFTA_OBJ_DATA.
import { type Attribute, netfilterCodec, parseAttributes } from '../../../netlink/index.js';
import type { NftObject } from '../object.js';
import type { Json } from './context.js';
import { L4_PROTOCOLS } from './datatypes.js';
import { byteUnit } from '../expressions/quota.js';
import { durationText } from './set-types.js';

const attrs = (hex: string | undefined): Map<number, Attribute> =>
  new Map(hex ? parseAttributes(Buffer.from(hex, 'hex'), 0, hex.length / 2, 'NFTA_OBJ_DATA').map((a) => [a.type, a]) : []);
const u8 = (m: Map<number, Attribute>, t: number): number | undefined => (m.has(t) ? netfilterCodec.u8(m.get(t)!) : undefined);
const u16 = (m: Map<number, Attribute>, t: number): number | undefined => (m.has(t) ? m.get(t)!.value.readUInt16BE(0) : undefined);
const u32 = (m: Map<number, Attribute>, t: number): number | undefined => (m.has(t) ? netfilterCodec.u32(m.get(t)!) : undefined);
const u64 = (m: Map<number, Attribute>, t: number): number | undefined => (m.has(t) ? netfilterCodec.u64n(m.get(t)!) : undefined);
const l3 = (v: number | undefined): string => (v === 2 ? 'ip' : v === 10 ? 'ip6' : v === 1 ? 'inet' : String(v));
const l4 = (v: number | undefined): string => (v === undefined ? '?' : L4_PROTOCOLS[v] ?? String(v));

/** Conntrack timeout policy states per protocol (CTA_TIMEOUT_*_ attribute order) and the kernel's defaults (s). */
const TIMEOUT_STATES: Readonly<Record<number, ReadonlyArray<[string, number]>>> = {
  6: [['syn_sent', 120], ['syn_recv', 60], ['established', 432000], ['fin_wait', 120], ['close_wait', 60], ['last_ack', 30],
    ['time_wait', 120], ['close', 10], ['syn_sent2', 120], ['retrans', 300], ['unacknowledged', 300]],
  17: [['unreplied', 30], ['replied', 120]],
};
const PER: Readonly<Record<number, string>> = { 1: 'second', 60: 'minute', 3600: 'hour', 86400: 'day', 604800: 'week' };

/** One object's block lines (without the header) and its JSON fields beyond family/name/table/handle. */
function body(o: NftObject): { lines: string[]; json: { [k: string]: Json } } | undefined {
  const m = attrs(o.data);
  switch (o.typeName) {
    case 'counter': return { lines: [`packets ${o.counter?.packets ?? 0} bytes ${o.counter?.bytes ?? 0}`], json: { packets: o.counter?.packets ?? 0, bytes: o.counter?.bytes ?? 0 } };
    case 'quota': { // NFTA_QUOTA_BYTES 1, FLAGS 2, CONSUMED 4
      const bytes = u64(m, 1) ?? 0;
      const inv = ((u32(m, 2) ?? 0) & 1) !== 0;
      const used = u64(m, 4) ?? 0;
      const [v, unit] = byteUnit(bytes);
      const u = used ? byteUnit(used) : undefined;
      return { lines: [`${inv ? 'over ' : ''}${v} ${unit}${u ? ` used ${u[0]} ${u[1]}` : ''}`], json: { bytes, used, inv } };
    }
    case 'limit': { // NFTA_LIMIT_RATE 1, UNIT 2, BURST 3, TYPE 4, FLAGS 5
      const rate = u64(m, 1) ?? 0;
      const per = PER[u64(m, 2) ?? 1] ?? 'second';
      const burst = u32(m, 3) ?? 0;
      const inv = ((u32(m, 5) ?? 0) & 1) !== 0;
      if ((u32(m, 4) ?? 0) !== 0) return undefined; // byte rates: not rendered yet
      return { lines: [`rate ${inv ? 'over ' : ''}${rate}/${per}${burst !== 5 && burst !== 0 ? ` burst ${burst} packets` : ''}`], json: { rate, per, burst, ...(inv ? { inv: true } : {}) } };
    }
    case 'ct helper': { // NFTA_CT_HELPER_NAME 1, L3PROTO 2, L4PROTO 3
      const name = m.has(1) ? netfilterCodec.string(m.get(1)!) : '';
      return { lines: [`type ${JSON.stringify(name)} protocol ${l4(u8(m, 3))}`, `l3proto ${l3(u16(m, 2))}`], json: { type: name, protocol: l4(u8(m, 3)), l3proto: l3(u16(m, 2)) } };
    }
    case 'ct timeout': { // NFTA_CT_TIMEOUT_L3PROTO 1, L4PROTO 2, DATA 3 (one u32 per state)
      const proto = u8(m, 2);
      const states = TIMEOUT_STATES[proto ?? -1];
      if (!states || !m.has(3)) return undefined;
      const policy: { [k: string]: Json } = {};
      for (const a of parseAttributes(m.get(3)!.value, 0, m.get(3)!.value.length, 'ct timeout policy')) {
        const st = states[a.type - 1];
        const v = netfilterCodec.u32(a);
        if (st && v !== st[1]) policy[st[0]] = v;
      }
      const text = Object.entries(policy).map(([k, v]) => `${k} : ${String(v)}`).join(', ');
      return { lines: [`protocol ${l4(proto)}`, `l3proto ${l3(u16(m, 1))}`, `policy = { ${text} }`], json: { protocol: l4(proto), l3proto: l3(u16(m, 1)), policy } };
    }
    case 'ct expectation': { // L3PROTO 1, L4PROTO 2, DPORT 3, TIMEOUT 4 (ms), SIZE 5
      const timeout = m.has(4) ? m.get(4)!.value.readUInt32LE(0) : 0; // NFTA_CT_EXPECT_TIMEOUT is in host byte order
      return {
        lines: [`protocol ${l4(u8(m, 2))}`, `dport ${u16(m, 3) ?? 0}`, `timeout ${durationText(timeout)}`, `size ${u8(m, 5) ?? 0}`, `l3proto ${l3(u16(m, 1))}`],
        json: { protocol: l4(u8(m, 2)), dport: u16(m, 3) ?? 0, timeout, size: u8(m, 5) ?? 0, l3proto: l3(u16(m, 1)) },
      };
    }
    case 'synproxy': { // NFTA_SYNPROXY_MSS 1, WSCALE 2, FLAGS 3
      const flags = u32(m, 3) ?? 0;
      const opts = [...(flags & 0x08 ? ['timestamp'] : []), ...(flags & 0x04 ? ['sack-perm'] : [])];
      return {
        lines: [`mss ${u16(m, 1) ?? 0}`, `wscale ${u8(m, 2) ?? 0}`, ...(opts.length ? [opts.join(' ')] : [])],
        json: { mss: u16(m, 1) ?? 0, wscale: u8(m, 2) ?? 0, ...(opts.length ? { flags: opts } : {}) },
      };
    }
    default: return undefined;
  }
}

/** The object's block in `nft list` (`counter c1 {`, its lines, `}`), or undefined for a type not rendered. */
export function renderObject(o: NftObject): string[] | undefined {
  const b = body(o);
  return b && o.typeName ? [`${o.typeName} ${o.name} {`, ...b.lines.map((l) => `\t${l}`), '}'] : undefined;
}

/** The object as `nft -j` lists it: {"counter": {family, name, table, handle, packets, bytes}}. */
export function objectJson(o: NftObject): { kind: string; body: Json } | undefined {
  const b = body(o);
  if (!b || !o.typeName) return undefined;
  return { kind: o.typeName, body: { family: o.family, name: o.name, table: o.table, ...(o.handle !== undefined ? { handle: o.handle } : {}), ...b.json } };
}
