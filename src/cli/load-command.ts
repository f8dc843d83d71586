// How main finds a command's module. Unbundled (dist/src/cli, which tests also run) it is an ES module
// import; in the bin (dist/cli, bundled by scripts/bundle.ts as CommonJS) this module is replaced by a
// require() of the command's bundle, so a run never starts Node's ES module loader (issue 14: about 10 ms
// of CPU per run on this VM, bench/cli-startup.ts).
import type { Command } from './io.js';

/** The command named `name` (a file under ./commands). */
export async function loadCommand(name: string): Promise<Command> {
  return ((await import(new URL(`./commands/${name}.js`, import.meta.url).href)) as { command: Command }).command;
}
