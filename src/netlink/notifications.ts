// Multicast notifications as a stream, shared by every family's event API. A receive-queue overrun
// (recv fails with ENOBUFS: the kernel dropped notifications) is an item of the stream, which goes on.
import { MessageType } from './constants.js';
import { SystemError } from './errors.js';
import { iterateMessages, type NetlinkMessage } from './message.js';
import type { Transport } from './transport.js';

/** Notifications were lost; `count` overruns so far on this stream. */
export interface Overrun {
  overrun: true;
  count: number;
}

/** Whether a notification stream item is an {@link Overrun} rather than a message. */
export const isOverrun = (x: NetlinkMessage | Overrun): x is Overrun => 'overrun' in x;

/**
 * Every data message that arrives on `transport` (control messages are skipped), until the transport is
 * closed. Closes the transport when the consumer stops.
 */
export async function* notifications(transport: Transport, context: string): AsyncGenerator<NetlinkMessage | Overrun, void, undefined> {
  let overruns = 0;
  try {
    for (;;) {
      let dgram: Buffer | null;
      try {
        dgram = await transport.receive();
      } catch (e) {
        if (e instanceof SystemError && e.code === 'ENOBUFS') {
          yield { overrun: true, count: ++overruns };
          continue;
        }
        throw e;
      }
      if (dgram === null) return;
      for (const m of iterateMessages(dgram, context)) if (m.type >= MessageType.MIN_TYPE) yield m;
    }
  } finally {
    transport.close();
  }
}
