// The exporter's pieces that need no kernel: the text formats, Accept negotiation, option validation, and
// the sharing of one collection between concurrent scrapes. promtool (Prometheus' own parser) checks the text.
import test from 'ava';
import { Exporter, negotiate, parseListen, parseSubnet, render, type Collector, type MetricFamily } from '../src/exporter/index.js';
import { isValidationError } from '../src/netlink/errors.js';
import { PROMTOOL, run } from './helpers/exporter.js';

const families: MetricFamily[] = [
  { name: 'nlts_test_things', type: 'gauge', help: 'Back\\slash and\nnewline.', samples: [
    { labels: [['a', 'quote " here'], ['b', 'back\\slash\nnewline']], value: 3 },
    { labels: [], value: NaN },
  ] },
  { name: 'nlts_test_events_total', type: 'counter', help: 'Events.', samples: [{ labels: [['x', 'y']], value: 2 ** 40 }] },
];

test('text format: escaping as the format requires, accepted by promtool', async (t) => {
  const text = render(families, 'text');
  t.is(text, [
    '# HELP nlts_test_things Back\\\\slash and\\nnewline.',
    '# TYPE nlts_test_things gauge',
    'nlts_test_things{a="quote \\" here",b="back\\\\slash\\nnewline"} 3',
    'nlts_test_things NaN',
    '# HELP nlts_test_events_total Events.',
    '# TYPE nlts_test_events_total counter',
    'nlts_test_events_total{x="y"} 1099511627776',
    '',
  ].join('\n'));
  const check = await run(PROMTOOL, ['check', 'metrics'], text);
  t.is(check.code, 0, check.stdout + check.stderr);
});

test('OpenMetrics: counter families named without _total, # EOF at the end', (t) => {
  const text = render(families, 'openmetrics');
  t.true(text.includes('# TYPE nlts_test_events counter\nnlts_test_events_total{x="y"} 1099511627776\n'));
  t.true(text.endsWith('# EOF\n'));
});

test('Accept negotiation', (t) => {
  t.is(negotiate(undefined), 'text');
  t.is(negotiate('text/plain'), 'text');
  t.is(negotiate('*/*'), 'text');
  // What Prometheus 2.x sends.
  t.is(negotiate('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'), 'openmetrics');
  t.is(negotiate('application/openmetrics-text;q=0.2, text/plain'), 'text');
  t.is(negotiate('application/openmetrics-text;q=0'), 'text');
});

test('listen addresses and subnets are validated', (t) => {
  t.deepEqual(parseListen('127.0.0.1:9559'), { host: '127.0.0.1', port: 9559 });
  t.deepEqual(parseListen('[::1]:80'), { host: '::1', port: 80 });
  for (const bad of ['127.0.0.1', 'localhost:80', '1.2.3.4:0', '1.2.3.4:65536', '::1:80', '[1.2.3.4]:80', '300.1.1.1:80', ':80']) {
    t.true(isValidationError(t.throws(() => parseListen(bad))), bad);
  }
  t.is(parseSubnet('10.1.2.3/16').text, '10.1.0.0/16');
  t.is(parseSubnet('2001:db8::7/64').text, '2001:db8::/64');
  for (const bad of ['10.0.0.0/33', 'nonsense', '10.0.0/8', '::/129']) t.true(isValidationError(t.throws(() => parseSubnet(bad))), bad);
  t.true(isValidationError(t.throws(() => new Exporter({ netns: ['a/b'] }))));
});

test('concurrent scrapes share one collection', async (t) => {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const slow: Collector = {
    name: 'slow',
    async collect() {
      calls++;
      await gate;
      return [{ name: 'nlts_test_value', type: 'gauge', help: 'test', samples: [{ labels: [], value: calls }] }];
    },
  };
  const exporter = new Exporter({ collectors: [slow] });
  const scrapes = [exporter.scrape(), exporter.scrape('openmetrics'), exporter.collect()];
  release();
  const [a, b] = await Promise.all(scrapes);
  t.is(calls, 1);
  t.regex(a as string, /^nlts_test_value 1$/m);
  t.regex(b as string, /# EOF\n$/);
  await exporter.scrape();
  t.is(calls, 2, 'a scrape after the first finished collects anew');
});

test('a failing collector reports up 0 and the others are served', async (t) => {
  const good: Collector = { name: 'good', collect: async () => [{ name: 'nlts_test_ok', type: 'gauge', help: 'ok', samples: [{ labels: [], value: 1 }] }] };
  const bad: Collector = { name: 'bad', collect: async () => { throw new Error('boom'); } };
  const seen: string[] = [];
  const exporter = new Exporter({ collectors: [bad, good], onError: (c, _n, e) => seen.push(`${c}: ${e.message}`) });
  const text = await exporter.scrape();
  t.regex(text, /^nlts_collector_up\{collector="bad"\} 0$/m);
  t.regex(text, /^nlts_collector_up\{collector="good"\} 1$/m);
  t.regex(text, /^nlts_test_ok 1$/m);
  t.deepEqual(seen, ['bad: boom']);
});
