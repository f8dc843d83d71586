// The conversation recorded in fixtures/conntrack/basic.json (scripts/record-conntrack.ts) and replayed by
// test/conntrack-replay.test.ts: the same calls, so the same requests.
import type { Conntrack } from '../../src/nfnetlink/conntrack/index.js';

export interface ScenarioResult {
  zone1: Array<{ src: string; dst: string; sport?: number; dport?: number; zone?: number; mark?: number; state?: number }>;
  got?: { mark?: number; zone?: number; timeout?: number };
  missing: boolean;
  count: number;
  deleted: number;
  cpus: number;
}

export async function conntrackScenario(ct: Conntrack): Promise<ScenarioResult> {
  await ct.create({ original: { src: '10.10.1.1', dst: '192.0.2.1', protocol: 6, sport: 40000, dport: 80 }, timeout: 120, zone: 1, tcp: { state: 3 }, status: ['ASSURED'] });
  await ct.create({ original: { src: '10.10.1.1', dst: '192.0.2.53', protocol: 17, sport: 50000, dport: 53 }, timeout: 30, mark: 7 });
  await ct.create({ original: { src: '10.10.1.2', dst: '192.0.2.9', protocol: 17, sport: 50001, dport: 53 }, timeout: 30, zone: 1, natSrc: { minIp: '172.16.202.30' } });
  const zone1 = [];
  for await (const f of ct.dump({ zone: 1 })) {
    zone1.push({ src: f.original.src, dst: f.original.dst, sport: f.original.sport, dport: f.original.dport, zone: f.zone, mark: f.mark, state: f.tcp?.state });
  }
  zone1.sort((a, b) => a.dst.localeCompare(b.dst));
  const g = await ct.get({ src: '10.10.1.1', dst: '192.0.2.53', protocol: 17, sport: 50000, dport: 53 });
  const missing = (await ct.get({ src: '10.10.1.1', dst: '192.0.2.99', protocol: 17, sport: 1, dport: 2 })) === undefined;
  const count = await ct.count();
  const deleted = (await ct.flush({ zone: 1 })) ?? -1;
  const cpus = (await ct.statistics()).length;
  return { zone1, got: g ? { mark: g.mark, zone: g.zone, timeout: g.timeout } : undefined, missing, count, deleted, cpus };
}
