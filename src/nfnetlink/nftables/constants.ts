// nf_tables constants. Follows /usr/include/linux/netfilter/nf_tables.h, linux/netfilter.h (families,
// hooks), linux/netfilter/nf_nat.h (NAT range flags) and linux/netfilter/nf_log.h (log flags).

/** enum nf_tables_msg_types. */
export const NftMsg = {
  NEWTABLE: 0, // NFT_MSG_NEWTABLE
  GETTABLE: 1, // NFT_MSG_GETTABLE
  DELTABLE: 2, // NFT_MSG_DELTABLE
  NEWCHAIN: 3, // NFT_MSG_NEWCHAIN
  GETCHAIN: 4, // NFT_MSG_GETCHAIN
  DELCHAIN: 5, // NFT_MSG_DELCHAIN
  NEWRULE: 6, // NFT_MSG_NEWRULE
  GETRULE: 7, // NFT_MSG_GETRULE
  DELRULE: 8, // NFT_MSG_DELRULE
  NEWSET: 9, // NFT_MSG_NEWSET
  GETSET: 10, // NFT_MSG_GETSET
  DELSET: 11, // NFT_MSG_DELSET
  NEWSETELEM: 12, // NFT_MSG_NEWSETELEM
  GETSETELEM: 13, // NFT_MSG_GETSETELEM
  DELSETELEM: 14, // NFT_MSG_DELSETELEM
  NEWGEN: 15, // NFT_MSG_NEWGEN
  GETGEN: 16, // NFT_MSG_GETGEN
  TRACE: 17, // NFT_MSG_TRACE
  NEWOBJ: 18, // NFT_MSG_NEWOBJ
  GETOBJ: 19, // NFT_MSG_GETOBJ
  DELOBJ: 20, // NFT_MSG_DELOBJ
  GETOBJ_RESET: 21, // NFT_MSG_GETOBJ_RESET
  NEWFLOWTABLE: 22, // NFT_MSG_NEWFLOWTABLE
  GETFLOWTABLE: 23, // NFT_MSG_GETFLOWTABLE
  DELFLOWTABLE: 24, // NFT_MSG_DELFLOWTABLE
} as const;

/** nfgen_family values (enum NFPROTO_*, linux/netfilter.h). */
export const NfProto = {
  UNSPEC: 0, // NFPROTO_UNSPEC
  INET: 1, // NFPROTO_INET
  IPV4: 2, // NFPROTO_IPV4
  ARP: 3, // NFPROTO_ARP
  NETDEV: 5, // NFPROTO_NETDEV
  BRIDGE: 7, // NFPROTO_BRIDGE
  IPV6: 10, // NFPROTO_IPV6
} as const;

/** An nftables address family as nft(8) names it. */
export type Family = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';
/** The NFPROTO_* number of each family. */
export const FAMILY_NUMBER: Readonly<Record<Family, number>> = {
  ip: NfProto.IPV4, ip6: NfProto.IPV6, inet: NfProto.INET, arp: NfProto.ARP, bridge: NfProto.BRIDGE, netdev: NfProto.NETDEV,
};
/** The family name of an NFPROTO_* number. */
export function familyName(n: number): Family | undefined {
  return (Object.keys(FAMILY_NUMBER) as Family[]).find((f) => FAMILY_NUMBER[f] === n);
}

/** Hook numbers (enum nf_inet_hooks, nf_dev_hooks). */
export const Hook = {
  prerouting: 0, // NF_INET_PRE_ROUTING
  input: 1, // NF_INET_LOCAL_IN
  forward: 2, // NF_INET_FORWARD
  output: 3, // NF_INET_LOCAL_OUT
  postrouting: 4, // NF_INET_POST_ROUTING
  ingress: 5, // NF_INET_INGRESS (netdev: NF_NETDEV_INGRESS = 0)
} as const;
/** Hook numbers of family arp (NF_ARP_*, linux/netfilter_arp.h): not the inet numbers. */
export const ArpHook = {
  input: 0, // NF_ARP_IN
  output: 1, // NF_ARP_OUT
  forward: 2, // NF_ARP_FORWARD
} as const;
/** A hook name as nft(8) writes it. */
export type HookName = keyof typeof Hook | 'egress';

/** enum nft_table_flags. */
export const TableFlag = { DORMANT: 1, OWNER: 2 } as const; // NFT_TABLE_F_DORMANT, NFT_TABLE_F_OWNER

/** enum nft_table_attributes. */
export const TableAttr = {
  NAME: 1, // NFTA_TABLE_NAME
  FLAGS: 2, // NFTA_TABLE_FLAGS
  USE: 3, // NFTA_TABLE_USE
  HANDLE: 4, // NFTA_TABLE_HANDLE
  PAD: 5, // NFTA_TABLE_PAD
  USERDATA: 6, // NFTA_TABLE_USERDATA
  OWNER: 7, // NFTA_TABLE_OWNER
} as const;

/** enum nft_chain_attributes. */
export const ChainAttr = {
  TABLE: 1, // NFTA_CHAIN_TABLE
  HANDLE: 2, // NFTA_CHAIN_HANDLE
  NAME: 3, // NFTA_CHAIN_NAME
  HOOK: 4, // NFTA_CHAIN_HOOK
  POLICY: 5, // NFTA_CHAIN_POLICY
  USE: 6, // NFTA_CHAIN_USE
  TYPE: 7, // NFTA_CHAIN_TYPE
  COUNTERS: 8, // NFTA_CHAIN_COUNTERS
  PAD: 9, // NFTA_CHAIN_PAD
  FLAGS: 10, // NFTA_CHAIN_FLAGS
  ID: 11, // NFTA_CHAIN_ID
  USERDATA: 12, // NFTA_CHAIN_USERDATA
} as const;

/** enum nft_hook_attributes. */
export const HookAttr = {
  HOOKNUM: 1, // NFTA_HOOK_HOOKNUM
  PRIORITY: 2, // NFTA_HOOK_PRIORITY
  DEV: 3, // NFTA_HOOK_DEV
  DEVS: 4, // NFTA_HOOK_DEVS
} as const;

/** enum nft_chain_flags. */
export const ChainFlag = { BASE: 1, HW_OFFLOAD: 2, BINDING: 4 } as const; // NFT_CHAIN_BASE, NFT_CHAIN_HW_OFFLOAD, NFT_CHAIN_BINDING

/** enum nft_rule_attributes. */
export const RuleAttr = {
  TABLE: 1, // NFTA_RULE_TABLE
  CHAIN: 2, // NFTA_RULE_CHAIN
  HANDLE: 3, // NFTA_RULE_HANDLE
  EXPRESSIONS: 4, // NFTA_RULE_EXPRESSIONS
  COMPAT: 5, // NFTA_RULE_COMPAT
  POSITION: 6, // NFTA_RULE_POSITION
  USERDATA: 7, // NFTA_RULE_USERDATA
  PAD: 8, // NFTA_RULE_PAD
  ID: 9, // NFTA_RULE_ID
  POSITION_ID: 10, // NFTA_RULE_POSITION_ID
  CHAIN_ID: 11, // NFTA_RULE_CHAIN_ID
} as const;

/** enum nft_list_attributes. */
export const NFTA_LIST_ELEM = 1; // NFTA_LIST_ELEM

/** enum nft_expr_attributes. */
export const ExprAttr = { NAME: 1, DATA: 2 } as const; // NFTA_EXPR_NAME, NFTA_EXPR_DATA

/** enum nft_set_attributes. */
export const SetAttr = {
  TABLE: 1, // NFTA_SET_TABLE
  NAME: 2, // NFTA_SET_NAME
  FLAGS: 3, // NFTA_SET_FLAGS
  KEY_TYPE: 4, // NFTA_SET_KEY_TYPE
  KEY_LEN: 5, // NFTA_SET_KEY_LEN
  DATA_TYPE: 6, // NFTA_SET_DATA_TYPE
  DATA_LEN: 7, // NFTA_SET_DATA_LEN
  POLICY: 8, // NFTA_SET_POLICY
  DESC: 9, // NFTA_SET_DESC
  ID: 10, // NFTA_SET_ID
  TIMEOUT: 11, // NFTA_SET_TIMEOUT
  GC_INTERVAL: 12, // NFTA_SET_GC_INTERVAL
  USERDATA: 13, // NFTA_SET_USERDATA
  PAD: 14, // NFTA_SET_PAD
  OBJ_TYPE: 15, // NFTA_SET_OBJ_TYPE
  HANDLE: 16, // NFTA_SET_HANDLE
  EXPR: 17, // NFTA_SET_EXPR
  EXPRESSIONS: 18, // NFTA_SET_EXPRESSIONS
} as const;

/** enum nft_set_desc_attributes. */
export const SetDescAttr = { SIZE: 1, CONCAT: 2 } as const; // NFTA_SET_DESC_SIZE, NFTA_SET_DESC_CONCAT

/** enum nft_set_flags. */
export const SetFlag = {
  ANONYMOUS: 0x1, // NFT_SET_ANONYMOUS
  CONSTANT: 0x2, // NFT_SET_CONSTANT
  INTERVAL: 0x4, // NFT_SET_INTERVAL
  MAP: 0x8, // NFT_SET_MAP
  TIMEOUT: 0x10, // NFT_SET_TIMEOUT
  EVAL: 0x20, // NFT_SET_EVAL
  OBJECT: 0x40, // NFT_SET_OBJECT
  CONCAT: 0x80, // NFT_SET_CONCAT
  EXPR: 0x100, // NFT_SET_EXPR
} as const;

/** enum nft_set_elem_list_attributes. */
export const SetElemListAttr = {
  TABLE: 1, // NFTA_SET_ELEM_LIST_TABLE
  SET: 2, // NFTA_SET_ELEM_LIST_SET
  ELEMENTS: 3, // NFTA_SET_ELEM_LIST_ELEMENTS
  SET_ID: 4, // NFTA_SET_ELEM_LIST_SET_ID
} as const;

/** enum nft_set_elem_attributes. */
export const SetElemAttr = {
  KEY: 1, // NFTA_SET_ELEM_KEY
  DATA: 2, // NFTA_SET_ELEM_DATA
  FLAGS: 3, // NFTA_SET_ELEM_FLAGS
  TIMEOUT: 4, // NFTA_SET_ELEM_TIMEOUT
  EXPIRATION: 5, // NFTA_SET_ELEM_EXPIRATION
  USERDATA: 6, // NFTA_SET_ELEM_USERDATA
  EXPR: 7, // NFTA_SET_ELEM_EXPR
  PAD: 8, // NFTA_SET_ELEM_PAD
  OBJREF: 9, // NFTA_SET_ELEM_OBJREF
  KEY_END: 10, // NFTA_SET_ELEM_KEY_END
  EXPRESSIONS: 11, // NFTA_SET_ELEM_EXPRESSIONS
} as const;

/** enum nft_set_elem_flags. */
export const SetElemFlag = { INTERVAL_END: 1, CATCHALL: 2 } as const; // NFT_SET_ELEM_INTERVAL_END, NFT_SET_ELEM_CATCHALL

/** enum nft_data_attributes / nft_verdict_attributes. */
export const DataAttr = { VALUE: 1, VERDICT: 2 } as const; // NFTA_DATA_VALUE, NFTA_DATA_VERDICT
/** Verdict attributes (NFTA_VERDICT_*). */
export const VerdictAttr = { CODE: 1, CHAIN: 2, CHAIN_ID: 3 } as const; // NFTA_VERDICT_CODE, _CHAIN, _CHAIN_ID
/** NFT_DATA_VERDICT: the set data type of verdict maps. */
export const NFT_DATA_VERDICT = 0xffffff00;

/** Verdict codes: netfilter's NF_DROP/NF_ACCEPT/NF_QUEUE and enum nft_verdicts. */
export const VerdictCode = {
  drop: 0, // NF_DROP
  accept: 1, // NF_ACCEPT
  queue: 3, // NF_QUEUE
  continue: -1, // NFT_CONTINUE
  break: -2, // NFT_BREAK
  jump: -3, // NFT_JUMP
  goto: -4, // NFT_GOTO
  return: -5, // NFT_RETURN
} as const;

/** enum nft_registers. */
export const Reg = {
  VERDICT: 0, // NFT_REG_VERDICT
  R1: 1, // NFT_REG_1
  R2: 2, // NFT_REG_2
  R3: 3, // NFT_REG_3
  R4: 4, // NFT_REG_4
  R32_00: 8, // NFT_REG32_00
} as const;

/** enum nft_gen_attributes. */
/** enum nft_object_attributes. */
export const ObjAttr = {
  TABLE: 1, // NFTA_OBJ_TABLE
  NAME: 2, // NFTA_OBJ_NAME
  TYPE: 3, // NFTA_OBJ_TYPE
  DATA: 4, // NFTA_OBJ_DATA
  USE: 5, // NFTA_OBJ_USE
  HANDLE: 6, // NFTA_OBJ_HANDLE
  PAD: 7, // NFTA_OBJ_PAD
  USERDATA: 8, // NFTA_OBJ_USERDATA
} as const;

/** Stateful object types (NFT_OBJECT_*), by the names nft lists them under. */
export const OBJECT_TYPES = {
  counter: 1, // NFT_OBJECT_COUNTER
  quota: 2, // NFT_OBJECT_QUOTA
  'ct helper': 3, // NFT_OBJECT_CT_HELPER
  limit: 4, // NFT_OBJECT_LIMIT
  connlimit: 5, // NFT_OBJECT_CONNLIMIT
  tunnel: 6, // NFT_OBJECT_TUNNEL
  'ct timeout': 7, // NFT_OBJECT_CT_TIMEOUT
  secmark: 8, // NFT_OBJECT_SECMARK
  'ct expectation': 9, // NFT_OBJECT_CT_EXPECT
  synproxy: 10, // NFT_OBJECT_SYNPROXY
} as const;

/** Generation attributes (NFTA_GEN_*). */
export const GenAttr = { ID: 1, PROC_PID: 2, PROC_NAME: 3 } as const; // NFTA_GEN_ID, NFTA_GEN_PROC_PID, NFTA_GEN_PROC_NAME

/** NAT range flags (linux/netfilter/nf_nat.h). */
export const NatRangeFlag = {
  MAP_IPS: 0x1, // NF_NAT_RANGE_MAP_IPS
  PROTO_SPECIFIED: 0x2, // NF_NAT_RANGE_PROTO_SPECIFIED
  PROTO_RANDOM: 0x4, // NF_NAT_RANGE_PROTO_RANDOM
  PERSISTENT: 0x8, // NF_NAT_RANGE_PERSISTENT
  PROTO_RANDOM_FULLY: 0x10, // NF_NAT_RANGE_PROTO_RANDOM_FULLY
  PROTO_OFFSET: 0x20, // NF_NAT_RANGE_PROTO_OFFSET
  NETMAP: 0x40, // NF_NAT_RANGE_NETMAP
} as const;

/** Log flags (linux/netfilter/nf_log.h). */
export const LogFlag = {
  TCPSEQ: 0x01, // NF_LOG_TCPSEQ
  TCPOPT: 0x02, // NF_LOG_TCPOPT
  IPOPT: 0x04, // NF_LOG_IPOPT
  UID: 0x08, // NF_LOG_UID
  MACDECODE: 0x20, // NF_LOG_MACDECODE
} as const;

export const IFNAMSIZ = 16;
