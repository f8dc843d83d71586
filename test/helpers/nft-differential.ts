// The differential run behind the generated suite: loads generated rules with the real nft into a throwaway
// namespace (each rule in its own chain, so one listing covers them all), drops the lines nft refuses, then
// lists the table with nft and with the library and compares each chain's text and JSON.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Nftables, renderTable, rulesetToNftJson, type Family } from '../../src/nfnetlink/nftables/index.js';
import { type GenFamily, type GenRule, tablePrelude } from './nft-generator.js';

const execFileP = promisify(execFile);

/** Runs `nft -f FILE` in the namespace; the 1-based lines nft's errors point at (empty when it loaded). */
async function nftFile(netns: string, lines: string[]): Promise<{ ok: boolean; bad: Set<number>; stderr: string }> {
  const file = path.join(os.tmpdir(), `nlts-gen-${process.pid}-${Math.random().toString(16).slice(2)}.nft`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  try {
    await execFileP('/usr/sbin/ip', ['netns', 'exec', netns, '/usr/sbin/nft', '-f', file], { maxBuffer: 64 << 20 });
    return { ok: true, bad: new Set(), stderr: '' };
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? '');
    const bad = new Set<number>();
    const re = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):`, 'g');
    for (const m of stderr.matchAll(re)) bad.add(Number(m[1]));
    return { ok: false, bad, stderr };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * Loads `lines` with nft in chunks, dropping every line nft refuses (by the line its error names; a failure
 * naming no line is loaded one line at a time). nft stops reporting after a few errors, so small chunks
 * keep the number of rounds low. Returns the indexes of the lines that loaded.
 */
export async function loadTolerant(netns: string, lines: string[], chunk = 24): Promise<Set<number>> {
  const loaded = new Set<number>();
  for (let start = 0; start < lines.length; start += chunk) {
    let live = lines.map((_, i) => i).slice(start, start + chunk);
    for (let round = 0; live.length; round++) {
      const r = await nftFile(netns, live.map((i) => lines[i]!));
      if (r.ok) { for (const i of live) loaded.add(i); break; }
      const bad = new Set([...r.bad].map((n) => live[n - 1]).filter((i): i is number => i !== undefined));
      if (bad.size && round < chunk) { live = live.filter((i) => !bad.has(i)); continue; }
      for (const i of live) if ((await nftFile(netns, [lines[i]!])).ok) loaded.add(i);
      break;
    }
  }
  return loaded;
}

/** Top-level blocks of one table's listing (`chain r12 {`, `set s {`, ...), keyed by their header line. */
export function tableBlocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  let body: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\t[^\t].* \{$/.test(line)) { key = line.trim(); body = [line]; continue; }
    if (key === undefined) continue;
    body.push(line);
    if (line === '\t}') { out.set(key, body.join('\n')); key = undefined; }
  }
  return out;
}

export interface RuleOutcome {
  family: GenFamily; kind: string; rule: string;
  loaded: boolean; textSame?: boolean; jsonSame?: boolean; nftText?: string; ourText?: string; nftJson?: string; ourJson?: string;
}

type JsonObj = Record<string, unknown>;
const strip = (s: string): string => s.replace(/ expires [0-9dhms]+/g, '');

/** Rule objects of `nft -j` output by chain, without handles. */
function rulesByChain(doc: { nftables: JsonObj[] }): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of doc.nftables) {
    const r = o.rule as JsonObj | undefined;
    if (!r) continue;
    out.set(String(r.chain), JSON.stringify(r.expr));
  }
  return out;
}

/**
 * Loads one family's generated rules, lists with both tools and compares chain by chain. `accepted` (rules as
 * generated) are the ones nft loaded when that list was recorded: they go in as one transaction instead of
 * probing every line; if that fails (another nft version, a kernel without a feature) every line is probed.
 */
export async function runFamily(netns: string, family: GenFamily, rules: GenRule[], accepted?: ReadonlySet<string>): Promise<RuleOutcome[]> {
  await nftFile(netns, [`add table ${family} t`]);
  const prelude = tablePrelude(family).map((l) => `add ${l.replace(/^(\S+(?: helper| timeout| expectation)?) /, `$1 ${family} t `)}`);
  await loadTolerant(netns, prelude);
  const lines = rules.map((r, i) => `add chain ${family} t r${i}; add rule ${family} t r${i} ${r.rule}`);
  const known = accepted ? rules.map((r, i) => (accepted.has(r.rule) ? i : -1)).filter((i) => i >= 0) : [];
  const loaded = known.length && (await nftFile(netns, known.map((i) => lines[i]!))).ok ? new Set(known) : await loadTolerant(netns, lines);

  const { stdout: nftText } = await execFileP('/usr/sbin/ip', ['netns', 'exec', netns, '/usr/sbin/nft', 'list', 'table', family, 't'], { maxBuffer: 64 << 20 });
  const { stdout: nftJsonText } = await execFileP('/usr/sbin/ip', ['netns', 'exec', netns, '/usr/sbin/nft', '-j', 'list', 'table', family, 't'], { maxBuffer: 64 << 20 });
  const client = Nftables.open({ netns });
  let ourText: string;
  let ourJson: { nftables: JsonObj[] };
  try {
    const rs = await client.listRulesetWithObjects();
    const fam = family as Family;
    const one = { ...rs, tables: rs.tables.filter((t) => t.family === fam && t.name === 't') };
    const fmt = { ifname: (i: number) => (i === 1 ? 'lo' : undefined) };
    ourText = renderTable(one.tables[0]!, one, fmt);
    ourJson = JSON.parse(JSON.stringify(rulesetToNftJson(one, fmt))) as { nftables: JsonObj[] };
  } finally {
    client.close();
  }
  const theirs = tableBlocks(strip(nftText));
  const ours = tableBlocks(strip(ourText));
  const theirJson = rulesByChain(JSON.parse(nftJsonText) as { nftables: JsonObj[] });
  const ourJsonRules = rulesByChain(ourJson);
  // The table's other blocks (named sets and maps, stateful objects, flowtables): text and JSON by name.
  const theirObjects = objectsByName(JSON.parse(nftJsonText) as { nftables: JsonObj[] });
  const ourObjects = objectsByName(ourJson);
  const listings: RuleOutcome[] = [...theirs].filter(([key]) => !key.startsWith('chain ')).map(([key, a]) => {
    const name = key.replace(/ \{$/, '');
    const b = ours.get(key) ?? '';
    const ja = theirObjects.get(name) ?? '';
    const jb = ourObjects.get(name) ?? '';
    const body = (s: string): string => s.split('\n').map((l) => l.trim()).join('\n');
    return { family, kind: `listing ${name.split(' ').slice(0, name.startsWith('ct ') ? 2 : 1).join(' ')}`, rule: name, loaded: true,
      textSame: a === b, jsonSame: ja === jb, nftText: body(a), ourText: body(b), nftJson: ja, ourJson: jb };
  });
  return [...listings, ...rules.map((r, i): RuleOutcome => {
    if (!loaded.has(i)) return { ...r, loaded: false };
    const key = `chain r${i} {`;
    const a = theirs.get(key) ?? '';
    const b = ours.get(key) ?? '';
    const ja = theirJson.get(`r${i}`) ?? '';
    const jb = ourJsonRules.get(`r${i}`) ?? '';
    const body = (s: string): string => s.split('\n').slice(1, -1).map((l) => l.trim()).join('\n');
    return { ...r, loaded: true, textSame: a === b, jsonSame: ja === jb, nftText: body(a), ourText: body(b), nftJson: ja, ourJson: jb };
  })];
}

/** Sets, maps, objects and flowtables of `nft -j` output by `KIND NAME` ('set s1', 'ct helper h1'). */
function objectsByName(doc: { nftables: JsonObj[] }): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of doc.nftables) {
    const [kind] = Object.keys(o);
    if (!kind || ['metainfo', 'table', 'chain', 'rule'].includes(kind)) continue;
    out.set(`${kind} ${String((o[kind] as JsonObj).name)}`, JSON.stringify(o[kind]));
  }
  return out;
}
