// Names for `decode`: every rtnetlink message the library speaks, its fixed header and its attributes.
// Messages with a schema (addresses, ...) take their description from it; the others are spelled here.
// Importing this module registers the family (side effect).
import { registerFamily, type AttrPolicy, type AttrSpec, type MessageSpec } from '../netlink/describe.js';
import { IFA, IFA_F, NDA, NTF, NUD, RTA, RTAX_NAMES, RTM, RTM_F, flagList } from './constants.js';
import { familyName, protocolName, routeTypeName, scopeName } from './common.js';
import { RTMSG } from './headers.js';
import { describeFixed, describeSpec } from '../netlink/schema/index.js';
import { addressSchema } from './address/schema.js';
import { linkSchema } from './link/schema.js';
import { ruleSchema } from './rule/schema.js';
import { nexthopSchema } from './nexthop/schema.js';
import { nsidSchema } from './nsid/schema.js';
import { neighbourSchema } from './neighbour/schema.js';

const spec = (name: string, kind: AttrSpec['kind'], extra: Partial<AttrSpec> = {}): AttrSpec => ({ name, kind, ...extra });

const metricsPolicy: AttrPolicy = Object.fromEntries(RTAX_NAMES.map((n, i) => [i, spec(`RTAX_${n.toUpperCase()}`, n === 'congctl' ? 'string' : 'u32')]));

const routePolicy: AttrPolicy = {
  [RTA.DST]: spec('RTA_DST', 'ip'),
  [RTA.SRC]: spec('RTA_SRC', 'ip'),
  [RTA.IIF]: spec('RTA_IIF', 'u32'),
  [RTA.OIF]: spec('RTA_OIF', 'u32'),
  [RTA.GATEWAY]: spec('RTA_GATEWAY', 'ip'),
  [RTA.PRIORITY]: spec('RTA_PRIORITY', 'u32'),
  [RTA.PREFSRC]: spec('RTA_PREFSRC', 'ip'),
  [RTA.METRICS]: spec('RTA_METRICS', 'nested', { policy: metricsPolicy }),
  [RTA.MULTIPATH]: spec('RTA_MULTIPATH', 'binary'),
  [RTA.FLOW]: spec('RTA_FLOW', 'u32'),
  [RTA.CACHEINFO]: spec('RTA_CACHEINFO', 'binary'),
  [RTA.TABLE]: spec('RTA_TABLE', 'u32'),
  [RTA.MARK]: spec('RTA_MARK', 'u32'),
  [RTA.MFC_STATS]: spec('RTA_MFC_STATS', 'binary'),
  [RTA.VIA]: spec('RTA_VIA', 'hex'),
  [RTA.NEWDST]: spec('RTA_NEWDST', 'hex'),
  [RTA.PREF]: spec('RTA_PREF', 'u8'),
  [RTA.ENCAP_TYPE]: spec('RTA_ENCAP_TYPE', 'u16'),
  [RTA.ENCAP]: spec('RTA_ENCAP', 'nested'),
  [RTA.EXPIRES]: spec('RTA_EXPIRES', 'u32'),
  [RTA.PAD]: spec('RTA_PAD', 'binary'),
  [RTA.UID]: spec('RTA_UID', 'u32'),
  [RTA.TTL_PROPAGATE]: spec('RTA_TTL_PROPAGATE', 'u8'),
  [RTA.IP_PROTO]: spec('RTA_IP_PROTO', 'u8'),
  [RTA.SPORT]: spec('RTA_SPORT', 'u16be'),
  [RTA.DPORT]: spec('RTA_DPORT', 'u16be'),
  [RTA.NH_ID]: spec('RTA_NH_ID', 'u32'),
};


const rtmsg = describeFixed(RTMSG, {
  family: familyName, protocol: protocolName, scope: scopeName, type: routeTypeName, flags: (v: number) => flagList(v, RTM_F),
});




const MESSAGES: Record<number, MessageSpec> = {
  [RTM.NEWLINK]: describeSpec(linkSchema, 'RTM_NEWLINK', 'new'),
  [RTM.DELLINK]: describeSpec(linkSchema, 'RTM_DELLINK', 'del'),
  [RTM.GETLINK]: describeSpec(linkSchema, 'RTM_GETLINK', 'get'),
  [RTM.SETLINK]: describeSpec(linkSchema, 'RTM_SETLINK', 'new'),
  [RTM.NEWADDR]: describeSpec(addressSchema, 'RTM_NEWADDR', 'new'),
  [RTM.DELADDR]: describeSpec(addressSchema, 'RTM_DELADDR', 'del'),
  [RTM.GETADDR]: describeSpec(addressSchema, 'RTM_GETADDR', 'get'),
  [RTM.NEWROUTE]: { name: 'RTM_NEWROUTE', kind: 'new', fixed: rtmsg, attributes: routePolicy },
  [RTM.DELROUTE]: { name: 'RTM_DELROUTE', kind: 'del', fixed: rtmsg, attributes: routePolicy },
  [RTM.GETROUTE]: { name: 'RTM_GETROUTE', kind: 'get', fixed: rtmsg, attributes: routePolicy },
  [RTM.NEWRULE]: describeSpec(ruleSchema, 'RTM_NEWRULE', 'new'),
  [RTM.DELRULE]: describeSpec(ruleSchema, 'RTM_DELRULE', 'del'),
  [RTM.GETRULE]: describeSpec(ruleSchema, 'RTM_GETRULE', 'get'),
  [RTM.NEWNEIGH]: describeSpec(neighbourSchema, 'RTM_NEWNEIGH', 'new'),
  [RTM.DELNEIGH]: describeSpec(neighbourSchema, 'RTM_DELNEIGH', 'del'),
  [RTM.GETNEIGH]: describeSpec(neighbourSchema, 'RTM_GETNEIGH', 'get'),
  [RTM.NEWNEXTHOP]: describeSpec(nexthopSchema, 'RTM_NEWNEXTHOP', 'new'),
  [RTM.DELNEXTHOP]: describeSpec(nexthopSchema, 'RTM_DELNEXTHOP', 'del'),
  [RTM.GETNEXTHOP]: describeSpec(nexthopSchema, 'RTM_GETNEXTHOP', 'get'),
  [RTM.NEWNSID]: describeSpec(nsidSchema, 'RTM_NEWNSID', 'new'),
  [RTM.DELNSID]: describeSpec(nsidSchema, 'RTM_DELNSID', 'del'),
  [RTM.GETNSID]: describeSpec(nsidSchema, 'RTM_GETNSID', 'get'),
};

/** The message spec for an rtnetlink type, or undefined. */
export function rtnetlinkMessage(type: number): MessageSpec | undefined {
  return MESSAGES[type];
}

registerFamily({ name: 'rtnetlink', protocol: 0, message: rtnetlinkMessage });
