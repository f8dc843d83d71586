// JSON form of a ruleset: the typed objects as they are (hex for bytes), with a version tag, and its
// reverse as a transaction that recreates it. nft's own -j schema is in nft-json.ts / nft-json-apply.ts;
// `nlts nft apply` still accepts this form.
import { ValidationError } from '../../netlink/index.js';
import type { Ruleset } from './ruleset.js';
import { Transaction } from './transaction.js';
import { isAnonymous } from './set.js';

/** This package's own JSON form of a ruleset (models as they are, for saving and restoring). */
export interface RulesetJson { nlts_nftables: 1; ruleset: Ruleset }

/** A ruleset in this package's own JSON form; {@link rulesetToNftJson} writes nft's. */
export function rulesetToJson(rs: Ruleset): RulesetJson {
  return { nlts_nftables: 1, ruleset: rs };
}

/**
 * A transaction that creates what the JSON describes (tables, sets with elements, chains, then rules,
 * without handles), optionally flushing the ruleset first so the result is exactly that.
 */
export function rulesetFromJson(json: unknown, options: { flush?: boolean } = {}): Transaction {
  const doc = json as Partial<RulesetJson>;
  if (!doc || typeof doc !== 'object' || doc.nlts_nftables !== 1 || !doc.ruleset) {
    throw new ValidationError('ruleset JSON', 'expected {"nlts_nftables": 1, "ruleset": {...}}');
  }
  return rulesetTransaction(doc.ruleset, options);
}

/** The operations that recreate `rs` in an empty ruleset (anonymous sets get ids the rules refer to). */
export function rulesetTransaction(rs: Ruleset, options: { flush?: boolean } = {}): Transaction {
  const tx = new Transaction();
  if (options.flush) tx.flushRuleset();
  const setIds = new Map<string, number>();
  for (const t of rs.tables) {
    const { handle: _h, use: _u, owner: _o, ...table } = t;
    tx.addTable(table);
    for (const s of rs.sets.filter((x) => x.family === t.family && x.table === t.name)) {
      const { handle: _sh, ...set } = s;
      const id = setIds.size + 1;
      setIds.set(`${s.family}/${s.table}/${s.name}`, id);
      tx.addSet({ ...set, id });
    }
    for (const c of rs.chains.filter((x) => x.family === t.family && x.table === t.name)) {
      const { handle: _ch, use: _cu, ...chain } = c;
      tx.addChain(chain);
    }
  }
  for (const r of rs.rules) {
    const expressions = r.expressions.map((e) => {
      if (e.kind !== 'lookup') return e;
      const id = setIds.get(`${r.family}/${r.table}/${e.set}`);
      return id === undefined ? e : { ...e, setId: id };
    });
    tx.addRule({ family: r.family, table: r.table, chain: r.chain, expressions, ...(r.comment !== undefined ? { comment: r.comment } : {}) });
  }
  void isAnonymous;
  return tx;
}
