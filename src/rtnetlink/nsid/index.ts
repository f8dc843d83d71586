// Namespace ids (RTM_NEWNSID/GETNSID): model, schema, request, operations.
export type { NsidTarget, NsidReply } from './model.js';
export { nsidSchema, nsidAttributes, RTGENMSG } from './schema.js';
export { getNsidRequest } from './requests.js';
export { NsidOps, decodeNsid, encodeNsid } from './operations.js';
