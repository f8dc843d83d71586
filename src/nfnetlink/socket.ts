// Opening NETLINK_NETFILTER connections.
import { NetlinkConnection, NetlinkProtocol, NetlinkSocket, type NetnsRef, type Transport } from '../netlink/index.js';

/** How to open a NETLINK_NETFILTER socket. */
export interface NfnetlinkOpenOptions {
  netns?: NetnsRef;
  groups?: readonly number[];
  receiveBufferSize?: number;
  noEnobufs?: boolean;
}

/** A request engine over a new NETLINK_NETFILTER socket. */
export function openNfnetlink(options: NfnetlinkOpenOptions = {}): NetlinkConnection {
  return new NetlinkConnection(openNfnetlinkTransport(options));
}

/** A new NETLINK_NETFILTER socket as a transport. */
export function openNfnetlinkTransport(options: NfnetlinkOpenOptions = {}): Transport {
  return NetlinkSocket.open({ protocol: NetlinkProtocol.NETFILTER, ...options });
}
