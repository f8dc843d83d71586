// The HTTP side: GET /metrics answers one scrape in the format the Accept header asks for (the classic
// text format unless OpenMetrics is preferred); / links to it; anything else is 404, other methods 405.
import * as http from 'node:http';
import { isIP } from 'node:net';
import { ValidationError } from '../netlink/errors.js';
import { contentType, negotiate } from './exposition.js';
import type { Exporter } from './exporter.js';

/** Where `nlts exporter` listens without --listen. */
export const DEFAULT_LISTEN = '127.0.0.1:9559';

/** A parsed ADDR:PORT. */
export interface ListenAddress { host: string; port: number }

/** 'ADDR:PORT' with an IPv4 address or a bracketed IPv6 one ('[::1]:9559'); ValidationError otherwise. */
export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!m) throw new ValidationError('listen address', `'${text}' is not ADDR:PORT (IPv6 as [ADDR]:PORT)`);
  const host = (m[1] ?? m[2])!;
  const port = Number(m[3]);
  if (m[1] !== undefined ? isIP(host) !== 6 : isIP(host) !== 4) throw new ValidationError('listen address', `'${host}' is not an ${m[1] !== undefined ? 'IPv6' : 'IPv4'} address`);
  if (port < 1 || port > 65535) throw new ValidationError('listen address', `port ${port} is outside 1..65535`);
  return { host, port };
}

/** A running `/metrics` server. */
export interface MetricsServer {
  /** The address actually bound (port 0 gives a free one). */
  readonly address: ListenAddress;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Serves `exporter` on `listen`; resolves once listening (rejects with the bind error). */
export function serve(exporter: Exporter, listen: ListenAddress, onError?: (e: Error) => void): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html><body><a href="/metrics">/metrics</a></body></html>\n');
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    const format = negotiate(req.headers.accept);
    exporter.scrape(format).then(
      (body) => { res.writeHead(200, { 'Content-Type': contentType(format) }).end(req.method === 'HEAD' ? undefined : body); },
      (e: unknown) => {
        onError?.(e as Error);
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`scrape failed: ${(e as Error).message}\n`);
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      const a = server.address();
      const bound = typeof a === 'object' && a !== null ? { host: a.address, port: a.port } : listen;
      resolve({
        address: bound,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
