// The listings' fast path: a LinkSummary (or just the name) read from a MessageView of the link schema, in
// place, without building the rest of the model (statistics, link info, kept unknown attributes).
import { MessageView } from '../../netlink/schema/index.js';
import { IFF, IFF_UP, IFLA, flagList } from '../constants.js';
import { linkSchema, operstateName, typeName } from './schema.js';
import type { LinkSummary } from './model.js';

/** A view of RTM_NEWLINK payloads; refilled message after message (one per listing, never shared). */
export type LinkView = MessageView<ReturnType<typeof linkSchema.fromHeader>, typeof linkSchema.header.fields>;

export const newLinkView = (): LinkView => new MessageView(linkSchema);

// The summary's fields with one row each, read by name through the view.
const FIELDS = ['mtu', 'linkmode', 'address', 'broadcast', 'txqlen', 'qdisc', 'master', 'link', 'linkNetnsId', 'group'] as const;

/** The LinkSummary of the message a view holds: what decode() gives for those fields. */
export function linkSummary(v: LinkView): LinkSummary {
  const flags = v.header('flags');
  const s: LinkSummary = {
    index: v.header('index'), name: v.get('name') ?? '', family: v.header('family'), type: typeName(v.header('type')),
    flags: flagList(flags, IFF), up: (flags & IFF_UP) !== 0, rawFlags: flags, change: v.header('change'),
  };
  // IFLA_OPERSTATE is named from its number by the row's codec: one byte, length checked by the view's walk.
  const at = v.offset(IFLA.OPERSTATE);
  if (at >= 0) s.operstate = operstateName(v.buf[at]!);
  for (const f of FIELDS) {
    const x = v.get(f);
    if (x !== undefined) (s as Record<string, unknown>)[f] = x;
  }
  return s;
}

/** linkSummary of the payload at [start, end) of `buf` (a dump chunk), through `view`. */
export function linkSummaryAt(view: LinkView, buf: Buffer, start: number, end: number): LinkSummary {
  return linkSummary(view.reset(buf, start, end));
}
