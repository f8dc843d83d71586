// CLI presentation of nftables listings: JSON text (bytes already hex in the model).
import type { RulesetJson } from '../../nfnetlink/nftables/json.js';

export function formatRulesetJson(doc: RulesetJson): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
