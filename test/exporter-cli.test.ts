// nlts exporter as a program: bad arguments exit 2 and change nothing, /metrics over HTTP with Accept
// negotiation, SIGTERM stops the server cleanly.
import test from 'ava';
import { liveTest } from './helpers/live.js';
import { IP, exporterCli, inNs, parseExposition, serving, spawnExporterIn } from './helpers/exporter.js';
import { Exporter, OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE, serve } from '../src/exporter/index.js';

test('bad arguments exit 2 with the usage', async (t) => {
  const cases: string[][] = [
    ['--listen', 'nonsense'], ['--listen', '127.0.0.1:99999'], ['--listen', 'localhost:9559'], ['--listen', '::1:9559'],
    ['--subnet', '10.0.0.0/40'], ['--subnet', 'ten'], ['--netns', 'a/b'], ['--netns', ''],
    ['--once', '--listen', '127.0.0.1:9559'], ['--once', 'extra'], ['--bogus'], ['--listen'],
  ];
  for (const args of cases) {
    const r = await exporterCli(...args);
    t.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    t.is(r.stdout, '', args.join(' '));
    t.regex(r.stderr, /^nlts exporter: /, args.join(' '));
  }
});

liveTest('exporter HTTP: /metrics in the text format, OpenMetrics on request, 404 and 405 otherwise', async (t, env) => {
  const ns = env.netns('exp-http');
  await inNs(ns, IP, 'link', 'set', 'lo', 'up');
  const server = await serve(new Exporter({ netns: [ns] }), { host: '127.0.0.1', port: 0 });
  try {
    const base = `http://127.0.0.1:${server.address.port}`;
    const plain = await fetch(`${base}/metrics`);
    t.is(plain.status, 200);
    t.is(plain.headers.get('content-type'), TEXT_CONTENT_TYPE);
    const text = await plain.text();
    t.regex(text, /^# TYPE nlts_link_receive_bytes_total counter$/m);
    t.false(text.includes('# EOF'));
    t.true(parseExposition(text).some((s) => s.name === 'nlts_link_receive_bytes_total' && s.labels.link === 'lo' && s.labels.netns === ns));
    const om = await fetch(`${base}/metrics`, { headers: { Accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' } });
    t.is(om.headers.get('content-type'), OPENMETRICS_CONTENT_TYPE);
    const omText = await om.text();
    t.regex(omText, /^# TYPE nlts_link_receive_bytes counter$/m);
    t.regex(omText, /^nlts_link_receive_bytes_total\{/m);
    t.true(omText.endsWith('# EOF\n'));
    t.is((await fetch(`${base}/other`)).status, 404);
    t.is((await fetch(`${base}/metrics`, { method: 'POST', body: 'x' })).status, 405);
  } finally {
    await server.close();
  }
});

liveTest('nlts exporter --listen serves inside its namespace and stops cleanly on SIGTERM', async (t, env) => {
  const ns = env.netns('exp-sig');
  await inNs(ns, IP, 'link', 'set', 'lo', 'up');
  const child = spawnExporterIn(ns, '--listen', '127.0.0.1:9559');
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  try {
    t.regex(await serving(child), /serving http:\/\/127\.0\.0\.1:9559\/metrics/);
    // A client in the same namespace (the port is the namespace's own).
    const body = await inNs(ns, process.execPath, '-e', 'fetch("http://127.0.0.1:9559/metrics").then(async (r) => process.stdout.write(r.status + "\\n" + await r.text()))');
    t.true(body.startsWith('200\n'));
    t.true(parseExposition(body.slice(4)).some((s) => s.name === 'nlts_collector_up' && s.labels.collector === 'conntrack' && s.value === 1));
    child.kill('SIGTERM');
    t.deepEqual(await exited, { code: 0, signal: null });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
