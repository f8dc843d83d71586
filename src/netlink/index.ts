/// <reference types="node" preserve="true" />
// The types use Node's Buffer: the reference above makes the published .d.ts bring @types/node along.
/**
 * `nlts/netlink`: the family-agnostic netlink core. Errors, network namespaces, the socket and the
 * request engine that every family client is built on, the attribute codec, event streams with overrun
 * reporting, recorded conversations (fixtures) and a decoder for captured traffic.
 *
 * Curated: fast-path cursors, header writers and socket-option numbers stay inside the package.
 * @module nlts/netlink
 */

// Errors (one NetlinkError for every kernel refusal, typed errors for bad input and bad bytes).
export {
  NetlinkError, NetlinkDecodeError, ValidationError, DumpInterruptedError, SystemError, ProtocolError,
  isValidationError, ErrorCode, errorCode, type ExtendedAck, type NetlinkErrorInit,
} from './errors.js';
export { errnoName, errnoNumber, errnoMessage } from './errno.js';

// Network namespaces.
export {
  createNetns, deleteNetns, listNetns, netnsExists, netnsPath, netnsInode, openNetns, withNetns, validateNetnsName,
  NETNS_RUN_DIR, NetnsError, type NetnsRef,
} from './netns.js';
export { startInNetns, runInNetns, type NetnsWorker } from './netns-worker.js';

// Socket, transport and the request engine, for families this package does not cover.
export type { Transport } from './transport.js';
export { NetlinkSocket, type SocketOptions } from './socket.js';
export { NetlinkConnection, type Request, type DumpOptions, type PipelineResult } from './connection.js';
export { notifications, isOverrun, type Overrun } from './notifications.js';

// Messages and attributes.
export { encodeMessage, parseMessages, type MessageHeader, type NetlinkMessage } from './message.js';
export {
  AttributeCodec, AttributeWriter, hostCodec, netfilterCodec, parseAttributes, indexAttributes,
  type Attribute, type ByteOrder, type CodecOptions,
} from './attributes.js';
export { decodeError, decodeDone, type AckInfo } from './ack.js';
export { NetlinkProtocol, MessageType, Flags, ExtAckAttr, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK, NLMSG_HDRLEN, NLA_HDRLEN,
  AF_UNSPEC, AF_INET, AF_INET6 } from './constants.js';

// Addresses and prefixes as the families take them.
export {
  parsePrefix, formatAddress, formatIPv4, formatIPv6, addressToBytes, familyOf, networkOf, prefixContains, prefixesOverlap,
  type AddressFamily, type Prefix,
} from './address.js';

// Recorded conversations (fixtures) and captured traffic.
export {
  RecordingTransport, ReplayTransport, readFixture, writeFixture, currentProvenance,
  type Fixture, type FixtureExchange, type Provenance,
} from './fixture.js';
export { describeMessage, type DescribedMessage, type DescribedAttribute } from './describe.js';
export { parseCapture, parseStraceLog, parsePlainHex, isStraceLog, type CapturedDatagram, type Direction } from './capture-text.js';
