// Fixed-size kernel structs shared by every family, as TypeScript shapes. Hot paths read fields at plain
// offsets (constants.ts); test/helpers/layouts.ts declares the same structs with buffer-layout and the
// codec tests compare the two, so the package needs no layout library at run time.
/** struct nlmsghdr (linux/netlink.h). Host byte order. */
export interface NlMsgHdr {
  len: number; // nlmsg_len
  type: number; // nlmsg_type
  flags: number; // nlmsg_flags
  seq: number; // nlmsg_seq
  pid: number; // nlmsg_pid
}

/** struct nlattr (linux/netlink.h). */
export interface NlAttrHdr {
  len: number; // nla_len
  type: number; // nla_type (with NLA_F_NESTED / NLA_F_NET_BYTEORDER)
}

/** struct sockaddr_nl (linux/netlink.h). */
export interface SockaddrNl {
  family: number; // nl_family
  pad: number; // nl_pad
  pid: number; // nl_pid
  groups: number; // nl_groups
}
