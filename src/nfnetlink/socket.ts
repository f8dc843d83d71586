// Opening NETLINK_NETFILTER connections.
import { NetlinkConnection, NetlinkProtocol, NetlinkSocket, type NetnsRef, type Transport } from '../netlink/index.js';

export interface NfnetlinkOpenOptions {
  netns?: NetnsRef;
  groups?: readonly number[];
  receiveBufferSize?: number;
  noEnobufs?: boolean;
}

export function openNfnetlink(options: NfnetlinkOpenOptions = {}): NetlinkConnection {
  return new NetlinkConnection(openNfnetlinkTransport(options));
}

export function openNfnetlinkTransport(options: NfnetlinkOpenOptions = {}): Transport {
  return NetlinkSocket.open({ protocol: NetlinkProtocol.NETFILTER, ...options });
}
