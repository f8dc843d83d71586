// Ownership marks: how the topology recognises what it created. The kernel keeps a label for us on most
// objects (a route's and a rule's protocol byte, a link's ifalias, an nftables table's userdata comment);
// a network namespace has none, so a marker file under /run/nlts stands in for it.
import { createHash } from 'node:crypto';
import type { TopologySpec } from './spec.js';

/**
 * rtm_protocol / FRA_PROTOCOL of every route and rule the topology adds. Not one of the RTPROT_* values
 * in linux/rtnetlink.h nor of /etc/iproute2/rt_protos; `ip route` shows it as "proto 110".
 */
export const RTPROT_NLTS = 110;

const MARK_PREFIX = 'nlts-topology';

/** The mark of one spec: same client and proxy namespaces and firewall table give the same mark. */
export function ownerMark(spec: TopologySpec): string {
  const id = createHash('sha256').update(`${spec.client.netns}\0${spec.proxy.netns}\0${spec.firewallTable}`).digest('hex').slice(0, 12);
  return `${MARK_PREFIX}:${id}`;
}

/** A mark written by any topology (of any spec): such objects are never someone else's. */
export const isTopologyMark = (text: string | undefined): boolean => text !== undefined && text.startsWith(`${MARK_PREFIX}:`);

/** The protocol of a route or rule as the rtnetlink decoders name it. */
export const isOurProtocol = (protocol: string | undefined): boolean => protocol === String(RTPROT_NLTS);
