/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
// The client/proxy/zone topology of the original write-up, composed from rtnetlink, nftables and conntrack.
export * from './spec.js';
export * from './engine.js';
export { Topology, type TopologyOptions, type TopologyApplyOptions, type TopologyDestroyReport } from './topology.js';
export type { VerifyReport, VerifyTarget, ProtocolVerdict } from './verify.js';
export { desiredFirewall } from './firewall.js';
export { RTPROT_NLTS, ownerMark } from './marks.js';
export { STATE_DIR, netnsEntry, readNetnsMarker, type NetnsMarker } from './store.js';
export { runDemo, buildHostAndInternet, demoLeftovers, DemoAborted, type DemoOptions, type DemoResult, type DemoEvent } from './demo.js';
