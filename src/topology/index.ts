/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
/**
 * `nlts/topology`: the client/proxy/zone setup of the original write-up, composed from rtnetlink, nftables
 * and conntrack: a declarative {@link TopologySpec}, then plan (what would change), apply (idempotent),
 * verify (real traffic) and destroy, through {@link Topology}. {@link runDemo} builds the whole scenario in
 * throwaway namespaces and shows the fix.
 * @module nlts/topology
 */
export {
  Topology, RecoveryError, type Recovery, type TopologyOptions, type TopologyApplyOptions, type TopologyApplyReport, type TopologyDestroyOptions,
  type TopologyDestroyReport, type TopologyLockOptions,
} from './topology.js';
export { TopologyLockedError, LockWaitAborted, type LockHolder, type LockOptions } from './lock.js';
export type { RunRecord } from './store.js';
export {
  makeSpec, validateSpec, specFromJson, clientNet, DEFAULT_SPEC, SpecError,
  type TopologySpec, type LegSpec, type RuleSpec, type SpecOverrides,
} from './spec.js';
export {
  ApplyError, ConflictsError, ApplyAborted,
  type PlanItem, type PlanAction, type ApplyReport, type ApplyOptions, type DestroyReport, type Conflict, type StepState,
} from './engine.js';
export type { VerifyReport, VerifyTarget, ProtocolVerdict } from './verify.js';
export type { Protocol } from './probe/traffic.js';
export { desiredFirewall } from './firewall.js';
export { RTPROT_NLTS, ownerMark } from './marks.js';
export { runDemo, DemoAborted, type DemoOptions, type DemoResult, type DemoEvent } from './demo.js';
