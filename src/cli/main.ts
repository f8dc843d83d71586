#!/usr/bin/env node
// The CLI entry: global options, the command word (ip's abbreviations), then the command module. Protocol
// work lives in the library, not here.
import * as fs from 'node:fs';
import type { Command, CommandIO } from './io.js';
// Errors are told apart by their code, not instanceof: bundled, each command has its own copy of the classes.
import { EXIT_USAGE, isUsageError } from './errors.js';
import { ErrorCode, errorCode } from '../netlink/errors.js';
import { COMMANDS } from './commands-table.js';
import { GLOBAL_USAGE, parseGlobals, withGlobals } from './globals.js';
import { quietOnBrokenPipe } from './pipe.js';
import { commandOf } from './words.js';
import { asksForHelp } from './help.js';
import { permissionHint } from './permission.js';
import { COMPLETION_USAGE, bashCompletion } from './completion.js';
import { loadCommand } from './load-command.js';

/** `nlts completion`: run here, as it reads every command's usage through the same loader. */
const completion: Command = {
  summary: 'print a bash completion script',
  usage: COMPLETION_USAGE,
  run: async (argv, out) => {
    out.stdout(await bashCompletion(argv, async (name) => (await loadCommand(name)).usage));
    return 0;
  },
};

const io: CommandIO = {
  processStreams: true,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'usage: nlts [global options] <command> [options]   (nlts <command> --help for its options)',
    '',
    'A netlink client for Linux written in TypeScript: rtnetlink, conntrack, nftables, namespaces.',
    '',
    `global options: ${GLOBAL_USAGE}`,
    '  (as ip takes them: one or two dashes, any prefix: -net, -json; commands abbreviate as in ip: a, r, ru, n)',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([n, s]) => `  ${n.padEnd(width)}  ${s}`),
    '',
  ].join('\n');
}

/** The package's version, from the package.json above this file (dist/cli/main.js or dist/src/cli/main.js). */
function version(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nlts' && pkg.version) return pkg.version;
    } catch {
      // not here: one directory up
    }
  }
  return 'unknown';
}

async function main(argv: string[]): Promise<number> {
  let name: string;
  let rest: string[];
  let args: string[];
  try {
    const parsed = parseGlobals(argv);
    if (parsed.globals.version) {
      io.stdout(`nlts ${version()}\n`);
      return 0;
    }
    const [word, ...after] = parsed.rest;
    if (parsed.globals.help || word === undefined) {
      // Asked for: stdout, status 0. Bare `nlts` is a usage error: stderr, status 2.
      if (parsed.globals.help) io.stdout(help());
      else io.stderr(help());
      return parsed.globals.help ? 0 : EXIT_USAGE;
    }
    name = commandOf(word);
    if (name === 'help') {
      io.stdout(help());
      return 0;
    }
    rest = after;
    args = withGlobals(name, parsed.globals, rest);
  } catch (e) {
    if (!isUsageError(e)) throw e;
    io.stderr(`nlts: ${e.message}\n(nlts --help lists the commands and global options)\n`);
    return EXIT_USAGE;
  }
  const command = name === 'completion' ? completion : await loadCommand(name);
  if (asksForHelp(name, rest)) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    const err = e as Error;
    switch (errorCode(e)) {
      case ErrorCode.USAGE:
        io.stderr(`nlts ${name}: ${err.message}\n${command.usage}\n`);
        return EXIT_USAGE;
      case ErrorCode.VALIDATION:
        // Bad input (a name, an address, a spec) is a usage error too: exit status 2, nothing was changed.
        io.stderr(`nlts ${name}: ${err.message}\n`);
        return EXIT_USAGE;
    }
    io.stderr(`nlts ${name}: ${err.name === 'Error' ? '' : `${err.name}: `}${err.message}\n${permissionHint(err)}`);
    return 1;
  }
}

quietOnBrokenPipe(process.stdout);
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => { process.stderr.write(`nlts: ${(e as Error).stack ?? String(e)}\n`); process.exitCode = 1; },
);
