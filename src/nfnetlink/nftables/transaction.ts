// Builds the operations of one atomic nf_tables transaction.
import type { Family } from './constants.js';
import type { Table } from './table.js';
import type { ChainSpec } from './chain.js';
import type { Rule } from './rule.js';
import type { NftSet, SetElement } from './set.js';
import type { Expression } from './expressions/types.js';
import type { Operation } from './operation.js';

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

export class Transaction {
  readonly operations: Operation[] = [];

  add(op: Operation): this { this.operations.push(op); return this; }
  addTable(table: Table, options: { exclusive?: boolean } = {}): this { return this.add({ op: 'addTable', table, ...options }); }
  deleteTable(family: Family, name: string): this { return this.add({ op: 'deleteTable', family, name }); }
  addChain(chain: ChainSpec, options: { exclusive?: boolean } = {}): this { return this.add({ op: 'addChain', chain, ...options }); }
  deleteChain(family: Family, table: string, name: string): this { return this.add({ op: 'deleteChain', family, table, name }); }
  /** Appends (after `position` when given). A `handle` is ignored: use replaceRule. */
  addRule(rule: RuleSpec): this { const { handle: _h, ...r } = rule; return this.add({ op: 'addRule', rule: toRule(r) }); }
  insertRule(rule: RuleSpec): this { const { handle: _h, ...r } = rule; return this.add({ op: 'insertRule', rule: toRule(r) }); }
  replaceRule(rule: RuleSpec & { handle: number }): this { return this.add({ op: 'replaceRule', rule: toRule(rule) }); }
  deleteRule(family: Family, table: string, chain: string, handle: number): this { return this.add({ op: 'deleteRule', family, table, chain, handle }); }
  flushChain(family: Family, table: string, chain: string): this { return this.add({ op: 'deleteRule', family, table, chain }); }
  addSet(set: NftSet): this {
    const { elements, ...rest } = set;
    this.add({ op: 'addSet', set: rest });
    if (elements && elements.length > 0) this.addElements(set.family, set.table, set.name, elements, set.id);
    return this;
  }
  deleteSet(family: Family, table: string, name: string): this { return this.add({ op: 'deleteSet', family, table, name }); }
  addElements(family: Family, table: string, set: string, elements: SetElement[], setId?: number): this {
    return this.add({ op: 'addElements', family, table, set, elements, ...(setId !== undefined ? { setId } : {}) });
  }
  deleteElements(family: Family, table: string, set: string, elements: SetElement[]): this {
    return this.add({ op: 'deleteElements', family, table, set, elements });
  }
  flushRuleset(family?: Family): this { return this.add({ op: 'flushRuleset', ...(family ? { family } : {}) }); }
}
