// RtNetlink: one rtnetlink socket (in a namespace or not) with links, addresses, rules and routes on it.
import { NetlinkConnection } from '../netlink/connection.js';
import { NetlinkProtocol } from '../netlink/constants.js';
import { NetlinkSocket } from '../netlink/socket.js';
import { ProtocolError } from '../netlink/errors.js';
import type { Transport } from '../netlink/transport.js';
import { AddressOps } from './address.js';
import { Subscription, groupNumbers, type EventGroup } from './events.js';
import { LinkOps } from './link.js';
import { NeighbourOps } from './neighbour.js';
import { NexthopOps } from './nexthop.js';
import { NsidOps } from './nsid.js';
import { RouteOps } from './route.js';
import { openRouteConnection, type RtNetlinkOptions } from './common.js';
import { RuleOps } from './rule.js';

export type { RtNetlinkOptions } from './common.js';

/** What an rtnetlink event subscription receives. */
export interface SubscribeOptions {
  /** Receive queue of the event socket; bigger makes overruns rarer. Default 4 MiB. */
  receiveBufferSize?: number;
}

/** Opens the socket of an event subscription (replaceable for replay tests). */
export type EventTransportFactory = (groups: number[], options: SubscribeOptions) => Transport;

/** NETLINK_ROUTE: links, addresses, rules, routes, neighbours, nexthops and namespace ids, and their events. */
export class RtNetlink {
  readonly links: LinkOps;
  readonly addresses: AddressOps;
  readonly rules: RuleOps;
  readonly routes: RouteOps;
  /** The ARP and NDISC tables (`ip neigh`). */
  readonly neighbours: NeighbourOps;
  /** Nexthop objects and groups (`ip nexthop`), which routes use by id (RouteSpec.nhid). */
  readonly nexthops: NexthopOps;
  /** Namespace ids (RTM_GETNSID): what a veth's linkNetnsId refers to. */
  readonly nsids: NsidOps;

  private constructor(readonly connection: NetlinkConnection, private readonly eventTransport?: EventTransportFactory) {
    this.links = new LinkOps(connection);
    this.addresses = new AddressOps(connection, this.links);
    this.rules = new RuleOps(connection);
    this.routes = new RouteOps(connection, this.links);
    this.neighbours = new NeighbourOps(connection, this.links);
    this.nexthops = new NexthopOps(connection, this.links);
    this.nsids = new NsidOps(connection);
  }

  /** Opens a NETLINK_ROUTE socket (in `options.netns` if given). */
  static open(options: RtNetlinkOptions = {}): RtNetlink {
    const events: EventTransportFactory = (groups, o) =>
      NetlinkSocket.open({ protocol: NetlinkProtocol.ROUTE, netns: options.netns, groups, receiveBufferSize: o.receiveBufferSize ?? 4 << 20 });
    return new RtNetlink(openRouteConnection(options), events);
  }

  /** Over any transport (a ReplayTransport in tests, a RecordingTransport when recording). */
  static fromTransport(transport: Transport, options: { events?: EventTransportFactory } = {}): RtNetlink {
    return new RtNetlink(new NetlinkConnection(transport), options.events);
  }

  /** Events of the given groups, on a socket of their own, as an async iterable. */
  subscribe(groups: readonly EventGroup[], options: SubscribeOptions = {}): Subscription {
    if (!this.eventTransport) throw new ProtocolError('this RtNetlink has no way to open an event socket (fromTransport without events)');
    return new Subscription(this.eventTransport(groupNumbers(groups), options));
  }

  /** Closes the socket and every subscription opened from this client. */
  close(): void {
    this.connection.close();
  }
}
