// The ruleset in nft's own JSON schema (`nft -j list ruleset`, libnftables-json(5)): {"nftables": [
// {"metainfo": ...}, {"table": ...}, {"set"|"map": ...}, {"chain": ...}, {"rule": {..., "expr": [...]}}]},
// for what the library models. The statements come from the same renderer as the text, so text and JSON
// always describe the same thing.
import type { Ruleset } from './ruleset.js';
import type { Table } from './table.js';
import type { Chain } from './chain.js';
import type { Rule } from './rule.js';
import { type NftSet, isAnonymous } from './set.js';
import { SetFlag, TableFlag } from './constants.js';
import type { Json, RenderOptions } from './render/context.js';
import type { FormatOptions } from './render/datatypes.js';
import { formatJson } from './render/datatypes.js';
import { dataJson, elementJson } from './render/elements.js';
import { concatTypes, setTypeInfo } from './render/set-types.js';
import { objectJson } from './render/objects.js';
import { objectTypeName, renderRuleJson, toRenderSet } from './render.js';

/** The JSON schema version nft 1.0.6 reports in "metainfo" (the only field its parser checks). */
export const NFT_JSON_SCHEMA_VERSION = 1;

/** A document in nft's JSON schema (`nft -j list ruleset`). */
export interface NftJsonDocument { nftables: Array<Record<string, Json | undefined>> }

function tableJson(t: Table): Json {
  const flags: string[] = [];
  if ((t.flags ?? 0) & TableFlag.DORMANT) flags.push('dormant');
  if ((t.flags ?? 0) & TableFlag.OWNER) flags.push('owner');
  return {
    family: t.family, name: t.name, ...(t.handle !== undefined ? { handle: t.handle } : {}),
    ...(flags.length ? { flags: flags.length === 1 ? flags[0]! : flags } : {}),
  };
}

function chainJson(c: Chain): Json {
  return {
    family: c.family, table: c.table, name: c.name, ...(c.handle !== undefined ? { handle: c.handle } : {}),
    ...(c.hook ? {
      type: c.type ?? 'filter', hook: c.hook.hook, ...(c.hook.device !== undefined ? { dev: c.hook.device } : {}),
      prio: c.hook.priority, policy: c.policy ?? 'accept',
    } : {}),
  };
}

function setJson(s: NftSet, options: FormatOptions): { kind: 'set' | 'map'; body: Json } {
  const isMap = (s.flags & SetFlag.MAP) !== 0;
  const objMap = (s.flags & SetFlag.OBJECT) !== 0 && s.objType !== undefined;
  // A concatenated key type lists as the array of its fields' types.
  const keyTypes = concatTypes(s.keyType)?.map((t) => setTypeInfo(t).name);
  const key = setTypeInfo(s.keyType);
  const data = s.dataType !== undefined ? setTypeInfo(s.dataType) : undefined;
  const flags: string[] = [];
  if (s.flags & SetFlag.CONSTANT) flags.push('constant');
  if (s.flags & SetFlag.INTERVAL) flags.push('interval');
  if (s.flags & SetFlag.TIMEOUT) flags.push('timeout');
  const isAddr = key.format === 'ipv4_addr' || key.format === 'ipv6_addr';
  const elements = s.elements && s.elements.length > 0
    ? elementJson(toRenderSet(s), (k) => formatJson(key.format, k, key.hostOrder, options),
      (d) => ('verdict' in d || !data ? dataJson(d) : formatJson(data.format, Buffer.from(d.value, 'hex'), data.hostOrder, options)), isAddr, key.hostOrder || key.format === 'ifname', key.format === 'ifname')
    : undefined;
  return {
    kind: isMap || objMap ? 'map' : 'set',
    body: {
      family: s.family, name: s.name, table: s.table, type: key.name, ...(s.handle !== undefined ? { handle: s.handle } : {}),
      ...(objMap ? { map: objectTypeName(s.objType!) } : isMap && data ? { map: data.name } : {}),
      ...(keyTypes ? { type: keyTypes } : {}),
      ...(flags.length ? { flags } : {}),
      ...(s.timeout !== undefined ? { timeout: Math.floor(s.timeout / 1000) } : {}),
      ...(s.gcInterval !== undefined ? { 'gc-interval': Math.floor(s.gcInterval / 1000) } : {}),
      ...(s.size !== undefined ? { size: s.size } : {}),
      ...(elements ? { elem: elements } : {}),
    },
  };
}

/** One rule in nft's JSON form (`{ rule: ... }`). */
export function ruleJson(r: Rule, options: RenderOptions = {}): Json {
  return {
    family: r.family, table: r.table, chain: r.chain, ...(r.handle !== undefined ? { handle: r.handle } : {}),
    ...(r.comment !== undefined ? { comment: r.comment } : {}),
    expr: renderRuleJson(r, options),
  };
}

/**
 * The ruleset as `nft -j list ruleset` prints it: per table, the table, its named sets and maps, its
 * chains, then the rules of each chain in order. `metainfo` names this library, not nft.
 */
export function rulesetToNftJson(rs: Ruleset, options: FormatOptions = {}): NftJsonDocument {
  const out: NftJsonDocument['nftables'] = [{ metainfo: { version: 'nlts', release_name: 'nlts', json_schema_version: NFT_JSON_SCHEMA_VERSION } }];
  for (const t of rs.tables) {
    const inTable = <T extends { family: string; table: string }>(x: T): boolean => x.family === t.family && x.table === t.name;
    out.push({ table: tableJson(t) });
    for (const o of (rs.objects ?? []).filter(inTable)) {
      const j = objectJson(o);
      if (j) out.push({ [j.kind]: j.body });
    }
    const sets = rs.sets.filter(inTable);
    const byName = new Map(sets.map((s) => [s.name, toRenderSet(s)]));
    const ro: RenderOptions = { ...options, set: (n) => byName.get(n) };
    for (const s of sets) {
      if (isAnonymous(s)) continue;
      const j = setJson(s, options);
      out.push({ [j.kind]: j.body });
    }
    const chains = rs.chains.filter(inTable);
    for (const c of chains) out.push({ chain: chainJson(c) });
    for (const c of chains) for (const r of rs.rules.filter((x) => inTable(x) && x.chain === c.name)) out.push({ rule: ruleJson(r, ro) });
  }
  return out.length ? { nftables: out } : { nftables: [] };
}
