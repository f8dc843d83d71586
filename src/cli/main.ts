#!/usr/bin/env node
// The CLI entry: finds the command module and runs it. Protocol work lives in the library, not here.
import type { CommandIO } from './io.js';
// Errors are recognised by the is...Error helpers, not instanceof: bundled, each command has its own copy of them.
import { EXIT_USAGE, isUsageError } from './io.js';
import { isValidationError } from '../netlink/errors.js';
import { loadCommand } from './load-command.js';

/** Every command: name -> module under ./commands and a one-line summary for --help. */
const COMMANDS: Record<string, string> = {
  demo: 'run the client/proxy conntrack-zone scenario end to end in throwaway namespaces',
  topology: 'plan, apply, verify or remove the client/proxy/zone topology (plan|up|verify|down)',
  link: 'list, add, change and delete links (like ip link)',
  addr: 'list, add and delete addresses (like ip addr)',
  rule: 'list, add and delete policy-routing rules (like ip rule)',
  route: 'list, get, add, replace and delete routes (like ip route)',
  neigh: 'list, add, replace and delete neighbour (ARP/NDISC) entries (like ip neigh)',
  nexthop: 'list, add, replace and delete nexthop objects and groups (like ip nexthop)',
  monitor: 'print link, address, route, rule, neighbour and nexthop events as they happen (like ip -o monitor)',
  conntrack: 'list, get, create, update, delete, flush, count connection-tracking entries (conntrack-tools flags)',
  nft: 'list the nftables ruleset or apply one from JSON (like nft)',
  netns: 'add, delete, list named network namespaces (like ip netns)',
  exporter: 'Prometheus exporter: conntrack entries per zone, conntrack statistics, link and nftables counters',
  decode: 'decode netlink messages from hex or from strace logs of ip, nft and conntrack',
};

const io: CommandIO = {
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
    'usage: nlts <command> [options]   (nlts <command> --help for its options)',
    '',
    'A netlink client for Linux written in TypeScript: rtnetlink, conntrack, nftables, namespaces.',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([n, s]) => `  ${n.padEnd(width)}  ${s}`),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? 0 : EXIT_USAGE;
  }
  if (!(name in COMMANDS)) {
    io.stderr(`nlts: unknown command '${name}'\n\n${help()}`);
    return EXIT_USAGE;
  }
  const command = await loadCommand(name);
  if (rest.includes('--help') || rest.includes('-h') && name !== 'conntrack') {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr(`nlts ${name}: ${e.message}\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    const err = e as Error;
    // Bad input (a name, an address, a spec) is a usage error too: exit status 2, nothing was changed.
    if (isValidationError(err)) {
      io.stderr(`nlts ${name}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`nlts ${name}: ${err.name === 'Error' ? '' : `${err.name}: `}${err.message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => { process.stderr.write(`nlts: ${(e as Error).stack ?? String(e)}\n`); process.exitCode = 1; },
);
