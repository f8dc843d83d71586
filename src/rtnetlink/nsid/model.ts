// Namespace ids (RTM_GETNSID / RTM_NEWNSID, linux/net_namespace.h): the number under which one network
// namespace knows another, as in a veth's IFLA_LINK_NETNSID.
import type { Attribute } from '../../netlink/attributes.js';

/** The target of an id query: a namespace open as an fd, or a process's namespace. */
export type NsidTarget = { fd: number } | { pid: number };

/** The namespace id the kernel answered (RTM_NEWNSID). */
export interface NsidReply {
  /** The id, or undefined when none is assigned (NETNSA_NSID_NOT_ASSIGNED, e.g. the namespace itself). */
  nsid: number | undefined;
  unknown: Attribute[];
}
