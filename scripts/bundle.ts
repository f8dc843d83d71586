// `npm run build`, second step: bundles the CLI (the compiled dist/src/cli/main.js and its commands) into
// dist/cli: main.cjs, and one self-contained module per command under commands/. Node's ES module loader
// costs 1-2 ms per module on a small machine, and `nlts conntrack -L` would otherwise load some 30 before
// sending its request; bundled, it loads two. Shared chunks (esbuild's splitting) were tried: with ten
// commands they came to 15 modules for `conntrack`, and `conntrack -C` took 100 ms against 77 ms.
// Each command thus has its own copy of the library code it uses, error classes included: the CLI tells
// errors apart by their stable `code` (src/netlink/errors.ts, ErrorCode), which every copy shares. The library itself (package exports) stays unbundled in dist/src.
// Dependencies stay outside the bundle: koffi is native, and all of them resolve from node_modules as usual.
//
// The bundles are CommonJS (.cjs: main.cjs, commands/<name>.cjs): starting Node's ES module loader for the entry
// and the command cost 10-20 ms of CPU per run on this VM (issue 14; bench/cli-startup.ts measures it), and
// the CLI needs nothing ESM-only. import.meta.url becomes the bundle file's URL, and main's loadCommand
// (src/cli/load-command.ts) a require() of the command's bundle.
import { build, type Plugin } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliDir = path.join(root, 'dist', 'src', 'cli');
const outdir = path.join(root, 'dist', 'cli');
const commands = fs.readdirSync(path.join(cliDir, 'commands')).filter((f) => f.endsWith('.js')).map((f) => path.join(cliDir, 'commands', f));

/** The CommonJS stand-in for src/cli/load-command.ts: a require() that esbuild leaves alone (a computed path). */
const requireCommands: Plugin = {
  name: 'require-commands',
  setup(b) {
    b.onLoad({ filter: /[\\/]cli[\\/]load-command\.js$/ }, () => ({
      loader: 'js',
      contents: "import * as path from 'node:path';\nexport const loadCommand = async (name) => require(path.join(__dirname, 'commands', `${name}.cjs`)).command;\n",
    }));
  },
};
const IMPORT_META_URL = '__nlts_import_meta_url';

fs.rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [path.join(cliDir, 'main.js'), ...commands],
  outbase: cliDir, // main.cjs at the top, commands/<name>.cjs beside it, as loadCommand expects
  outExtension: { '.js': '.cjs' },
  outdir,
  entryNames: '[dir]/[name]',
  bundle: true,
  format: 'cjs',
  define: { 'import.meta.url': IMPORT_META_URL },
  banner: { js: `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;` },
  plugins: [requireCommands],
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'external', // maps for development only: the package ships neither the maps nor the sources they point at
  logLevel: 'warning',
  metafile: true,
});
if (result.errors.length > 0) process.exit(1);
fs.chmodSync(path.join(outdir, 'main.cjs'), 0o755);
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.cjs'));
process.stdout.write(`bundled the CLI into ${path.relative(root, outdir)}: ${outputs.length} modules\n`);
