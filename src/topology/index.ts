/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
// The client/proxy/zone topology of the original write-up, composed from rtnetlink, nftables and conntrack.
export * from './spec.js';
export * from './engine.js';
export {
  Topology, RecoveryError, type Recovery, type TopologyOptions, type TopologyApplyOptions, type TopologyApplyReport, type TopologyDestroyOptions,
  type TopologyDestroyReport, type TopologyLockOptions,
} from './topology.js';
export { TopologyLockedError, LockWaitAborted, type LockHolder } from './lock.js';
export type { VerifyReport, VerifyTarget, ProtocolVerdict } from './verify.js';
export { desiredFirewall } from './firewall.js';
export { RTPROT_NLTS, ownerMark } from './marks.js';
export { STATE_DIR, netnsEntry, readNetnsMarker, type NetnsMarker, type RunRecord } from './store.js';
export { runDemo, buildHostAndInternet, demoLeftovers, DemoAborted, type DemoOptions, type DemoResult, type DemoEvent } from './demo.js';
