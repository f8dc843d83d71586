// conntrack -E under a burst it cannot keep up with (issue 11 item 8): like conntrack-tools, nlts reports
// every ENOBUFS the socket returns, with conntrack-tools' warning, and keeps going; -b sets the buffer and
// says what the kernel made of it, the same NOTICE as conntrack-tools. Both run side by side on the same
// burst; the counts are logged (they depend on how fast each reader is), each must be at least one.
import { spawn } from 'node:child_process';
import { Conntrack } from '../src/nfnetlink/conntrack/index.js';
import { liveTest } from './helpers/live.js';
import { CLI } from './helpers/cli.js';

const WARNING = 'WARNING: We have hit ENOBUFS! We are losing events.\nThis message means that the current netlink socket buffer size is too small.\n'
  + 'Please, check --buffer-size in conntrack(8) manpage.\n';

function listen(file: string, args: string[]): { stop: () => Promise<{ stdout: string; stderr: string }>; ready: Promise<void> } {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => { readyResolve = r; });
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; if (stderr.includes('NOTICE')) readyResolve(); });
  const closed = new Promise<void>((r) => child.on('close', () => r()));
  return { ready, stop: async () => { child.kill('SIGINT'); await closed; return { stdout, stderr }; } };
}

liveTest('conntrack -E: every ENOBUFS reported with conntrack-tools\' warning, the stream goes on; -b NOTICE as conntrack-tools', async (t, env) => {
  const ns = env.netns('ct-enobufs');
  const tool = listen('/usr/sbin/ip', ['netns', 'exec', ns, '/usr/sbin/conntrack', '-E', '-b', '8192']);
  const ours = listen(process.execPath, [CLI, 'conntrack', '--netns', ns, '-E', '-b', '8192']);
  await Promise.all([tool.ready, ours.ready]);
  const ct = await Conntrack.open({ netns: ns });
  try {
    for (let round = 0; round < 3; round++) {
      const specs = Array.from({ length: 4000 }, (_, i) => ({ original: { src: `10.${round}.${(i >> 8) & 0xff}.${i & 0xff}`, dst: '192.0.2.1', protocol: 17, sport: 1000, dport: 53 }, timeout: 600 }));
      await ct.createMany(specs);
      await new Promise((r) => setTimeout(r, 300));
    }
    await ct.create({ original: { src: '10.99.0.1', dst: '192.0.2.1', protocol: 17, sport: 1000, dport: 53 }, timeout: 600 });
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    ct.close();
  }
  const [a, b] = await Promise.all([tool.stop(), ours.stop()]);
  const count = (s: string): number => s.split(WARNING).length - 1;
  t.log(`ENOBUFS reported: conntrack-tools ${count(a.stderr)}, nlts ${count(b.stderr)}; events shown: conntrack-tools ${a.stdout.split('\n').length - 1}, nlts ${b.stdout.split('\n').length - 1}`);
  const notice = (s: string): string | undefined => /^NOTICE: Netlink socket buffer size has been set to \d+ bytes\.$/m.exec(s)?.[0];
  t.truthy(notice(b.stderr));
  t.is(notice(b.stderr), notice(a.stderr), 'the same buffer size, as the kernel reports it');
  t.true(count(a.stderr) >= 1, 'the burst overruns conntrack-tools');
  t.true(count(b.stderr) >= 1, 'and nlts, which says so each time');
  // Nothing but whole warnings, the NOTICE and the final count on stderr.
  const rest = b.stderr.split(WARNING).join('').replace(notice(b.stderr)! + '\n', '');
  t.regex(rest, /^conntrack v1\.4\.7 \(conntrack-tools\): \d+ flow events have been shown\.\n$/);
  t.regex(b.stdout, /src=10\.99\.0\.1 /, 'events after the overruns still arrive');
});
