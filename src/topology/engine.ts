// A small reconciler: a list of steps, each able to look at the kernel, bring one thing into place, and
// take it away again. plan() only looks; apply() changes what differs and rolls back on failure or when
// interrupted; destroy() removes what carries our mark, newest first. Things that exist and are not
// ours are never changed unless the caller asks to adopt them.
import { ApplyAborted, ApplyError, ConflictsError } from './errors.js';
// The error classes live in ./errors.ts; exported here too, where they always were.
export { ApplyAborted, ApplyError, ConflictsError };

/**
 * - present:   there, as the spec wants, and ours (marked)
 * - unmarked:  there, as the spec wants, but not ours: kept, and left alone by destroy
 * - different: ours, but not as the spec wants: apply changes it
 * - absent:    apply creates it
 * - Conflict:  there, not ours, and not as the spec wants: apply refuses unless adopting
 */
export type StepState = 'present' | 'unmarked' | 'different' | 'absent' | Conflict;

/** An object in the way that nlts did not create. */
export interface Conflict {
  conflict: string;
  /** Whether the step can take it over and give it back (adopt/restore). */
  adoptable: boolean;
}

export const isConflict = (s: StepState): s is Conflict => typeof s === 'object';

export interface Step<C> {
  /** What the step stands for: "veth client-veth0 <-> client:veth0". */
  readonly title: string;
  /** Whether destroy() removes it. Settings of the host's own uplink are not ours to remove. */
  readonly owned: boolean;
  inspect(ctx: C): Promise<StepState>;
  /**
   * Brings the thing into place from 'absent', 'different' or (adopting) a Conflict, marking it ours;
   * returns how to undo exactly that. An adopting step records what it found so remove() can restore it.
   */
  apply(ctx: C, state: Exclude<StepState, 'present' | 'unmarked'>): Promise<() => Promise<void>>;
  /** Removes it, or gives an adopted thing back as it was found. Only called on 'present' / 'different'. */
  remove(ctx: C): Promise<void>;
}

/** What applying a plan item would do. */
export type PlanAction = 'create' | 'change' | 'keep' | 'conflict';
/** One step of a plan and what applying it would do. */
export interface PlanItem { title: string; action: PlanAction; /** Why it conflicts, or a note. */ note?: string }

/** What apply changed. */
export interface ApplyReport {
  changed: PlanItem[];
  unchanged: PlanItem[];
}

function itemFor(title: string, s: StepState): PlanItem {
  if (isConflict(s)) return { title, action: 'conflict', note: s.conflict };
  if (s === 'unmarked') return { title, action: 'keep', note: 'exists as wanted, not created by nlts: left alone' };
  return { title, action: s === 'present' ? 'keep' : s === 'absent' ? 'create' : 'change' };
}

export async function plan<C>(ctx: C, steps: readonly Step<C>[]): Promise<PlanItem[]> {
  const out: PlanItem[] = [];
  for (const s of steps) out.push(itemFor(s.title, await s.inspect(ctx)));
  return out;
}

/** How apply runs. */
export interface ApplyOptions {
  /** Take over conflicting objects that can be given back (see Step.apply). */
  adopt?: boolean;
  /** Checked between steps: when aborted, what was done is rolled back and ApplyAborted is thrown. */
  signal?: AbortSignal;
  /** Called for each step as it is applied. */
  onProgress?: (item: PlanItem) => void;
}

/**
 * Applies the steps in order. First every step is inspected: objects not ours in the way refuse the whole
 * apply (ConflictsError) before anything changes, unless adopting. Then a step is inspected again right
 * before it runs, so it sees what earlier steps made. On failure or abort the undo actions of the steps
 * already applied run newest first.
 */
export async function apply<C>(ctx: C, steps: readonly Step<C>[], options: ApplyOptions = {}): Promise<ApplyReport> {
  const stuck: PlanItem[] = [];
  for (const s of steps) {
    const st = await s.inspect(ctx);
    if (isConflict(st) && !(options.adopt && st.adoptable)) stuck.push(itemFor(s.title, st));
  }
  if (stuck.length) throw new ConflictsError(stuck, options.adopt === true);

  const undo: Array<{ title: string; run: () => Promise<void> }> = [];
  const report: ApplyReport = { changed: [], unchanged: [] };
  const rollback = async (): Promise<unknown[]> => {
    const errors: unknown[] = [];
    for (const u of undo.reverse()) {
      try { await u.run(); } catch (re) { errors.push(re); }
    }
    return errors;
  };
  for (const s of steps) {
    if (options.signal?.aborted) throw new ApplyAborted(await rollback());
    let state: StepState = 'absent';
    try {
      state = await s.inspect(ctx);
      const item = itemFor(s.title, state);
      if (state === 'present' || state === 'unmarked') {
        report.unchanged.push(item);
        continue;
      }
      if (isConflict(state) && !(options.adopt && state.adoptable)) throw new ConflictsError([item], options.adopt === true);
      undo.push({ title: s.title, run: await s.apply(ctx, state) });
      const done = isConflict(state) ? { title: s.title, action: 'change' as const, note: 'adopted' } : item;
      report.changed.push(done);
      options.onProgress?.(done);
    } catch (e) {
      throw new ApplyError(s.title, e, await rollback());
    }
  }
  if (options.signal?.aborted) throw new ApplyAborted(await rollback());
  return report;
}

/** What destroy removed and kept. */
export interface DestroyReport {
  removed: string[];
  /** Objects of the spec's names that are not ours: left as they are. */
  leftAlone: string[];
  failures: Array<{ title: string; error: unknown }>;
}

/** Removes, newest first, every owned step that is there and ours. Keeps going past failures and reports them. */
export async function destroy<C>(ctx: C, steps: readonly Step<C>[], onProgress?: (title: string) => void): Promise<DestroyReport> {
  const report: DestroyReport = { removed: [], leftAlone: [], failures: [] };
  for (const s of [...steps].reverse()) {
    if (!s.owned) continue;
    try {
      const state = await s.inspect(ctx);
      if (state === 'absent') continue;
      if (state === 'unmarked' || isConflict(state)) { report.leftAlone.push(s.title); continue; }
      await s.remove(ctx);
      report.removed.push(s.title);
      onProgress?.(s.title);
    } catch (e) {
      report.failures.push({ title: s.title, error: e });
    }
  }
  return report;
}
