// Resolves one of the package's own "imports" (package.json: #netns-worker-entry, #traffic-probe) to a file
// URL. Through the import map, so the CLI bundle (which moves library code into dist/cli) finds the same
// files. require.resolve rather than import.meta.resolve: the latter needs Node 20.6, and this package
// supports every Node 20. Only a path is resolved here; nothing is loaded.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** File URL of a "#name" entry of the package's own import map. Resolved when called, not at load. */
export function packageImport(specifier: `#${string}`): URL {
  return pathToFileURL(createRequire(import.meta.url).resolve(specifier));
}
