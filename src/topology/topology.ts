// The public face of the topology: plan, apply (idempotent, rolled back on failure), verify, destroy.
import { type NetnsRef } from '../netlink/index.js';
import { openContext, type TopologyContext } from './context.js';
import { apply, destroy, plan, type ApplyReport, type PlanItem } from './engine.js';
import { type TopologySpec, validateSpec } from './spec.js';
import { topologySteps } from './steps.js';
import { type VerifyReport, type VerifyTarget, verifyTopology } from './verify.js';

export interface TopologyOptions {
  /**
   * The namespace that plays the host. Undefined means the namespace this process runs in, which is the
   * machine's own unless the process was started elsewhere: callers must opt in to that explicitly.
   */
  hostNetns?: NetnsRef;
}

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

  /** What apply would do, read from the kernel; changes nothing. */
  plan(): Promise<PlanItem[]> {
    return this.withContext((ctx) => plan(ctx, topologySteps(this.spec)));
  }

  /** Brings the kernel to the spec. A second apply changes nothing. On failure, what it did is undone. */
  apply(onProgress?: (item: PlanItem) => void): Promise<ApplyReport> {
    return this.withContext((ctx) => apply(ctx, topologySteps(this.spec), onProgress));
  }

  /** Removes what apply creates (namespaces, veths, routes, rules, the nftables table) and nothing else. */
  destroy(onProgress?: (title: string) => void): Promise<{ removed: string[]; failures: Array<{ title: string; error: unknown }> }> {
    return this.withContext((ctx) => destroy(ctx, topologySteps(this.spec), onProgress));
  }

  /** Real traffic from the client to a server in `target`, and the conntrack proof. */
  verify(target: VerifyTarget): Promise<VerifyReport> {
    return verifyTopology(this.spec, this.hostNetns, target);
  }
}
