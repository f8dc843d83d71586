/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
/**
 * `nlts/nftables`: nf_tables over nfnetlink. List the ruleset as models, as nft's text or as nft's JSON;
 * change it in atomic transactions (objects or `nft -j` documents); follow events. Rules are built from
 * expressions, most easily with the {@link match} helpers. Start with {@link Nftables.open}.
 *
 * Curated: the expression registry, per-object reference encoders and the renderer's internals stay
 * inside the package.
 * @module nlts/nftables
 */

// The client, transactions and events.
export { Nftables, nftEvents, decodeEvent, type NftablesOpenOptions, type TransactionOptions, type NftEvent } from './client.js';
export { Transaction, type RuleSpec } from './transaction.js';
export { describeOperation, decodeOperation, type Operation } from './operation.js';

// Models and their decoders.
export type { Ruleset } from './ruleset.js';
export { decodeTable, encodeTable, type Table } from './table.js';
export { decodeChain, encodeChain, type Chain, type ChainSpec, type ChainHook, type ChainType, type Policy } from './chain.js';
export { decodeRule, encodeRule, type Rule } from './rule.js';
export { decodeSet, decodeSetElements, type NftSet, type SetElement, type SetElements, type SetElementList, type PackedSetKeys } from './set.js';
export { decodeObject, type NftObject, type ObjectTypeName } from './object.js';

// Expressions, and the match helpers that build the usual ones.
export type {
  Expression, ExpressionKind, Verdict, VerdictName, NftData, CmpOp, PayloadBase,
  MetaExpr, PayloadExpr, CmpExpr, BitwiseExpr, ByteorderExpr, RangeExpr, LookupExpr, ImmediateExpr, CtExpr, CounterExpr,
  LogExpr, LimitExpr, MasqExpr, NatExpr, RedirExpr, NotrackExpr, RejectExpr, TproxyExpr, RawExpr,
  ExthdrExpr, RtExpr, SocketExpr, OsfExpr, XfrmExpr, FibExpr, NumgenExpr, HashExpr, QuotaExpr, ConnlimitExpr, SynproxyExpr, DupExpr,
  FwdExpr, ObjrefExpr, DynsetExpr,
} from './expressions/types.js';
export { encodeExpressions, decodeExpressions } from './expressions/registry.js';
export { META_KEYS, type MetaKeyInfo } from './expressions/meta.js';
export { CT_KEYS, type CtKeyInfo } from './expressions/ct.js';
export type { DataType } from './render/datatypes.js';
export * as match from './match.js';

// nft's text and JSON.
export { renderRuleset, renderTable, renderRule, renderRuleJson } from './render.js';
export type { RenderOptions, RenderSet, Json } from './render/context.js';
export type { FormatOptions } from './render/datatypes.js';
export { parsePriority, priorityText } from './priority.js';
export { rulesetToNftJson, ruleJson, type NftJsonDocument } from './nft-json.js';
export { nftJsonToTransaction, isNftJson, type NftJsonApplyOptions } from './nft-json-apply.js';
export { rulesetToJson, rulesetFromJson, type RulesetJson } from './json.js';

// Kernel constants (linux/netfilter/nf_tables.h, linux/netfilter.h).
export {
  NftMsg, NfProto, FAMILY_NUMBER, familyName, Hook, TableFlag, TableAttr, ChainAttr, HookAttr, ChainFlag, RuleAttr, NFTA_LIST_ELEM,
  ExprAttr, SetAttr, SetDescAttr, SetFlag, SetElemListAttr, SetElemAttr, SetElemFlag, DataAttr, VerdictAttr, NFT_DATA_VERDICT,
  VerdictCode, Reg, ObjAttr, OBJECT_TYPES, GenAttr, NatRangeFlag, LogFlag,
  type Family, type HookName,
} from './constants.js';
