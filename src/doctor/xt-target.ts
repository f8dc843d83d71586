// iptables-nft keeps targets it cannot express natively as nft_compat `target` expressions (our RawExpr
// with name 'target'): NFTA_TARGET_NAME, NFTA_TARGET_REV and NFTA_TARGET_INFO, the xtables struct itself.
// The doctor needs three of them: CT (--zone, --notrack), MASQUERADE and SNAT.
import { endianness } from 'node:os';
import { netfilterCodec, parseAttributes } from '../netlink/index.js';
import type { RawExpr } from '../nfnetlink/nftables/index.js';

const NFTA_TARGET_NAME = 1; // NFTA_TARGET_NAME
const NFTA_TARGET_REV = 2; // NFTA_TARGET_REV
const NFTA_TARGET_INFO = 3; // NFTA_TARGET_INFO
const XT_CT_NOTRACK = 0x1; // XT_CT_NOTRACK (linux/netfilter/xt_CT.h)
const XT_CT_NOTRACK_ALIAS = 0x2; // XT_CT_NOTRACK_ALIAS

export type XtTarget =
  | { target: 'CT'; zone?: number; notrack: boolean }
  | { target: 'MARK'; mark: number; mask: number }
  | { target: 'MASQUERADE' | 'SNAT' }
  | { target: string };

/** The xtables target inside a compat expression, or undefined when it is not one (or cannot be read). */
export function readXtTarget(e: RawExpr): XtTarget | undefined {
  if (e.name !== 'target' || e.data === undefined) return undefined;
  try {
    const attrs = parseAttributes(Buffer.from(e.data, 'hex'), 0, e.data.length / 2, 'xt target');
    const name = attrs.find((a) => a.type === NFTA_TARGET_NAME);
    if (!name) return undefined;
    const target = netfilterCodec.string(name);
    const rev = attrs.find((a) => a.type === NFTA_TARGET_REV);
    const info = attrs.find((a) => a.type === NFTA_TARGET_INFO)?.value;
    const u32 = (at: number): number => (endianness() === 'LE' ? info!.readUInt32LE(at) : info!.readUInt32BE(at));
    // struct xt_mark_tginfo2 (rev 2): __u32 mark, mask; the packet's mark becomes (mark & ~mask) ^ value.
    if (target === 'MARK') return info && info.length >= 8 && rev && netfilterCodec.u32(rev) === 2 ? { target, mark: u32(0), mask: u32(4) } : { target };
    if (target !== 'CT') return { target };
    // struct xt_ct_target_info (rev 0) and _v1 (rev 1, 2) both start with __u16 flags, __u16 zone (host order).
    if (!info || info.length < 4 || (rev && netfilterCodec.u32(rev) > 2)) return { target };
    const u16 = (at: number): number => (endianness() === 'LE' ? info.readUInt16LE(at) : info.readUInt16BE(at));
    const flags = u16(0);
    const zone = u16(2);
    return { target: 'CT', notrack: (flags & (XT_CT_NOTRACK | XT_CT_NOTRACK_ALIAS)) !== 0, ...(zone !== 0 ? { zone } : {}) };
  } catch {
    return undefined;
  }
}
