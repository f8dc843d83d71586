// The public face of the topology: plan, apply (idempotent, rolled back on failure or interruption),
// verify, destroy. Only objects carrying this topology's mark are changed or removed (see marks.ts).
import { type NetnsRef } from '../netlink/index.js';
import { openContext, type TopologyContext } from './context.js';
import { apply, destroy, plan, type ApplyReport, type DestroyReport, type PlanItem } from './engine.js';
import { type TopologySpec, validateSpec } from './spec.js';
import { topologySteps } from './steps.js';
import { restoreSysctls } from './steps-net.js';
import { type VerifyReport, type VerifyTarget, verifyTopology } from './verify.js';

/** Where a {@link Topology} is built. */
export interface TopologyOptions {
  /**
   * The namespace that plays the host. Undefined means the namespace this process runs in, which is the
   * machine's own unless the process was started elsewhere: callers must opt in to that explicitly.
   */
  hostNetns?: NetnsRef;
}

/** How {@link Topology.apply} runs. */
export interface TopologyApplyOptions {
  /** Take over existing objects not created by nlts (namespaces, routes, rules, the nftables table); down gives them back. */
  adopt?: boolean;
  /** When aborted, apply stops between two steps and rolls back everything it changed (ApplyAborted). */
  signal?: AbortSignal;
  /** Called for each step as it is applied. */
  onProgress?: (item: PlanItem) => void;
}

/** What {@link Topology.destroy} removed, kept and restored. */
export interface TopologyDestroyReport extends DestroyReport {
  /** Settings (forwarding switches) put back to the values up found. */
  restored: string[];
}

/** The client/proxy/zone topology: plan, apply (idempotent, owned objects marked), verify with real traffic, destroy. */
export class Topology {
  readonly spec: TopologySpec;
  readonly hostNetns: NetnsRef | undefined;

  /** Validates the spec as a whole; nothing is touched until a method runs. */
  constructor(spec: TopologySpec, options: TopologyOptions = {}) {
    this.spec = validateSpec(spec);
    this.hostNetns = options.hostNetns;
  }

  private async withContext<T>(fn: (ctx: TopologyContext) => Promise<T>): Promise<T> {
    const ctx = openContext(this.spec, this.hostNetns);
    try {
      return await fn(ctx);
    } finally {
      ctx.close();
    }
  }

  /** What apply would do, read from the kernel; changes nothing. Objects not ours in the way are 'conflict'. */
  plan(): Promise<PlanItem[]> {
    return this.withContext((ctx) => plan(ctx, topologySteps(this.spec)));
  }

  /**
   * Brings the kernel to the spec. A second apply changes nothing. Objects not created by nlts that differ
   * from the spec refuse the apply (ConflictsError, nothing changed) unless `adopt`. On failure or abort,
   * what it did is undone.
   */
  apply(options: TopologyApplyOptions | ((item: PlanItem) => void) = {}): Promise<ApplyReport> {
    const o = typeof options === 'function' ? { onProgress: options } : options;
    return this.withContext((ctx) => apply(ctx, topologySteps(this.spec), o));
  }

  /**
   * Removes what apply created and carries our mark (namespaces, veths, routes, rules, the nftables table),
   * gives adopted objects back as they were, and puts forwarding switches back to the values found.
   */
  destroy(onProgress?: (title: string) => void): Promise<TopologyDestroyReport> {
    return this.withContext(async (ctx) => {
      const r = await destroy(ctx, topologySteps(this.spec), onProgress);
      return { ...r, restored: r.failures.length ? [] : await restoreSysctls(ctx) };
    });
  }

  /** Real traffic from the client to a server in `target`, and the conntrack proof. */
  verify(target: VerifyTarget): Promise<VerifyReport> {
    return verifyTopology(this.spec, this.hostNetns, target);
  }
}
