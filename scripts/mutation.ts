// Mutation testing: plants one small bug at a time in the compiled core and codec modules, runs the offline
// tests that cover them, and reports per module how many bugs the tests noticed (the mutation score).
//
//   npm run build && node dist/scripts/mutation.js [--per-module N] [--only PATH-PART] [--json FILE]
//
// Why our own driver and not StrykerJS: Stryker has no ava runner, and its command runner cannot narrow
// the tests per mutant, so every mutant would run the whole suite (live tests included, minutes each).
// Mutating the compiled JavaScript in a scratch copy needs no rebuild per mutant, and each module runs
// only its own offline test files. Mutants are picked evenly over each module, so a run with the same N
// gives the same mutants.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Modules under test, found by folder in the compiled tree (so a module moved or added is mutated without
 * editing this list), and the offline test files meant to catch their bugs. Left out: modules that only
 * wrap system calls or spawn workers (socket, ffi, libc, netns*: the live tests cover them), entry points
 * that only re-export (index), and modules of plain data types.
 */
const TARGETS: ReadonlyArray<{ dirs: string[]; exclude: RegExp; tests: string[] }> = [
  {
    dirs: ['src/netlink', 'src/netlink/schema'],
    exclude: /\/(index|socket|ffi|libc|netns[^/]*|package-import|transport|core|procfs|structs)\.js$/,
    tests: ['netlink-codec', 'netlink-engine', 'netlink-fastpath', 'netlink-replay', 'netlink-read-ahead', 'netlink-typed-errors', 'constants-pinned'],
  },
  {
    dirs: ['src/rtnetlink', 'src/rtnetlink/address', 'src/rtnetlink/neighbour', 'src/rtnetlink/route', 'src/rtnetlink/link', 'src/rtnetlink/rule', 'src/rtnetlink/nexthop'],
    exclude: /\/(index|client|events|model|structs)\.js$/,
    tests: ['rtnetlink-codec', 'rtnetlink-fastpath', 'rtnetlink-golden', 'rtnetlink-replay', 'rtnetlink-reference', 'constants-pinned'],
  },
  {
    dirs: ['src/nfnetlink/conntrack'],
    exclude: /\/(index|client|events|stats)\.js$/,
    tests: ['conntrack-codec', 'conntrack-cursor', 'conntrack-golden', 'conntrack-replay', 'conntrack-reference', 'constants-pinned'],
  },
  {
    dirs: ['src/nfnetlink/nftables', 'src/nfnetlink/nftables/expressions', 'src/nfnetlink/nftables/render'],
    exclude: /\/(index|client|types|nft-json-apply|json-apply[^/]*)\.js$/,
    tests: ['nftables-golden', 'nftables-unit', 'nftables-json', 'nftables-replay', 'nftables-helpers', 'nftables-reference', 'constants-pinned'],
  },
];

/** The compiled modules of a target in `dir` (a scratch copy), as paths relative to dist/. */
function modulesOf(dir: string, target: (typeof TARGETS)[number]): string[] {
  return target.dirs.flatMap((d) => {
    const abs = path.join(dir, 'dist', d);
    if (!fs.existsSync(abs)) return [];
    return fs.readdirSync(abs).filter((f) => f.endsWith('.js')).map((f) => `${d}/${f}`).filter((m) => !target.exclude.test(`/${m}`)).sort();
  });
}

export interface Mutant {
  module: string;
  start: number;
  end: number;
  replacement: string;
  line: number;
  original: string;
}

const OPERATOR_SWAPS: Readonly<Record<string, string>> = {
  '===': '!==', '!==': '===', '==': '!=', '!=': '==', '<': '<=', '<=': '<', '>': '>=', '>=': '>',
  '+': '-', '-': '+', '*': '/', '&&': '||', '||': '&&', '&': '|', '|': '&', '^': '&', '<<': '>>', '>>': '<<', '>>>': '>>', '??': '&&',
};

/** Every place in a module where one of the mutation operators applies, in source order. */
export function mutationPoints(text: string, module: string): Mutant[] {
  const sf = ts.createSourceFile(module, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const out: Mutant[] = [];
  const add = (node: ts.Node | ts.Token<ts.SyntaxKind>, replacement: string): void => {
    const start = node.getStart(sf);
    out.push({ module, start, end: node.getEnd(), replacement, line: sf.getLineAndCharacterOfPosition(start).line + 1, original: node.getText(sf) });
  };
  const visit = (node: ts.Node): void => {
    // Import/export lists, thrown messages and template text are not behaviour worth mutating.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isThrowStatement(node)) return;
    if (ts.isBinaryExpression(node)) {
      const swap = OPERATOR_SWAPS[node.operatorToken.getText(sf)];
      if (swap) add(node.operatorToken, swap);
    } else if (ts.isNumericLiteral(node)) {
      const v = Number(node.text);
      add(node, v === 0 ? '1' : v === 1 ? '0' : String(v + 1));
    } else if (node.kind === ts.SyntaxKind.TrueKeyword) {
      add(node, 'false');
    } else if (node.kind === ts.SyntaxKind.FalseKeyword) {
      add(node, 'true');
    } else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      out.push({ module, start: node.getStart(sf), end: node.getStart(sf) + 1, replacement: '', line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, original: '!' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** n points spread evenly over the list (all of them when n is larger). */
export function pickEvenly<T>(all: readonly T[], n: number): T[] {
  if (all.length <= n) return [...all];
  return Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]!);
}

interface ModuleScore { module: string; total: number; killed: number; survivors: string[] }

function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-mutation-'));
  fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
  for (const link of ['node_modules', 'fixtures', 'src', 'test', 'examples', 'README.md']) {
    if (fs.existsSync(path.join(root, link))) fs.symlinkSync(path.join(root, link), path.join(dir, link));
  }
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  return dir;
}

/** True when the tests fail (the mutant is killed); a hang past the time limit counts as killed too. */
function testsFail(dir: string, tests: readonly string[], timeoutMs: number): boolean {
  const ava = path.join(dir, 'node_modules', 'ava', 'entrypoints', 'cli.mjs');
  const files = tests.map((t) => `dist/test/${t}.test.js`).filter((f) => fs.existsSync(path.join(dir, f)));
  // NLTS_PIN_FROM=dist: the constant-pinning test reads the (mutated) compiled modules, not src/.
  const r = spawnSync(process.execPath, [ava, '--fail-fast', '--timeout=60s', ...files], {
    cwd: dir, stdio: 'pipe', timeout: timeoutMs, env: { ...process.env, NLTS_PIN_FROM: 'dist', CI: '' },
  });
  return r.status !== 0;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const perModule = Number(opt('--per-module') ?? 20);
  const only = opt('--only');
  const jsonOut = opt('--json');
  const dir = scratchCopy();
  const scores: ModuleScore[] = [];
  try {
    for (const target of TARGETS) {
      const modules = modulesOf(dir, target);
      if (only && !modules.some((m) => m.includes(only))) continue;
      if (testsFail(dir, target.tests, 600_000)) throw new Error(`the tests of ${target.dirs[0]} fail without any mutant`);
      for (const module of modules) {
        if (only && !module.includes(only)) continue;
        const file = path.join(dir, 'dist', module);
        const text = fs.readFileSync(file, 'utf8');
        const mutants = pickEvenly(mutationPoints(text, module), perModule);
        const score: ModuleScore = { module, total: mutants.length, killed: 0, survivors: [] };
        for (const m of mutants) {
          fs.writeFileSync(file, text.slice(0, m.start) + m.replacement + text.slice(m.end));
          try {
            if (testsFail(dir, target.tests, 300_000)) score.killed++;
            else score.survivors.push(`${module.replace(/\.js$/, '.ts')} line ~${m.line} (js): ${m.original} -> ${m.replacement || '(removed)'}`);
          } finally {
            fs.writeFileSync(file, text);
          }
          process.stderr.write(score.survivors.length + score.killed === score.total ? '\n' : '.');
        }
        scores.push(score);
        process.stdout.write(`${module.padEnd(52)} ${String(score.killed).padStart(3)}/${String(score.total).padEnd(3)} ${score.total ? ((100 * score.killed) / score.total).toFixed(0) : '-'}%\n`);
        for (const s of score.survivors) process.stdout.write(`    survived: ${s}\n`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const total = scores.reduce((a, s) => a + s.total, 0);
  const killed = scores.reduce((a, s) => a + s.killed, 0);
  process.stdout.write(`\nall: ${killed}/${total} killed (${total ? ((100 * killed) / total).toFixed(1) : '-'}%), ${perModule} mutants per module, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ perModule, scores }, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) main();
