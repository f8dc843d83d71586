// The package as users get it: `npm pack`, then `npm install <tarball>` into a scratch project outside the
// repository, plus a strict TypeScript consumer that imports every entry point of package.json "exports".
// scripts/run-tests.ts calls this before the suite enters its sandbox (the install may need the npm
// registry, which the sandbox's empty namespace cannot reach); test/package.test.ts then runs the installed
// bin and compiles the consumer. Test support only: the library never runs programs.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The environment variable through which run-tests hands the prepared scratch project to the test. */
export const PACKAGE_DIR_ENV = 'NLTS_PACKAGE_SMOKE_DIR';

/** Identifier-safe name of an export subpath: '.' -> 'root', './conntrack' -> 'conntrack'. */
export function entryAlias(subpath: string): string {
  return subpath === '.' ? 'root' : subpath.slice(2).replace(/[^A-Za-z0-9]/g, '_');
}

/** The consumer module: imports each entry point and touches one value of each, so nothing is elided. */
export function consumerSource(name: string, subpaths: readonly string[]): string {
  const lines = subpaths.map((s) => `import * as ${entryAlias(s)} from '${s === '.' ? name : name + s.slice(1)}';`);
  lines.push('', 'const entries: Record<string, Record<string, unknown>> = {');
  for (const s of subpaths) lines.push(`  '${s}': ${entryAlias(s)},`);
  lines.push('};', '// Printed as JSON so the test can compare the export names with what Node loads from the repository.');
  lines.push('const names: Record<string, string[]> = {};', 'for (const [k, v] of Object.entries(entries)) names[k] = Object.keys(v).sort();');
  lines.push('process.stdout.write(JSON.stringify(names));', '');
  return lines.join('\n');
}

/** Packs the repository at `root` and installs the tarball into a new scratch project; returns its path. */
export function preparePackage(root: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-package-'));
  // --ignore-scripts: the tree is already built by `npm test`; packing must not rebuild it under the suite.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })) as { filename: string }[];
  const tarball = path.join(dir, packed[0]!.filename);
  const consumer = path.join(dir, 'consumer');
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'nlts-consumer', private: true, type: 'module' }, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: consumer, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(path.join(consumer, 'index.ts'), consumerSource(pkg.name, Object.keys(pkg.exports)));
  // Strict, nodenext, no skipLibCheck, and "types": [] so that only our own .d.ts can bring in Node's types.
  fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [], outDir: 'out', skipLibCheck: false },
    files: ['index.ts'],
  }, null, 2));
  return consumer;
}
