// The reconciler's contract on an in-memory world: plan looks only, apply is idempotent and rolls back
// exactly what it did when a step fails or is aborted, things not ours are refused unless adopted, and
// destroy removes only marked things.
import test from 'ava';
import { ApplyAborted, ApplyError, ConflictsError, apply, destroy, plan, type Step } from '../src/topology/engine.js';

/** key -> [value, ours]. */
type World = Map<string, [string, boolean]>;

function step(key: string, value: string, opts: { owned?: boolean; failApply?: boolean; adoptable?: boolean; onApply?: () => void } = {}): Step<World> {
  return {
    title: `${key}=${value}`,
    owned: opts.owned ?? true,
    async inspect(w) {
      const cur = w.get(key);
      if (!cur) return 'absent';
      if (!cur[1]) return cur[0] === value ? 'unmarked' : { conflict: `${key} is ${cur[0]}`, adoptable: opts.adoptable ?? true };
      return cur[0] === value ? 'present' : 'different';
    },
    async apply(w) {
      if (opts.failApply) throw new Error(`cannot set ${key}`);
      opts.onApply?.();
      const before = w.get(key);
      w.set(key, [value, true]);
      return async () => { if (before === undefined) w.delete(key); else w.set(key, before); };
    },
    async remove(w) { w.delete(key); },
  };
}

const mine = (o: Record<string, string>): World => new Map(Object.entries(o).map(([k, v]) => [k, [v, true]]));

test('plan reads without changing; apply creates and changes; a second apply changes nothing', async (t) => {
  const w = mine({ b: 'old', c: '3' });
  const steps = [step('a', '1'), step('b', '2'), step('c', '3')];
  t.deepEqual((await plan(w, steps)).map((p) => p.action), ['create', 'change', 'keep']);
  t.deepEqual([...w], [['b', ['old', true]], ['c', ['3', true]]]);
  const first = await apply(w, steps);
  t.is(first.changed.length, 2);
  t.deepEqual(Object.fromEntries(w), { a: ['1', true], b: ['2', true], c: ['3', true] });
  const second = await apply(w, steps);
  t.is(second.changed.length, 0);
  t.is(second.unchanged.length, 3);
});

test('a failure part-way rolls back to the state before, and names the failing step', async (t) => {
  const w = mine({ b: 'old', keep: 'x' });
  const before = [...w];
  const steps = [step('a', '1'), step('b', '2'), step('z', '9', { failApply: true }), step('never', '0')];
  const e = await t.throwsAsync(apply(w, steps), { instanceOf: ApplyError });
  t.is(e!.step, 'z=9');
  t.regex(e!.message, /cannot set z.*rolled back/);
  t.deepEqual([...w].sort(), before.sort());
});

test('an abort between steps rolls back what was applied and throws ApplyAborted', async (t) => {
  const w = mine({ keep: 'x' });
  const before = [...w];
  const ac = new AbortController();
  const steps = [step('a', '1'), step('b', '2', { onApply: () => ac.abort() }), step('c', '3')];
  const e = await t.throwsAsync(apply(w, steps, { signal: ac.signal }), { instanceOf: ApplyAborted });
  t.deepEqual(e!.rollbackErrors, []);
  t.deepEqual([...w].sort(), before.sort());
});

test('things not ours that differ are conflicts: plan names them, apply refuses before changing anything', async (t) => {
  const w: World = new Map([['b', ['theirs', false]], ['same', ['1', false]]]);
  const steps = [step('a', '1'), step('b', '2'), step('same', '1')];
  const p = await plan(w, steps);
  t.deepEqual(p.map((i) => i.action), ['create', 'conflict', 'keep']);
  t.is(p[1]!.note, 'b is theirs');
  const e = await t.throwsAsync(apply(w, steps), { instanceOf: ConflictsError });
  t.deepEqual(e!.conflicts.map((c) => c.title), ['b=2']);
  t.regex(e!.message, /b=2: b is theirs/);
  t.false(w.has('a'), 'nothing was created before the refusal');
});

test('adopt takes over adoptable conflicts only; destroy removes marked things and leaves the unmarked', async (t) => {
  const w: World = new Map([['b', ['theirs', false]], ['same', ['1', false]]]);
  const fixed = [step('a', '1'), step('b', '2', { adoptable: false })];
  await t.throwsAsync(apply(w, fixed, { adopt: true }), { instanceOf: ConflictsError });
  t.false(w.has('a'));
  const steps = [step('a', '1'), step('b', '2'), step('same', '1')];
  const r = await apply(w, steps, { adopt: true });
  t.deepEqual(r.changed.map((c) => [c.title, c.note]), [['a=1', undefined], ['b=2', 'adopted']]);
  const d = await destroy(w, steps);
  t.deepEqual(d.removed, ['b=2', 'a=1']);
  t.deepEqual(d.leftAlone, ['same=1']);
  t.deepEqual([...w], [['same', ['1', false]]]);
});

test('destroy removes owned things newest first and leaves the rest', async (t) => {
  const w: World = new Map();
  const order: string[] = [];
  const steps = [step('uplink', 'on', { owned: false }), step('a', '1'), step('b', '2')];
  await apply(w, steps);
  const r = await destroy(w, steps, (title) => order.push(title));
  t.deepEqual(order, ['b=2', 'a=1']);
  t.deepEqual(r.failures, []);
  t.deepEqual([...w], [['uplink', ['on', true]]]);
});
