// `nlts topology plan|up|verify|down`: the client/proxy/zone topology on a host namespace.
import * as fs from 'node:fs';
import { ErrorCode, errorCode } from '../../netlink/errors.js';
import {
  Topology, makeSpec, specFromJson,
  type RunRecord, type TopologyLockOptions, type TopologySpec,
} from '../../topology/index.js';
import { parseOptions } from '../options.js';
import { UsageError, type Command, type CommandIO } from '../io.js';
import { onInterrupt, type Interrupt } from '../interrupt.js';
import { formatApplied, formatApplySummary, formatPlan, formatVerify } from '../format/topology.js';

export const command: Command = {
  summary: 'the client/proxy/zone topology',
  usage: [
    'usage: nlts topology plan|up|verify|down --netns HOST [--spec FILE] [--no-zones] [--adopt] [--lock-wait SECONDS]',
    '                     [--target-netns NS --target ADDRESS]',
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
    '  up and down take a lock per host namespace: while another up or down works there, they wait up to',
    '  --lock-wait seconds (default 60; 0: fail at once), then exit 1. SIGINT/SIGTERM: up rolls back, down',
    '  finishes; exit status 130/143; a second signal gives up at once. After a killed up or down (SIGKILL),',
    '  the next up or down finds what it left by the marks and removes it first, and says so.',
    '  Everything up creates is marked: routes and rules with protocol 110, veths with an ifalias, the',
    '  nftables table with a comment, namespaces with a file under /run/nlts/netns.',
    '  The uplink (spec uplink.ifName, default enp4s0) must exist on the host. --spec FILE is JSON overriding',
    '  the defaults (see README).',
  ].join('\n'),
  async run(argv, io) {
    const args = parseOptions(argv, { manners: 'nlts', options: [
      { key: 'netns', names: ['--netns'], arity: 1 }, { key: 'spec', names: ['--spec'], arity: 1 }, { key: 'no-zones', names: ['--no-zones'] }, { key: 'this-namespace', names: ['--this-namespace'] },
      { key: 'target-netns', names: ['--target-netns'], arity: 1 }, { key: 'target', names: ['--target'], arity: 1 }, { key: 'adopt', names: ['--adopt'] }, { key: 'lock-wait', names: ['--lock-wait'], arity: 1 },
    ] });
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
        return up(topo, args.has('adopt'), lockOptions(args.get('lock-wait'), verb, io), io);
      case 'down':
        return down(topo, lockOptions(args.get('lock-wait'), verb, io), io);
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

const when = (r: RunRecord): string => `${r.operation} (pid ${r.pid}, started ${r.since})`;

/** --lock-wait SECONDS: how long up/down wait for another up/down on the same host to finish. */
function lockOptions(seconds: string | undefined, verb: string, io: CommandIO): TopologyLockOptions {
  let waitMs = 60_000;
  if (seconds !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(seconds)) throw new UsageError(`--lock-wait takes a number of seconds, not '${seconds}'`);
    waitMs = Number(seconds) * 1000;
  }
  return {
    waitMs,
    onWait: (holder) => io.stderr(`nlts topology ${verb}: the host is locked by ${holder ? `pid ${holder.pid} (${holder.operation} since ${holder.since})` : 'another process'}; waiting${Number.isFinite(waitMs) ? ` up to ${waitMs / 1000} s` : ''}...\n`),
  };
}

/** Errors of up and down that are the host's state or the user's timing, not bugs: message and status. */
function expected(e: unknown, verb: string, io: CommandIO, interrupt: Interrupt): number | undefined {
  switch (errorCode(e)) {
    case ErrorCode.TOPOLOGY_APPLY_ABORTED:
    case ErrorCode.TOPOLOGY_LOCK_WAIT_ABORTED:
      io.stderr(`nlts topology ${verb}: ${(e as Error).message}\n`);
      return interrupt.status() ?? 1;
    case ErrorCode.TOPOLOGY_CONFLICTS:
    case ErrorCode.TOPOLOGY_LOCKED:
    case ErrorCode.TOPOLOGY_RECOVERY:
      io.stderr(`nlts topology ${verb}: ${(e as Error).message}\n`);
      return 1;
  }
  return undefined;
}

/**
 * up prints each step as it is done: a reader that goes away meanwhile (`| head`) must not crash it half-way
 * with an unhandled EPIPE. The work goes on; what is left to print goes nowhere.
 */
function surviveClosedOutput(): () => void {
  const ignore = (e: NodeJS.ErrnoException): void => { if (e.code !== 'EPIPE') throw e; };
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  return () => { process.stdout.off('error', ignore); process.stderr.off('error', ignore); };
}

async function up(topo: Topology, adopt: boolean, lock: TopologyLockOptions, io: CommandIO): Promise<number> {
  const interrupt = onInterrupt(io, 'rolling back what up changed', 'the host is half set up; the next up or down finds the pieces by their marks and removes them');
  const restoreOutput = surviveClosedOutput();
  try {
    const report = await topo.apply({
      adopt, signal: interrupt.signal, lock,
      onRecovered: (r) => {
        io.stdout(`  found the leftovers of an earlier ${when(r.run)} that did not finish; removed them by their marks first:\n`);
        for (const t of r.removed) io.stdout(`    - removed ${t}\n`);
        for (const t of r.restored) io.stdout(`    ~ restored ${t}\n`);
      },
      onProgress: (item) => io.stdout(formatApplied(item)),
    });
    io.stdout(formatApplySummary(report));
    const status = interrupt.status();
    // The signal came after the last step: nothing is left to roll back at that point.
    if (status !== undefined) io.stderr('nlts topology up: the signal came after up had finished: the topology is up (down removes it)\n');
    return status ?? 0;
  } catch (e) {
    const status = expected(e, 'up', io, interrupt);
    if (status === undefined) throw e;
    return status;
  } finally {
    interrupt.dispose();
    restoreOutput();
  }
}

async function down(topo: Topology, lock: TopologyLockOptions, io: CommandIO): Promise<number> {
  // Removing is finished rather than undone: a half-removed topology is what the signal would leave.
  const interrupt = onInterrupt(io, 'finishing the removal first', 'some objects remain; run down again');
  const restoreOutput = surviveClosedOutput();
  try {
    const r = await topo.destroy({
      lock, signal: interrupt.signal,
      onInterrupted: (run) => io.stdout(`  found the leftovers of an earlier ${when(run)} that did not finish; removing them by their marks\n`),
      onProgress: (t) => io.stdout(`  - removed ${t}\n`),
    });
    if (r.removed.length === 0) io.stdout('  nothing to remove\n');
    for (const t of r.restored) io.stdout(`  ~ restored ${t}\n`);
    for (const t of r.leftAlone) io.stdout(`  = left alone ${t} (not created by nlts)\n`);
    for (const f of r.failures) io.stderr(`  could not remove ${f.title}: ${(f.error as Error).message}\n`);
    return interrupt.status() ?? (r.failures.length ? 1 : 0);
  } catch (e) {
    const status = expected(e, 'down', io, interrupt);
    if (status === undefined) throw e;
    return status;
  } finally {
    interrupt.dispose();
    restoreOutput();
  }
}
