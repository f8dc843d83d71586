/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
export * from './constants.js';
export * from './header.js';
export * from './batch.js';
export * from './socket.js';
export { registerSubsystem, type SubsystemDescriptor, nfgenmsgFixed } from './descriptor.js';
