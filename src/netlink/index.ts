/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
// The family-agnostic netlink core.
export * from './constants.js';
export * from './errors.js';
export { errnoName, errnoNumber, errnoMessage } from './errno.js';
export * from './structs.js';
export * from './message.js';
export * from './attributes.js';
export * from './address.js';
export * from './ack.js';
export type { Transport } from './transport.js';
export { NetlinkSocket, type SocketOptions } from './socket.js';
export * from './connection.js';
export * from './fixture.js';
export * from './netns.js';
export * from './describe.js';
export * from './capture-text.js';
export { startInNetns, runInNetns, type NetnsWorker } from './netns-worker.js';
export { notifications, isOverrun, type Overrun } from './notifications.js';
