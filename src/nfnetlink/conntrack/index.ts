/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
// Conntrack over ctnetlink (NFNL_SUBSYS_CTNETLINK / _EXP).
export * from './constants.js';
export * from './tuple.js';
export * from './flow.js';
export * from './filter.js';
export * from './cursor.js';
export * from './stats.js';
export * from './expect.js';
export * from './events.js';
export * from './client.js';
