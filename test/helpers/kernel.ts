// Netlink header values for frames that tests build by hand, written as the UAPI headers define them
// (linux/netlink.h). Tests use these, not the library's own constants, so that a wrong constant in the
// library cannot hide behind a test built from the same wrong value; constants-pinned.test.ts checks these.
export const NLMSG_NOOP = 0x1; // NLMSG_NOOP
export const NLMSG_ERROR = 0x2; // NLMSG_ERROR
export const NLMSG_DONE = 0x3; // NLMSG_DONE
export const NLMSG_MIN_TYPE = 0x10; // NLMSG_MIN_TYPE

export const NLM_F_REQUEST = 0x01; // NLM_F_REQUEST
export const NLM_F_MULTI = 0x02; // NLM_F_MULTI
export const NLM_F_ACK = 0x04; // NLM_F_ACK
export const NLM_F_DUMP_INTR = 0x10; // NLM_F_DUMP_INTR
export const NLM_F_DUMP = 0x300; // NLM_F_DUMP
export const NLM_F_EXCL = 0x200; // NLM_F_EXCL
export const NLM_F_CREATE = 0x400; // NLM_F_CREATE
export const NLM_F_CAPPED = 0x100; // NLM_F_CAPPED
export const NLM_F_ACK_TLVS = 0x200; // NLM_F_ACK_TLVS

export const NLMSGERR_ATTR_MSG = 1; // NLMSGERR_ATTR_MSG
export const NLMSGERR_ATTR_OFFS = 2; // NLMSGERR_ATTR_OFFS
export const NLMSGERR_ATTR_MISS_TYPE = 5; // NLMSGERR_ATTR_MISS_TYPE
