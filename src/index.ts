/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
/**
 * `nlts`: netlink for Node.js, in TypeScript. The clients ({@link RtNetlink}, {@link Conntrack},
 * {@link Nftables}, {@link Topology}), the errors every call may throw and the namespace helpers, plus each
 * family as a namespace. Every family is also its own entry point: `nlts/netlink`, `nlts/rtnetlink`,
 * `nlts/nfnetlink`, `nlts/conntrack`, `nlts/nftables`, `nlts/topology`, `nlts/exporter`.
 * @module nlts
 */
export * as netlink from './netlink/index.js';
export * as rtnetlink from './rtnetlink/index.js';
export * as conntrack from './nfnetlink/conntrack/index.js';
export * as nftables from './nfnetlink/nftables/index.js';
export * as topology from './topology/index.js';
export { RtNetlink } from './rtnetlink/index.js';
export { Conntrack } from './nfnetlink/conntrack/index.js';
export { Nftables } from './nfnetlink/nftables/index.js';
export { Topology } from './topology/index.js';
export { NetlinkError, ValidationError, NetlinkDecodeError, createNetns, deleteNetns, listNetns } from './netlink/index.js';
