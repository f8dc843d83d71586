// verify: real traffic from the client namespace to a server in a target namespace, then the proof in
// conntrack. With zones, the client<->proxy leg shows up in the zone and the second pass in zone 0 with
// the uplink's address in its reply tuple (masqueraded). Without zones, the same 5-tuple is one entry in
// zone 0 that was never NATed, and the server sees the client's private address.
import { startInNetns, type NetnsRef } from '../netlink/index.js';
import { packageImport } from '../netlink/package-import.js';
import { ipProtocolNumber } from '../netlink/ip-protocols.js';
import { Conntrack, type Flow } from '../nfnetlink/conntrack/index.js';
import type { Observation, ProbeResults, Protocol } from './probe/traffic.js';
import { type TopologySpec, addressOnly } from './spec.js';

/** What to verify: the namespaces and addresses traffic is sent between. */
export interface VerifyTarget {
  /** Namespace where the "internet" server runs (the demo's internet namespace). */
  netns: string;
  /** Its address, reachable only through the uplink. */
  address: string;
  tcpPort?: number;
  udpPort?: number;
  timeoutMs?: number;
}

/** The verdict of one protocol's probe. */
export interface ProtocolVerdict {
  protocol: Protocol;
  /** The client got its answer. */
  answered: boolean;
  /** Source addresses the server saw for this protocol. */
  seenFrom: string[];
  /** The server saw the uplink's address (masqueraded), and never the client's. */
  masqueraded: boolean;
  /** Conntrack entries of this exchange in the host namespace, by zone. */
  flowsByZone: Record<number, Flow[]>;
}

/** What {@link Topology.verify} found. */
export interface VerifyReport {
  zonesConfigured: boolean;
  clientAddress: string;
  uplinkAddress: string;
  protocols: ProtocolVerdict[];
  /** Every protocol answered and was masqueraded. */
  natWorks: boolean;
  /** Plain-language account of what the traffic and conntrack show. */
  explanation: string[];
}

// Through the package's import map, so that the CLI bundle (which moves this code) finds it too.
const TRAFFIC = (): URL => packageImport('#traffic-probe');

async function runTraffic(spec: TopologySpec, target: Required<VerifyTarget>): Promise<{ probes: ProbeResults; observations: Observation[] }> {
  const observations: Observation[] = [];
  const server = startInNetns<{ listening: true }>(target.netns, TRAFFIC(), 'serve', { address: target.address, tcpPort: target.tcpPort, udpPort: target.udpPort });
  server.worker.on('message', (m: { observation?: Observation }) => { if (m.observation) observations.push(m.observation); });
  try {
    await server.result;
    const client = startInNetns<ProbeResults>(spec.client.netns, TRAFFIC(), 'probe', {
      address: target.address, tcpPort: target.tcpPort, udpPort: target.udpPort, timeoutMs: target.timeoutMs,
    });
    const probes = await client.result;
    await client.stop();
    // Give the server's last observations time to arrive.
    await new Promise((r) => setTimeout(r, 100));
    return { probes, observations };
  } finally {
    await server.stop();
  }
}

function byZone(flows: Flow[]): Record<number, Flow[]> {
  const out: Record<number, Flow[]> = {};
  for (const f of flows) (out[f.zone ?? 0] ??= []).push(f);
  return out;
}

/** Sends the traffic, reads conntrack in the host namespace, and judges whether NAT happened. */
export async function verifyTopology(spec: TopologySpec, hostNetns: NetnsRef | undefined, target: VerifyTarget): Promise<VerifyReport> {
  const t: Required<VerifyTarget> = { tcpPort: 8080, udpPort: 8081, timeoutMs: 1500, ...target };
  const clientAddress = addressOnly(spec.client.nsAddress);
  const uplinkAddress = addressOnly(spec.uplink.address);
  const { probes, observations } = await runTraffic(spec, t);

  const ct = await Conntrack.open(hostNetns === undefined ? {} : { netns: hostNetns });
  let flows: Flow[];
  try {
    // Filtered by the kernel (CTA_FILTER on the original tuple): only this client's flows to the server.
    flows = await ct.list({ original: { src: clientAddress, dst: t.address } });
  } finally {
    ct.close();
  }

  const protocols: ProtocolVerdict[] = (['icmp', 'udp', 'tcp'] as const).map((protocol) => {
    const seenFrom = [...new Set(observations.filter((o) => o.protocol === protocol).map((o) => o.source))];
    const mine = flows.filter((f) => f.original.protocol === ipProtocolNumber(protocol));
    return {
      protocol,
      answered: probes[protocol].ok,
      seenFrom,
      masqueraded: seenFrom.length > 0 && seenFrom.every((s) => s === uplinkAddress),
      flowsByZone: byZone(mine),
    };
  });
  const natWorks = protocols.every((p) => p.answered && p.masqueraded);
  const zone = spec.zones === false ? undefined : spec.zones.zone;

  const explanation: string[] = [];
  for (const p of protocols) {
    const zones = Object.keys(p.flowsByZone).map(Number).sort((a, b) => a - b);
    const zoneText = zones.map((z) => `zone ${z}: ${p.flowsByZone[z]!.length}`).join(', ') || 'none';
    const natted = (p.flowsByZone[0] ?? []).some((f) => f.reply?.dst === uplinkAddress);
    explanation.push(`${p.protocol.toUpperCase()}: ${p.answered ? 'answered' : 'no answer'}; server saw ${p.seenFrom.join(', ') || 'nothing'}; conntrack entries ${zoneText}${natted ? `; the zone-0 entry's reply goes to ${uplinkAddress} (masqueraded)` : ''}`);
  }
  if (natWorks && zone !== undefined) {
    explanation.push(`With zones: the client<->proxy leg is tracked in zone ${zone}, so when the packet comes back from the proxy it is a NEW connection in zone 0, and the nat table masquerades it to ${uplinkAddress}.`);
  } else if (!natWorks) {
    const sameTuple = protocols.some((p) => (p.flowsByZone[0] ?? []).some((f) => f.reply?.dst === clientAddress) && Object.keys(p.flowsByZone).length === 1);
    explanation.push(sameTuple
      ? `NAT was skipped: the packet crossed the host twice (client -> proxy, proxy -> uplink) with the same 5-tuple, so conntrack saw one connection in zone 0. It was NEW only on the first pass, when it left towards the proxy and masquerade did not apply; the nat table is consulted only for NEW connections, so on the second pass towards ${spec.uplink.ifName} nothing rewrote ${clientAddress}. The server saw the private address and its replies had no way back.`
      : 'NAT did not happen; see the lines above for what each protocol saw.');
  }
  return { zonesConfigured: zone !== undefined, clientAddress, uplinkAddress, protocols, natWorks, explanation };
}
