// Buffered writing of long listings: one write per ~64 KiB (or per datagram's worth of lines), and a JSON
// array streamed item by item.
import { once } from 'node:events';
import type { RtNetlink } from '../../rtnetlink/client.js';
import { openRouteConnection, type IpFamily, type RtNetlinkOptions } from '../../rtnetlink/common.js';
import { LinkOps } from '../../rtnetlink/link.js';
import { RouteOps } from '../../rtnetlink/route.js';
import type { OptionDecl, OptionTable, ParsedOptions } from '../options.js';
import { UsageError, type CommandIO } from '../io.js';
import { ErrorCode, errorCode } from '../../netlink/errors.js';

/**
 * Writes a block of output and, when it is going to the process's stdout and that stream's buffer is full
 * (a slow pipe or terminal), waits for it to drain: memory stays bounded however fast the kernel dumps.
 */
export async function emit(io: CommandIO, text: string): Promise<void> {
  if (text.length === 0) return;
  io.stdout(text);
  if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
}

export class ListingWriter {
  private buf = '';
  private count = 0;
  /** `prepare` turns an item into what JSON.stringify should see (for items with Buffers or bigints). */
  constructor(private readonly write: (text: string) => void, private readonly json: boolean, private readonly prepare?: (v: unknown) => unknown) {}

  item(text: string, json: unknown): void {
    if (this.json) this.jsonItem(json);
    else this.textItem(text);
  }

  /** A text line (without its newline); text mode only. */
  textItem(text: string): void {
    this.buf += text + '\n';
    this.count++;
    if (this.buf.length > 1 << 16) this.flush();
  }

  /** A JSON array element; `plain` says it holds no Buffer or bigint, so it needs no preparing. */
  jsonItem(json: unknown, plain = false): void {
    this.buf += (this.count === 0 ? '[' : ',') + JSON.stringify(plain || !this.prepare ? json : this.prepare(json));
    this.count++;
    if (this.buf.length > 1 << 16) this.flush();
  }

  /** Writes what is buffered. */
  flush(): void {
    if (this.buf) this.write(this.buf);
    this.buf = '';
  }

  /** Writes what is buffered, waiting for stdout to drain when it is full (see emit). */
  async drain(io: CommandIO): Promise<void> {
    const text = this.buf;
    this.buf = '';
    if (text) await emit(io, text);
  }

  end(): void {
    if (this.json) this.buf += this.count === 0 ? '[]\n' : ']\n';
    this.flush();
  }
}

/** Options every rtnetlink command takes. */
export const COMMON_OPTIONS: readonly OptionDecl[] = [
  { key: 'json', names: ['--json', '-j'] }, { key: 'netns', names: ['--netns', '-n'], arity: 1 },
  { key: 'ipv4', names: ['--ipv4', '-4'] }, { key: 'ipv6', names: ['--ipv6', '-6'] },
];
/** The command line of the rtnetlink commands that take no more than the common options. */
export const RT_OPTIONS: OptionTable = { manners: 'nlts', options: COMMON_OPTIONS };

export function familyOption(args: ParsedOptions): IpFamily | undefined {
  if (args.has('ipv4') && args.has('ipv6')) throw new UsageError('-4 and -6 exclude each other');
  return args.has('ipv4') ? 'inet' : args.has('ipv6') ? 'inet6' : undefined;
}

function openOptions(args: ParsedOptions): RtNetlinkOptions {
  const netns = args.get('netns');
  return netns === undefined ? {} : { netns, receiveBufferSize: 4 << 20 };
}

/** The whole client (loaded when asked for: `route` does without it). */
export async function openRtNetlink(args: ParsedOptions): Promise<RtNetlink> {
  const { RtNetlink } = await import('../../rtnetlink/client.js');
  return RtNetlink.open(openOptions(args));
}

/** Links and routes over one socket: all `route` needs, and quicker to load than the whole client. */
export function openLinksAndRoutes(args: ParsedOptions): { links: LinkOps; routes: RouteOps; close(): void } {
  const conn = openRouteConnection(openOptions(args));
  const links = new LinkOps(conn);
  return { links, routes: new RouteOps(conn, links), close: () => conn.close() };
}

/** How often a listing re-runs a dump the kernel flags as interrupted before it prints what it got. */
export const LISTING_RETRIES = 3;
/** What ip prints on stderr after a listing whose dump stayed interrupted (iproute2's libnetlink). */
export const DUMP_INTERRUPTED_WARNING = 'Dump was interrupted and may be inconsistent.\n';

/** A DumpInterruptedError, by its code: the CLI bundle gives each command its own copy of the library's classes. */
export const isDumpInterrupted = (e: unknown): boolean => errorCode(e) === ErrorCode.DUMP_INTERRUPTED;

/**
 * The items of a listing's dump (run with `retry: LISTING_RETRIES`). If it was still interrupted after the
 * retries, the last attempt's items are kept and `interrupted` is set: the caller prints them and then
 * DUMP_INTERRUPTED_WARNING, and exits 0, as ip does.
 */
export async function collectListing<T>(items: AsyncIterable<T>): Promise<{ items: T[]; interrupted: boolean }> {
  const out: T[] = [];
  try {
    for await (const x of items) out.push(x);
  } catch (e) {
    if (!isDumpInterrupted(e)) throw e;
    return { items: out, interrupted: true };
  }
  return { items: out, interrupted: false };
}
