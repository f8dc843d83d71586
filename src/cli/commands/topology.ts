// `nlts topology plan|up|verify|down`: the client/proxy/zone topology on a host namespace.
import * as fs from 'node:fs';
import { Topology, makeSpec, specFromJson, type TopologySpec } from '../../topology/index.js';
import { parseArgs } from '../args.js';
import { UsageError, type Command } from '../io.js';
import { formatApply, formatPlan, formatVerify } from '../format/topology.js';

export const command: Command = {
  summary: 'the client/proxy/zone topology',
  usage: [
    'usage: nlts topology plan|up|verify|down --netns HOST [--spec FILE] [--no-zones] [--target-netns NS --target ADDRESS]',
    '       nlts topology ... --this-namespace     (work on the namespace nlts runs in, e.g. the machine\'s own)',
    '  plan    read the host and print what up would create or change',
    '  up      apply the spec (idempotent; rolled back on failure); creates the client and proxy namespaces',
    '  verify  ICMP, UDP and TCP from the client to a server started in --target-netns at --target, then',
    '          the conntrack proof (zone entries, masqueraded reply tuple)',
    '  down    remove what up created (namespaces, veths, routes, rules, the nftables table)',
    '  The uplink (spec uplink.ifName, default enp4s0) must exist on the host. --spec FILE is JSON overriding',
    '  the defaults (see README).',
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, [
      { name: 'netns', value: true }, { name: 'spec', value: true }, { name: 'no-zones' }, { name: 'this-namespace' },
      { name: 'target-netns', value: true }, { name: 'target', value: true },
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
        io.stdout(formatApply(await topo.apply()));
        return 0;
      case 'down': {
        const r = await topo.destroy();
        io.stdout(r.removed.map((t) => `  - removed ${t}\n`).join('') || '  nothing to remove\n');
        for (const f of r.failures) io.stderr(`  could not remove ${f.title}: ${(f.error as Error).message}\n`);
        return r.failures.length ? 1 : 0;
      }
      case 'verify': {
        const targetNetns = args.get('target-netns');
        const target = args.get('target');
        if (!targetNetns || !target) throw new UsageError('verify needs --target-netns NS and --target ADDRESS (a namespace reachable only through the uplink)');
        const v = await topo.verify({ netns: targetNetns, address: target });
        io.stdout(formatVerify(v));
        return v.natWorks ? 0 : 1;
      }
    }
    return 2;
  },
};
