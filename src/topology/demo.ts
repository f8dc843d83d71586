// The demo of the write-up's scenario, in namespaces of its own: one plays the host (its enp4s0 is a veth
// to an "internet" namespace with the gateway and a server), the topology adds client and proxy. It
// applies the setup without zones and shows the symptom, applies the zone fix and shows NAT working, and
// removes everything, also when interrupted (pass an AbortSignal).
import { createNetns, listNetns } from '../netlink/index.js';
import { markDemoNamespace, recordDemoInode, removeDeadDemos, removeDemoRun } from './demo-leftovers.js';
import { RtNetlink } from '../rtnetlink/index.js';
import { Conntrack, type Flow } from '../nfnetlink/conntrack/index.js';
import type { ApplyReport } from './engine.js';
import { makeSpec, addressOnly, type TopologySpec } from './spec.js';
import { Topology } from './topology.js';
import type { VerifyReport } from './verify.js';
import { diagnose } from '../doctor/doctor.js';
import type { DoctorReport } from '../doctor/findings.js';
import { DemoAborted } from './errors.js';
// The error classes live in ./errors.ts; exported here too, where they always were.
export { DemoAborted };

/** How {@link runDemo} runs. */
export interface DemoOptions {
  /** Prefix of every namespace the demo creates (default nlts-demo-<pid>). */
  prefix?: string;
  /** Address of the "internet" server, in place of 8.8.8.8. */
  serverAddress?: string;
  signal?: AbortSignal;
  /** Progress, for a CLI to print. */
  onEvent?: (e: DemoEvent) => void;
}

/** A progress event of the demo. */
export type DemoEvent =
  | { kind: 'phase'; title: string }
  | { kind: 'info'; text: string }
  /** Namespaces of an earlier demo that was killed, found by their markers and removed first. */
  | { kind: 'leftovers'; pid: number; removed: string[] }
  | { kind: 'applied'; report: ApplyReport }
  | { kind: 'verified'; report: VerifyReport }
  | { kind: 'conntrack'; flows: Flow[] }
  /** nlts doctor's view of the demo's host (src/doctor), before and after the fix. */
  | { kind: 'doctor'; when: 'before the fix' | 'after the fix'; report: DoctorReport };

/** What the demo found: traffic without and with the zones. */
export interface DemoResult {
  /** The conntrack zone the fix used. */
  zone: number;
  /** Without zones, NAT did not happen (the bug is reproduced). */
  bugReproduced: boolean;
  /** With zones, NAT works for ICMP, UDP and TCP. */
  fixWorks: boolean;
  /** A second apply changed nothing. */
  idempotent: boolean;
  withoutZones: VerifyReport;
  withZones: VerifyReport;
  /** nlts doctor found the double pass before the fix and nothing after it. */
  doctorAgrees: boolean;
}

/**
 * The demo's stand-ins for a real machine: namespace `host` with uplink `spec.uplink.ifName` (a veth whose
 * other end is in `internet`), a default route via the gateway, and the server address in `internet`.
 */
export async function buildHostAndInternet(spec: TopologySpec, host: string, internet: string, server: string): Promise<void> {
  createNetns(host);
  createNetns(internet);
  const h = RtNetlink.open({ netns: host });
  const i = RtNetlink.open({ netns: internet });
  try {
    await h.links.set('lo', { up: true });
    await h.links.createVeth(spec.uplink.ifName, { peer: 'eth0', peerNetns: internet });
    await h.addresses.add(spec.uplink.ifName, spec.uplink.address);
    await h.links.set(spec.uplink.ifName, { up: true });
    await h.routes.add({ to: 'default', via: spec.uplink.gateway, dev: spec.uplink.ifName });
    await i.links.set('lo', { up: true });
    await i.addresses.add('lo', `${server}/32`);
    // The gateway sits in the uplink's subnet, with the same prefix length.
    await i.addresses.add('eth0', `${spec.uplink.gateway}/${spec.uplink.address.split('/')[1]}`);
    await i.links.set('eth0', { up: true });
  } finally {
    h.close();
    i.close();
  }
}

async function conntrackOf(host: string, spec: TopologySpec, server: string): Promise<Flow[]> {
  const ct = await Conntrack.open({ netns: host });
  try {
    const client = addressOnly(spec.client.nsAddress);
    return await ct.list({ original: { src: client, dst: server } });
  } finally {
    ct.close();
  }
}

/** Builds the write-up's scenario in throwaway namespaces, shows that replies escape un-NATed without zones and are masqueraded with them, and removes everything. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const prefix = options.prefix ?? `nlts-demo-${process.pid}`;
  const server = options.serverAddress ?? '198.51.100.8';
  const emit = options.onEvent ?? (() => undefined);
  const check = (): void => { if (options.signal?.aborted) throw new DemoAborted(); };
  const host = `${prefix}-host`;
  const internet = `${prefix}-inet`;
  const base = { client: { netns: `${prefix}-client` }, proxy: { netns: `${prefix}-proxy` } };
  const noZones = new Topology(makeSpec({ ...base, zones: false }), { hostNetns: host });
  const zones = new Topology(makeSpec(base), { hostNetns: host });
  const target = { netns: internet, address: server };
  for (const d of removeDeadDemos()) emit({ kind: 'leftovers', pid: d.pid, removed: d.removed });
  try {
    emit({ kind: 'phase', title: 'Setting up: a host namespace with uplink enp4s0, and an "internet" namespace behind it' });
    markDemoNamespace(host, prefix);
    markDemoNamespace(internet, prefix);
    await buildHostAndInternet(zones.spec, host, internet, server);
    recordDemoInode(host, prefix);
    emit({ kind: 'info', text: `host ${host}: enp4s0 ${zones.spec.uplink.address}, default via ${zones.spec.uplink.gateway}; internet ${internet}: gateway ${zones.spec.uplink.gateway}, server ${server}` });
    check();

    emit({ kind: 'phase', title: '1. The write-up\'s setup without conntrack zones' });
    emit({ kind: 'applied', report: await noZones.apply({ signal: options.signal }) });
    check();
    const withoutZones = await noZones.verify(target);
    emit({ kind: 'verified', report: withoutZones });
    emit({ kind: 'conntrack', flows: await conntrackOf(host, zones.spec, server) });
    const doctorBefore = await diagnose({ netns: host });
    check();

    emit({ kind: 'phase', title: `2. The fix: the client<->proxy leg in conntrack zone ${zones.spec.zones === false ? '-' : zones.spec.zones.zone}` });
    const ct = await Conntrack.open({ netns: host });
    await ct.flush().finally(() => ct.close());
    emit({ kind: 'info', text: 'flushed the host\'s conntrack table so the first run\'s entries do not linger' });
    emit({ kind: 'applied', report: await zones.apply({ signal: options.signal }) });
    check();
    const withZones = await zones.verify(target);
    emit({ kind: 'verified', report: withZones });
    emit({ kind: 'conntrack', flows: await conntrackOf(host, zones.spec, server) });
    check();

    const again = await zones.apply({ signal: options.signal });
    emit({ kind: 'info', text: again.changed.length === 0 ? 'a second apply changed nothing (idempotent)' : `a second apply changed ${again.changed.length} things` });

    emit({ kind: 'phase', title: '3. nlts doctor on the host, before and after the fix' });
    const doctorAfter = await diagnose({ netns: host });
    emit({ kind: 'doctor', when: 'before the fix', report: doctorBefore });
    emit({ kind: 'doctor', when: 'after the fix', report: doctorAfter });
    check();

    emit({ kind: 'phase', title: 'Tearing down' });
    const removed = await zones.destroy();
    for (const f of removed.failures) emit({ kind: 'info', text: `could not remove ${f.title}: ${(f.error as Error).message}` });
    return {
      zone: zones.spec.zones === false ? 0 : zones.spec.zones.zone,
      bugReproduced: !withoutZones.natWorks && withoutZones.protocols.every((p) => !p.answered),
      fixWorks: withZones.natWorks,
      idempotent: again.changed.length === 0,
      withoutZones,
      withZones,
      doctorAgrees: doctorBefore.findings.some((f) => f.code === 'conntrack-double-pass') && doctorAfter.findings.length === 0,
    };
  } catch (e) {
    // Interrupted mid-step (an apply rolled back): the finally below removes the rest.
    if (options.signal?.aborted) throw new DemoAborted();
    throw e;
  } finally {
    removeDemoRun(prefix);
  }
}

/** Namespaces a demo with this prefix left behind (after a crash), for tests and cleanup. */
export function demoLeftovers(prefix: string): string[] {
  return listNetns().filter((n) => n.startsWith(`${prefix}-`));
}
