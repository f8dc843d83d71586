// The expression model: one interface per kernel expression, keyed by the kernel's name in `kind`.
// Byte strings (compare data, masks, set keys) are lower-case hex so models are plain JSON.
import type { VerdictCode } from '../constants.js';

/** A verdict name (NF_ACCEPT, NFT_JUMP, ...) in lower case. */
export type VerdictName = keyof typeof VerdictCode;
/** A verdict (NFTA_DATA_VERDICT): code by name (or number when unknown), chain for jump/goto. */
export interface Verdict {
  code: VerdictName | number; // NFTA_VERDICT_CODE
  chain?: string; // NFTA_VERDICT_CHAIN
  chainId?: number; // NFTA_VERDICT_CHAIN_ID
}
/** struct nft_data as NFTA_DATA_*: a value (hex) or a verdict. */
export type NftData = { value: string } | { verdict: Verdict };

/** A cmp operator (NFT_CMP_*). */
export type CmpOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';
/** A payload base (NFT_PAYLOAD_*_HEADER). */
export type PayloadBase = 'll' | 'network' | 'transport' | 'inner';

/** nft_meta: load a meta key (iifname, mark, ...) into a register, or set it from one. */
export interface MetaExpr { kind: 'meta'; key: string; dreg?: number; sreg?: number } // nft_meta: key by name (iifname, mark...)
/** nft_payload: load packet bytes into a register, or write them from one. */
export interface PayloadExpr {
  kind: 'payload'; base: PayloadBase; offset: number; len: number;
  dreg?: number; sreg?: number; csumType?: number; csumOffset?: number; csumFlags?: number;
}
/** nft_cmp: compare a register with data (hex). */
export interface CmpExpr { kind: 'cmp'; sreg: number; op: CmpOp; data: string }
/** nft_bitwise: mask-and-xor or shift a register. */
export interface BitwiseExpr {
  kind: 'bitwise'; sreg: number; dreg: number; len: number;
  op?: 'mask_xor' | 'lshift' | 'rshift'; mask?: string; xor?: string; data?: string;
}
/** nft_byteorder: convert a register between host and network order. */
export interface ByteorderExpr { kind: 'byteorder'; sreg: number; dreg: number; op: 'ntoh' | 'hton'; len: number; size: number }
/** nft_range: compare a register with a range. */
export interface RangeExpr { kind: 'range'; sreg: number; op: 'eq' | 'neq'; from: string; to: string }
/** nft_lookup: look a register up in a set or map. */
export interface LookupExpr {
  kind: 'lookup'; set: string; sreg: number; dreg?: number; setId?: number; invert?: boolean;
  /** Friendly layer only, never encoded: the anonymous set (`{ 22, 80 }`) the transaction creates for this lookup. */
  anonymousSet?: { keyType: number; keyLen: number; elements: string[] };
}
/** nft_immediate: load data or a verdict into a register. */
export interface ImmediateExpr { kind: 'immediate'; dreg: number; data: NftData }
/** nft_ct: load a conntrack key into a register, or set it (ct zone set, ct mark set). */
export interface CtExpr { kind: 'ct'; key: string; dreg?: number; sreg?: number; direction?: 'original' | 'reply' }
/** nft_counter: count packets and bytes. */
export interface CounterExpr { kind: 'counter'; bytes?: number; packets?: number }
/** nft_log: log the packet. */
export interface LogExpr { kind: 'log'; group?: number; prefix?: string; snaplen?: number; qthreshold?: number; level?: number; flags?: number }
/** nft_limit: rate limit. */
export interface LimitExpr { kind: 'limit'; rate: number; unit: number; burst: number; type: 'pkts' | 'bytes'; invert?: boolean }
/** nft_masq: masquerade. */
export interface MasqExpr { kind: 'masq'; flags?: number; protoMin?: number; protoMax?: number }
/** nft_nat: source or destination NAT. */
export interface NatExpr {
  kind: 'nat'; type: 'snat' | 'dnat'; family: number;
  addrMin?: number; addrMax?: number; protoMin?: number; protoMax?: number; flags?: number;
}
/** nft_redir: redirect to the local machine. */
export interface RedirExpr { kind: 'redir'; protoMin?: number; protoMax?: number; flags?: number }
/** nft_notrack: skip connection tracking. */
export interface NotrackExpr { kind: 'notrack' }
/** nft_reject: reject with an ICMP error or a TCP reset. */
export interface RejectExpr { kind: 'reject'; type: 'icmp_unreach' | 'tcp_rst' | 'icmpx_unreach'; code: number }
/** nft_tproxy: transparent proxying. */
export interface TproxyExpr { kind: 'tproxy'; family: number; addrReg?: number; portReg?: number }
/** exthdr: NFTA_EXTHDR_* — op (enum nft_exthdr_op), header/option/chunk type, byte offset and length in it. */
export interface ExthdrExpr {
  kind: 'exthdr'; op: 'ipv6' | 'tcpopt' | 'ipv4' | 'sctp' | 'dccp'; type: number; offset: number; len: number;
  dreg?: number; sreg?: number; flags?: number;
}
/** nft_rt: load routing data (classid, next hop, TCP MSS, ipsec) into a register. */
export interface RtExpr { kind: 'rt'; key: number; dreg: number } // NFTA_RT_KEY: enum nft_rt_keys
/** nft_socket: load a property of the packet's socket into a register. */
export interface SocketExpr { kind: 'socket'; key: number; dreg: number; level?: number } // enum nft_socket_keys
/** nft_osf: load the passive OS fingerprint name (or name:version) into a register. */
export interface OsfExpr { kind: 'osf'; dreg: number; ttl?: number; flags?: number }
/** nft_xfrm: load a property of the packet's IPsec state into a register. */
export interface XfrmExpr { kind: 'xfrm'; dreg: number; key: number; dir: number; spnum: number } // enum nft_xfrm_keys
/** nft_fib: look the packet up in the FIB and load the output interface, its name or the address type. */
export interface FibExpr { kind: 'fib'; dreg: number; result: number; flags: number } // enum nft_fib_result, NFTA_FIB_F_*
/** nft_numgen: load an incrementing or random number modulo `mod`, plus `offset`. */
export interface NumgenExpr { kind: 'numgen'; dreg: number; mod: number; mode: 'inc' | 'random'; offset?: number }
/** nft_hash: load a jhash of a register's bytes or a symmetric flow hash, modulo `mod`. */
export interface HashExpr { kind: 'hash'; type: 'jhash' | 'symhash'; dreg: number; mod: number; sreg?: number; len?: number; seed?: number; offset?: number }
/** nft_quota: match until (or with NFT_QUOTA_F_INV, after) `bytes` have passed. */
export interface QuotaExpr { kind: 'quota'; bytes: number; flags?: number; consumed?: number }
/** nft_connlimit: match on the number of connections (nft's `ct count`). */
export interface ConnlimitExpr { kind: 'connlimit'; count: number; flags?: number }
/** nft_synproxy: answer SYNs with the given MSS, window scale and NF_SYNPROXY_OPT_* options. */
export interface SynproxyExpr { kind: 'synproxy'; mss?: number; wscale?: number; flags?: number }
/** nft_dup: send a copy of the packet to an address, optionally through a device (registers). */
export interface DupExpr { kind: 'dup'; addrReg?: number; devReg?: number }
/** nft_fwd: forward the packet out of a device, optionally to a next hop (registers). */
export interface FwdExpr { kind: 'fwd'; devReg?: number; addrReg?: number; nfproto?: number }
/** objref: an object by type and name, or by a map (NFTA_OBJREF_SET_*) keyed by a register. */
export interface ObjrefExpr { kind: 'objref'; type?: number; name?: string; sreg?: number; set?: string; setId?: number }
/** nft_dynset: add, update or delete the key (and data) of the packet in a set from the rule. */
export interface DynsetExpr {
  kind: 'dynset'; op: 'add' | 'update' | 'delete'; set: string; sregKey: number; sregData?: number; setId?: number; timeout?: number; flags?: number;
}
/** An expression the library does not model: its name and NFTA_EXPR_DATA bytes, re-emitted unchanged. */
export interface RawExpr { kind: 'raw'; name: string; data?: string }

/** One expression of a rule. */
export type Expression =
  | MetaExpr | PayloadExpr | CmpExpr | BitwiseExpr | ByteorderExpr | RangeExpr | LookupExpr | ImmediateExpr
  | CtExpr | CounterExpr | LogExpr | LimitExpr | MasqExpr | NatExpr | RedirExpr | NotrackExpr | RejectExpr
  | TproxyExpr | ExthdrExpr | RtExpr | SocketExpr | OsfExpr | XfrmExpr | FibExpr | NumgenExpr | HashExpr | QuotaExpr
  | ConnlimitExpr | SynproxyExpr | DupExpr | FwdExpr | ObjrefExpr | DynsetExpr | RawExpr;

/** The kernel name of an expression (NFTA_EXPR_NAME). */
export type ExpressionKind = Expression['kind'];
