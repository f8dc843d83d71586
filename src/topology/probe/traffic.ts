// The two ends of the verification traffic. Each function runs on a worker thread inside a namespace
// (startInNetns), so its sockets belong to that namespace.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { parentPort } from 'node:worker_threads';
import { observeEchoRequests, observeTcpSyns, ping } from './icmp.js';

/** A protocol the traffic probe sends. */
export type Protocol = 'icmp' | 'udp' | 'tcp';

export interface Observation {
  protocol: Protocol;
  /** Source address the server saw: the uplink's address when NAT worked, the client's when not. */
  source: string;
}

export interface ServerArgs { address: string; tcpPort: number; udpPort: number }

/**
 * The "internet" server: TCP and UDP echo, and an ICMP observer. Resolves once listening; each
 * observation is posted to the parent as { observation }. Runs until the worker is stopped.
 */
export async function serve(args: ServerArgs): Promise<{ listening: true }> {
  const post = (o: Observation): void => parentPort?.postMessage({ observation: o });
  // TCP sources come from the SYNs, so a handshake that cannot complete still shows who knocked.
  observeTcpSyns(args.tcpPort, (source) => post({ protocol: 'tcp', source }));
  const tcp = net.createServer((s) => {
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((resolve, reject) => { tcp.once('error', reject); tcp.listen(args.tcpPort, args.address, resolve); });
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    post({ protocol: 'udp', source: rinfo.address });
    udp.send(msg, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind(args.udpPort, args.address, resolve); });
  observeEchoRequests((source) => post({ protocol: 'icmp', source }));
  return { listening: true };
}

export interface ProbeArgs { address: string; tcpPort: number; udpPort: number; timeoutMs: number }
export type ProbeResults = Record<Protocol, { ok: boolean; detail: string }>;

function tcpProbe(a: ProbeArgs): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const s = net.connect({ host: a.address, port: a.tcpPort });
    const timer = setTimeout(() => { s.destroy(); resolve({ ok: false, detail: `no answer within ${a.timeoutMs} ms` }); }, a.timeoutMs);
    s.once('connect', () => s.write('nlts'));
    s.once('data', (d) => { clearTimeout(timer); s.destroy(); resolve({ ok: d.toString() === 'nlts', detail: 'echoed' }); });
    s.once('error', (e) => { clearTimeout(timer); resolve({ ok: false, detail: e.message }); });
  });
}

function udpProbe(a: ProbeArgs): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const timer = setTimeout(() => { s.close(); resolve({ ok: false, detail: `no answer within ${a.timeoutMs} ms` }); }, a.timeoutMs);
    s.once('message', (m) => { clearTimeout(timer); s.close(); resolve({ ok: m.toString() === 'nlts', detail: 'echoed' }); });
    s.once('error', (e) => { clearTimeout(timer); s.close(); resolve({ ok: false, detail: e.message }); });
    s.send('nlts', a.udpPort, a.address);
  });
}

/** The client side: one ICMP echo, one UDP exchange, one TCP exchange, in parallel. */
export async function probe(a: ProbeArgs): Promise<ProbeResults> {
  const [icmp, udp, tcp] = await Promise.all([
    ping(a.address, a.timeoutMs).then((ok) => ({ ok, detail: ok ? 'echo reply' : `no echo reply within ${a.timeoutMs} ms` })),
    udpProbe(a),
    tcpProbe(a),
  ]);
  return { icmp, udp, tcp };
}
