// The round trip of the generated corpus (issue 13, "apply what we list"): one family's generated rules are
// loaded by the real nft into a source namespace (one transaction, as the generated suite does), listed by us
// as nft's JSON, applied by us from that JSON into an empty namespace, and both tables are listed by nft and
// compared block by block (each rule sits in its own chain r<i>).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Nftables, Transaction, nftJsonToTransaction, rulesetToNftJson, type Family } from '../../src/nfnetlink/nftables/index.js';
import { type GenFamily, type GenRule, tablePrelude } from './nft-generator.js';
import { loadTolerant, tableBlocks } from './nft-differential.js';

const execFileP = promisify(execFile);

async function nftIn(netns: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileP('/usr/sbin/ip', ['netns', 'exec', netns, '/usr/sbin/nft', ...args], { maxBuffer: 64 << 20 });
  return stdout;
}

async function nftLines(netns: string, lines: string[]): Promise<boolean> {
  const file = path.join(os.tmpdir(), `nlts-rt-${process.pid}-${Math.random().toString(16).slice(2)}.nft`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  try { await nftIn(netns, '-f', file); return true; } catch { return false; } finally { fs.rmSync(file, { force: true }); }
}

/** One block (rule chain, set, map, object) and how it came back. */
export interface RoundTripOutcome {
  kind: string; rule: string;
  /** 'same'; 'compile' (our apply refused our JSON); 'kernel' (the kernel refused what we sent); 'differs'. */
  result: 'same' | 'compile' | 'kernel' | 'differs';
  detail?: string;
}

type JsonItem = Record<string, unknown>;
const strip = (s: string): string => s.replace(/ expires [0-9dhms]+/g, '');
const body = (s: string): string => s.split('\n').slice(1, -1).map((l) => l.trim()).join('\n');

/**
 * Loads `rules` (those of `accepted`, nft's accepted list) into `source`, round-trips them into `target`
 * and compares. Items that our apply refuses are left out (and reported); if the kernel refuses the whole
 * transaction, every item is applied alone to find the ones it refuses.
 */
export async function roundTripFamily(source: string, target: string, family: GenFamily, rules: GenRule[], accepted: ReadonlySet<string>): Promise<RoundTripOutcome[]> {
  const prelude = tablePrelude(family).map((l) => `add ${l.replace(/^(\S+(?: helper| timeout| expectation)?) /, `$1 ${family} t `)}`);
  const index = rules.map((r, i) => (accepted.has(r.rule) ? i : -1)).filter((i) => i >= 0);
  // The prelude line by line as the generated suite loads it (some lines are refused in some families).
  await nftLines(source, [`add table ${family} t`]);
  await loadTolerant(source, prelude);
  const ok = await nftLines(source, [...index.map((i) => `add chain ${family} t r${i}; add rule ${family} t r${i} ${rules[i]!.rule}`)]);
  if (!ok) throw new Error(`nft no longer loads the accepted ${family} rules in one transaction`);

  const T0 = Date.now(); const dbg = (m: string): void => { if (process.env.NLTS_RT_DEBUG) process.stderr.write(`${family} ${Date.now() - T0}ms ${m}\n`); };
  const reader = Nftables.open({ netns: source });
  let writer = Nftables.open({ netns: target });
  const outcomes = new Map<string, RoundTripOutcome>();
  try {
    const rs = await reader.listRulesetWithObjects();
    const one = { ...rs, tables: rs.tables.filter((t) => t.family === (family as Family) && t.name === 't') };
    const doc = JSON.parse(JSON.stringify(rulesetToNftJson(one, { ifname: (i) => (i === 1 ? 'lo' : undefined) }))) as { nftables: JsonItem[] };
    const indexes = (n: string): number | undefined => (n === 'lo' ? 1 : undefined);
    const blockOf = (item: JsonItem): string => {
      const [kind] = Object.keys(item);
      const b = item[kind!] as JsonItem;
      return kind === 'rule' ? `chain ${String(b.chain)} {` : `${kind} ${String(b.name)} {`;
    };
    // Compile item by item: what our apply refuses is reported and left out of the document.
    dbg('listed');
    const good: JsonItem[] = [];
    for (const item of doc.nftables) {
      if ('metainfo' in item || 'table' in item || 'chain' in item) { good.push(item); continue; }
      try {
        nftJsonToTransaction({ nftables: [item] }, { ifindex: indexes });
        good.push(item);
      } catch (e) {
        outcomes.set(blockOf(item), { kind: '', rule: blockOf(item), result: 'compile', detail: (e as Error).message });
      }
    }
    dbg(`compiled, ${outcomes.size} refused`);
    // The table, sets, objects and chains first, then the rules in chunks (a refused batch answers an
    // error per message: a whole corpus at once overflows the socket). A refused batch is halved until the
    // items the kernel refuses are found; the socket is opened again after each refusal (it may hold
    // answers the failed batch left unread).
    const apply = async (items: JsonItem[], flush = false): Promise<void> => {
      try {
        await writer.apply(nftJsonToTransaction({ nftables: items }, { flush, ifindex: indexes }));
      } catch (e) {
        writer.close();
        writer = Nftables.open({ netns: target });
        // An error reading the answers (ENOBUFS) can follow a batch the kernel did commit: empty the rules'
        // chains before trying again, so no rule is there twice.
        const chains = items.filter((x) => 'rule' in x).map((x) => String((x.rule as JsonItem).chain));
        if (chains.length) {
          const flush = new Transaction();
          for (const c of chains) flush.flushChain(family as Family, 't', c);
          await writer.apply(flush).catch(() => undefined);
        }
        if (items.length === 1) {
          outcomes.set(blockOf(items[0]!), { kind: '', rule: blockOf(items[0]!), result: 'kernel', detail: (e as Error).message });
          return;
        }
        const half = Math.ceil(items.length / 2);
        await apply(items.slice(0, half), flush);
        await apply(items.slice(half));
      }
    };
    const table = good.filter((x) => 'table' in x);
    await apply(table, true);
    await apply(good.filter((x) => !('rule' in x) && !('table' in x) && !('metainfo' in x)));
    const ruleItems = good.filter((x) => 'rule' in x);
    for (let i = 0; i < ruleItems.length; i += 100) await apply(ruleItems.slice(i, i + 100));
    dbg('applied');
  } finally {
    reader.close();
    writer.close();
  }
  const theirs = tableBlocks(strip(await nftIn(source, 'list', 'table', family, 't')));
  const ours = tableBlocks(strip(await nftIn(target, 'list', 'table', family, 't')));
  const out: RoundTripOutcome[] = [];
  for (const [key, a] of theirs) {
    const m = /^chain r(\d+) \{$/.exec(key);
    const kind = m ? rules[Number(m[1])]!.kind : `listing ${key.split(' ')[0]}`;
    const rule = m ? rules[Number(m[1])]!.rule : key.replace(/ \{$/, '');
    if (!m && key.startsWith('chain ')) continue;
    const known = outcomes.get(key);
    if (known) { out.push({ ...known, kind, rule }); continue; }
    const b = ours.get(key) ?? '';
    out.push(a === b ? { kind, rule, result: 'same' } : { kind, rule, result: 'differs', detail: `nft: ${body(a)} | after the round trip: ${body(b)}` });
  }
  return out;
}
