// ct: load conntrack state of the packet's connection (NFTA_CT_DREG) or set it (NFTA_CT_SREG: zone, mark).
import { ValidationError } from '../../../netlink/index.js';
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import type { CtExpr } from './types.js';
import type { DataType } from '../render/datatypes.js';
import type { Json, RenderContext } from '../render/context.js';

const A = { DREG: 1, KEY: 2, DIRECTION: 3, SREG: 4 } as const; // NFTA_CT_DREG, _KEY, _DIRECTION, _SREG

/** How a ct key is encoded: its number (NFT_CT_*), data type, length and byte order. */
export interface CtKeyInfo { key: number; type: DataType; len: number; hostOrder: boolean }
/** enum nft_ct_keys, with what each value is. `saddr`/`daddr` take their type from the family. */
export const CT_KEYS: Readonly<Record<string, CtKeyInfo>> = {
  state: { key: 0, type: 'ct_state', len: 4, hostOrder: true }, // NFT_CT_STATE
  direction: { key: 1, type: 'ct_dir', len: 1, hostOrder: true }, // NFT_CT_DIRECTION
  status: { key: 2, type: 'ct_status', len: 4, hostOrder: true }, // NFT_CT_STATUS
  mark: { key: 3, type: 'mark', len: 4, hostOrder: true }, // NFT_CT_MARK
  secmark: { key: 4, type: 'integer', len: 4, hostOrder: true }, // NFT_CT_SECMARK
  expiration: { key: 5, type: 'duration', len: 4, hostOrder: true }, // NFT_CT_EXPIRATION
  helper: { key: 6, type: 'ifname', len: 16, hostOrder: false }, // NFT_CT_HELPER
  l3proto: { key: 7, type: 'nf_proto', len: 1, hostOrder: true }, // NFT_CT_L3PROTOCOL
  saddr: { key: 8, type: 'ipv4_addr', len: 4, hostOrder: false }, // NFT_CT_SRC
  daddr: { key: 9, type: 'ipv4_addr', len: 4, hostOrder: false }, // NFT_CT_DST
  protocol: { key: 10, type: 'inet_proto', len: 1, hostOrder: true }, // NFT_CT_PROTOCOL
  'proto-src': { key: 11, type: 'inet_service', len: 2, hostOrder: false }, // NFT_CT_PROTO_SRC
  'proto-dst': { key: 12, type: 'inet_service', len: 2, hostOrder: false }, // NFT_CT_PROTO_DST
  label: { key: 13, type: 'ct_label', len: 16, hostOrder: true }, // NFT_CT_LABELS
  packets: { key: 14, type: 'integer', len: 8, hostOrder: true }, // NFT_CT_PKTS
  bytes: { key: 15, type: 'integer', len: 8, hostOrder: true }, // NFT_CT_BYTES
  avgpkt: { key: 16, type: 'integer', len: 8, hostOrder: true }, // NFT_CT_AVGPKT
  zone: { key: 17, type: 'integer', len: 2, hostOrder: true }, // NFT_CT_ZONE
  event: { key: 18, type: 'ct_event', len: 4, hostOrder: true }, // NFT_CT_EVENTMASK
  'ip saddr': { key: 19, type: 'ipv4_addr', len: 4, hostOrder: false }, // NFT_CT_SRC_IP
  'ip daddr': { key: 20, type: 'ipv4_addr', len: 4, hostOrder: false }, // NFT_CT_DST_IP
  'ip6 saddr': { key: 21, type: 'ipv6_addr', len: 16, hostOrder: false }, // NFT_CT_SRC_IP6
  'ip6 daddr': { key: 22, type: 'ipv6_addr', len: 16, hostOrder: false }, // NFT_CT_DST_IP6
  id: { key: 23, type: 'integer', len: 4, hostOrder: false }, // NFT_CT_ID
};
const BY_NUMBER = new Map(Object.entries(CT_KEYS).map(([n, i]) => [i.key, n]));
export const ctKeyName = (n: number): string => BY_NUMBER.get(n) ?? `key${n}`;
const DIRS = ['original', 'reply'] as const; // IP_CT_DIR_ORIGINAL, IP_CT_DIR_REPLY

export function ctKeyNumber(key: string): number {
  const info = CT_KEYS[key];
  if (info) return info.key;
  const m = /^key(\d+)$/.exec(key);
  if (m) return Number(m[1]);
  throw new ValidationError('ct key', `'${key}' is not a ct key nft knows (nor keyN)`);
}

function info(e: CtExpr, ctx: RenderContext): CtKeyInfo {
  const i = CT_KEYS[e.key] ?? { key: 0, type: 'hex', len: 4, hostOrder: true };
  if ((e.key === 'saddr' || e.key === 'daddr') && ctx.family === 'ip6') return { ...i, type: 'ipv6_addr', len: 16 };
  return i;
}

/** `ct original ip saddr`: with a direction, nft names the address by the table's family. */
function text(e: CtExpr, family?: string): string {
  const key = e.direction && (e.key === 'saddr' || e.key === 'daddr') && (family === 'ip' || family === 'ip6') ? `${family} ${e.key}` : e.key;
  return `ct ${e.direction ? `${e.direction} ` : ''}${key}`;
}
const json = (e: CtExpr): Json => ({ ct: { key: e.key, ...(e.direction ? { dir: e.direction } : {}) } });

export const ct = defineExpression<CtExpr>({
  name: 'ct',
  encode(e, w) {
    w.u32(A.KEY, ctKeyNumber(e.key));
    if (e.dreg !== undefined) w.u32(A.DREG, e.dreg);
    if (e.direction !== undefined) w.u8(A.DIRECTION, DIRS.indexOf(e.direction));
    if (e.sreg !== undefined) w.u32(A.SREG, e.sreg);
  },
  decode(attrs) {
    const r = new ExprReader('ct', attrs, Object.values(A));
    const n = r.u32(A.KEY);
    const out: CtExpr = { kind: 'ct', key: BY_NUMBER.get(n) ?? `key${n}` };
    if (r.has(A.DREG)) out.dreg = r.u32(A.DREG);
    if (r.has(A.SREG)) out.sreg = r.u32(A.SREG);
    if (r.has(A.DIRECTION)) {
      const d = DIRS[r.u8(A.DIRECTION)];
      if (d === undefined) throw new UnmodelledAttribute('ct expression', 'ct direction value');
      out.direction = d;
    }
    return out;
  },
  render(e, ctx) {
    const i = info(e, ctx);
    if (e.dreg !== undefined) ctx.load(e.dreg, { text: text(e, ctx.family), json: json(e), type: i.type, hostOrder: i.hostOrder, len: i.len });
    else if (e.sreg !== undefined) {
      ctx.emit(`${text(e, ctx.family)} set ${ctx.source(e.sreg, i.type, i.hostOrder)}`, { mangle: { key: json(e), value: ctx.sourceJson(e.sreg, i.type, i.hostOrder) } });
    }
  },
});
