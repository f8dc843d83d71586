// The curated public API (issue 10 item 5): each package entry point exports by name, fast-path internals
// stay inside, and TypeDoc (the API reference that `npm run docs` writes) documents every public symbol
// without a warning: no declaration without a doc comment, no public signature that references a type
// the entry points do not export, no broken {@link}.
import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Application, Logger, LogLevel, TSConfigReader, TypeDocReader } from 'typedoc';
import { root } from './helpers/cli.js';

interface PackageJson { exports: Record<string, { types: string; default: string }> }
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
const typedocConfig = JSON.parse(fs.readFileSync(path.join(root, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
/** package.json export subpath -> its TypeScript source ('./conntrack' -> 'src/nfnetlink/conntrack/index.ts'). */
const sources = Object.fromEntries(Object.entries(pkg.exports).map(([k, e]) => [k, e.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts')]));

test('TypeDoc documents exactly the package entry points', (t) => {
  t.deepEqual([...typedocConfig.entryPoints].sort(), Object.values(sources).sort());
});

test('entry points export by name: no `export *` (a named namespace, `export * as x`, is allowed)', (t) => {
  for (const [subpath, src] of Object.entries(sources)) {
    const text = fs.readFileSync(path.join(root, src), 'utf8');
    t.deepEqual(text.split('\n').filter((l) => /^\s*export\s+(type\s+)?\*\s+from/.test(l)), [], subpath);
  }
});

// Representative fast-path internals of each family: none may be reachable from any entry point.
const INTERNALS = [
  'scanRoute', 'scanRoutes', 'decodeRouteAt', 'RouteView', 'decodeLinkAt', 'linkSummaryAt', 'newLinkView', 'writeRtMsgInto', 'checkU32', 'checkRange', 'keep',
  'openRouteConnection', 'RTMSG_OFFSETS', 'writeFlow', 'decodeFlowAt', 'writeTuple', 'FlowCursor', 'TupleView', 'encodeFilter',
  'MessageCursor', 'AttributeCursor', 'writeHeader', 'setSequence', 'parseIPv4Into', 'flattenBatches', 'EXPRESSIONS', 'encodeRuleRef',
  'operationMessage', 'countEntries', 'natBits', 'buildHostAndInternet', 'registerFamily',
];

test('no fast-path internal is exported by any entry point, at any depth', async (t) => {
  const reached = new Set<string>();
  const visit = (mod: Record<string, unknown>, depth: number): void => {
    for (const [name, value] of Object.entries(mod)) {
      reached.add(name);
      // Namespaces re-exported by name (`export * as match`, the root's `netlink`, ...) are module objects.
      if (depth < 2 && value !== null && typeof value === 'object' && Object.prototype.toString.call(value) === '[object Module]') visit(value as Record<string, unknown>, depth + 1);
    }
  };
  for (const entry of Object.values(pkg.exports)) visit((await import(path.join(root, entry.default))) as Record<string, unknown>, 0);
  t.true(reached.has('RtNetlink') && reached.has('Conntrack') && reached.has('Nftables') && reached.has('Exporter'));
  t.deepEqual(INTERNALS.filter((n) => reached.has(n)), []);
  // Members tagged @internal (fast paths of public classes) are stripped from the published declarations.
  const flowDump = fs.readFileSync(path.join(root, 'dist/src/nfnetlink/conntrack/client.d.ts'), 'utf8');
  t.true(flowDump.includes('class FlowDump'));
  t.notRegex(flowDump, /^\s*cursors\(\)/m);
  const codec = fs.readFileSync(path.join(root, 'dist/src/netlink/attributes.d.ts'), 'utf8');
  t.regex(codec, /class AttributeCodec/);
  t.notRegex(codec, /^\s*cursor\(\)/m);
});

/** Collects TypeDoc's messages instead of printing them. */
class CollectingLogger extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(`${LogLevel[level]}: ${message}`);
  }
}

test('TypeDoc converts and validates the public API without a warning', async (t) => {
  const cwd = process.cwd();
  process.chdir(root); // typedoc.json's paths are relative to the repository
  try {
    const app = await Application.bootstrapWithPlugins({ options: path.join(root, 'typedoc.json') }, [new TypeDocReader(), new TSConfigReader()]);
    const logger = new CollectingLogger();
    logger.level = LogLevel.Warn;
    app.logger = logger;
    const project = await app.convert();
    t.truthy(project, logger.messages.join('\n'));
    if (project) app.validate(project);
    t.deepEqual(logger.messages, []);
    // Every entry point is a module of the reference, named by its import path.
    t.deepEqual(project?.children?.map((c) => c.name).sort(), Object.keys(pkg.exports).map((k) => (k === '.' ? 'nlts' : `nlts${k.slice(1)}`)).sort());
  } finally {
    process.chdir(cwd);
  }
});
