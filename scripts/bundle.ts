// `npm run build`, second step: bundles the CLI (the compiled dist/src/cli/main.js and its commands) into
// dist/cli: main.js, and one self-contained module per command under commands/. Node's ES module loader
// costs 1-2 ms per module on a small machine, and `nlts conntrack -L` would otherwise load some 30 before
// sending its request; bundled, it loads two. Shared chunks (esbuild's splitting) were tried: with ten
// commands they came to 15 modules for `conntrack`, and `conntrack -C` took 100 ms against 77 ms.
// Each command thus has its own copy of the library code it uses; main.ts recognises their errors
// without instanceof for that reason. The library itself (package exports) stays unbundled in dist/src.
// Dependencies stay outside the bundle: koffi is native, and all of them resolve from node_modules as usual.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliDir = path.join(root, 'dist', 'src', 'cli');
const outdir = path.join(root, 'dist', 'cli');
const commands = fs.readdirSync(path.join(cliDir, 'commands')).filter((f) => f.endsWith('.js')).map((f) => path.join(cliDir, 'commands', f));

fs.rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [path.join(cliDir, 'main.js'), ...commands],
  outbase: cliDir, // main.js at the top, commands/<name>.js beside it, as main's dynamic import expects
  outdir,
  entryNames: '[dir]/[name]',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'external', // maps for development only: the package ships neither the maps nor the sources they point at
  logLevel: 'warning',
  metafile: true,
});
if (result.errors.length > 0) process.exit(1);
fs.chmodSync(path.join(outdir, 'main.js'), 0o755);
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
process.stdout.write(`bundled the CLI into ${path.relative(root, outdir)}: ${outputs.length} modules\n`);
