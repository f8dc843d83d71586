// The ruleset in `nft list ruleset` syntax, for what the library knows (the same text nft 1.0.6 prints).
import type { Ruleset } from './ruleset.js';
import type { Rule } from './rule.js';
import type { Chain } from './chain.js';
import { type NftSet, isAnonymous, isIntervalEnd } from './set.js';
import type { Table } from './table.js';
import { SetFlag } from './constants.js';
import { type Json, RenderContext, type RenderOptions, type RenderSet } from './render/context.js';
import { formatValue, type FormatOptions } from './render/datatypes.js';
import { elementTexts } from './render/elements.js';
import { durationText, setTypeInfo } from './render/set-types.js';
import { renderExpression } from './expressions/registry.js';
import { priorityText } from './priority.js';
import { verdictText } from './expressions/immediate.js';
import { typeofIsRaw, typeofText } from './render/typeof.js';
import { renderObject } from './render/objects.js';
import { OBJECT_TYPES } from './constants.js';

/** nft's name of an object type (NFT_OBJECT_*): 'quota', 'ct helper'. */
export function objectTypeName(t: number): string {
  const name = Object.entries(OBJECT_TYPES).find(([, v]) => v === t)?.[0];
  return name ?? `object ${t}`;
}

export function toRenderSet(s: NftSet): RenderSet {
  return {
    name: s.name, anonymous: isAnonymous(s), interval: (s.flags & SetFlag.INTERVAL) !== 0, map: (s.flags & SetFlag.MAP) !== 0,
    elements: (s.elements ?? []).map((e) => ({ ...e, intervalEnd: isIntervalEnd(e) })),
    ...(s.timeout !== undefined ? { timeout: s.timeout } : {}),
    keyLen: s.keyLen,
    ...(s.dataType !== undefined ? { dataType: s.dataType } : {}),
    ...(s.dataType !== undefined && setTypeInfo(s.dataType).format !== 'hex' ? { dataFormat: { format: setTypeInfo(s.dataType).format, hostOrder: setTypeInfo(s.dataType).hostOrder } } : {}),
    ...(s.objType !== undefined ? { objectType: s.objType } : {}),
    ...(typeofIsRaw(s.userdata) ? { rawKey: true } : {}),
  };
}



/** One rule's statements as `nft -j` lists them in the rule's "expr". */
export function renderRuleJson(rule: Rule, options: RenderOptions = {}): Json[] {
  const ctx = new RenderContext(rule.family, options);
  for (const e of rule.expressions) renderExpression(e, ctx);
  return ctx.json();
}

/** One rule's statements, as on its line in `nft list ruleset`. */
export function renderRule(rule: Rule, options: RenderOptions = {}): string {
  const ctx = new RenderContext(rule.family, options);
  for (const e of rule.expressions) renderExpression(e, ctx);
  const text = ctx.text();
  return rule.comment !== undefined ? `${text} comment ${JSON.stringify(rule.comment)}` : text;
}

export function renderChainHeader(c: Chain): string | undefined {
  if (!c.hook) return undefined;
  const dev = c.hook.device !== undefined ? ` device ${JSON.stringify(c.hook.device)}` : '';
  return `type ${c.type ?? 'filter'} hook ${c.hook.hook}${dev} priority ${priorityText(c.hook.priority, c.family, c.hook.hook)}; policy ${c.policy ?? 'accept'};`;
}

function renderSet(s: NftSet, fmt: FormatOptions): string[] {
  const key = setTypeInfo(s.keyType);
  const isMap = (s.flags & SetFlag.MAP) !== 0;
  const data = s.dataType !== undefined ? setTypeInfo(s.dataType) : undefined;
  const declared = typeofText(s.userdata);
  const objMap = (s.flags & SetFlag.OBJECT) !== 0 && s.objType !== undefined;
  const dataName = objMap ? objectTypeName(s.objType!) : isMap && data ? data.name : undefined;
  const lines = [`${isMap || objMap ? 'map' : 'set'} ${s.name} {`, declared && !isMap && !objMap ? `\ttypeof ${declared}` : `\ttype ${key.name}${dataName ? ` : ${dataName}` : ''}`];
  if (s.size !== undefined) lines.push(`\tsize ${s.size}`);
  const flags: string[] = [];
  if (s.flags & SetFlag.CONSTANT) flags.push('constant');
  if (s.flags & SetFlag.INTERVAL) flags.push('interval');
  if (s.flags & SetFlag.TIMEOUT && s.timeout === undefined) flags.push('timeout');
  if (s.flags & SetFlag.EVAL) flags.push('dynamic');
  if (flags.length) lines.push(`\tflags ${flags.join(',')}`);
  if (s.timeout !== undefined) lines.push(`\ttimeout ${durationText(s.timeout)}`);
  if (s.elements && s.elements.length > 0) {
    const isAddr = key.format === 'ipv4_addr' || key.format === 'ipv6_addr';
    const fmtData = (d: NonNullable<(typeof s.elements)[number]['data']>): string =>
      'verdict' in d ? verdictText(d.verdict) : data ? formatValue(data.format, Buffer.from(d.value, 'hex'), data.hostOrder, fmt) : `0x${d.value}`;
    const texts = elementTexts(toRenderSet(s), (k) => formatValue(key.format, k, key.hostOrder, fmt), fmtData, isAddr, key.hostOrder || key.format === 'ifname', key.format === 'ifname');
    lines.push(`\telements = { ${texts.join(', ')} }`);
  }
  lines.push('}');
  return lines;
}

/** A table with its sets and chains (and their rules), as `nft list table` prints it. */
export function renderTable(table: Table, rs: Ruleset, options: FormatOptions = {}): string {
  const sets = rs.sets.filter((s) => s.family === table.family && s.table === table.name);
  const byName = new Map(sets.map((s) => [s.name, toRenderSet(s)]));
  const ro: RenderOptions = { ...options, set: (n) => byName.get(n) };
  const blocks: string[][] = [];
  // nft lists a table's stateful objects first, then its sets, then its chains.
  for (const o of (rs.objects ?? []).filter((x) => x.family === table.family && x.table === table.name)) {
    const b = renderObject(o);
    if (b) blocks.push(b);
  }
  for (const s of sets) if (!isAnonymous(s)) blocks.push(renderSet(s, options));
  for (const c of rs.chains.filter((c) => c.family === table.family && c.table === table.name)) {
    const lines = [`chain ${c.name} {`];
    const header = renderChainHeader(c);
    if (header) lines.push(`\t${header}`);
    for (const r of rs.rules.filter((r) => r.family === c.family && r.table === c.table && r.chain === c.name)) lines.push(`\t${renderRule(r, ro)}`);
    lines.push('}');
    blocks.push(lines);
  }
  const flags = table.flags ? `\tflags ${[table.flags & 1 ? 'dormant' : '', table.flags & 2 ? 'owner' : ''].filter(Boolean).join(',')}\n` : '';
  const body = blocks.map((b) => b.map((l) => `\t${l}`).join('\n')).join('\n\n');
  return `table ${table.family} ${table.name} {\n${flags}${body}${body ? '\n' : ''}}\n`;
}

/** The whole ruleset as `nft list ruleset` prints it. */
export function renderRuleset(rs: Ruleset, options: FormatOptions = {}): string {
  return rs.tables.map((t) => renderTable(t, rs, options)).join('');
}
