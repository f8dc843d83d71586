// `nlts conntrack -E` against `conntrack -E`, live: both listeners run at once in a namespace of the test's
// while the library inserts, updates and deletes flows there, and their lines must be the same, byte for
// byte, in the same order (the kernel multicasts one stream; both read it). conntrack(8) runs only as an
// oracle, spawned with an argument array.
import { Conntrack, type FlowSpec, type Tuple } from '../src/nfnetlink/conntrack/index.js';
import { liveTest } from './helpers/live.js';
import { CLI } from './helpers/cli.js';
import { listen, sleep, until } from './helpers/listen.js';

/** A zone-1 UDP flow whose events every listener below shows; its source port names it. */
const marker = (port: number): Tuple => ({ src: '10.255.0.1', dst: '10.255.0.2', protocol: 17, sport: port, dport: 9 });
const markerLine = (port: number): RegExp => new RegExp(`\\[NEW\\] .*src=10\\.255\\.0\\.1 dst=10\\.255\\.0\\.2 sport=${port} dport=9 `);

function workload(i: number): FlowSpec {
  const zone = i % 3;
  const z = zone === 0 ? {} : { zone };
  const a = `10.${(i >> 8) & 0xff}.${i & 0xff}.1`;
  switch (i % 6) {
    case 0: return { original: { src: a, dst: '192.0.2.1', protocol: 6, sport: 1024 + i, dport: 80 }, timeout: 3600, tcp: { state: 3 }, status: ['ASSURED', 'SEEN_REPLY'], ...z };
    case 1: return { original: { src: a, dst: '192.0.2.53', protocol: 17, sport: 2000 + i, dport: 53 }, timeout: 3600, mark: i, ...z };
    case 2: return { original: { src: a, dst: '192.0.2.9', protocol: 1, icmpType: 8, icmpCode: 0, icmpId: i }, timeout: 3600, ...z };
    case 3: return { original: { src: `2001:db8::${i.toString(16)}`, dst: '2001:db8:1::1', protocol: 6, sport: 3000 + i, dport: 443 }, timeout: 3600, tcp: { state: 5 }, ...z };
    case 4: return { original: { src: a, dst: '198.51.100.1', protocol: 6, sport: 4000 + i, dport: 80 }, timeout: 3600, tcp: { state: 3 }, natSrc: { minIp: '172.16.202.30' }, ...z };
    default: return { original: { src: a, dst: '198.51.100.2', protocol: 17, sport: 5000 + i, dport: 8080 }, timeout: 3600, natDst: { minIp: '10.10.2.1', minPort: 80, maxPort: 80 }, ...z };
  }
}

liveTest('conntrack -E lines equal conntrack-tools\' lines for the same events (NEW/UPDATE/DESTROY, zones, NAT, IPv6; -o extended; -w 1; -o timestamp)', async (t, env) => {
  const ns = env.netns('ct-events');
  const ct = await Conntrack.open({ netns: ns });
  const variants = [['-E'], ['-E', '-o', 'extended'], ['-E', '-w', '1'], ['-E', '-o', 'timestamp']];
  const pairs = variants.map((args) => ({
    args,
    tool: listen(`conntrack ${args.join(' ')}`, 'ip', ['netns', 'exec', ns, 'conntrack', ...args]),
    ours: listen(`nlts conntrack ${args.join(' ')}`, process.execPath, [CLI, 'conntrack', '--netns', ns, ...args]),
  }));
  const all = pairs.flatMap((p) => [p.tool, p.ours]);
  try {
    // Subscribing takes each listener a moment: markers until every one of them has shown the same one.
    // The flows causing events stay in this process (its socket open) until every listener has printed them,
    // so both resolve "progname=" the same way.
    let start = -1;
    for (let port = 40000; port < 40100 && start < 0; port++) {
      await ct.create({ original: marker(port), timeout: 3600, zone: 1 });
      if (await until(() => all.every((l) => markerLine(port).test(l.out)), 400)) start = port;
    }
    t.true(start > 0, `listeners did not come up: ${all.map((l) => `${l.label}: ${l.err}`).join('; ')}`);

    const specs = Array.from({ length: 36 }, (_, i) => workload(i));
    const created = await ct.createMany(specs);
    t.deepEqual(created.filter((r) => !r.ok), []);
    for (let i = 1; i < specs.length; i += 6) await ct.update({ original: specs[i]!.original, zone: specs[i]!.zone, mark: 1000 + i });
    for (let i = 0; i < specs.length; i += 4) await ct.delete(specs[i]!.original, { zone: specs[i]!.zone });
    await ct.flush({ zone: 2 });
    const end = 50000;
    await ct.create({ original: marker(end), timeout: 3600, zone: 1 });
    t.true(await until(() => all.every((l) => markerLine(end).test(l.out)), 10000), 'end marker seen by every listener');
    await sleep(200);
  } finally {
    for (const l of all) l.child.kill('SIGINT');
    await Promise.all(all.map((l) => l.exited));
    ct.close();
  }

  // From after the last start marker (the one every listener saw) to the end marker.
  const between = (out: string): string[] => {
    const lines = out.split('\n');
    const from = lines.reduce((acc, l, i) => (/\[NEW\] .*src=10\.255\.0\.1 dst=10\.255\.0\.2 sport=4\d{4} dport=9 /.test(l) ? i : acc), -1);
    const to = lines.findIndex((l) => markerLine(50000).test(l));
    return lines.slice(from + 1, to + 1);
  };
  // -o timestamp: '[seconds.microseconds]\t' when each listener read the event; both clocks agree within a second.
  const stamps = (lines: string[]): { times: number[]; rest: string[] } => {
    const times: number[] = [];
    const rest = lines.map((l) => l.replace(/^\[(\d+\.\d{6})\]\t/, (_, x: string) => { times.push(Number(x)); return ''; }));
    return { times, rest };
  };
  for (const p of pairs) {
    let theirs = between(p.tool.out);
    let ours = between(p.ours.out);
    if (p.args.includes('timestamp')) {
      const [a, b] = [stamps(theirs), stamps(ours)];
      t.is(a.times.length, theirs.length, 'every conntrack-tools line is stamped');
      t.is(b.times.length, ours.length, 'every nlts line is stamped');
      t.true(b.times.every((x, i) => Math.abs(x - (a.times[i] ?? 0)) < 1), `${b.times.slice(0, 3).join(' ')} vs ${a.times.slice(0, 3).join(' ')}`);
      [theirs, ours] = [a.rest, b.rest];
    }
    t.true(theirs.length > 10, `${p.tool.label} showed events`);
    t.deepEqual(ours, theirs, p.args.join(' '));
    t.regex(p.ours.err, /flow events have been shown\.\n$/);
  }
  const seen = between(pairs[0]!.tool.out);
  const count = (kind: string): number => seen.filter((l) => l.trimStart().startsWith(`[${kind}]`)).length;
  t.true(count('NEW') > 0 && count('DESTROY') > 0);
  t.log(`${seen.length} lines per listener (NEW ${count('NEW')}, UPDATE ${count('UPDATE')}, DESTROY ${count('DESTROY')}), e.g. ${seen.find((l) => l.includes('USERSPACE'))}`);
});
