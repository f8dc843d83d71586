// The CLI as users run it: package.json's bin, the bundle that `npm run build` writes to dist/cli.
// Tests that spawn the CLI use this path, so the bundle is what they check.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.nlts!;

/** The bundled CLI entry (package.json bin). */
export const CLI = path.join(root, bin);
/** The same CLI unbundled, straight from tsc's output. */
export const CLI_UNBUNDLED = path.join(root, 'dist', 'src', 'cli', 'main.js');

if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (tsc, then the CLI bundle) before the tests`);
