// Stateful objects of nft's JSON ({"counter": {...}}, {"quota": ...}, {"ct helper": ...}, ...) as NEWOBJ
// models: the reverse of render/objects.ts, attribute by attribute (numbers from nf_tables.h beside them).
import { netfilterCodec } from '../../../netlink/index.js';
import { type Family, OBJECT_TYPES } from '../constants.js';
import type { NftObject, ObjectTypeName } from '../object.js';
import { LIMIT_UNITS } from '../expressions/limit.js';
import { type J, type Obj, fail, num, str } from './common.js';
import { PROTO_NUMBER } from './payload.js';

const L3: Readonly<Record<string, number>> = { ip: 2, ip6: 10, inet: 1 }; // NFPROTO_IPV4, NFPROTO_IPV6, NFPROTO_INET
/** Conntrack timeout policy states per protocol, in CTA_TIMEOUT_* attribute order (as render/objects.ts lists them). */
const TIMEOUT_STATES: Readonly<Record<number, readonly string[]>> = {
  6: ['syn_sent', 'syn_recv', 'established', 'fin_wait', 'close_wait', 'last_ack', 'time_wait', 'close', 'syn_sent2', 'retrans', 'unacknowledged'],
  17: ['unreplied', 'replied'],
};
const SYNPROXY_FLAGS: Readonly<Record<string, number>> = { timestamp: 0x08, 'sack-perm': 0x04 }; // NF_SYNPROXY_OPT_TIMESTAMP, _SACK_PERM

const l3 = (v: J): number => L3[str(v ?? 'ip', 'l3proto')] ?? fail('l3proto', String(v));
const l4 = (v: J): number => (typeof v === 'number' ? v : PROTO_NUMBER[str(v, 'protocol')] ?? fail('protocol', String(v)));

/** NFTA_OBJ_DATA of a stateful object of `kind` from its JSON fields, or undefined for a kind not modelled. */
function objectData(kind: string, b: Obj): Buffer | undefined {
  const w = netfilterCodec.writer(64);
  switch (kind) {
    case 'quota': // NFTA_QUOTA_BYTES 1, FLAGS 2 (NFT_QUOTA_F_INV 1), CONSUMED 4
      w.u64(1, num(b.bytes, 'quota bytes')).u32(2, b.inv === true ? 1 : 0);
      if (b.used !== undefined && b.used !== 0) w.u64(4, num(b.used, 'quota used'));
      break;
    case 'limit': { // NFTA_LIMIT_RATE 1, UNIT 2, BURST 3, TYPE 4 (NFT_LIMIT_PKTS 0), FLAGS 5 (NFT_LIMIT_F_INV 1)
      const unit = LIMIT_UNITS[b.per === undefined ? 'second' : str(b.per, 'limit per')] ?? fail('limit per', String(b.per));
      w.u64(1, num(b.rate, 'limit rate')).u64(2, unit).u32(3, b.burst === undefined ? 0 : num(b.burst, 'limit burst')).u32(4, 0).u32(5, b.inv === true ? 1 : 0);
      break;
    }
    case 'ct helper': // NFTA_CT_HELPER_NAME 1, L3PROTO 2, L4PROTO 3
      w.string(1, str(b.type, 'ct helper type')).u16be(2, l3(b.l3proto)).u8(3, l4(b.protocol));
      break;
    case 'ct timeout': { // NFTA_CT_TIMEOUT_L3PROTO 1, L4PROTO 2, DATA 3 (CTA_TIMEOUT_<state> = index + 1)
      const proto = l4(b.protocol);
      const states = TIMEOUT_STATES[proto] ?? fail('ct timeout', `protocol ${String(b.protocol)} is not supported`);
      const policy = (b.policy ?? {}) as Obj;
      w.u16be(1, l3(b.l3proto)).u8(2, proto).nested(3, (d) => {
        for (const [k, v] of Object.entries(policy)) {
          const i = states.indexOf(k);
          if (i < 0) fail('ct timeout policy', `'${k}'`);
          d.u32(i + 1, num(v, `ct timeout ${k}`));
        }
      });
      break;
    }
    case 'ct expectation': { // NFTA_CT_EXPECT_L3PROTO 1, L4PROTO 2, DPORT 3, TIMEOUT 4 (ms, host order), SIZE 5
      const timeout = Buffer.alloc(4);
      timeout.writeUInt32LE(num(b.timeout, 'ct expectation timeout'));
      w.u16be(1, l3(b.l3proto)).u8(2, l4(b.protocol)).u16be(3, num(b.dport, 'ct expectation dport')).bytes(4, timeout).u8(5, num(b.size, 'ct expectation size'));
      break;
    }
    case 'synproxy': { // NFTA_SYNPROXY_MSS 1, WSCALE 2, FLAGS 3
      const flags = (Array.isArray(b.flags) ? b.flags : b.flags === undefined ? [] : [b.flags])
        .reduce<number>((f, n) => f | (SYNPROXY_FLAGS[str(n, 'synproxy flag')] ?? fail('synproxy flag', String(n))), 0);
      w.u16be(1, num(b.mss, 'synproxy mss')).u8(2, num(b.wscale, 'synproxy wscale')).u32(3, flags);
      break;
    }
    default: return undefined;
  }
  return w.finish();
}

/** The object a JSON item of `kind` describes (kind is a stateful object type name), or undefined if it is none. */
export function objectFromJson(kind: string, b: Obj, family: Family): NftObject | undefined {
  const type = (OBJECT_TYPES as Readonly<Record<string, number>>)[kind];
  if (type === undefined) return undefined;
  const base = { family, table: str(b.table, `${kind} table`), name: str(b.name, `${kind} name`), type, typeName: kind as ObjectTypeName,
    ...(b.comment !== undefined ? { comment: str(b.comment, `${kind} comment`) } : {}) };
  if (kind === 'counter') return { ...base, counter: { packets: b.packets === undefined ? 0 : num(b.packets, 'counter packets'), bytes: b.bytes === undefined ? 0 : num(b.bytes, 'counter bytes') } };
  const data = objectData(kind, b);
  if (!data) return fail(kind, 'this object type is not supported by JSON apply');
  return { ...base, data: data.toString('hex') };
}
