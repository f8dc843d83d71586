// Builds the operations of one atomic nf_tables transaction.
import { type Family, SetFlag } from './constants.js';
import type { Table } from './table.js';
import type { ChainSpec } from './chain.js';
import type { Rule } from './rule.js';
import type { NftSet, SetElementList } from './set.js';
import type { Expression } from './expressions/types.js';
import type { Operation } from './operation.js';
import type { NftObject } from './object.js';

/** A rule to add: where, and its expressions (friendly helpers' results may be nested one level). */
export interface RuleSpec {
  family: Family;
  table: string;
  chain: string;
  expressions: ReadonlyArray<Expression | readonly Expression[]>;
  comment?: string;
  /** insertRule: before this handle; addRule: after it. */
  position?: number;
  /** replaceRule: the rule to replace. */
  handle?: number;
}

function toRule(r: RuleSpec): Rule {
  const expressions = r.expressions.flatMap((e) => (Array.isArray(e) ? (e as Expression[]) : [e as Expression]));
  return {
    family: r.family, table: r.table, chain: r.chain, expressions,
    ...(r.comment !== undefined ? { comment: r.comment } : {}),
    ...(r.position !== undefined ? { position: r.position } : {}),
    ...(r.handle !== undefined ? { handle: r.handle } : {}),
  };
}

/** Set ids the transaction gives the anonymous sets of friendly lookups (clear of the small ids callers use). */
const ANON_SET_ID_BASE = 0x10000;

/** The operations of one atomic nftables transaction, built with chained calls; commit with {@link Nftables.apply}. */
export class Transaction {
  readonly operations: Operation[] = [];
  private anonymousSets = 0;

  /** Creates the anonymous sets friendly lookups carry (`tcp dport { 22, 80 }`) and points the lookups at them. */
  private withAnonymousSets(rule: Rule): Rule {
    if (!rule.expressions.some((e) => e.kind === 'lookup' && e.anonymousSet)) return rule;
    const expressions = rule.expressions.map((e) => {
      if (e.kind !== 'lookup' || !e.anonymousSet) return e;
      const { anonymousSet: a, ...lookup } = e;
      const id = ANON_SET_ID_BASE + this.anonymousSets++;
      this.addSet({
        family: rule.family, table: rule.table, name: '__set%d', id, flags: SetFlag.ANONYMOUS | SetFlag.CONSTANT,
        keyType: a.keyType, keyLen: a.keyLen, size: a.elements.length, elements: a.elements.map((key) => ({ key })),
      });
      return { ...lookup, set: '__set%d', setId: id };
    });
    return { ...rule, expressions };
  }

  /** Appends an operation. */
  add(op: Operation): this { this.operations.push(op); return this; }
  /** Adds a table (`exclusive`: fail if it exists, as `nft create`). */
  addTable(table: Table, options: { exclusive?: boolean } = {}): this { return this.add({ op: 'addTable', table, ...options }); }
  /** Deletes a table and everything in it. */
  deleteTable(family: Family, name: string): this { return this.add({ op: 'deleteTable', family, name }); }
  /** Adds a chain (`exclusive`: fail if it exists). */
  addChain(chain: ChainSpec, options: { exclusive?: boolean } = {}): this { return this.add({ op: 'addChain', chain, ...options }); }
  /** Deletes a chain. */
  deleteChain(family: Family, table: string, name: string): this { return this.add({ op: 'deleteChain', family, table, name }); }
  /** Appends (after `position` when given). A `handle` is ignored: use replaceRule. */
  addRule(rule: RuleSpec): this { const { handle: _h, ...r } = rule; return this.add({ op: 'addRule', rule: this.withAnonymousSets(toRule(r)) }); }
  /** Inserts a rule at the start of its chain (or before `position`). */
  insertRule(rule: RuleSpec): this { const { handle: _h, ...r } = rule; return this.add({ op: 'insertRule', rule: this.withAnonymousSets(toRule(r)) }); }
  /** Replaces the rule with `handle`. */
  replaceRule(rule: RuleSpec & { handle: number }): this { return this.add({ op: 'replaceRule', rule: this.withAnonymousSets(toRule(rule)) }); }
  /** Deletes the rule with `handle`. */
  deleteRule(family: Family, table: string, chain: string, handle: number): this { return this.add({ op: 'deleteRule', family, table, chain, handle }); }
  /** Deletes every rule of a chain. */
  flushChain(family: Family, table: string, chain: string): this { return this.add({ op: 'deleteRule', family, table, chain }); }
  /** Adds a set or map, with its elements if given. */
  addSet(set: NftSet): this {
    const { elements, ...rest } = set;
    this.add({ op: 'addSet', set: rest });
    if (elements && elements.length > 0) this.addElements(set.family, set.table, set.name, elements, set.id);
    return this;
  }
  /** Deletes a set or map. */
  deleteSet(family: Family, table: string, name: string): this { return this.add({ op: 'deleteSet', family, table, name }); }
  /** Adds elements to a set or map: objects, or packed keys (PackedSetKeys) for large plain sets. */
  addElements(family: Family, table: string, set: string, elements: SetElementList, setId?: number): this {
    return this.add({ op: 'addElements', family, table, set, elements, ...(setId !== undefined ? { setId } : {}) });
  }
  /** Deletes elements from a set or map. */
  deleteElements(family: Family, table: string, set: string, elements: SetElementList): this {
    return this.add({ op: 'deleteElements', family, table, set, elements });
  }
  /** Adds a stateful object (counter, quota, limit, ct helper, ...). */
  addObject(object: NftObject): this { return this.add({ op: 'addObject', object }); }
  /** Deletes every table (of one family if given). */
  flushRuleset(family?: Family): this { return this.add({ op: 'flushRuleset', ...(family ? { family } : {}) }); }
}
