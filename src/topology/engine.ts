// A small reconciler: a list of steps, each able to look at the kernel, bring one thing into place, and
// take it away again. plan() only looks; apply() changes what differs and rolls back on failure;
// destroy() removes what the steps own, newest first.

export type StepState = 'present' | 'absent' | 'different';

export interface Step<C> {
  /** What the step stands for: "veth client-veth0 <-> client:veth0". */
  readonly title: string;
  /** Whether destroy() removes it. Settings of the host's own uplink are not ours to remove. */
  readonly owned: boolean;
  inspect(ctx: C): Promise<StepState>;
  /** Brings the thing into place from 'absent' or 'different'; returns how to undo exactly that. */
  apply(ctx: C, state: Exclude<StepState, 'present'>): Promise<() => Promise<void>>;
  /** Removes it (destroy). Only called when inspect() says it is there. */
  remove(ctx: C): Promise<void>;
}

export type PlanAction = 'create' | 'change' | 'keep';
export interface PlanItem { title: string; action: PlanAction }

export interface ApplyReport {
  changed: PlanItem[];
  unchanged: PlanItem[];
}

/** A step failed part-way through apply; everything applied before it was rolled back. */
export class ApplyError extends Error {
  readonly step: string;
  override readonly cause: unknown;
  readonly rollbackErrors: unknown[];
  constructor(step: string, cause: unknown, rollbackErrors: unknown[]) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const rb = rollbackErrors.length ? ` (and ${rollbackErrors.length} rollback step(s) failed: ${rollbackErrors.map((e) => (e as Error).message).join('; ')})` : '; everything before it was rolled back';
    super(`${step}: ${why}${rb}`);
    this.name = 'ApplyError';
    this.step = step;
    this.cause = cause;
    this.rollbackErrors = rollbackErrors;
  }
}

const actionFor = (s: StepState): PlanAction => (s === 'present' ? 'keep' : s === 'absent' ? 'create' : 'change');

export async function plan<C>(ctx: C, steps: readonly Step<C>[]): Promise<PlanItem[]> {
  const out: PlanItem[] = [];
  for (const s of steps) out.push({ title: s.title, action: actionFor(await s.inspect(ctx)) });
  return out;
}

/**
 * Applies the steps in order. A step is inspected right before it runs, so it sees what earlier steps made.
 * On failure, the undo actions of the steps already applied run newest first, and ApplyError is thrown.
 */
export async function apply<C>(ctx: C, steps: readonly Step<C>[], onProgress?: (item: PlanItem) => void): Promise<ApplyReport> {
  const undo: Array<{ title: string; run: () => Promise<void> }> = [];
  const report: ApplyReport = { changed: [], unchanged: [] };
  for (const s of steps) {
    let state: StepState = 'absent';
    try {
      state = await s.inspect(ctx);
      const item = { title: s.title, action: actionFor(state) };
      if (state === 'present') {
        report.unchanged.push(item);
        continue;
      }
      undo.push({ title: s.title, run: await s.apply(ctx, state) });
      report.changed.push(item);
      onProgress?.(item);
    } catch (e) {
      const rollbackErrors: unknown[] = [];
      for (const u of undo.reverse()) {
        try { await u.run(); } catch (re) { rollbackErrors.push(re); }
      }
      throw new ApplyError(s.title, e, rollbackErrors);
    }
  }
  return report;
}

/** Removes, newest first, every owned step that is there. Keeps going past failures and reports them. */
export async function destroy<C>(ctx: C, steps: readonly Step<C>[], onProgress?: (title: string) => void): Promise<{ removed: string[]; failures: Array<{ title: string; error: unknown }> }> {
  const removed: string[] = [];
  const failures: Array<{ title: string; error: unknown }> = [];
  for (const s of [...steps].reverse()) {
    if (!s.owned) continue;
    try {
      if ((await s.inspect(ctx)) === 'absent') continue;
      await s.remove(ctx);
      removed.push(s.title);
      onProgress?.(s.title);
    } catch (e) {
      failures.push({ title: s.title, error: e });
    }
  }
  return { removed, failures };
}
