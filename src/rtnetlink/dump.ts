// The one dump reader behind every object's list / listBatches / all: chunks of messages from the kernel,
// walked in place, each message of the object's type read by the object's reader (a schema decode, or a
// view) into one batch per chunk.
import { MessageCursor } from '../netlink/message.js';
import type { DumpOptions, NetlinkConnection, Request } from '../netlink/connection.js';

/** Reads the payload at [start, end) of a chunk into an item. */
export type PayloadReader<T> = (buf: Buffer, start: number, end: number) => T;

/** Items of `type` in each chunk, batched per chunk (empty batches are skipped); `keep` filters items. */
export async function* readBatches<T>(
  chunks: AsyncIterable<Buffer>, context: string, type: number, read: PayloadReader<T>, keep?: (item: T) => boolean,
): AsyncGenerator<T[], void, undefined> {
  const m = new MessageCursor();
  for await (const chunk of chunks) {
    const out: T[] = [];
    m.reset(chunk, 0, chunk.length, context);
    while (m.next()) {
      if (m.type !== type) continue;
      const item = read(chunk, m.payloadStart, m.payloadEnd);
      if (keep === undefined || keep(item)) out.push(item);
    }
    if (out.length > 0) yield out;
  }
}

/** readBatches over a dump request's chunks. */
export function dumpBatches<T>(
  conn: NetlinkConnection, req: Request, options: DumpOptions, type: number, read: PayloadReader<T>, keep?: (item: T) => boolean,
): AsyncGenerator<T[], void, undefined> {
  return readBatches(conn.dumpChunks(req, options), `dump reply to ${req.operation}`, type, read, keep);
}

/** Every item of a stream of batches. */
export async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) for (const x of batch) out.push(x);
  return out;
}
