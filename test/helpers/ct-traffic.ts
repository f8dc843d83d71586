// Loaded by startInNetns() on a worker thread inside a namespace (see conntrack-live.test.ts): real traffic
// on lo, so that conntrack holds entries with counters and timestamps, not only ones created over netlink.
import * as dgram from 'node:dgram';
import * as net from 'node:net';

async function udpEcho(address: string, type: 'udp4' | 'udp6', rounds: number): Promise<number> {
  const server = dgram.createSocket(type);
  server.on('message', (m, from) => server.send(m, from.port, from.address));
  await new Promise<void>((r) => server.bind(0, address, r));
  const client = dgram.createSocket(type);
  let answers = 0;
  await new Promise<void>((resolve, reject) => {
    client.on('error', reject);
    client.on('message', () => { if (++answers === rounds) resolve(); });
    for (let i = 0; i < rounds; i++) client.send(Buffer.alloc(10 + i), server.address().port, address);
  });
  client.close();
  server.close();
  return answers;
}

async function tcpEcho(address: string): Promise<string> {
  const server = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => server.listen(0, address, r));
  const port = (server.address() as net.AddressInfo).port;
  const echoed = await new Promise<string>((resolve, reject) => {
    const c = net.connect(port, address, () => c.write('hello'));
    c.on('data', (d) => { resolve(d.toString()); c.end(); });
    c.on('error', reject);
  });
  await new Promise<void>((r) => server.close(() => r()));
  return echoed;
}

/** UDP and TCP round trips over IPv4 and IPv6 loopback; what came back. */
export async function traffic(): Promise<{ udp4: number; udp6: number; tcp4: string; tcp6: string }> {
  return {
    udp4: await udpEcho('127.0.0.1', 'udp4', 3),
    udp6: await udpEcho('::1', 'udp6', 2),
    tcp4: await tcpEcho('127.0.0.1'),
    tcp6: await tcpEcho('::1'),
  };
}
