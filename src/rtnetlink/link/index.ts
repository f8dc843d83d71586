// Links (RTM_NEWLINK/DELLINK/GETLINK): model, schema, requests, listing view, operations.
export type {
  Link, LinkInfo, LinkSummary, LinkListFilter, LinkAttributes, NetnsTarget, LinkNetns, ResolvedCreate, ResolvedChange, VethOptions, CreateOptions, LinkChange,
} from './model.js';
export { linkSchema, linkAttributes } from './schema.js';
export { linkSummary, linkSummaryAt, newLinkView, type LinkView } from './summary.js';
export {
  getLinkByNameRequest, getLinkByIndexRequest, dumpLinkNamesRequest, dumpLinksRequest, createLinkRequest, changeLinkRequest, deleteLinkRequest,
} from './requests.js';
export { LinkOps, decodeLink, decodeLinkAt, encodeLink, isLinkMessage } from './operations.js';
