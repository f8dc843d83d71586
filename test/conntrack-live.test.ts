// Live tests against the kernel, in namespaces the tests create: output equality with conntrack-tools on a
// table of a few thousand entries, differential reads both ways, kernel-side zone filtering, event overruns,
// bad input. conntrack(8) runs only as an oracle, through execFile with an argument array (helpers/conntrack-cli.ts).
import { NetlinkSocket, NetlinkProtocol, ValidationError, type Transport } from '../src/netlink/index.js';
import { iterateMessages } from '../src/netlink/message.js';
import { CTA, Conntrack, Status, type FlowSpec } from '../src/nfnetlink/conntrack/index.js';
import { liveTest } from './helpers/live.js';
import { lines, nlts, tool } from './helpers/conntrack-cli.js';

const STATES = [1, 2, 3, 4, 5, 6, 7, 8];

function variety(i: number): FlowSpec {
  const zone = i % 3; // zones 0, 1, 2
  const z = zone === 0 ? {} : { zone };
  const a = `10.${(i >> 8) & 0xff}.${i & 0xff}.1`;
  switch (i % 6) {
    case 0: return { original: { src: a, dst: '192.0.2.1', protocol: 6, sport: 1024 + i, dport: 80 }, timeout: 3600, tcp: { state: STATES[i % 8]! }, ...z, ...(i % 4 === 0 ? { status: ['ASSURED', 'SEEN_REPLY'] as const } : {}) };
    case 1: return { original: { src: a, dst: '192.0.2.53', protocol: 17, sport: 2000 + i, dport: 53 }, timeout: 3600, mark: i, ...z };
    case 2: return { original: { src: a, dst: '192.0.2.9', protocol: 1, icmpType: 8, icmpCode: 0, icmpId: i & 0xffff }, timeout: 3600, ...z };
    case 3: return { original: { src: `2001:db8::${(i & 0xffff).toString(16)}`, dst: '2001:db8:1::1', protocol: 6, sport: 3000 + i, dport: 443 }, timeout: 3600, tcp: { state: 3 }, ...z };
    case 4: return { original: { src: a, dst: '198.51.100.1', protocol: 6, sport: 4000 + i, dport: 80 }, timeout: 3600, tcp: { state: 3 }, natSrc: { minIp: '172.16.202.30' }, ...z };
    default: return { original: { src: a, dst: '198.51.100.2', protocol: 17, sport: 5000 + i, dport: 8080 }, timeout: 3600, natDst: { minIp: '10.10.2.1', minPort: 80, maxPort: 80 }, ...z };
  }
}

liveTest('conntrack -L output equality with conntrack-tools on a few thousand entries (zones, protocols, states, NAT)', async (t, env) => {
  const ns = env.netns('ct-eq');
  const ct = await Conntrack.open({ netns: ns });
  try {
    const results = await ct.createMany(Array.from({ length: 3000 }, (_, i) => variety(i)));
    t.deepEqual(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.message)), []);
    // A few from conntrack-tools itself, NAT'd ones included.
    await tool(ns, '-I', '-p', 'tcp', '-s', '10.99.0.1', '-d', '192.0.2.3', '--sport', '40002', '--dport', '80', '--state', 'ESTABLISHED', '-t', '3600', '--src-nat', '172.16.202.30', '-w', '1');
    await tool(ns, '-I', '-p', 'tcp', '-s', '10.99.0.1', '-d', '192.0.2.5', '--sport', '40004', '--dport', '80', '--state', 'ESTABLISHED', '-t', '3600', '--dst-nat', '10.10.1.9:8080');
    await tool(ns, '-I', '-p', 'sctp', '-s', '10.99.0.1', '-d', '10.99.0.2', '--sport', '1', '--dport', '3', '--state', 'ESTABLISHED', '--orig-vtag', '5', '--reply-vtag', '6', '-t', '3600');
    for (const args of [['-L'], ['-L', '-w', '1'], ['-L', '-p', 'tcp'], ['-L', '-w', '0'], ['-L', '-f', 'ipv6'], ['-L', '-m', '7']]) {
      const [a, b] = await Promise.all([tool(ns, ...args), nlts(ns, ...args)]);
      t.is(b.code, a.code, args.join(' '));
      t.deepEqual(lines(b.stdout), lines(a.stdout), args.join(' '));
      t.is(b.stderr, a.stderr, args.join(' '));
    }
    const [a, b] = await Promise.all([tool(ns, '-L', '-o', 'extended'), nlts(ns, '-L', '-o', 'extended')]);
    t.deepEqual(lines(b.stdout, true), lines(a.stdout, true), '-o extended');
    t.true(lines(a.stdout).length >= 3003);
  } finally {
    ct.close();
  }
});

liveTest('differential: conntrack -I read back by the library with every field; library flows read back by conntrack -L', async (t, env) => {
  const ns = env.netns('ct-diff');
  const ct = await Conntrack.open({ netns: ns });
  try {
    const r = await tool(ns, '-I', '-p', 'tcp', '-s', '10.10.1.1', '-d', '192.0.2.1', '--sport', '40000', '--dport', '80', '--state', 'ESTABLISHED', '-t', '120', '-u', 'ASSURED', '-m', '9', '-w', '2');
    t.is(r.code, 0, r.stderr);
    const f = await ct.get({ src: '10.10.1.1', dst: '192.0.2.1', protocol: 6, sport: 40000, dport: 80 }, { zone: 2 });
    t.truthy(f);
    t.is(f!.family, 2);
    t.deepEqual(f!.original, { src: '10.10.1.1', dst: '192.0.2.1', protocol: 6, sport: 40000, dport: 80 });
    t.deepEqual(f!.reply, { src: '192.0.2.1', dst: '10.10.1.1', protocol: 6, sport: 80, dport: 40000 });
    t.is(f!.zone, 2);
    t.is(f!.mark, 9);
    t.is(f!.tcp?.state, 3);
    t.truthy(f!.status! & Status.ASSURED);
    t.true(f!.timeout! > 100 && f!.timeout! <= 120);
    t.is(typeof f!.id, 'number');
    t.is(await ct.get({ src: '10.10.1.1', dst: '192.0.2.1', protocol: 6, sport: 40000, dport: 80 }), undefined, 'not in zone 0');

    await ct.create({ original: { src: '10.10.1.7', dst: '192.0.2.7', protocol: 17, sport: 5353, dport: 53 }, timeout: 300, mark: 0x42, zone: 1, status: ['ASSURED'] });
    const out = await tool(ns, '-L', '-w', '1');
    t.regex(out.stdout, /^udp {6}17 \d+ src=10\.10\.1\.7 dst=192\.0\.2\.7 sport=5353 dport=53 \[UNREPLIED\] src=192\.0\.2\.7 dst=10\.10\.1\.7 sport=53 dport=5353 \[ASSURED\] mark=66 zone=1 use=1$/m);
    await ct.update({ original: { src: '10.10.1.7', dst: '192.0.2.7', protocol: 17, sport: 5353, dport: 53 }, zone: 1, mark: 5 });
    t.regex((await tool(ns, '-L', '-w', '1')).stdout, /mark=5 zone=1/);
    t.is(await ct.count(), 2);
    const stats = await ct.statistics();
    t.true(stats.length >= 1 && stats.every((s) => typeof s.insert === 'number'));
    t.is(await ct.flush({ zone: 1 }), 1);
    t.is(await ct.count(), 1);
    t.is(await ct.delete({ src: '10.10.1.1', dst: '192.0.2.1', protocol: 6, sport: 40000, dport: 80 }, { zone: 2 }), 1);
    t.is(await ct.count(), 0);
  } finally {
    ct.close();
  }
});

/** Counts the conntrack messages a transport receives. */
class Counting implements Transport {
  messages = 0;
  zones: number[] = [];
  sent: Buffer[] = [];
  constructor(private readonly inner: Transport) {}
  get protocol(): number { return this.inner.protocol; }
  get portId(): number { return this.inner.portId; }
  get closed(): boolean { return this.inner.closed; }
  send(d: Buffer): void { this.sent.push(d); this.inner.send(d); }
  private see(d: Buffer | null | undefined): Buffer | null | undefined {
    if (d) for (const m of iterateMessages(d)) if (m.type === 0x100) this.messages++;
    return d;
  }
  async receive(): Promise<Buffer | null> { return this.see(await this.inner.receive()) ?? null; }
  tryReceive(): Buffer | null | undefined { return this.see(this.inner.tryReceive()); }
  close(): void { this.inner.close(); }
}

liveTest('zone filtering happens in the kernel: the request carries CTA_ZONE and only zone-1 messages arrive', async (t, env) => {
  const ns = env.netns('ct-zone');
  const ct = await Conntrack.open({ netns: ns });
  const counting = new Counting(NetlinkSocket.open({ protocol: NetlinkProtocol.NETFILTER, netns: ns }));
  const viaCount = Conntrack.fromTransport(counting);
  try {
    await ct.createMany(Array.from({ length: 1000 }, (_, i) => ({ original: { src: `10.1.${i >> 8}.${i & 0xff}`, dst: '192.0.2.1', protocol: 17, sport: 1000 + i, dport: 53 }, timeout: 600, ...(i % 2 ? { zone: 1 } : {}) })));
    const dump = viaCount.dump({ zone: 1 });
    let n = 0;
    for await (const f of dump) { t.is(f.zone, 1); n++; }
    t.is(n, 500);
    t.is(counting.messages, 500, 'the kernel sent only zone-1 entries');
    t.is(dump.report.filteredLocally, 0);
    t.true(dump.report.sentToKernel.zone);
    const req = counting.sent[0]!;
    t.true(req.includes(Buffer.from([6, 0, CTA.ZONE, 0, 0, 1])), 'CTA_ZONE=1 in the dump request');
    // Zone 0 is the kernel's "no zone filter" value: the kernel sends everything, the fallback filters here.
    counting.messages = 0;
    const zero = viaCount.dump({ zone: 0 });
    let m = 0;
    for await (const f of zero) { t.is(f.zone ?? 0, 0); m++; }
    t.is(m, 500);
    // Whether this kernel filters zone 0 (older ones treat 0 as "no zone filter") is detected, not assumed.
    t.is(zero.report.filteredLocally, counting.messages - 500);
    t.is(zero.kernelHonoured, counting.messages === 500);
    t.log(`zone 0: kernel sent ${counting.messages} entries, ${zero.report.filteredLocally} filtered locally`);
  } finally {
    viaCount.close();
    ct.close();
  }
});

liveTest('events: a flood past a small receive buffer is reported as an overrun and the stream continues', async (t, env) => {
  const ns = env.netns('ct-ev');
  const ct = await Conntrack.open({ netns: ns });
  const events = ct.events({ receiveBufferSize: 4096, groups: ['new'] });
  try {
    const it = events[Symbol.asyncIterator]();
    // Nobody reads while 2000 NEW events are multicast: the 4 KiB buffer overflows.
    await ct.createMany(Array.from({ length: 2000 }, (_, i) => ({ original: { src: `10.2.${i >> 8}.${i & 0xff}`, dst: '192.0.2.1', protocol: 17, sport: 1000 + i, dport: 53 }, timeout: 600 })));
    // After an overrun the kernel drops every multicast until the queue has been drained once
    // (NETLINK_S_CONGESTED), so the marker entry is created once the stream goes idle.
    let overrun = false;
    let afterOverrun = 0;
    let marker = false;
    let markerCreated = false;
    let pending = it.next();
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      const idle = new Promise<'idle'>((r) => setTimeout(() => r('idle'), 300));
      const next = await Promise.race([pending, idle]);
      if (next === 'idle') {
        if (overrun && !markerCreated) {
          markerCreated = true;
          await ct.create({ original: { src: '10.9.9.9', dst: '192.0.2.1', protocol: 17, sport: 9, dport: 9 }, timeout: 600 });
        }
        continue;
      }
      pending = it.next();
      if (next.done) break;
      const ev = next.value;
      if (ev.type === 'overrun') { overrun = true; continue; }
      if (overrun && ev.type === 'new') {
        afterOverrun++;
        if (ev.flow.original.src === '10.9.9.9') { marker = true; break; }
      }
    }
    t.true(overrun, 'ENOBUFS reported as an overrun item');
    t.true(marker, 'events after the overrun still arrive');
    t.true(events.overruns >= 1);
    t.true(afterOverrun >= 1);
    events.close(); // resolves the pending next() (receive() yields null on close)
  } finally {
    events.close();
    ct.close();
  }
});

liveTest('bad input: usage errors and impossible tuples exit 2 / throw ValidationError, and change nothing', async (t, env) => {
  const ns = env.netns('ct-bad');
  const ct = await Conntrack.open({ netns: ns });
  try {
    await ct.create({ original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, sport: 1, dport: 2 }, timeout: 600 });
    const cases = [
      ['-L', '--bogus'], ['-L', '-s', '10.0.0.0/33'], ['-I', '-p', 'tcp', '-s', '10.0.0.999', '-d', '10.0.0.2', '--sport', '1', '--dport', '2', '-t', '5'],
      ['-I', '-p', 'udp', '-s', '10.0.0.1', '-d', '2001:db8::1', '--sport', '1', '--dport', '2', '-t', '5'],
      ['-I', '-p', 'icmp', '-s', '2001:db8::1', '-d', '2001:db8::2', '--icmp-type', '8', '-t', '5'],
      ['-I', '-s', '10.0.0.1', '-d', '10.0.0.2', '-t', '5'], ['-L', '-G'], ['-D', '-p', 'tcp', '--state', 'FOO'], ['-F', '-w', 'x'], [],
    ];
    for (const args of cases) {
      const r = await nlts(ns, ...args);
      t.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
    await t.throwsAsync(ct.create({ original: { src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, sport: 1, dport: 2 }, timeout: 5, zone: 70000 }), { instanceOf: ValidationError });
    await t.throwsAsync(ct.flush({ zone: -1 }), { instanceOf: ValidationError });
    t.throws(() => ct.dump({ zone: 65536 }), { instanceOf: ValidationError });
    t.is(await ct.count(), 1, 'nothing changed');
  } finally {
    ct.close();
  }
});
