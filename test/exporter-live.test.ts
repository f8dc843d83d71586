// The exporter against the real kernel in throwaway namespaces, each figure checked against the reference
// tools: conntrack-tools (-L per zone, -S), ip -s -j link, nft -j list ruleset, and promtool for the format.
import type { ExecutionContext } from 'ava';
import { liveTest } from './helpers/live.js';
import {
  CONNTRACK, IP, NFT, PROMTOOL, exporterCli, inNs, parseExposition, run, samplesOf, sorted, sumBy, type ParsedSample,
} from './helpers/exporter.js';

const ct = (ns: string, ...args: string[]): Promise<string> => inNs(ns, CONNTRACK, ...args);

/** A varied table: three zones, TCP states, UDP, ICMP, IPv6, and entries of 10.1.0.0/16 with and without NAT. */
async function fillTable(ns: string): Promise<void> {
  const v4 = ['-s', '10.0.0.1', '-d', '10.0.0.2'];
  const v6 = ['-s', '2001:db8::1', '-d', '2001:db8::2'];
  const entries: string[][] = [
    ['-p', 'tcp', ...v4, '--sport', '1001', '--dport', '80', '--state', 'ESTABLISHED'],
    ['-p', 'tcp', ...v4, '--sport', '1002', '--dport', '80', '--state', 'ESTABLISHED'],
    ['-p', 'tcp', ...v4, '--sport', '1003', '--dport', '80', '--state', 'SYN_SENT'],
    ['-p', 'udp', ...v4, '--sport', '1004', '--dport', '53'],
    ['-p', 'icmp', ...v4, '--icmp-type', '8', '--icmp-code', '0', '--icmp-id', '7'],
    ['-p', 'tcp', ...v6, '--sport', '1005', '--dport', '443', '--state', 'ESTABLISHED'],
    ['-p', 'udp', ...v6, '--sport', '1006', '--dport', '53'],
    ['-p', 'tcp', ...v4, '--sport', '2001', '--dport', '80', '--state', 'TIME_WAIT', '-w', '1'],
    ['-p', 'udp', ...v4, '--sport', '2002', '--dport', '53', '-w', '1'],
    ['-p', 'tcp', ...v6, '--sport', '2003', '--dport', '80', '--state', 'SYN_RECV', '-w', '1'],
    ['-p', 'icmpv6', ...v6, '--icmpv6-type', '128', '--icmpv6-code', '0', '--icmpv6-id', '9', '-w', '7'],
    ['-p', 'tcp', ...v4, '--sport', '3001', '--dport', '80', '--state', 'CLOSE_WAIT', '-w', '7'],
    // 10.1.0.0/16 clients: no NAT in zone 0 (the write-up's failure), source NAT, destination NAT, both, zone 2.
    ['-p', 'tcp', '-s', '10.1.0.5', '-d', '192.0.2.9', '--sport', '4001', '--dport', '443', '--state', 'ESTABLISHED'],
    ['-p', 'udp', '-s', '10.1.0.5', '-d', '192.0.2.9', '--sport', '4002', '--dport', '53'],
    ['-p', 'tcp', '-s', '10.1.0.6', '-d', '192.0.2.9', '--sport', '4003', '--dport', '443', '--state', 'ESTABLISHED',
      '--reply-src', '192.0.2.9', '--reply-dst', '198.51.100.1', '--reply-port-src', '443', '--reply-port-dst', '4003'],
    ['-p', 'tcp', '-s', '10.1.0.7', '-d', '192.0.2.9', '--sport', '4004', '--dport', '443', '--state', 'ESTABLISHED',
      '--reply-src', '10.2.0.1', '--reply-dst', '10.1.0.7', '--reply-port-src', '8443', '--reply-port-dst', '4004'],
    ['-p', 'tcp', '-s', '10.1.0.8', '-d', '192.0.2.9', '--sport', '4005', '--dport', '443', '--state', 'ESTABLISHED',
      '--reply-src', '10.2.0.1', '--reply-dst', '198.51.100.1', '--reply-port-src', '443', '--reply-port-dst', '4005'],
    ['-p', 'tcp', '-s', '10.1.0.9', '-d', '192.0.2.9', '--sport', '4006', '--dport', '443', '--state', 'ESTABLISHED', '-w', '2'],
  ];
  for (const e of entries) await ct(ns, '-I', ...e, '-t', '600');
}

/** conntrack -L -o extended lines as (zone, l3proto, l4proto, state) -> count; state 'none' but for TCP. */
function toolCounts(listing: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of listing.split('\n').filter(Boolean)) {
    const w = line.split(/\s+/);
    const state = w[2] === 'tcp' ? w[5]! : 'none';
    const zone = /\bzone=(\d+)/.exec(line)?.[1] ?? '0';
    const k = `${zone}|${w[0]}|${w[2]}|${state}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

async function scrape(t: ExecutionContext, ns: string, ...extra: string[]): Promise<ParsedSample[]> {
  const r = await exporterCli('--once', '--netns', ns, ...extra);
  t.is(r.code, 0, r.stderr);
  return parseExposition(r.stdout);
}

liveTest('exporter: per zone, family, protocol and state counts equal conntrack-tools\' listing', async (t, env) => {
  const ns = env.netns('exp-ct');
  await fillTable(ns);
  const samples = await scrape(t, ns);
  const entries = samplesOf(samples, 'nlts_conntrack_entries');
  t.true(entries.every((s) => s.labels.netns === ns));
  const ours = sumBy(entries, 'zone', 'l3proto', 'l4proto', 'state');
  t.deepEqual(sorted(ours), sorted(toolCounts(await ct(ns, '-L', '-o', 'extended'))));
  // And each zone's sum is what `conntrack -L -w ZONE` lists.
  const byZone = sumBy(entries, 'zone');
  t.deepEqual([...byZone.keys()].sort(), ['0', '1', '2', '7']);
  for (const [zone, n] of byZone) {
    const listed = (await ct(ns, '-L', '-w', zone)).split('\n').filter(Boolean).length;
    t.is(n, listed, `zone ${zone}`);
  }
  const table = samplesOf(samples, 'nlts_conntrack_table_entries')[0]!;
  t.is(table.value, Number((await ct(ns, '-C')).trim()));
  t.is(samplesOf(samples, 'nlts_conntrack_table_entries_limit')[0]!.value, Number((await inNs(ns, '/usr/bin/cat', '/proc/sys/net/netfilter/nf_conntrack_max')).trim()));
  t.deepEqual(samplesOf(samples, 'nlts_collector_up').map((s) => s.value), [1, 1, 1, 1]);
});

liveTest('exporter: subnet entries by zone and NAT equal the tuples conntrack -L prints', async (t, env) => {
  const ns = env.netns('exp-subnet');
  await fillTable(ns);
  const samples = await scrape(t, ns, '--subnet', '10.1.0.0/16', '--subnet', '2001:db8::/64');
  const ours = sumBy(samplesOf(samples, 'nlts_conntrack_subnet_entries').filter((s) => s.value > 0), 'subnet', 'zone', 'nat');
  // The oracle: conntrack -L's two tuples, compared as the metric describes.
  const want = new Map<string, number>();
  for (const line of (await ct(ns, '-L')).split('\n').filter(Boolean)) {
    const src = [...line.matchAll(/src=(\S+)/g)].map((m) => m[1]!);
    const dst = [...line.matchAll(/dst=(\S+)/g)].map((m) => m[1]!);
    const sport = [...line.matchAll(/sport=(\d+)/g)].map((m) => m[1]);
    const dport = [...line.matchAll(/dport=(\d+)/g)].map((m) => m[1]);
    const subnet = src[0]!.startsWith('10.1.') ? '10.1.0.0/16' : src[0]!.startsWith('2001:db8::') ? '2001:db8::/64' : undefined;
    if (!subnet) continue;
    const snat = dst[1] !== src[0] || dport[1] !== sport[0];
    const dnat = src[1] !== dst[0] || sport[1] !== dport[0];
    const nat = snat && dnat ? 'both' : snat ? 'snat' : dnat ? 'dnat' : 'none';
    const k = `${subnet}|${/\bzone=(\d+)/.exec(line)?.[1] ?? '0'}|${nat}`;
    want.set(k, (want.get(k) ?? 0) + 1);
  }
  t.deepEqual(sorted(ours), sorted(want));
  t.is(ours.get('10.1.0.0/16|0|none'), 2);
  t.is(ours.get('10.1.0.0/16|0|snat'), 1);
  t.is(ours.get('10.1.0.0/16|0|dnat'), 1);
  t.is(ours.get('10.1.0.0/16|0|both'), 1);
});

liveTest('exporter: per-CPU statistics equal conntrack -S taken in the same moment', async (t, env) => {
  const ns = env.netns('exp-stats');
  await fillTable(ns);
  // The namespace is idle: nothing moves these counters between the reads, as two reads of -S show.
  const parse = (text: string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const line of text.split('\n').filter(Boolean)) {
      const cpu = /cpu=(\d+)/.exec(line)![1]!;
      for (const [, name, v] of line.matchAll(/(\w+)=(\d+)/g)) if (name !== 'cpu') m.set(`${cpu}|${name}`, Number(v));
    }
    return m;
  };
  const before = parse(await ct(ns, '-S'));
  const samples = await scrape(t, ns);
  const after = parse(await ct(ns, '-S'));
  t.deepEqual(sorted(before), sorted(after));
  const ours = sumBy(samplesOf(samples, 'nlts_conntrack_cpu_stat_total'), 'cpu', 'name');
  t.deepEqual(sorted(ours), sorted(before));
  t.true([...ours.values()].some((v) => v > 0), 'the inserts show');
});

liveTest('exporter: link counters equal ip -s -j link', async (t, env) => {
  const ns = env.netns('exp-links');
  await inNs(ns, IP, 'link', 'set', 'lo', 'up');
  await inNs(ns, IP, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  await inNs(ns, '/usr/bin/ping', '-c', '3', '-i', '0.2', '-q', '127.0.0.1');
  const samples = await scrape(t, ns);
  const links = JSON.parse(await inNs(ns, IP, '-s', '-j', 'link')) as Array<{ ifname: string; stats64: Record<'rx' | 'tx', Record<string, number>> }>;
  const metric = { bytes: 'bytes', packets: 'packets', errors: 'errors', drops: 'dropped' } as const;
  let checked = 0;
  for (const l of links) {
    for (const [dir, key] of [['receive', 'rx'], ['transmit', 'tx']] as const) {
      for (const [ours, theirs] of Object.entries(metric)) {
        const s = samplesOf(samples, `nlts_link_${dir}_${ours}_total`).find((x) => x.labels.link === l.ifname);
        t.is(s?.value, l.stats64[key]![theirs], `${l.ifname} ${dir} ${ours}`);
        checked++;
      }
    }
  }
  t.is(checked, 24);
  t.true(samplesOf(samples, 'nlts_link_receive_packets_total').find((s) => s.labels.link === 'lo')!.value >= 6);
});

liveTest('exporter: nftables counters (named objects and rule counters) equal nft -j list ruleset', async (t, env) => {
  const ns = env.netns('exp-nft');
  await inNs(ns, IP, 'link', 'set', 'lo', 'up');
  const script = [
    'table inet filter {',
    '  counter pings { comment "echo requests" }',
    '  counter unused { }',
    '  chain out { type filter hook output priority 0; policy accept;',
    '    icmp type echo-request counter name "pings"',
    '    ip daddr 127.0.0.1 counter comment "to loopback"',
    '    meta l4proto udp counter',
    '    tcp dport 22 accept',
    '  }',
    '}',
    'table ip raw {',
    '  chain pre { type filter hook prerouting priority -300;',
    '    counter',
    '  }',
    '}',
  ].join('\n');
  const r = await run(IP, ['netns', 'exec', ns, NFT, '-f', '-'], script);
  t.is(r.code, 0, r.stderr);
  await inNs(ns, '/usr/bin/ping', '-c', '2', '-i', '0.2', '-q', '127.0.0.1');
  const samples = await scrape(t, ns);
  const doc = JSON.parse(await inNs(ns, NFT, '-j', 'list', 'ruleset')) as { nftables: Array<Record<string, Record<string, unknown>>> };
  const want: string[] = [];
  for (const item of doc.nftables) {
    if (item.counter) {
      const c = item.counter as { family: string; table: string; name: string; handle: number; packets: number; bytes: number; comment?: string };
      want.push(`${c.family}|${c.table}|name=${c.name}|${c.handle}|${c.comment ?? ''}|${c.packets}|${c.bytes}`);
    }
    if (item.rule) {
      const rule = item.rule as { family: string; table: string; chain: string; handle: number; comment?: string; expr: Array<Record<string, { packets: number; bytes: number }>> };
      const c = rule.expr.find((e) => e.counter && typeof e.counter === 'object')?.counter;
      if (c) want.push(`${rule.family}|${rule.table}|chain=${rule.chain}|${rule.handle}|${rule.comment ?? ''}|${c.packets}|${c.bytes}`);
    }
  }
  const packets = samplesOf(samples, 'nlts_nft_counter_packets_total');
  const bytes = samplesOf(samples, 'nlts_nft_counter_bytes_total');
  const got = packets.map((p, i) => {
    const l = p.labels;
    const where = l.name !== undefined ? `name=${l.name}` : `chain=${l.chain}`;
    return `${l.family}|${l.table}|${where}|${l.handle}|${l.comment}|${p.value}|${bytes[i]!.value}`;
  });
  t.deepEqual(got.sort(), want.sort());
  t.is(got.length, 5);
  t.true(got.some((g) => g.includes('name=pings|') && g.includes('|echo requests|2|')), got.join('\n'));
});

liveTest('exporter: promtool check metrics finds nothing but the issue\'s _counter_ names', async (t, env) => {
  const ns = env.netns('exp-promtool');
  await fillTable(ns);
  await inNs(ns, NFT, 'add', 'table', 'inet', 't');
  await inNs(ns, NFT, 'add', 'counter', 'inet', 't', 'c');
  const r = await exporterCli('--once', '--netns', ns, '--netns', 'nlt-exp-absent', '--subnet', '10.1.0.0/16');
  t.is(r.code, 0);
  const check = await run(PROMTOOL, ['check', 'metrics'], r.stdout);
  const problems = (check.stdout + check.stderr).split('\n').filter(Boolean).sort();
  t.deepEqual(problems, [
    "nlts_nft_counter_bytes_total metric name should not include type 'counter'",
    "nlts_nft_counter_packets_total metric name should not include type 'counter'",
  ]);
  // The absent namespace: its collectors are down, the other namespace's series are all there.
  const samples = parseExposition(r.stdout);
  const up = samplesOf(samples, 'nlts_collector_up');
  t.deepEqual(up.filter((s) => s.labels.netns === 'nlt-exp-absent').map((s) => s.value), [0, 0, 0, 0]);
  t.deepEqual(up.filter((s) => s.labels.netns === ns).map((s) => s.value), [1, 1, 1, 1]);
  t.true(samplesOf(samples, 'nlts_conntrack_entries').length > 0);
  t.true(samplesOf(samples, 'nlts_conntrack_entries').every((s) => s.labels.netns === ns));
  t.regex(r.stderr, /collector conntrack in nlt-exp-absent failed: .*does not exist/);
});
