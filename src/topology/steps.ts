// The ordered steps that build the topology from a spec. Order matters: apply runs them first to last,
// destroy last to first.
import type { TopologyContext } from './context.js';
import type { Step } from './engine.js';
import { firewallStep } from './firewall.js';
import { type LegSpec, type TopologySpec, addressOnly, clientNet } from './spec.js';
import {
  addressStep, defaultRouteStep, forwardingStep, linkUpStep, namespaceStep, ruleStep, tolerant, uplinkStep, vethStep,
} from './steps-net.js';

/** Settings of an object we own: they go away with it, so destroy does not remove them one by one. */
const partOf = (s: Step<TopologyContext>): Step<TopologyContext> => ({ ...s, owned: false });

function legSteps(leg: LegSpec, forwards: boolean): Step<TopologyContext>[] {
  return [
    namespaceStep(leg.netns),
    vethStep(leg),
    ...[
      addressStep(undefined, leg.hostIfName, leg.hostAddress),
      linkUpStep(undefined, leg.hostIfName),
      forwardingStep(undefined, leg.hostIfName, true),
      linkUpStep(leg.netns, 'lo'),
      addressStep(leg.netns, leg.nsIfName, leg.nsAddress),
      linkUpStep(leg.netns, leg.nsIfName),
      defaultRouteStep(leg.netns, 'main', addressOnly(leg.hostAddress), leg.nsIfName),
      ...(forwards ? [forwardingStep(leg.netns, undefined, true)] : []),
    ].map(partOf),
  ];
}

export function topologySteps(spec: TopologySpec): Step<TopologyContext>[] {
  const net = clientNet(spec);
  const r = spec.rules;
  const steps = [
    uplinkStep(spec.uplink.ifName),
    ...legSteps(spec.client, false),
    // The proxy sends the client's traffic back to the host: it forwards.
    ...legSteps(spec.proxy, true),
    // Replies from the internet arrive on the uplink and must be forwarded to the proxy.
    forwardingStep(undefined, spec.uplink.ifName, false),
    defaultRouteStep(undefined, r.clientToProxy.table, addressOnly(spec.proxy.nsAddress), spec.proxy.hostIfName),
    defaultRouteStep(undefined, r.proxyToClient.table, addressOnly(spec.client.nsAddress), spec.client.hostIfName),
    ruleStep({ family: 'inet', from: net, iif: spec.client.hostIfName, priority: r.clientToProxy.priority, table: r.clientToProxy.table }),
    ruleStep({ family: 'inet', to: net, iif: spec.proxy.hostIfName, priority: r.proxyToClient.priority, table: r.proxyToClient.table }),
    ruleStep({ family: 'inet', to: net, iif: spec.uplink.ifName, priority: r.uplinkToClient.priority, table: r.uplinkToClient.table }),
    firewallStep(spec),
  ];
  return steps.map(tolerant);
}
