// The reconciler's contract on an in-memory world: plan looks only, apply is idempotent and rolls back
// exactly what it did when a step fails, destroy removes only owned things.
import test from 'ava';
import { ApplyError, apply, destroy, plan, type Step } from '../src/topology/engine.js';

type World = Map<string, string>;

function step(key: string, value: string, opts: { owned?: boolean; failApply?: boolean } = {}): Step<World> {
  return {
    title: `${key}=${value}`,
    owned: opts.owned ?? true,
    async inspect(w) { return !w.has(key) ? 'absent' : w.get(key) === value ? 'present' : 'different'; },
    async apply(w) {
      if (opts.failApply) throw new Error(`cannot set ${key}`);
      const before = w.get(key);
      w.set(key, value);
      return async () => { if (before === undefined) w.delete(key); else w.set(key, before); };
    },
    async remove(w) { w.delete(key); },
  };
}

test('plan reads without changing; apply creates and changes; a second apply changes nothing', async (t) => {
  const w: World = new Map([['b', 'old'], ['c', '3']]);
  const steps = [step('a', '1'), step('b', '2'), step('c', '3')];
  t.deepEqual((await plan(w, steps)).map((p) => p.action), ['create', 'change', 'keep']);
  t.deepEqual([...w], [['b', 'old'], ['c', '3']]);
  const first = await apply(w, steps);
  t.is(first.changed.length, 2);
  t.deepEqual(Object.fromEntries(w), { a: '1', b: '2', c: '3' });
  const second = await apply(w, steps);
  t.is(second.changed.length, 0);
  t.is(second.unchanged.length, 3);
});

test('a failure part-way rolls back to the state before, and names the failing step', async (t) => {
  const w: World = new Map([['b', 'old'], ['keep', 'x']]);
  const before = [...w];
  const steps = [step('a', '1'), step('b', '2'), step('z', '9', { failApply: true }), step('never', '0')];
  const e = await t.throwsAsync(apply(w, steps), { instanceOf: ApplyError });
  t.is(e!.step, 'z=9');
  t.regex(e!.message, /cannot set z.*rolled back/);
  t.deepEqual([...w].sort(), before.sort());
});

test('destroy removes owned things newest first and leaves the rest', async (t) => {
  const w: World = new Map();
  const order: string[] = [];
  const steps = [step('uplink', 'on', { owned: false }), step('a', '1'), step('b', '2')];
  await apply(w, steps);
  const r = await destroy(w, steps, (title) => order.push(title));
  t.deepEqual(order, ['b=2', 'a=1']);
  t.deepEqual(r.failures, []);
  t.deepEqual([...w], [['uplink', 'on']]);
});
