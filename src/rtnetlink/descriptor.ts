// Names for `decode`: every rtnetlink message the library speaks, its fixed header and its attributes.
// Messages with a schema (addresses, ...) take their description from it; the others are spelled here.
// Importing this module registers the family (side effect).
import { registerFamily, type AttrPolicy, type AttrSpec, type MessageSpec } from '../netlink/describe.js';
import { ARPHRD, FIB_RULE, FRA, IFF, IFLA, IFLA_INFO, NETNSA, NHA, NHA_RES_GROUP, OPERSTATES, RTM, RTM_F, flagList } from './constants.js';
import { familyName, protocolName, routeTypeName, scopeName } from './common.js';
import { FIB_RULE_HDR, IFINFOMSG, NHMSG } from './headers.js';
import { describeFixed, describeSpec } from '../netlink/schema/index.js';
import { addressSchema } from './address/schema.js';
import { neighbourSchema } from './neighbour/schema.js';
import { routeSchema } from './route/schema.js';
import { RULE_ACTIONS } from './constants.js';

const spec = (name: string, kind: AttrSpec['kind'], extra: Partial<AttrSpec> = {}): AttrSpec => ({ name, kind, ...extra });

const linkInfoPolicy: AttrPolicy = {
  [IFLA_INFO.KIND]: spec('IFLA_INFO_KIND', 'string'),
  [IFLA_INFO.DATA]: spec('IFLA_INFO_DATA', 'hex'),
  [IFLA_INFO.XSTATS]: spec('IFLA_INFO_XSTATS', 'hex'),
  [IFLA_INFO.SLAVE_KIND]: spec('IFLA_INFO_SLAVE_KIND', 'string'),
  [IFLA_INFO.SLAVE_DATA]: spec('IFLA_INFO_SLAVE_DATA', 'hex'),
};

const linkPolicy: AttrPolicy = {
  [IFLA.ADDRESS]: spec('IFLA_ADDRESS', 'hex'),
  [IFLA.BROADCAST]: spec('IFLA_BROADCAST', 'hex'),
  [IFLA.IFNAME]: spec('IFLA_IFNAME', 'string'),
  [IFLA.MTU]: spec('IFLA_MTU', 'u32'),
  [IFLA.LINK]: spec('IFLA_LINK', 'u32'),
  [IFLA.QDISC]: spec('IFLA_QDISC', 'string'),
  [IFLA.STATS]: spec('IFLA_STATS', 'binary'),
  [IFLA.MASTER]: spec('IFLA_MASTER', 'u32'),
  [IFLA.TXQLEN]: spec('IFLA_TXQLEN', 'u32'),
  [IFLA.OPERSTATE]: spec('IFLA_OPERSTATE', 'u8', { render: (v) => OPERSTATES[Number(v)] ?? v }),
  [IFLA.LINKMODE]: spec('IFLA_LINKMODE', 'u8'),
  [IFLA.LINKINFO]: spec('IFLA_LINKINFO', 'nested', { policy: linkInfoPolicy }),
  [IFLA.NET_NS_PID]: spec('IFLA_NET_NS_PID', 'u32'),
  [IFLA.IFALIAS]: spec('IFLA_IFALIAS', 'string'),
  [IFLA.STATS64]: spec('IFLA_STATS64', 'binary'),
  [IFLA.AF_SPEC]: spec('IFLA_AF_SPEC', 'nested'),
  [IFLA.GROUP]: spec('IFLA_GROUP', 'u32'),
  [IFLA.NET_NS_FD]: spec('IFLA_NET_NS_FD', 'u32'),
  [IFLA.EXT_MASK]: spec('IFLA_EXT_MASK', 'u32'),
  [IFLA.PROMISCUITY]: spec('IFLA_PROMISCUITY', 'u32'),
  [IFLA.NUM_TX_QUEUES]: spec('IFLA_NUM_TX_QUEUES', 'u32'),
  [IFLA.NUM_RX_QUEUES]: spec('IFLA_NUM_RX_QUEUES', 'u32'),
  [IFLA.CARRIER]: spec('IFLA_CARRIER', 'u8'),
  [IFLA.CARRIER_CHANGES]: spec('IFLA_CARRIER_CHANGES', 'u32'),
  [IFLA.LINK_NETNSID]: spec('IFLA_LINK_NETNSID', 's32'),
  [IFLA.PROTO_DOWN]: spec('IFLA_PROTO_DOWN', 'u8'),
  [IFLA.GSO_MAX_SEGS]: spec('IFLA_GSO_MAX_SEGS', 'u32'),
  [IFLA.GSO_MAX_SIZE]: spec('IFLA_GSO_MAX_SIZE', 'u32'),
  [IFLA.XDP]: spec('IFLA_XDP', 'nested'),
  [IFLA.NEW_NETNSID]: spec('IFLA_NEW_NETNSID', 's32'),
  [IFLA.TARGET_NETNSID]: spec('IFLA_TARGET_NETNSID', 's32'),
  [IFLA.CARRIER_UP_COUNT]: spec('IFLA_CARRIER_UP_COUNT', 'u32'),
  [IFLA.CARRIER_DOWN_COUNT]: spec('IFLA_CARRIER_DOWN_COUNT', 'u32'),
  [IFLA.NEW_IFINDEX]: spec('IFLA_NEW_IFINDEX', 's32'),
  [IFLA.MIN_MTU]: spec('IFLA_MIN_MTU', 'u32'),
  [IFLA.MAX_MTU]: spec('IFLA_MAX_MTU', 'u32'),
  [IFLA.PROP_LIST]: spec('IFLA_PROP_LIST', 'nested', { policy: { [IFLA.ALT_IFNAME]: spec('IFLA_ALT_IFNAME', 'string') } }),
  [IFLA.ALT_IFNAME]: spec('IFLA_ALT_IFNAME', 'string'),
  [IFLA.PERM_ADDRESS]: spec('IFLA_PERM_ADDRESS', 'hex'),
  [IFLA.PARENT_DEV_NAME]: spec('IFLA_PARENT_DEV_NAME', 'string'),
  [IFLA.PARENT_DEV_BUS_NAME]: spec('IFLA_PARENT_DEV_BUS_NAME', 'string'),
  [IFLA.GRO_MAX_SIZE]: spec('IFLA_GRO_MAX_SIZE', 'u32'),
  [IFLA.TSO_MAX_SIZE]: spec('IFLA_TSO_MAX_SIZE', 'u32'),
  [IFLA.TSO_MAX_SEGS]: spec('IFLA_TSO_MAX_SEGS', 'u32'),
  [IFLA.ALLMULTI]: spec('IFLA_ALLMULTI', 'u32'),
};
// VETH_INFO_PEER inside IFLA_INFO_DATA is an ifinfomsg followed by IFLA_*: shown as hex by the generic describer.




const rulePolicy: AttrPolicy = {
  [FRA.DST]: spec('FRA_DST', 'ip'),
  [FRA.SRC]: spec('FRA_SRC', 'ip'),
  [FRA.IIFNAME]: spec('FRA_IIFNAME', 'string'),
  [FRA.GOTO]: spec('FRA_GOTO', 'u32'),
  [FRA.PRIORITY]: spec('FRA_PRIORITY', 'u32'),
  [FRA.FWMARK]: spec('FRA_FWMARK', 'u32'),
  [FRA.FLOW]: spec('FRA_FLOW', 'u32'),
  [FRA.TUN_ID]: spec('FRA_TUN_ID', 'u64be'),
  [FRA.SUPPRESS_IFGROUP]: spec('FRA_SUPPRESS_IFGROUP', 'u32'),
  [FRA.SUPPRESS_PREFIXLEN]: spec('FRA_SUPPRESS_PREFIXLEN', 's32'),
  [FRA.TABLE]: spec('FRA_TABLE', 'u32'),
  [FRA.FWMASK]: spec('FRA_FWMASK', 'u32'),
  [FRA.OIFNAME]: spec('FRA_OIFNAME', 'string'),
  [FRA.PAD]: spec('FRA_PAD', 'binary'),
  [FRA.L3MDEV]: spec('FRA_L3MDEV', 'u8'),
  [FRA.UID_RANGE]: spec('FRA_UID_RANGE', 'binary'),
  [FRA.PROTOCOL]: spec('FRA_PROTOCOL', 'u8', { render: (v) => protocolName(Number(v)) }),
  [FRA.IP_PROTO]: spec('FRA_IP_PROTO', 'u8'),
  [FRA.SPORT_RANGE]: spec('FRA_SPORT_RANGE', 'binary'),
  [FRA.DPORT_RANGE]: spec('FRA_DPORT_RANGE', 'binary'),
};

const ifinfomsg = describeFixed(IFINFOMSG, { family: familyName, type: (v: number) => ARPHRD[v] ?? v, flags: (v: number) => flagList(v, IFF) });
const fibRuleHdr = describeFixed(FIB_RULE_HDR, { family: familyName, action: (v: number) => RULE_ACTIONS[v] ?? v, flags: (v: number) => flagList(v, FIB_RULE) });


const resGroupPolicy: AttrPolicy = {
  [NHA_RES_GROUP.BUCKETS]: spec('NHA_RES_GROUP_BUCKETS', 'u16'),
  [NHA_RES_GROUP.IDLE_TIMER]: spec('NHA_RES_GROUP_IDLE_TIMER', 'u32'),
  [NHA_RES_GROUP.UNBALANCED_TIMER]: spec('NHA_RES_GROUP_UNBALANCED_TIMER', 'u32'),
  [NHA_RES_GROUP.UNBALANCED_TIME]: spec('NHA_RES_GROUP_UNBALANCED_TIME', 'u64'),
};
const nexthopPolicy: AttrPolicy = {
  [NHA.ID]: spec('NHA_ID', 'u32'),
  [NHA.GROUP]: spec('NHA_GROUP', 'binary'),
  [NHA.GROUP_TYPE]: spec('NHA_GROUP_TYPE', 'u16'),
  [NHA.BLACKHOLE]: spec('NHA_BLACKHOLE', 'flag'),
  [NHA.OIF]: spec('NHA_OIF', 'u32'),
  [NHA.GATEWAY]: spec('NHA_GATEWAY', 'ip'),
  [NHA.ENCAP_TYPE]: spec('NHA_ENCAP_TYPE', 'u16'),
  [NHA.ENCAP]: spec('NHA_ENCAP', 'nested'),
  [NHA.GROUPS]: spec('NHA_GROUPS', 'flag'),
  [NHA.MASTER]: spec('NHA_MASTER', 'u32'),
  [NHA.FDB]: spec('NHA_FDB', 'flag'),
  [NHA.RES_GROUP]: spec('NHA_RES_GROUP', 'nested', { policy: resGroupPolicy }),
  [NHA.RES_BUCKET]: spec('NHA_RES_BUCKET', 'nested'),
};
const nhmsg = describeFixed(NHMSG, { family: familyName, scope: scopeName, protocol: protocolName, flags: (v: number) => flagList(v, RTM_F) });

const nsidPolicy: AttrPolicy = {
  [NETNSA.NSID]: spec('NETNSA_NSID', 's32'),
  [NETNSA.PID]: spec('NETNSA_PID', 'u32'),
  [NETNSA.FD]: spec('NETNSA_FD', 'u32'),
  [NETNSA.TARGET_NSID]: spec('NETNSA_TARGET_NSID', 's32'),
  [NETNSA.CURRENT_NSID]: spec('NETNSA_CURRENT_NSID', 's32'),
};
/** struct rtgenmsg, padded to 4 bytes. */
const rtgenmsg = { size: 4, render: (b: Buffer): Record<string, unknown> => ({ rtgen_family: familyName(b[0]!) }) };

const MESSAGES: Record<number, MessageSpec> = {
  [RTM.NEWLINK]: { name: 'RTM_NEWLINK', kind: 'new', fixed: ifinfomsg, attributes: linkPolicy },
  [RTM.DELLINK]: { name: 'RTM_DELLINK', kind: 'del', fixed: ifinfomsg, attributes: linkPolicy },
  [RTM.GETLINK]: { name: 'RTM_GETLINK', kind: 'get', fixed: ifinfomsg, attributes: linkPolicy },
  [RTM.SETLINK]: { name: 'RTM_SETLINK', kind: 'new', fixed: ifinfomsg, attributes: linkPolicy },
  [RTM.NEWADDR]: describeSpec(addressSchema, 'RTM_NEWADDR', 'new'),
  [RTM.DELADDR]: describeSpec(addressSchema, 'RTM_DELADDR', 'del'),
  [RTM.GETADDR]: describeSpec(addressSchema, 'RTM_GETADDR', 'get'),
  [RTM.NEWROUTE]: describeSpec(routeSchema, 'RTM_NEWROUTE', 'new'),
  [RTM.DELROUTE]: describeSpec(routeSchema, 'RTM_DELROUTE', 'del'),
  [RTM.GETROUTE]: describeSpec(routeSchema, 'RTM_GETROUTE', 'get'),
  [RTM.NEWRULE]: { name: 'RTM_NEWRULE', kind: 'new', fixed: fibRuleHdr, attributes: rulePolicy },
  [RTM.DELRULE]: { name: 'RTM_DELRULE', kind: 'del', fixed: fibRuleHdr, attributes: rulePolicy },
  [RTM.GETRULE]: { name: 'RTM_GETRULE', kind: 'get', fixed: fibRuleHdr, attributes: rulePolicy },
  [RTM.NEWNEIGH]: describeSpec(neighbourSchema, 'RTM_NEWNEIGH', 'new'),
  [RTM.DELNEIGH]: describeSpec(neighbourSchema, 'RTM_DELNEIGH', 'del'),
  [RTM.GETNEIGH]: describeSpec(neighbourSchema, 'RTM_GETNEIGH', 'get'),
  [RTM.NEWNEXTHOP]: { name: 'RTM_NEWNEXTHOP', kind: 'new', fixed: nhmsg, attributes: nexthopPolicy },
  [RTM.DELNEXTHOP]: { name: 'RTM_DELNEXTHOP', kind: 'del', fixed: nhmsg, attributes: nexthopPolicy },
  [RTM.GETNEXTHOP]: { name: 'RTM_GETNEXTHOP', kind: 'get', fixed: nhmsg, attributes: nexthopPolicy },
  [RTM.NEWNSID]: { name: 'RTM_NEWNSID', kind: 'new', fixed: rtgenmsg, attributes: nsidPolicy },
  [RTM.DELNSID]: { name: 'RTM_DELNSID', kind: 'del', fixed: rtgenmsg, attributes: nsidPolicy },
  [RTM.GETNSID]: { name: 'RTM_GETNSID', kind: 'get', fixed: rtgenmsg, attributes: nsidPolicy },
};

/** The message spec for an rtnetlink type, or undefined. */
export function rtnetlinkMessage(type: number): MessageSpec | undefined {
  return MESSAGES[type];
}

registerFamily({ name: 'rtnetlink', protocol: 0, message: rtnetlinkMessage });
