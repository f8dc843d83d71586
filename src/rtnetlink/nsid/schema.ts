// RTM_NEWNSID / DELNSID / GETNSID described once: struct rtgenmsg (padded to 4) and the NETNSA_* attributes.
import { attributes, layout, messageSchema, rowsFor, kinds, type CustomCodec } from '../../netlink/schema/index.js';
import { NETNSA_NSID_NOT_ASSIGNED } from '../constants.js';
import { familyName } from '../common.js';
import type { NsidReply } from './model.js';

/** struct rtgenmsg: one byte of family, padded to 4 (NLMSG_ALIGN) before the attributes. */
export const RTGENMSG = layout('struct rtgenmsg', [['family', 'u8', 'rtgen_family'], ['pad1', 'pad8', 'pad'], ['pad2', 'pad16', 'pad']]);

const raw = kinds.lenient;

// NETNSA_NSID: NETNSA_NSID_NOT_ASSIGNED (-1) means no id.
const nsid: CustomCodec<NsidReply> = {
  decode(c, m) { const id = c.s32(); m.nsid = id === NETNSA_NSID_NOT_ASSIGNED ? undefined : id; },
  encode(w, m, type) { w.s32(type, m.nsid ?? NETNSA_NSID_NOT_ASSIGNED); },
};

const n = rowsFor<NsidReply>();
export const nsidAttributes = attributes<NsidReply>({
  1: n.custom('NETNSA_NSID', kinds.s32, nsid),
  2: n.named('NETNSA_PID', raw(kinds.u32)),
  3: n.named('NETNSA_FD', raw(kinds.u32)),
  4: n.named('NETNSA_TARGET_NSID', raw(kinds.s32)),
  5: n.named('NETNSA_CURRENT_NSID', raw(kinds.s32)),
});

export const nsidSchema = messageSchema({
  context: 'attributes',
  header: RTGENMSG,
  attributes: nsidAttributes,
  fromHeader: (): NsidReply => ({ nsid: undefined, unknown: [] }),
  toHeader: () => ({}),
  describeHeader: { family: familyName },
});
