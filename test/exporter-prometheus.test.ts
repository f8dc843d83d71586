// A real Prometheus server (Debian's package) in a throwaway namespace scrapes `nlts exporter` running in the
// same namespace; its HTTP API must answer sum by (zone) (nlts_conntrack_entries) with conntrack-tools'
// per-zone counts, and the README's alert (examples/prometheus/alerts.yml) must fire for the write-up's failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { liveTest } from './helpers/live.js';
import { root } from './helpers/cli.js';
import { CONNTRACK, IP, PROMETHEUS, PROMTOOL, inNs, run, serving, spawnExporterIn } from './helpers/exporter.js';

const ALERTS = path.join(root, 'examples', 'prometheus', 'alerts.yml');

/** GET url from inside the namespace (the server listens on the namespace's loopback). */
async function getJson(ns: string, url: string): Promise<unknown> {
  const out = await inNs(ns, process.execPath, '-e', `fetch(${JSON.stringify(url)}).then(async (r) => process.stdout.write(await r.text()))`);
  return JSON.parse(out) as unknown;
}

/** Polls until `probe` returns a value (Prometheus needs a few scrapes and rule evaluations); at most ~60 s. */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let i = 0; i < 120; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
}

liveTest('Prometheus scrapes the exporter: sum by (zone) equals conntrack -L -w, the subnet alert fires', async (t, env) => {
  t.is((await run(PROMTOOL, ['check', 'rules', ALERTS])).code, 0);
  const ns = env.netns('exp-prom');
  await inNs(ns, IP, 'link', 'set', 'lo', 'up');
  const entries: Array<[string, string, string]> = [['0', '10.1.0.5', '1001'], ['0', '10.1.0.6', '1002'], ['0', '2001:db8::5', '1003'], ['1', '10.1.0.7', '1004'], ['7', '10.9.0.1', '1005'], ['7', '10.9.0.2', '1006'], ['7', '10.9.0.3', '1007']];
  for (const [zone, src, sport] of entries) {
    const dst = src.includes(':') ? '2001:db8::99' : '192.0.2.9';
    await inNs(ns, CONNTRACK, '-I', '-p', 'tcp', '-s', src, '-d', dst, '--sport', sport, '--dport', '443', '--state', 'ESTABLISHED', '-t', '600', '-w', zone);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlts-prom-'));
  // The example rules with `for:` cut to 0s so the alert fires within the test instead of after minutes.
  fs.writeFileSync(path.join(dir, 'alerts.yml'), fs.readFileSync(ALERTS, 'utf8').replace(/for: \d+m/g, 'for: 0s'));
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    'rule_files: [alerts.yml]',
    'scrape_configs:',
    '  - job_name: nlts',
    '    static_configs: [{ targets: ["127.0.0.1:9559"] }]',
    '',
  ].join('\n'));
  const exporter = spawnExporterIn(ns, '--listen', '127.0.0.1:9559', '--subnet', '10.1.0.0/16');
  let prometheus: ChildProcess | undefined;
  let promLog = '';
  try {
    await serving(exporter);
    prometheus = spawn(IP, ['netns', 'exec', ns, PROMETHEUS, `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`, '--web.listen-address=127.0.0.1:9090'], { stdio: ['ignore', 'ignore', 'pipe'] });
    prometheus.stderr!.on('data', (d: Buffer) => { promLog += d.toString(); });
    const api = 'http://127.0.0.1:9090/api/v1';
    type Vector = { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    const query = encodeURIComponent('sum by (zone) (nlts_conntrack_entries)');
    const result = await until(async () => {
      try {
        const r = (await getJson(ns, `${api}/query?query=${query}`)) as Vector;
        return r.status === 'success' && r.data.result.length > 0 ? r.data.result : undefined;
      } catch {
        return undefined; // not listening yet
      }
    });
    t.truthy(result, promLog.slice(-2000));
    const got = Object.fromEntries(result!.map((s) => [s.metric.zone!, Number(s.value[1])]));
    const want: Record<string, number> = {};
    for (const zone of ['0', '1', '7']) want[zone] = (await inNs(ns, CONNTRACK, '-L', '-w', zone)).split('\n').filter(Boolean).length;
    t.deepEqual(got, want);
    t.deepEqual(want, { 0: 3, 1: 1, 7: 3 });
    type Alerts = { data: { alerts: Array<{ labels: Record<string, string>; state: string; value: string }> } };
    const firing = await until(async () => {
      const a = (await getJson(ns, `${api}/alerts`)) as Alerts;
      return a.data.alerts.find((x) => x.labels.alertname === 'ClientSubnetInDefaultZoneWithoutNat' && x.state === 'firing');
    });
    t.truthy(firing, 'the subnet alert fires');
    t.is(firing?.labels.subnet, '10.1.0.0/16');
    t.is(Number(firing?.value), 2);
  } finally {
    if (prometheus) await stop(prometheus);
    await stop(exporter);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
