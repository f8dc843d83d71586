// `decode` support for NETLINK_NETFILTER: dispatches on the subsystem byte of nlmsg_type. Subsystems
// (conntrack, nf_tables) register their message specs here.
import { NetlinkProtocol, netfilterCodec } from '../netlink/index.js';
import { registerFamily, type MessageSpec } from '../netlink/describe.js';
import { NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, Subsystem, messageOf, subsystemOf } from './constants.js';
import { NFGENMSG_SIZE, decodeNfGenMsg } from './header.js';

export interface SubsystemDescriptor {
  name: string;
  message(message: number): MessageSpec | undefined;
}

const subsystems = new Map<number, SubsystemDescriptor>();

export function registerSubsystem(id: number, d: SubsystemDescriptor): void {
  subsystems.set(id, d);
}

const subsystemNames = Object.fromEntries(Object.entries(Subsystem).map(([k, v]) => [v, `NFNL_SUBSYS_${k}`])) as Record<number, string>;

/** nfgenmsg rendered for decode output. */
export const nfgenmsgFixed = {
  size: NFGENMSG_SIZE,
  render(buf: Buffer): Record<string, unknown> {
    const h = decodeNfGenMsg(buf);
    return { family: h.family, version: h.version, resourceId: h.resourceId };
  },
};

const batchSpec = (name: string): MessageSpec => ({
  name, kind: 'other', codec: netfilterCodec,
  fixed: { size: NFGENMSG_SIZE, render: (b) => { const h = decodeNfGenMsg(b); return { family: h.family, version: h.version, resourceId: h.resourceId, subsystem: subsystemNames[h.resourceId] ?? h.resourceId }; } },
  attributes: { 1: { name: 'NFNL_BATCH_GENID', kind: 'u32' } },
});

registerFamily({
  name: 'nfnetlink',
  protocol: NetlinkProtocol.NETFILTER,
  message(type) {
    if (type === NFNL_MSG_BATCH_BEGIN) return batchSpec('NFNL_MSG_BATCH_BEGIN');
    if (type === NFNL_MSG_BATCH_END) return batchSpec('NFNL_MSG_BATCH_END');
    const sub = subsystems.get(subsystemOf(type));
    const spec = sub?.message(messageOf(type));
    if (!spec) return undefined;
    return { codec: netfilterCodec, fixed: nfgenmsgFixed, ...spec };
  },
});
