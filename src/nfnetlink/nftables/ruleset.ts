// The ruleset as typed objects, as listed from the kernel.
import type { Table } from './table.js';
import type { Chain } from './chain.js';
import type { Rule } from './rule.js';
import type { NftSet } from './set.js';
import type { NftObject } from './object.js';

/** A whole ruleset: tables, chains, rules, sets and objects. */
export interface Ruleset {
  tables: Table[];
  chains: Chain[];
  rules: Rule[];
  /** Named and anonymous sets, with their elements. */
  sets: NftSet[];
  /** Stateful objects (counters, quotas, ct helpers...), when listed. */
  objects?: NftObject[];
}
