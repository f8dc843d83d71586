// nft's JSON schema (`nft -j list ruleset`) back into a transaction: tables, chains, named sets and maps
// with elements, and rules whose statements the library models. Each statement expands into the
// expressions nft generates for it (checked against nft's own requests by the golden tests), so a ruleset
// exported by `nft -j` (or by `nlts nft list ruleset --json`) can be applied atomically.
import { ValidationError } from '../../../netlink/index.js';
import { type Family, OBJECT_TYPES, NFT_DATA_VERDICT, SetFlag } from '../constants.js';
import type { ChainType, Policy } from '../chain.js';
import { Transaction } from '../transaction.js';
import type { NftObject } from '../object.js';
import { objectFromJson } from './objects.js';
import { type J, type Obj, fail, hex, isObj, num, only, str } from './common.js';
import type { HookName } from '../constants.js';
import { packIPv4Keys, encodeElements, setUserdata } from './elements.js';
import { setType, hostOrderKey } from './set-types.js';
import { Compiler } from './compiler.js';

/** How an nft JSON document is applied. */
export interface NftJsonApplyOptions {
  /** Flush the whole ruleset first, so the result is exactly the document. */
  flush?: boolean;
  /** Interface index of a name, for `meta iif "eth0"` (the CLI resolves it in the target namespace). */
  ifindex?: (name: string) => number | undefined;
}

const FAMILIES: readonly Family[] = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];
const family = (v: J): Family => (FAMILIES.includes(v as Family) ? (v as Family) : fail('family', `'${String(v)}'`));

/**
 * A transaction that creates what an nft JSON document describes: "table", "chain", "set"/"map" and
 * "rule" objects (handles ignored). Statements the library does not model are refused by name.
 */
export function nftJsonToTransaction(doc: unknown, options: NftJsonApplyOptions = {}): Transaction {
  if (!isObj(doc) || !Array.isArray(doc.nftables)) return fail('nft JSON', 'expected {"nftables": [...]}');
  const tx = new Transaction();
  if (options.flush) tx.flushRuleset();
  let nextId = 1;
  const setIds = new Map<string, number>();
  const rules: Transaction['operations'] = [];
  const objects: NftObject[] = [];
  (doc.nftables as J[]).forEach((item, index) => {
    const [kind, body] = only(item, `nftables[${index}]`);
    if (kind === 'metainfo') return;
    if (!isObj(body)) fail(`nftables[${index}].${kind}`, 'expected an object');
    const b = body as Obj;
    const where = `nftables[${index}] (${kind} ${String(b.name ?? b.chain ?? '')})`;
    try {
      if (kind === 'table') {
        const flags = b.flags === undefined ? 0 : (Array.isArray(b.flags) ? b.flags : [b.flags]).reduce<number>((f, n) => f | (n === 'dormant' ? 1 : n === 'owner' ? 2 : fail('table flag', String(n))), 0);
        tx.addTable({ family: family(b.family), name: str(b.name, 'table name'), ...(flags ? { flags } : {}) });
      } else if (kind === 'chain') {
        const base = b.hook !== undefined;
        tx.addChain({
          family: family(b.family), table: str(b.table, 'chain table'), name: str(b.name, 'chain name'),
          ...(base ? {
            type: str(b.type ?? 'filter', 'chain type') as ChainType, policy: str(b.policy ?? 'accept', 'chain policy') as Policy,
            hook: { hook: str(b.hook, 'chain hook') as HookName, priority: typeof b.prio === 'string' ? b.prio : num(b.prio, 'chain prio'), ...(b.dev !== undefined ? { device: str(b.dev, 'chain dev') } : {}) },
          } : {}),
        });
      } else if (kind === 'set' || kind === 'map') {
        const isMap = kind === 'map';
        const typeName = str(b.type, 'set type');
        const kt = setType(typeName);
        const flagNames = (Array.isArray(b.flags) ? b.flags : b.flags === undefined ? [] : [b.flags]).map((f) => str(f, 'set flag'));
        let flags = isMap ? SetFlag.MAP : 0;
        for (const f of flagNames) flags |= ({ constant: SetFlag.CONSTANT, interval: SetFlag.INTERVAL, timeout: SetFlag.TIMEOUT, dynamic: SetFlag.EVAL } as Record<string, number>)[f] ?? fail('set flag', f);
        if (b.timeout !== undefined) flags |= SetFlag.TIMEOUT;
        const dataName = isMap ? str(b.map, 'map data type') : undefined;
        // A map to stateful objects (`type inet_service : quota`) is an object set, not a data map.
        const objType = dataName !== undefined ? (OBJECT_TYPES as Readonly<Record<string, number>>)[dataName] : undefined;
        if (objType !== undefined) flags = (flags & ~SetFlag.MAP) | SetFlag.OBJECT;
        const dt = dataName && dataName !== 'verdict' && objType === undefined ? setType(dataName) : undefined;
        const id = nextId++;
        const fam = family(b.family);
        const table = str(b.table, 'set table');
        const name = str(b.name, 'set name');
        setIds.set(`${fam}/${table}/${name}`, id);
        const c = new Compiler(fam, options, () => fail('set', 'nested anonymous sets'));
        const interval = (flags & SetFlag.INTERVAL) !== 0;
        const packed = Array.isArray(b.elem) && !interval && !isMap && kt.value.type === 'ipv4_addr' ? packIPv4Keys(b.elem) : undefined;
        const elements = Array.isArray(b.elem) && !packed
          ? (objType !== undefined
            ? b.elem.map((e) => (Array.isArray(e) && e.length === 2 ? { key: hex(c.value(kt.value, e[0])), objref: str(e[1], 'object name') } : fail('object map element', JSON.stringify(e))))
            : encodeElements(b.elem, kt.value, interval, c, dataName === 'verdict' ? 'verdict' : dt?.value))
          : [];
        tx.addSet({
          family: fam, table, name, flags, keyType: kt.id, keyLen: kt.value.len, id,
          ...(objType !== undefined ? { objType } : isMap ? (dataName === 'verdict' ? { dataType: NFT_DATA_VERDICT, dataLen: 0 } : { dataType: dt!.id, dataLen: dt!.value.len }) : {}),
          ...(b.timeout !== undefined ? { timeout: num(b.timeout, 'set timeout') * 1000 } : {}),
          ...(b.size !== undefined ? { size: num(b.size, 'set size') } : {}),
          userdata: setUserdata(hostOrderKey(kt.value), false, isMap && objType === undefined ? (dt?.value.hostOrder ?? false) : undefined),
          ...(elements.length ? { elements } : {}),
        });
        if (packed && packed.keys.length > 0) tx.addElements(fam, table, name, packed, id);
      } else if (kind === 'rule') {
        const fam = family(b.family);
        const table = str(b.table, 'rule table');
        const chain = str(b.chain, 'rule chain');
        if (!Array.isArray(b.expr)) fail('rule', '"expr" must be a list');
        const anon = new Transaction();
        const c = new Compiler(fam, options, (s) => {
          const { map, keyHostOrder, dataHostOrder, ...set } = s;
          const id = nextId++;
          const name = set.flags & SetFlag.OBJECT ? '__objmap%d' : map ? '__map%d' : '__set%d';
          anon.addSet({ ...set, family: fam, table, name, id, userdata: setUserdata(keyHostOrder ?? false, (set.flags & SetFlag.INTERVAL) !== 0, dataHostOrder) });
          return { name, id };
        });
        const expressions = (b.expr as J[]).flatMap((s) => c.statement(s)).map((e) => {
          if (e.kind !== 'lookup' || e.setId !== undefined) return e;
          const id = setIds.get(`${fam}/${table}/${e.set}`);
          return id === undefined ? e : { ...e, setId: id };
        });
        rules.push(...anon.operations);
        const r = new Transaction().addRule({ family: fam, table, chain, expressions, ...(b.comment !== undefined ? { comment: str(b.comment, 'rule comment') } : {}) });
        rules.push(...r.operations);
      } else {
        const o = objectFromJson(kind, b, family(b.family));
        if (!o) fail(kind, 'is not supported (table, chain, set, map, rule and stateful objects are)');
        objects.push(o!);
      }
    } catch (e) {
      if (e instanceof ValidationError || e instanceof RangeError) throw new ValidationError(where, e.message);
      throw e;
    }
  });
  // Objects before the rules that name them (the document lists them after the table, before chains).
  for (const o of objects) tx.addObject(o);
  for (const op of rules) tx.add(op);
  return tx;
}

/** Is this an nft JSON document (as opposed to the library's own {"nlts_nftables": 1} form)? */
export function isNftJson(doc: unknown): boolean {
  return isObj(doc) && Array.isArray(doc.nftables);
}
