// The public face of the topology: plan, apply (idempotent, rolled back on failure or interruption),
// verify, destroy. Only objects carrying this topology's mark are changed or removed (see marks.ts).
// apply and destroy hold the host's lock (lock.ts) and leave a run record while they work (store.ts): the
// next run that finds one knows the last was killed and removes what it left, by the marks, first.
import { type NetnsRef, netnsInode } from '../netlink/index.js';
import { openContext, type TopologyContext } from './context.js';
import { ApplyAborted, ApplyError, ConflictsError, apply, destroy, plan, type ApplyReport, type DestroyReport, type PlanItem } from './engine.js';
import { type LockOptions, lockHost } from './lock.js';
import { type TopologySpec, validateSpec } from './spec.js';
import { topologySteps } from './steps.js';
import { restoreSysctls } from './steps-net.js';
import { type RunRecord, clearRunRecord, netnsEntry, readNetnsMarker, readRunRecord, removeNetnsMarker, writeRunRecord } from './store.js';
import { type VerifyReport, type VerifyTarget, verifyTopology } from './verify.js';
import { RecoveryError } from './errors.js';
// The error classes live in ./errors.ts; exported here too, where they always were.
export { RecoveryError };

/** Where a {@link Topology} is built. */
export interface TopologyOptions {
  /**
   * The namespace that plays the host. Undefined means the namespace this process runs in, which is the
   * machine's own unless the process was started elsewhere: callers must opt in to that explicitly.
   */
  hostNetns?: NetnsRef;
}

/** Waiting for the host's lock while another up or down runs there. */
export type TopologyLockOptions = Omit<LockOptions, 'signal'>;

/** What a run found of an earlier one that was killed part-way, and removed before doing its own work. */
export interface Recovery {
  /** The run that did not finish. */
  run: RunRecord;
  removed: string[];
  restored: string[];
  failures: Array<{ title: string; error: unknown }>;
}

/** How {@link Topology.apply} runs. */
export interface TopologyApplyOptions {
  /** Take over existing objects not created by nlts (namespaces, routes, rules, the nftables table); down gives them back. */
  adopt?: boolean;
  /** When aborted, apply stops between two steps and rolls back everything it changed (ApplyAborted). */
  signal?: AbortSignal;
  /** Called for each step as it is applied. */
  onProgress?: (item: PlanItem) => void;
  /** Default: wait as long as it takes (the signal ends the wait). */
  lock?: TopologyLockOptions;
  /** Called when leftovers of a killed run were found and removed, before anything else happens. */
  onRecovered?: (r: Recovery) => void;
}

export interface TopologyApplyReport extends ApplyReport {
  recovered?: Recovery;
}

/** How {@link Topology.destroy} runs. */
export interface TopologyDestroyOptions {
  /** Called with each step's title as it is removed. */
  onProgress?: (title: string) => void;
  /** destroy finishes what it started; the signal only ends a wait for the lock. */
  signal?: AbortSignal;
  lock?: TopologyLockOptions;
  /** Called before removing anything when an earlier up or down was killed part-way (its run record). */
  onInterrupted?: (run: RunRecord) => void;
}

/** What {@link Topology.destroy} removed, kept and restored. */
export interface TopologyDestroyReport extends DestroyReport {
  /** Settings (forwarding switches) put back to the values up found. */
  restored: string[];
  /** The run record of an earlier up or down that was killed part-way: this destroy finished its work. */
  interrupted?: RunRecord;
}

/** Errors after which the host is known to be as it was: nothing changed, or all of it rolled back. */
const leftClean = (e: unknown): boolean => e instanceof ConflictsError || ((e instanceof ApplyAborted || e instanceof ApplyError) && e.rollbackErrors.length === 0);

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

  /**
   * Runs `fn` holding the host's lock, with a run record in place while it works. The record is removed when
   * `fn` says (or its error shows) that the host is in a known state; otherwise it stays for the next run.
   */
  private async exclusive<T>(operation: RunRecord['operation'], lock: TopologyLockOptions | undefined, signal: AbortSignal | undefined,
    fn: (ctx: TopologyContext, previous: RunRecord | undefined) => Promise<{ value: T; clean: boolean }>): Promise<T> {
    const inode = netnsInode(this.hostNetns ?? 'self');
    const held = await lockHost(inode, operation, { ...lock, signal });
    try {
      return await this.withContext(async (ctx) => {
        const previous = readRunRecord(inode, ctx.mark);
        // A marker of ours for a namespace that is not there (a run killed before creating it) must not
        // make a namespace someone creates later under that name look like ours.
        for (const ns of [this.spec.client.netns, this.spec.proxy.netns]) {
          if (netnsEntry(ns) === 'absent' && readNetnsMarker(ns)?.owner === ctx.mark) removeNetnsMarker(ns);
        }
        writeRunRecord(inode, ctx.mark, operation);
        let result: { value: T; clean: boolean };
        try {
          result = await fn(ctx, previous);
        } catch (e) {
          if (leftClean(e)) clearRunRecord(inode, ctx.mark);
          throw e;
        }
        if (result.clean) clearRunRecord(inode, ctx.mark);
        return result.value;
      });
    } finally {
      held.release();
    }
  }

  /** What apply would do, read from the kernel; changes nothing. Objects not ours in the way are 'conflict'. */
  plan(): Promise<PlanItem[]> {
    return this.withContext((ctx) => plan(ctx, topologySteps(this.spec)));
  }

  /**
   * Brings the kernel to the spec. A second apply changes nothing. Objects not created by nlts that differ
   * from the spec refuse the apply (ConflictsError, nothing changed) unless `adopt`. On failure or abort,
   * what it did is undone. Leftovers of an earlier apply or destroy that was killed are removed first.
   */
  apply(options: TopologyApplyOptions | ((item: PlanItem) => void) = {}): Promise<TopologyApplyReport> {
    const o = typeof options === 'function' ? { onProgress: options } : options;
    return this.exclusive('up', o.lock, o.signal, async (ctx, previous) => {
      const steps = topologySteps(this.spec);
      let recovered: Recovery | undefined;
      if (previous) {
        const r = await destroy(ctx, steps);
        recovered = { run: previous, removed: r.removed, restored: r.failures.length ? [] : await restoreSysctls(ctx), failures: r.failures };
        if (r.failures.length) throw new RecoveryError(recovered);
        o.onRecovered?.(recovered);
      }
      const report = await apply(ctx, steps, o);
      return { value: recovered ? { ...report, recovered } : report, clean: true };
    });
  }

  /**
   * Removes what apply created and carries our mark (namespaces, veths, routes, rules, the nftables table),
   * gives adopted objects back as they were, and puts forwarding switches back to the values found.
   */
  destroy(options: TopologyDestroyOptions | ((title: string) => void) = {}): Promise<TopologyDestroyReport> {
    const o = typeof options === 'function' ? { onProgress: options } : options;
    return this.exclusive('down', o.lock, o.signal, async (ctx, previous) => {
      if (previous) o.onInterrupted?.(previous);
      const r = await destroy(ctx, topologySteps(this.spec), o.onProgress);
      const report: TopologyDestroyReport = { ...r, restored: r.failures.length ? [] : await restoreSysctls(ctx), ...(previous ? { interrupted: previous } : {}) };
      return { value: report, clean: r.failures.length === 0 };
    });
  }

  /** Real traffic from the client to a server in `target`, and the conntrack proof. */
  verify(target: VerifyTarget): Promise<VerifyReport> {
    return verifyTopology(this.spec, this.hostNetns, target);
  }
}
