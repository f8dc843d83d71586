// Fixed-size kernel structs shared by every family, declared with buffer-layout.
// Hot paths read fields at these offsets rather than calling decode() (as numbers in offsets.ts, checked
// against these layouts by the codec tests). buffer-layout is CommonJS: require() loads it several times
// faster than an ESM import, which must first scan it for export names.
import { createRequire } from 'node:module';
import type * as BLTypes from '@solana/buffer-layout';

const BL = createRequire(import.meta.url)('@solana/buffer-layout') as typeof BLTypes;

/** struct nlmsghdr (linux/netlink.h). Host byte order. */
export interface NlMsgHdr {
  len: number; // nlmsg_len
  type: number; // nlmsg_type
  flags: number; // nlmsg_flags
  seq: number; // nlmsg_seq
  pid: number; // nlmsg_pid
}
export const nlmsghdrLayout = BL.struct<NlMsgHdr>([
  BL.u32('len'), BL.u16('type'), BL.u16('flags'), BL.u32('seq'), BL.u32('pid'),
]);

/** struct nlattr (linux/netlink.h). */
export interface NlAttrHdr {
  len: number; // nla_len
  type: number; // nla_type (with NLA_F_NESTED / NLA_F_NET_BYTEORDER)
}
export const nlattrLayout = BL.struct<NlAttrHdr>([BL.u16('len'), BL.u16('type')]);

/** struct sockaddr_nl (linux/netlink.h). */
export interface SockaddrNl {
  family: number; // nl_family
  pad: number; // nl_pad
  pid: number; // nl_pid
  groups: number; // nl_groups
}
export const sockaddrNlLayout = BL.struct<SockaddrNl>([
  BL.u16('family'), BL.u16('pad'), BL.u32('pid'), BL.u32('groups'),
]);

/** Offsets of nlmsghdr fields, taken from the layout so the two cannot disagree. */
export const NLMSGHDR_OFFSETS = {
  len: nlmsghdrLayout.offsetOf('len') ?? 0,
  type: nlmsghdrLayout.offsetOf('type') ?? 4,
  flags: nlmsghdrLayout.offsetOf('flags') ?? 6,
  seq: nlmsghdrLayout.offsetOf('seq') ?? 8,
  pid: nlmsghdrLayout.offsetOf('pid') ?? 12,
} as const;
