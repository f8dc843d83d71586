// Conversations recorded into fixtures/rtnetlink/*.json by scripts/record-rtnetlink.ts and replayed by
// test/rtnetlink-replay.test.ts: the same function runs against the kernel and against the recording.
import { NetlinkError } from '../../src/netlink/index.js';
import type { RtNetlink } from '../../src/rtnetlink/index.js';

export interface ScenarioContext {
  /** An fd of the peer namespace, opened by the recorder; its number is part of the recorded request. */
  peerFd: number;
}

export type Outcome = Record<string, unknown>;

async function attempt(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    const v = await fn();
    return v === undefined ? 'ok' : v;
  } catch (e) {
    if (e instanceof NetlinkError) return { error: e.code, extAck: e.extAck.message ?? null };
    throw e;
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export const SCENARIOS: Record<string, { description: string; run(nl: RtNetlink, ctx: ScenarioContext): Promise<Outcome> }> = {
  links: {
    description: 'veth pair with the peer created in another namespace, set up / mtu / name, get, dump, delete, missing link',
    async run(nl, ctx) {
      const o: Outcome = {};
      o.create = await attempt(() => nl.links.createVeth('client-veth0', { peer: 'veth0', peerNetns: { fd: ctx.peerFd } }));
      o.createPair = await attempt(() => nl.links.createVeth('tmp0', { peer: 'tmp1', mtu: 1400 }));
      o.up = await attempt(() => nl.links.setUp('client-veth0'));
      o.mtu = await attempt(() => nl.links.set('tmp0', { mtu: 1300, name: 'tmp2' }));
      o.get = await nl.links.get('client-veth0');
      o.list = await collect(nl.links.list());
      o.delete = await attempt(() => nl.links.delete('tmp2'));
      o.missing = await attempt(() => nl.links.get('nope0'));
      o.duplicate = await attempt(() => nl.links.createVeth('client-veth0', { peer: 'x0' }));
      return o;
    },
  },
  addresses: {
    description: 'IPv4 and IPv6 addresses: add, duplicate (EEXIST), dump filtered by link, delete',
    async run(nl) {
      const o: Outcome = {};
      o.create = await attempt(() => nl.links.createVeth('client-veth0', { peer: 'veth0', up: true }));
      o.add4 = await attempt(() => nl.addresses.add('client-veth0', '10.10.1.2/24'));
      o.add4b = await attempt(() => nl.addresses.add('client-veth0', '10.10.1.3/24', { label: 'client-veth0:1' }));
      o.add6 = await attempt(() => nl.addresses.add('client-veth0', '2001:db8::1/64', { flags: ['nodad'] }));
      o.duplicate = await attempt(() => nl.addresses.add('client-veth0', '10.10.1.2/24'));
      o.list = await collect(nl.addresses.list({ link: 'client-veth0' }));
      o.delete = await attempt(() => nl.addresses.delete('client-veth0', '10.10.1.3/24'));
      o.after = await collect(nl.addresses.list({ family: 'inet' }));
      return o;
    },
  },
  rules: {
    description: "the scenario's three rules, a fwmark rule and an IPv6 rule; dump; delete; missing rule",
    async run(nl) {
      const o: Outcome = {};
      o.client = await attempt(() => nl.rules.add({ from: '10.10.1.0/24', iif: 'client-veth0', priority: 100, table: 100 }));
      o.proxy = await attempt(() => nl.rules.add({ to: '10.10.1.0/24', iif: 'proxy-veth0', priority: 101, table: 101 }));
      o.uplink = await attempt(() => nl.rules.add({ to: '10.10.1.0/24', iif: 'enp4s0', priority: 102, table: 100 }));
      o.fwmark = await attempt(() => nl.rules.add({ fwmark: 0x10, fwmask: 0xff, table: 2000, priority: 300 }));
      o.ipv6 = await attempt(() => nl.rules.add({ from: '2001:db8::/64', table: 200, priority: 400 }));
      o.duplicate = await attempt(() => nl.rules.add({ from: '10.10.1.0/24', iif: 'client-veth0', priority: 100, table: 100 }));
      o.list = await collect(nl.rules.list());
      o.delete = await attempt(() => nl.rules.delete({ fwmark: 0x10, fwmask: 0xff, table: 2000, priority: 300 }));
      o.missing = await attempt(() => nl.rules.delete({ priority: 555 }));
      o.after = await collect(nl.rules.list({ family: 'inet' }));
      return o;
    },
  },
  routes: {
    description: 'routes in tables 100, 101, 1000 and main (blackhole), replace, get, dumps by table, delete, unreachable gateway, a pipelined batch with one failure',
    async run(nl) {
      const o: Outcome = {};
      o.create = await attempt(() => nl.links.createVeth('proxy-veth0', { peer: 'veth9', up: true }));
      o.addr = await attempt(() => nl.addresses.add('proxy-veth0', '10.10.2.2/24'));
      o.t100 = await attempt(() => nl.routes.add({ to: 'default', via: '10.10.2.1', dev: 'proxy-veth0', table: 100, onlink: true }));
      o.t101 = await attempt(() => nl.routes.add({ to: 'default', via: '10.10.2.9', dev: 'proxy-veth0', table: 101, onlink: true }));
      o.t1000 = await attempt(() => nl.routes.add({ to: '192.0.2.0/24', via: '10.10.2.1', metric: 50, table: 1000, metrics: { mtu: 1400 } }));
      o.blackhole = await attempt(() => nl.routes.add({ to: '198.51.100.0/24', type: 'blackhole' }));
      o.replace = await attempt(() => nl.routes.replace({ to: '192.0.2.0/24', via: '10.10.2.3', metric: 50, table: 1000 }));
      o.unreachable = await attempt(() => nl.routes.add({ to: '203.0.113.0/24', via: '192.0.2.77', table: 100 }));
      o.get = await nl.routes.get('10.10.2.1');
      o.list100 = await collect(nl.routes.list({ table: 100 }));
      o.listAll = await collect(nl.routes.list({ family: 'inet' }));
      o.listMissing = await collect(nl.routes.list({ table: 4242 }));
      const batch = [0, 1, 2, 3].map((i) => ({ to: `10.77.${i}.0/24`, via: i === 2 ? '192.0.2.99' : '10.10.2.1', dev: 'proxy-veth0', table: 1000 }));
      const outcome = await nl.routes.addMany(batch);
      o.batch = { succeeded: outcome.succeeded, failures: outcome.failures.map((f) => ({ index: f.index, error: f.error.code, extAck: f.error.extAck.message ?? null })) };
      o.delete = await attempt(() => nl.routes.delete({ to: 'default', table: 101 }));
      o.deleteMissing = await attempt(() => nl.routes.delete({ to: '10.9.9.0/24', table: 77 }));
      return o;
    },
  },
};

/** JSON form of an outcome (Buffers as hex, bigints as text), as stored in fixtures. */
export function toJson(o: unknown): unknown {
  return JSON.parse(JSON.stringify(o, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return Buffer.from((v as { data: number[] }).data).toString('hex');
    }
    return v;
  }));
}
