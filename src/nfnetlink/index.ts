export * from './constants.js';
export * from './header.js';
export * from './batch.js';
export * from './socket.js';
export { registerSubsystem, type SubsystemDescriptor, nfgenmsgFixed } from './descriptor.js';
