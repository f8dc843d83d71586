// conntrack -E: events as they happen, in conntrack-tools' words (with the sending program's name), or JSON.
import { NetlinkProtocol } from '../../netlink/constants.js';
import { NetlinkPortOwners } from '../../netlink/procfs.js';
import type { Conntrack } from '../../nfnetlink/conntrack/client.js';
import type { EventKind } from '../../nfnetlink/conntrack/index.js';
import { UsageError, type CommandIO } from '../io.js';
import { eventJson, eventTimestamp, formatEvent } from '../format/conntrack.js';
import { PROG, filterOf, type Parsed } from './interpret.js';
import { cNumber } from './values.js';

const ENOBUFS_WARNING = 'WARNING: We have hit ENOBUFS! We are losing events.\nThis message means that the current netlink socket buffer size is too small.\n'
  + 'Please, check --buffer-size in conntrack(8) manpage.\n';

export async function events(ct: Conntrack, p: Parsed, io: CommandIO): Promise<number> {
  const o = p.a.opts;
  const kinds: EventKind[] = [];
  for (const m of (o.get('eventMask') ?? 'ALL').split(',')) {
    if (m === 'ALL') kinds.push('new', 'update', 'destroy');
    else if (m === 'NEW') kinds.push('new');
    else if (m === 'UPDATE' || m === 'UPDATES') kinds.push('update');
    else if (m === 'DESTROY') kinds.push('destroy');
    else throw new UsageError(`unknown event '${m}' (NEW, UPDATE, DESTROY, ALL)`);
  }
  const filter = filterOf(p);
  delete filter.zone;
  const { matchFlow } = await import('../../nfnetlink/conntrack/filter.js');
  // Who sent each event (conntrack-tools' progname=), from /proc; remembered for a while per port id.
  const owners = new NetlinkPortOwners(NetlinkProtocol.NETFILTER, o.has('netns') ? { netns: o.get('netns')! } : {});
  // The system's default receive buffer unless -b is given, as conntrack-tools: the overruns it reports are
  // the ones conntrack-tools would report.
  const stream = ct.events({ groups: [...new Set(kinds)], ...(p.zone !== undefined ? { zone: p.zone } : {}), receiveBufferSize: o.get('buffer') !== undefined ? cNumber(o.get('buffer')!, 32) : 0 });
  const sock = stream.transport as { receiveBufferSize?: number };
  if (o.get('buffer') !== undefined && typeof sock.receiveBufferSize === 'number') io.stderr(`NOTICE: Netlink socket buffer size has been set to ${sock.receiveBufferSize} bytes.\n`);
  let n = 0;
  let pending = '';
  let flushQueued = false;
  const flushEvents = (): void => {
    flushQueued = false;
    if (pending) { io.stdout(pending); pending = ''; }
  };
  const stop = (): void => stream.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for await (const ev of stream) {
      // Every ENOBUFS the socket reports, reported as conntrack-tools reports it.
      if (ev.type === 'overrun') { io.stderr(ENOBUFS_WARNING); continue; }
      if (ev.type !== 'new' && ev.type !== 'update' && ev.type !== 'destroy') continue;
      if (!matchFlow(ev.flow, filter)) continue;
      n++;
      const progname = ev.portId !== 0 && !p.format.json ? owners.programOf(ev.portId) : undefined;
      const stamp = p.format.timestamp && !p.format.json ? eventTimestamp(performance.timeOrigin + performance.now()) : '';
      pending += stamp + (p.format.json ? eventJson(ev.type, ev.flow, performance.timeOrigin + performance.now()) : formatEvent(ev.type, ev.flow, ev.portId, p.format, progname)) + '\n';
      // One write per turn of the event loop (the events of a datagram together), not one per event: a
      // write per line made -E fall behind a burst and overrun its buffer sooner than conntrack-tools.
      if (!flushQueued) { flushQueued = true; setImmediate(flushEvents); }
    }
  } finally {
    flushEvents();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  io.stderr(`${PROG}${n} flow events have been shown.\n`);
  return 0;
}
