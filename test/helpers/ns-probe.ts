// Loaded by startInNetns() on a worker thread inside a namespace (see netlink-live.test.ts).
import * as net from 'node:net';
import * as os from 'node:os';

/** The interfaces this thread sees, and a TCP round trip on 127.0.0.1 (which needs lo up here). */
export async function probe(): Promise<{ interfaces: string[]; echoed: string }> {
  const interfaces = Object.keys(os.networkInterfaces()).sort();
  const server = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const echoed = await new Promise<string>((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.write('ping'));
    c.on('data', (d) => { resolve(d.toString()); c.destroy(); });
    c.on('error', reject);
  });
  server.close();
  return { interfaces, echoed };
}
