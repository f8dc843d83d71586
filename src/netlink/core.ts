// The parts of the core that talking to the kernel needs, without the layout declarations (structs.ts),
// fixtures, message describers and namespace workers: families and the CLI import this to start quickly.
// index.ts exports all of it and the rest.
export * from './constants.js';
export * from './errors.js';
export { errnoName, errnoNumber, errnoMessage } from './errno.js';
export * from './message.js';
export * from './attributes.js';
export * from './address.js';
export * from './ack.js';
export type { Transport } from './transport.js';
export { NetlinkSocket, type SocketOptions } from './socket.js';
export * from './connection.js';
export * from './netns.js';
export { notifications, isOverrun, type Overrun } from './notifications.js';
