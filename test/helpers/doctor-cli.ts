// Runs the bundled `nlts doctor` command module (dist/cli/commands/doctor.js) as main.js would: exit status
// from run(), a UsageError or ValidationError is exit 2 with the message. It stands in for `nlts doctor`
// while the command's line in the CLI's command table waits for the CLI's table refactor to land (then the
// tests spawn the real bin). Test support only.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './cli.js';
import { isUsageError } from '../../src/cli/io.js';
import { isValidationError } from '../../src/netlink/errors.js';

interface CommandModule { command: { usage: string; run(argv: string[], io: { stdout(t: string): void; stderr(t: string): void; readStdin(): Promise<string> }): Promise<number> } }

const mod = (await import(pathToFileURL(path.join(root, 'dist', 'cli', 'commands', 'doctor.js')).href)) as CommandModule;
const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t), readStdin: async () => '' };
try {
  process.exitCode = await mod.command.run(process.argv.slice(2), io);
} catch (e) {
  const err = e as Error;
  process.stderr.write(`nlts doctor: ${err.message}\n${isUsageError(e) ? `${mod.command.usage}\n` : ''}`);
  process.exitCode = isUsageError(e) || isValidationError(e) ? 2 : 1;
}
