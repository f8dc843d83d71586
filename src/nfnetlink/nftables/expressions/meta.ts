// meta: load packet metadata into a register (NFTA_META_DREG) or set it from one (NFTA_META_SREG).
import { ValidationError } from '../../../netlink/index.js';
import { defineExpression } from './codec.js';
import { ExprReader } from './reader.js';
import type { MetaExpr } from './types.js';
import type { DataType } from '../render/datatypes.js';
import type { RegValue } from '../render/context.js';

const A = { DREG: 1, KEY: 2, SREG: 3 } as const; // NFTA_META_DREG, NFTA_META_KEY, NFTA_META_SREG

/** How a meta key is encoded: its number (NFT_META_*), data type, length and byte order. */
export interface MetaKeyInfo { key: number; type: DataType; len: number; hostOrder: boolean }

/** enum nft_meta_keys, with the data type, length and byte order of each value. */
export const META_KEYS: Readonly<Record<string, MetaKeyInfo>> = {
  length: { key: 0, type: 'integer', len: 4, hostOrder: true }, // NFT_META_LEN
  protocol: { key: 1, type: 'ether_type', len: 2, hostOrder: false }, // NFT_META_PROTOCOL
  priority: { key: 2, type: 'tc_handle', len: 4, hostOrder: true }, // NFT_META_PRIORITY
  mark: { key: 3, type: 'mark', len: 4, hostOrder: true }, // NFT_META_MARK
  iif: { key: 4, type: 'iface_index', len: 4, hostOrder: true }, // NFT_META_IIF
  oif: { key: 5, type: 'iface_index', len: 4, hostOrder: true }, // NFT_META_OIF
  iifname: { key: 6, type: 'ifname', len: 16, hostOrder: false }, // NFT_META_IIFNAME
  oifname: { key: 7, type: 'ifname', len: 16, hostOrder: false }, // NFT_META_OIFNAME
  iiftype: { key: 8, type: 'iface_type', len: 2, hostOrder: true }, // NFT_META_IIFTYPE
  oiftype: { key: 9, type: 'iface_type', len: 2, hostOrder: true }, // NFT_META_OIFTYPE
  skuid: { key: 10, type: 'uid', len: 4, hostOrder: true }, // NFT_META_SKUID
  skgid: { key: 11, type: 'gid', len: 4, hostOrder: true }, // NFT_META_SKGID
  nftrace: { key: 12, type: 'integer', len: 1, hostOrder: true }, // NFT_META_NFTRACE
  rtclassid: { key: 13, type: 'realm', len: 4, hostOrder: true }, // NFT_META_RTCLASSID
  secmark: { key: 14, type: 'integer', len: 4, hostOrder: true }, // NFT_META_SECMARK
  nfproto: { key: 15, type: 'nf_proto', len: 1, hostOrder: true }, // NFT_META_NFPROTO
  l4proto: { key: 16, type: 'inet_proto', len: 1, hostOrder: true }, // NFT_META_L4PROTO
  ibrname: { key: 17, type: 'ifname', len: 16, hostOrder: false }, // NFT_META_BRI_IIFNAME
  obrname: { key: 18, type: 'ifname', len: 16, hostOrder: false }, // NFT_META_BRI_OIFNAME
  pkttype: { key: 19, type: 'pkttype', len: 1, hostOrder: true }, // NFT_META_PKTTYPE
  cpu: { key: 20, type: 'integer', len: 4, hostOrder: true }, // NFT_META_CPU
  iifgroup: { key: 21, type: 'devgroup', len: 4, hostOrder: true }, // NFT_META_IIFGROUP
  oifgroup: { key: 22, type: 'devgroup', len: 4, hostOrder: true }, // NFT_META_OIFGROUP
  cgroup: { key: 23, type: 'integer', len: 4, hostOrder: true }, // NFT_META_CGROUP
  random: { key: 24, type: 'integer', len: 4, hostOrder: false }, // NFT_META_PRANDOM
  ipsec: { key: 25, type: 'boolean', len: 1, hostOrder: true }, // NFT_META_SECPATH (nft's `meta ipsec`)
  iifkind: { key: 26, type: 'ifname', len: 16, hostOrder: false }, // NFT_META_IIFKIND
  oifkind: { key: 27, type: 'ifname', len: 16, hostOrder: false }, // NFT_META_OIFKIND
  time: { key: 30, type: 'time', len: 8, hostOrder: true }, // NFT_META_TIME_NS
  day: { key: 31, type: 'day', len: 1, hostOrder: true }, // NFT_META_TIME_DAY
  hour: { key: 32, type: 'hour', len: 4, hostOrder: true }, // NFT_META_TIME_HOUR
  sdif: { key: 33, type: 'iface_index', len: 4, hostOrder: true }, // NFT_META_SDIF
  sdifname: { key: 34, type: 'ifname', len: 16, hostOrder: false }, // NFT_META_SDIFNAME
};
const BY_NUMBER = new Map(Object.entries(META_KEYS).map(([name, i]) => [i.key, name]));
/** Keys nft prints without the `meta` keyword. */
const UNQUALIFIED = new Set(['iif', 'oif', 'iifname', 'oifname', 'iifgroup', 'oifgroup']);

export function metaKeyNumber(key: string): number {
  const info = META_KEYS[key];
  if (info) return info.key;
  const m = /^key(\d+)$/.exec(key);
  if (m) return Number(m[1]);
  throw new ValidationError('meta key', `'${key}' is not a meta key nft knows (nor keyN)`);
}
export const metaKeyName = (n: number): string => BY_NUMBER.get(n) ?? `key${n}`;
export const metaText = (key: string): string => (UNQUALIFIED.has(key) ? key : `meta ${key}`);

/** Meta keys whose equality states a layer's protocol, hidden by nft when a later match implies it. */
const DEFINES: Readonly<Record<string, NonNullable<RegValue['defines']>>> = {
  iiftype: { layer: 'll', removable: true, kind: 'meta iiftype' },
  protocol: { layer: 'nh', removable: true, kind: 'meta protocol' },
  nfproto: { layer: 'nh', removable: true, kind: 'meta nfproto', normalise: (v) => (v === 2 ? 0x0800 : v === 10 ? 0x86dd : -1) },
  l4proto: { layer: 'th', removable: true, kind: 'meta l4proto' },
};

export const meta = defineExpression<MetaExpr>({
  name: 'meta',
  encode(e, w) {
    // nft writes the key first, then the register.
    w.u32(A.KEY, metaKeyNumber(e.key));
    if (e.dreg !== undefined) w.u32(A.DREG, e.dreg);
    if (e.sreg !== undefined) w.u32(A.SREG, e.sreg);
  },
  decode(attrs) {
    const r = new ExprReader('meta', attrs, [A.DREG, A.KEY, A.SREG]);
    const out: MetaExpr = { kind: 'meta', key: metaKeyName(r.u32(A.KEY)) };
    if (r.has(A.DREG)) out.dreg = r.u32(A.DREG);
    if (r.has(A.SREG)) out.sreg = r.u32(A.SREG);
    return out;
  },
  render(e, ctx) {
    const info = META_KEYS[e.key] ?? { type: 'hex', hostOrder: true, len: 4, key: 0 };
    if (e.dreg !== undefined) {
      ctx.load(e.dreg, {
        text: metaText(e.key), json: { meta: { key: e.key } }, type: info.type, hostOrder: info.hostOrder, len: info.len,
        ...(DEFINES[e.key] ? { defines: DEFINES[e.key] } : {}),
      });
    } else if (e.sreg !== undefined) {
      ctx.emit(`${metaText(e.key)} set ${ctx.source(e.sreg, info.type, info.hostOrder)}`,
        { mangle: { key: { meta: { key: e.key } }, value: ctx.sourceJson(e.sreg, info.type, info.hostOrder) } });
    }
  },
});
