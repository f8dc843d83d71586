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

/**
 * Typed use of the curated names of each entry point, run by the consumer without the kernel: the values it
 * prints are checked by test/package.test.ts. The clients appear only in types (opening them needs a kernel).
 */
export const CONSUMER_USAGE = `
import { RtNetlink as RootRtNetlink, conntrack as conntrackNs } from 'nlts';
import { ValidationError, NetlinkError, parsePrefix, errnoName, type NetnsRef } from 'nlts/netlink';
import { RtNetlink, tableNumber, scopeName, type RouteSpec } from 'nlts/rtnetlink';
import { Subsystem, messageType } from 'nlts/nfnetlink';
import { Conntrack, TCP_STATES, type Flow, type FlowFilter } from 'nlts/conntrack';
import { Nftables, match, renderRule, type Rule } from 'nlts/nftables';
import { Topology, makeSpec, validateSpec, type TopologySpec } from 'nlts/topology';
import { Exporter, render, parseListen, type MetricFamily } from 'nlts/exporter';

type Clients = [RtNetlink, Conntrack, Nftables, Topology, Exporter];
const zoneOf = (flow: Flow): number => flow.zone ?? 0;
const filter: FlowFilter = { zone: 1 };
const route: RouteSpec = { to: '10.10.1.0/24', table: 100 };
const netns: NetnsRef = 'client';
const rule: Rule = { family: 'inet', table: 'nlts', chain: 'raw', expressions: match.rule(match.iifname('client-veth0'), match.ctZoneSet(1)) };
const spec: TopologySpec = validateSpec(makeSpec());
const family: MetricFamily = { name: 'nlts_example', help: 'An example.', type: 'gauge', samples: [{ labels: [['zone', '1']], value: 2 }] };
let refused = '';
try { parsePrefix('10.0.0.0/33'); } catch (e) { if (e instanceof ValidationError && !(e instanceof NetlinkError)) refused = e.constructor.name; }
const clients: Array<Clients[number] | undefined> = [];
export const usage = {
  sameClass: RootRtNetlink === RtNetlink && conntrackNs.Conntrack === Conntrack && clients.length === 0,
  table: tableNumber('main'),
  scope: scopeName(253),
  errno: errnoName(2),
  nfctType: messageType(Subsystem.CTNETLINK, 0),
  tcpStates: TCP_STATES.length > 5,
  zone: zoneOf({ zone: 3 } as Flow) + (filter.zone ?? 0),
  route: route.to,
  netns,
  rule: renderRule(rule),
  clientNamespace: spec.client.netns,
  metrics: render([family]),
  listen: parseListen('127.0.0.1:9559').port,
  refused,
};
`;

/** The consumer module: imports each entry point and touches one value of each, so nothing is elided. */
export function consumerSource(name: string, subpaths: readonly string[]): string {
  const lines = subpaths.map((s) => `import * as ${entryAlias(s)} from '${s === '.' ? name : name + s.slice(1)}';`);
  lines.push(`import { usage } from './usage.js';`);
  lines.push('', 'const entries: Record<string, Record<string, unknown>> = {');
  for (const s of subpaths) lines.push(`  '${s}': ${entryAlias(s)},`);
  lines.push('};', '// Printed as JSON so the test can compare the export names with what Node loads from the repository.');
  lines.push('const names: Record<string, string[]> = {};', 'for (const [k, v] of Object.entries(entries)) names[k] = Object.keys(v).sort();');
  lines.push('process.stdout.write(JSON.stringify({ names, usage }));', '');
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
  fs.writeFileSync(path.join(consumer, 'usage.ts'), CONSUMER_USAGE);
  // Strict, nodenext, no skipLibCheck, and "types": [] so that only our own .d.ts can bring in Node's types.
  fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [], outDir: 'out', skipLibCheck: false },
    files: ['index.ts', 'usage.ts'],
  }, null, 2));
  return consumer;
}
