// Policy routing rules (RTM_NEWRULE/DELRULE/GETRULE): model, schema, requests, operations.
export type { Rule, RuleSpec, RuleAction, PortRange } from './model.js';
export { ruleSchema, ruleAttributes } from './schema.js';
export { ruleRequest, dumpRulesRequest } from './requests.js';
export { RuleOps, decodeRule, encodeRule } from './operations.js';
