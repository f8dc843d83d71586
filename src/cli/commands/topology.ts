// `nlts topology plan|up|verify|down`: the client/proxy/zone topology on a host namespace.
import * as fs from 'node:fs';
import { ApplyAborted, ConflictsError, Topology, makeSpec, specFromJson, type TopologySpec } from '../../topology/index.js';
import { parseArgs } from '../args.js';
import { UsageError, type Command, type CommandIO } from '../io.js';
import { onInterrupt } from '../interrupt.js';
import { formatApply, formatPlan, formatVerify } from '../format/topology.js';

export const command: Command = {
  summary: 'the client/proxy/zone topology',
  usage: [
    'usage: nlts topology plan|up|verify|down --netns HOST [--spec FILE] [--no-zones] [--adopt] [--target-netns NS --target ADDRESS]',
    '       nlts topology ... --this-namespace     (work on the namespace nlts runs in, e.g. the machine\'s own)',
    '  plan    read the host and print what up would create or change; "conflict" marks existing objects',
    '          not created by nlts that differ from the spec',
    '  up      apply the spec (idempotent; rolled back on failure, SIGINT or SIGTERM); creates the client and',
    '          proxy namespaces. Refuses (exit 1, nothing changed) when objects not created by nlts are in the',
    '          way, unless --adopt: then it records them and down gives them back as they were',
    '  verify  ICMP, UDP and TCP from the client to a server started in --target-netns at --target, then',
    '          the conntrack proof (zone entries, masqueraded reply tuple)',
    '  down    remove what up created and marked (namespaces, veths, routes, rules, the nftables table),',
    '          restore adopted objects and the forwarding switches up changed',
    '  Everything up creates is marked: routes and rules with protocol 110, veths with an ifalias, the',
    '  nftables table with a comment, namespaces with a file under /run/nlts/netns.',
    '  The uplink (spec uplink.ifName, default enp4s0) must exist on the host. --spec FILE is JSON overriding',
    '  the defaults (see README).',
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, [
      { name: 'netns', value: true }, { name: 'spec', value: true }, { name: 'no-zones' }, { name: 'this-namespace' },
      { name: 'target-netns', value: true }, { name: 'target', value: true }, { name: 'adopt' },
    ]);
    const [verb, ...extra] = args.positional;
    if (!verb || !['plan', 'up', 'verify', 'down'].includes(verb)) throw new UsageError(`expected plan, up, verify or down${verb ? `, not '${verb}'` : ''}`);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const netns = args.get('netns');
    if (netns === undefined && !args.has('this-namespace')) {
      throw new UsageError('refusing to touch the namespace nlts runs in (normally the machine\'s own): give --netns HOST, or --this-namespace to insist');
    }
    if (netns !== undefined && args.has('this-namespace')) throw new UsageError('--netns and --this-namespace exclude each other');
    let spec: TopologySpec;
    const file = args.get('spec');
    if (file !== undefined) {
      let text: string;
      try { text = fs.readFileSync(file, 'utf8'); } catch (e) { throw new UsageError(`cannot read ${file}: ${(e as Error).message}`); }
      spec = specFromJson(text);
    } else {
      spec = makeSpec();
    }
    if (args.has('no-zones')) spec = { ...spec, zones: false };
    const topo = new Topology(spec, netns === undefined ? {} : { hostNetns: netns });
    switch (verb) {
      case 'plan':
        io.stdout(formatPlan(await topo.plan()));
        return 0;
      case 'up':
        return up(topo, args.has('adopt'), io);
      case 'down':
        return down(topo, io);
      case 'verify': {
        const targetNetns = args.get('target-netns');
        const target = args.get('target');
        if (!targetNetns || !target) throw new UsageError('verify needs --target-netns NS and --target ADDRESS (a namespace reachable only through the uplink)');
        // verify changes nothing on the host: a signal lets it finish its few seconds of traffic.
        const interrupt = onInterrupt(io, 'finishing the traffic check (it changes nothing)', 'worker threads stopped mid-check');
        try {
          const v = await topo.verify({ netns: targetNetns, address: target });
          io.stdout(formatVerify(v));
          return interrupt.status() ?? (v.natWorks ? 0 : 1);
        } finally {
          interrupt.dispose();
        }
      }
    }
    return 2;
  },
};

async function up(topo: Topology, adopt: boolean, io: CommandIO): Promise<number> {
  const interrupt = onInterrupt(io, 'rolling back what up changed', 'the host is half set up; the next up or down finds the pieces by their marks');
  try {
    io.stdout(formatApply(await topo.apply({ adopt, signal: interrupt.signal })));
    return interrupt.status() ?? 0;
  } catch (e) {
    if (e instanceof ApplyAborted) {
      io.stderr(`nlts topology up: ${e.message}\n`);
      return interrupt.status() ?? 1;
    }
    if (e instanceof ConflictsError) {
      io.stderr(`nlts topology up: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    interrupt.dispose();
  }
}

async function down(topo: Topology, io: CommandIO): Promise<number> {
  // Removing is finished rather than undone: a half-removed topology is what the signal would leave.
  const interrupt = onInterrupt(io, 'finishing the removal first', 'some objects remain; run down again');
  try {
    const r = await topo.destroy();
    io.stdout(r.removed.map((t) => `  - removed ${t}\n`).join('') || '  nothing to remove\n');
    for (const t of r.restored) io.stdout(`  ~ restored ${t}\n`);
    for (const t of r.leftAlone) io.stdout(`  = left alone ${t} (not created by nlts)\n`);
    for (const f of r.failures) io.stderr(`  could not remove ${f.title}: ${(f.error as Error).message}\n`);
    return interrupt.status() ?? (r.failures.length ? 1 : 0);
  } finally {
    interrupt.dispose();
  }
}
