// Notifications: link, address, route, rule, neighbour and nexthop events from rtnetlink multicast groups, as an async stream.
// A receive-queue overrun (ENOBUFS) becomes an { kind: 'overrun' } item and the stream goes on.
import { ValidationError } from '../netlink/errors.js';
import { isOverrun, notifications } from '../netlink/notifications.js';
import type { Transport } from '../netlink/transport.js';
import { RTM, RTNLGRP } from './constants.js';
import { decodeAddress, type Address } from './address.js';
import { decodeLink, type Link } from './link.js';
import { decodeNeighbour, type Neighbour } from './neighbour.js';
import { decodeNexthop, type Nexthop } from './nexthop.js';
import { decodeRoute, type Route } from './route.js';
import { decodeRule, type Rule } from './rule.js';

/** An rtnetlink multicast group to subscribe to. */
export type EventGroup =
  | 'link' | 'address' | 'ipv4-address' | 'ipv6-address' | 'route' | 'ipv4-route' | 'ipv6-route' | 'rule' | 'ipv4-rule' | 'ipv6-rule'
  | 'neighbour' | 'nexthop';

const GROUPS: Record<EventGroup, number[]> = {
  link: [RTNLGRP.LINK],
  address: [RTNLGRP.IPV4_IFADDR, RTNLGRP.IPV6_IFADDR],
  'ipv4-address': [RTNLGRP.IPV4_IFADDR],
  'ipv6-address': [RTNLGRP.IPV6_IFADDR],
  route: [RTNLGRP.IPV4_ROUTE, RTNLGRP.IPV6_ROUTE],
  'ipv4-route': [RTNLGRP.IPV4_ROUTE],
  'ipv6-route': [RTNLGRP.IPV6_ROUTE],
  rule: [RTNLGRP.IPV4_RULE, RTNLGRP.IPV6_RULE],
  'ipv4-rule': [RTNLGRP.IPV4_RULE],
  'ipv6-rule': [RTNLGRP.IPV6_RULE],
  neighbour: [RTNLGRP.NEIGH],
  nexthop: [RTNLGRP.NEXTHOP],
};

/** Multicast group numbers (RTNLGRP_*) for the named event groups. */
export function groupNumbers(groups: readonly EventGroup[]): number[] {
  const out = new Set<number>();
  for (const g of groups) {
    const n = GROUPS[g];
    if (!n) throw new ValidationError('event group', `'${String(g)}' is not one of ${Object.keys(GROUPS).join(', ')}`);
    for (const x of n) out.add(x);
  }
  return [...out];
}

/** Whether an object appeared (or changed) or went away. */
export type EventAction = 'new' | 'delete';

/** An rtnetlink event: a link, address, route, rule, neighbour or nexthop added or removed, or an overrun. */
export type RtEvent =
  | { kind: 'link'; action: EventAction; link: Link }
  | { kind: 'address'; action: EventAction; address: Address }
  | { kind: 'route'; action: EventAction; route: Route }
  | { kind: 'rule'; action: EventAction; rule: Rule }
  | { kind: 'neighbour'; action: EventAction; neighbour: Neighbour }
  | { kind: 'nexthop'; action: EventAction; nexthop: Nexthop }
  /** The kernel dropped notifications (ENOBUFS): state may have changed unseen; re-dump what matters. */
  | { kind: 'overrun' }
  | { kind: 'other'; type: number };

/** Decodes one notification message. */
export function decodeEvent(type: number, payload: Buffer): RtEvent {
  switch (type) {
    case RTM.NEWLINK: case RTM.DELLINK: return { kind: 'link', action: type === RTM.NEWLINK ? 'new' : 'delete', link: decodeLink(payload) };
    case RTM.NEWADDR: case RTM.DELADDR: return { kind: 'address', action: type === RTM.NEWADDR ? 'new' : 'delete', address: decodeAddress(payload) };
    case RTM.NEWROUTE: case RTM.DELROUTE: return { kind: 'route', action: type === RTM.NEWROUTE ? 'new' : 'delete', route: decodeRoute(payload) };
    case RTM.NEWRULE: case RTM.DELRULE: return { kind: 'rule', action: type === RTM.NEWRULE ? 'new' : 'delete', rule: decodeRule(payload) };
    case RTM.NEWNEIGH: case RTM.DELNEIGH: return { kind: 'neighbour', action: type === RTM.NEWNEIGH ? 'new' : 'delete', neighbour: decodeNeighbour(payload) };
    case RTM.NEWNEXTHOP: case RTM.DELNEXTHOP: return { kind: 'nexthop', action: type === RTM.NEWNEXTHOP ? 'new' : 'delete', nexthop: decodeNexthop(payload) };
    default: return { kind: 'other', type };
  }
}

/** A stream of events on its own socket. `close()` ends it promptly, even while it waits. */
export class Subscription implements AsyncIterable<RtEvent> {
  private overruns = 0;
  constructor(private readonly transport: Transport) {}

  /** How many overruns were reported so far. */
  get overrunCount(): number {
    return this.overruns;
  }

  /** `for await (const event of subscription)`: events as they arrive, overruns as items. */
  async *[Symbol.asyncIterator](): AsyncGenerator<RtEvent, void, undefined> {
    for await (const m of notifications(this.transport, 'rtnetlink notification')) {
      if (isOverrun(m)) {
        this.overruns = m.count;
        yield { kind: 'overrun' };
      } else {
        yield decodeEvent(m.type, m.payload);
      }
    }
  }

  /** Closes the subscription's socket and ends the iteration. */
  close(): void {
    this.transport.close();
  }
}
