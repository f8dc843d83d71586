/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
/**
 * `nlts/nfnetlink`: what the netfilter subsystems share, for building one this package does not cover:
 * the NETLINK_NETFILTER socket, the nfgenmsg header and batches (NFNL_MSG_BATCH_BEGIN / _END).
 * Conntrack and nftables have their own entry points, `nlts/conntrack` and `nlts/nftables`.
 * @module nlts/nfnetlink
 */
export { openNfnetlink, openNfnetlinkTransport, type NfnetlinkOpenOptions } from './socket.js';
export { encodeNfGenMsg, decodeNfGenMsg, nfPayload, NFGENMSG_SIZE, type NfGenMsg } from './header.js';
export { sendBatch, encodeBatch, type BatchMessage, type BatchOptions, type EncodedBatch } from './batch.js';
// Kernel constants (linux/netfilter/nfnetlink.h).
export { NFNETLINK_V0, Subsystem, NfnlGroup, NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, NFNL_BATCH_GENID, messageType, subsystemOf, messageOf } from './constants.js';
