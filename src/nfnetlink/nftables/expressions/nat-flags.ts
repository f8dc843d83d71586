// The NAT range flags nft prints after masquerade/snat/dnat/redirect (nf_nat.h NF_NAT_RANGE_*).
import { NatRangeFlag } from '../constants.js';
import type { Json, RenderContext } from '../render/context.js';

/** Flags nft prints by name; MAP_IPS and PROTO_SPECIFIED are implied by addresses and ports. */
export function natFlagsText(flags: number | undefined): string {
  if (!flags) return '';
  const names: string[] = [];
  if (flags & NatRangeFlag.PROTO_RANDOM) names.push('random');
  if (flags & NatRangeFlag.PROTO_RANDOM_FULLY) names.push('fully-random');
  if (flags & NatRangeFlag.PERSISTENT) names.push('persistent');
  return names.length ? ` ${names.join(',')}` : '';
}

/** ':PORT' or ':MIN-MAX' from port registers. */
export function portText(ctx: RenderContext, min: number | undefined, max: number | undefined): string {
  if (min === undefined) return '';
  const a = ctx.source(min, 'inet_service', false);
  const b = max === undefined ? a : ctx.source(max, 'inet_service', false);
  return a === b ? `:${a}` : `:${a}-${b}`;
}

/** The flags in `nft -j`: one name as a string, several as a list. */
export function natFlagsJson(flags: number | undefined): { flags?: Json } {
  const names = natFlagsText(flags).trim();
  if (!names) return {};
  const list = names.split(',');
  return { flags: list.length === 1 ? list[0]! : list };
}

/** "port": 80, or {"range": [1024, 2048]}. */
export function portJson(ctx: RenderContext, min: number | undefined, max: number | undefined): { port?: Json } {
  if (min === undefined) return {};
  const a = ctx.sourceJson(min, 'inet_service', false);
  const b = max === undefined ? a : ctx.sourceJson(max, 'inet_service', false);
  return { port: JSON.stringify(a) === JSON.stringify(b) ? a : { range: [a, b] } };
}
