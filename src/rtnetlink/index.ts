/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
// rtnetlink: links, addresses, rules and routes over NETLINK_ROUTE.
export * from './constants.js';
export * from './structs.js';
export * from './common.js';
export * from './bulk.js';
export * from './link.js';
export * from './address.js';
export * from './rule.js';
export * from './route.js';
export * from './neighbour.js';
export * from './nexthop.js';
export * from './nsid.js';
export * from './events.js';
export * from './client.js';
