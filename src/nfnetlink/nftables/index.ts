/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
// nf_tables over nfnetlink: objects, expressions, the friendly match layer, rendering and the client.
export * from './constants.js';
export * from './expressions/types.js';
export { EXPRESSIONS, encodeExpression, encodeExpressions, decodeExpression, decodeExpressions } from './expressions/registry.js';
export type { ExpressionCodec } from './expressions/codec.js';
export { META_KEYS } from './expressions/meta.js';
export { CT_KEYS } from './expressions/ct.js';
export * from './table.js';
export * from './chain.js';
export * from './rule.js';
export * from './set.js';
export * from './object.js';
export * from './ruleset.js';
export * from './operation.js';
export * from './transaction.js';
export * from './client.js';
export * as match from './match.js';
export { renderRuleset, renderTable, renderRule, renderRuleJson, renderChainHeader } from './render.js';
export { parsePriority, priorityText } from './priority.js';
export { rulesetToJson, rulesetFromJson } from './json.js';
export { rulesetToNftJson, ruleJson, type NftJsonDocument } from './nft-json.js';
export { nftJsonToTransaction, isNftJson, type NftJsonApplyOptions } from './nft-json-apply.js';
export { SET_TYPE_IDS } from './render/set-types.js';
