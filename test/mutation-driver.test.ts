// The mutation driver (scripts/mutation.ts) finds each kind of mutation point and picks mutants evenly.
import test from 'ava';
import { mutationPoints, pickEvenly } from '../scripts/mutation.js';

test('mutation points: operators, numbers, booleans and negations, but not imports or thrown messages', (t) => {
  const js = [
    "import { x } from './a.js';",
    'export function f(a, b) {',
    '  if (a === 1 && !b) return a << 2;',
    "  if (a > b) throw new Error('bad ' + 3);",
    '  return b ?? true;',
    '}',
  ].join('\n');
  const points = mutationPoints(js, 'm.js');
  t.deepEqual(points.map((p) => `${p.line}:${p.original}->${p.replacement}`), [
    '3:&&->||', '3:===->!==', '3:1->0', '3:!->', '3:<<->>>', '3:2->3', '4:>->>=', '5:??->&&', '5:true->false',
  ]);
  // Each replacement changes the text at its place only.
  for (const p of points) t.is(js.slice(p.start, p.end), p.original);
});

test('pickEvenly spreads the choice over the whole list and is stable', (t) => {
  const all = Array.from({ length: 100 }, (_, i) => i);
  t.deepEqual(pickEvenly(all, 4), [0, 25, 50, 75]);
  t.deepEqual(pickEvenly([1, 2], 5), [1, 2]);
});
