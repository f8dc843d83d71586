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

/** Modules under test (compiled paths) and the offline test files that are meant to catch their bugs. */
const TARGETS: ReadonlyArray<{ modules: string[]; tests: string[] }> = [
  {
    modules: ['src/netlink/attributes.js', 'src/netlink/message.js', 'src/netlink/ack.js', 'src/netlink/address.js',
      'src/netlink/connection.js', 'src/netlink/constants.js', 'src/netlink/read-ahead.js', 'src/netlink/notifications.js'],
    tests: ['netlink-codec', 'netlink-engine', 'netlink-fastpath', 'netlink-replay', 'netlink-read-ahead', 'constants-pinned'],
  },
  {
    modules: ['src/rtnetlink/route.js', 'src/rtnetlink/link.js', 'src/rtnetlink/address.js', 'src/rtnetlink/rule.js',
      'src/rtnetlink/neighbour.js', 'src/rtnetlink/nexthop.js', 'src/rtnetlink/headers.js', 'src/rtnetlink/constants.js'],
    tests: ['rtnetlink-codec', 'rtnetlink-fastpath', 'rtnetlink-golden', 'rtnetlink-replay', 'constants-pinned'],
  },
  {
    modules: ['src/nfnetlink/conntrack/flow.js', 'src/nfnetlink/conntrack/tuple.js', 'src/nfnetlink/conntrack/cursor.js',
      'src/nfnetlink/conntrack/constants.js'],
    tests: ['conntrack-codec', 'conntrack-cursor', 'conntrack-golden', 'conntrack-replay', 'constants-pinned'],
  },
  {
    modules: ['src/nfnetlink/nftables/match.js', 'src/nfnetlink/nftables/rule.js', 'src/nfnetlink/nftables/set.js',
      'src/nfnetlink/nftables/expressions/payload.js', 'src/nfnetlink/nftables/expressions/cmp.js',
      'src/nfnetlink/nftables/expressions/meta.js', 'src/nfnetlink/nftables/expressions/ct.js',
      'src/nfnetlink/nftables/expressions/nat.js', 'src/nfnetlink/nftables/expressions/bitwise.js'],
    tests: ['nftables-golden', 'nftables-unit', 'nftables-json', 'nftables-replay', 'nftables-helpers', 'constants-pinned'],
  },
];

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
      if (only && !target.modules.some((m) => m.includes(only))) continue;
      if (testsFail(dir, target.tests, 600_000)) throw new Error(`the tests of ${target.modules[0]} fail without any mutant`);
      for (const module of target.modules) {
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
