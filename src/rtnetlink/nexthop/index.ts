// Nexthop objects and groups (RTM_NEWNEXTHOP/DELNEXTHOP/GETNEXTHOP): model, schema, requests, operations.
export type {
  Nexthop, NexthopGroupMember, ResilientGroup, NexthopSpec, ResolvedNexthop, NexthopWrite, NexthopListFilter,
} from './model.js';
export { nexthopSchema, nexthopAttributes } from './schema.js';
export { nexthopRequest, deleteNexthopRequest, dumpNexthopsRequest } from './requests.js';
export { NexthopOps, decodeNexthop, encodeNexthop } from './operations.js';
