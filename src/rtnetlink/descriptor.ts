// Names for `decode`: every rtnetlink message the library speaks, its fixed header and its attributes, each
// taken from the message's schema (the one definition in rtnetlink/<object>/schema.ts).
// Importing this module registers the family (side effect).
import { registerFamily, type MessageSpec } from '../netlink/describe.js';
import { RTM } from './constants.js';
import { describeSpec } from '../netlink/schema/index.js';
import { addressSchema } from './address/schema.js';
import { linkSchema } from './link/schema.js';
import { ruleSchema } from './rule/schema.js';
import { nexthopSchema } from './nexthop/schema.js';
import { nsidSchema } from './nsid/schema.js';
import { neighbourSchema } from './neighbour/schema.js';
import { routeSchema } from './route/schema.js';

const MESSAGES: Record<number, MessageSpec> = {
  [RTM.NEWLINK]: describeSpec(linkSchema, 'RTM_NEWLINK', 'new'),
  [RTM.DELLINK]: describeSpec(linkSchema, 'RTM_DELLINK', 'del'),
  [RTM.GETLINK]: describeSpec(linkSchema, 'RTM_GETLINK', 'get'),
  [RTM.SETLINK]: describeSpec(linkSchema, 'RTM_SETLINK', 'new'),
  [RTM.NEWADDR]: describeSpec(addressSchema, 'RTM_NEWADDR', 'new'),
  [RTM.DELADDR]: describeSpec(addressSchema, 'RTM_DELADDR', 'del'),
  [RTM.GETADDR]: describeSpec(addressSchema, 'RTM_GETADDR', 'get'),
  [RTM.NEWROUTE]: describeSpec(routeSchema, 'RTM_NEWROUTE', 'new'),
  [RTM.DELROUTE]: describeSpec(routeSchema, 'RTM_DELROUTE', 'del'),
  [RTM.GETROUTE]: describeSpec(routeSchema, 'RTM_GETROUTE', 'get'),
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
