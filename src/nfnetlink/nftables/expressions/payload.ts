// payload: load bytes of a packet header into a register, or write a register into the packet.
import { ValidationError } from '../../../netlink/index.js';
import { defineExpression } from './codec.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import type { PayloadBase, PayloadExpr } from './types.js';
import type { Json, Layer, RegValue, RenderContext } from '../render/context.js';
import { NETWORK_HEADER, PROTOCOLS, TRANSPORT_HEADER, findBitField, findField, type Header, type HeaderField } from '../render/fields.js';

// enum nft_payload_attributes
const A = { DREG: 1, BASE: 2, OFFSET: 3, LEN: 4, SREG: 5, CSUM_TYPE: 6, CSUM_OFFSET: 7, CSUM_FLAGS: 8 } as const;
/** enum nft_payload_bases. */
const BASES: readonly PayloadBase[] = ['ll', 'network', 'transport', 'inner']; // NFT_PAYLOAD_LL_HEADER.. _INNER_HEADER
const RAW_BASE: Readonly<Record<PayloadBase, string>> = { ll: 'll', network: 'nh', transport: 'th', inner: 'ih' };

function baseNumber(b: PayloadBase): number {
  const n = BASES.indexOf(b);
  if (n < 0) throw new ValidationError('payload base', `'${b}' is not one of ${BASES.join(', ')}`);
  return n;
}

/** The header a load at `base`/`offset` reads, judging by what earlier matches stated, and the layer stating it. */
function candidate(e: PayloadExpr, ctx: RenderContext): { header?: Header; layer?: Layer } {
  if (e.base === 'll') {
    if (e.offset < PROTOCOLS.vlan!.at) return { header: PROTOCOLS.ether!, layer: 'll' };
    const nh = ctx.peek('nh');
    return nh !== undefined && NETWORK_HEADER[nh] === 'vlan' ? { header: PROTOCOLS.vlan!, layer: 'nh' } : {};
  }
  if (e.base === 'network') {
    const nh = ctx.peek('nh');
    const name = nh !== undefined ? NETWORK_HEADER[nh] : undefined;
    if (name && name !== 'vlan') return { header: PROTOCOLS[name]!, layer: 'nh' };
    const own = ctx.family === 'ip' || ctx.family === 'ip6' || ctx.family === 'arp' ? PROTOCOLS[ctx.family] : undefined;
    return own ? { header: own } : {};
  }
  if (e.base === 'transport') {
    const th = ctx.peek('th');
    const name = th !== undefined ? TRANSPORT_HEADER[th] : undefined;
    return name ? { header: PROTOCOLS[name]!, layer: 'th' } : { header: PROTOCOLS.th! };
  }
  return {};
}

/** What an equality on `field` of `header` states about the next layer (`ether type ip`, `ip protocol tcp`). */
function definesOf(header: Header, field: HeaderField, ctx: RenderContext): RegValue['defines'] {
  const kind = `${header.name} ${field.name}`;
  if (field.next === 'nh') return { layer: 'nh', removable: true, kind };
  // `ip protocol tcp` is hidden before `tcp dport` only in a table of that IP family; elsewhere it also says "IPv4".
  if (field.next === 'th') return { layer: 'th', removable: header.name === ctx.family, kind };
  if (field.name === 'type' && (header.name === 'icmp' || header.name === 'icmpv6')) return { layer: 'icmp', removable: true, kind };
  return undefined;
}

/** The register value of a named field: its text, JSON, type, and what a match on it states. */
export function namedField(header: Header, field: HeaderField, ctx: RenderContext): RegValue {
  const defines = definesOf(header, field, ctx);
  return {
    text: `${header.name} ${field.name}`, json: { payload: { protocol: header.name, field: field.name } }, type: field.type, hostOrder: false,
    ...(defines ? { defines } : {}),
  };
}

/** Hides the matches a named field implies (its header's protocol, the icmp type it needs). */
export function useField(layer: Layer | undefined, field: HeaderField, ctx: RenderContext): Layer | undefined {
  // `vlan type`: whether nft hides the `ether type 8021q` before it depends on how it is matched (see deferUse).
  if (layer === 'nh' && field.next === 'nh' && ctx.peek('nh') !== undefined && NETWORK_HEADER[ctx.peek('nh')!] === 'vlan') return layer;
  if (layer) ctx.use(layer);
  const t = ctx.peek('icmp');
  if (field.icmpTypes && t !== undefined && field.icmpTypes.includes(t)) ctx.use('icmp');
  return undefined;
}

const rawText = (e: PayloadExpr): string => `@${RAW_BASE[e.base]},${e.offset * 8},${e.len * 8}`;
const rawJson = (e: PayloadExpr): Json => ({ payload: { base: RAW_BASE[e.base], offset: e.offset * 8, len: e.len * 8 } });

/** A payload load as the register value nft would name it: a header field, an address prefix, or raw `@base,offset,len`. */
export function describePayload(e: PayloadExpr, ctx: RenderContext): RegValue {
  const { header, layer } = candidate(e, ctx);
  const found = header ? findField(header, e.offset, e.len, ctx.peek('icmp')) : undefined;
  if (found) {
    const deferUse = useField(layer, found.field, ctx);
    return { ...namedField(found.header, found.field, ctx), ...(found.prefix ? { fieldLen: found.field.bits / 8 } : {}), ...(deferUse ? { deferUse } : {}) };
  }
  const resolveBits = (bit: number, bits: number): RegValue | undefined => {
    const field = header ? findBitField(header, e.offset, bit, bits) : undefined;
    if (!header || !field) return undefined;
    useField(layer, field, ctx);
    return namedField(header, field, ctx);
  };
  return {
    text: rawText(e), json: rawJson(e), type: 'raw', hostOrder: false, resolveBits,
    payload: { base: e.base, offset: e.offset, len: e.len, ...(header ? { header: header.name } : {}), ...(layer ? { layer } : {}) },
  };
}

/** Bits [bit, bit+bits) of a mask over `len` bytes when its ones (or, inverted, its zeros) are one run. */
export function maskRun(mask: Buffer, invert = false): { bit: number; bits: number } | undefined {
  const s = [...mask].map((b) => (invert ? ~b & 0xff : b).toString(2).padStart(8, '0')).join('');
  const m = /^(0*)(1+)0*$/.exec(s);
  return m ? { bit: m[1]!.length, bits: m[2]!.length } : undefined;
}

/** A raw load masked down to a sub-byte field (`ip dscp`, `vlan id`): the field's register value, or undefined. */
export function maskedField(src: RegValue, mask: Buffer, _ctx: RenderContext): RegValue | undefined {
  const run = maskRun(mask);
  const field = run ? src.resolveBits?.(run.bit, run.bits) : undefined;
  return field && run ? { ...field, shift: mask.length * 8 - run.bit - run.bits, bits: run.bits } : undefined;
}

export const payload = defineExpression<PayloadExpr>({
  name: 'payload',
  encode(e, w) {
    if (e.sreg !== undefined) w.u32(A.SREG, e.sreg);
    if (e.dreg !== undefined) w.u32(A.DREG, e.dreg);
    w.u32(A.BASE, baseNumber(e.base));
    w.u32(A.OFFSET, e.offset);
    w.u32(A.LEN, e.len);
    if (e.csumType !== undefined) w.u32(A.CSUM_TYPE, e.csumType);
    if (e.csumOffset !== undefined) w.u32(A.CSUM_OFFSET, e.csumOffset);
    if (e.csumFlags !== undefined) w.u32(A.CSUM_FLAGS, e.csumFlags);
  },
  decode(attrs) {
    const r = new ExprReader('payload', attrs, Object.values(A));
    const base = BASES[r.u32(A.BASE)];
    if (base === undefined) throw new UnmodelledAttribute('payload expression', 'payload base value');
    const out: PayloadExpr = { kind: 'payload', base, offset: r.u32(A.OFFSET), len: r.u32(A.LEN) };
    if (r.has(A.DREG)) out.dreg = r.u32(A.DREG);
    if (r.has(A.SREG)) out.sreg = r.u32(A.SREG);
    if (r.has(A.CSUM_TYPE)) out.csumType = r.u32(A.CSUM_TYPE);
    if (r.has(A.CSUM_OFFSET)) out.csumOffset = r.u32(A.CSUM_OFFSET);
    if (r.has(A.CSUM_FLAGS)) out.csumFlags = r.u32(A.CSUM_FLAGS);
    return out;
  },
  render(e, ctx) {
    if (e.dreg !== undefined) { ctx.load(e.dreg, { ...describePayload(e, ctx), len: e.len }); return; }
    if (e.sreg === undefined) return;
    const src = ctx.get(e.sreg);
    // A sub-byte field is written as (load & mask) ^ value of the same bytes: the field is where the mask has zeros.
    const p = src.payload;
    if (src.mask && p && p.base === e.base && p.offset === e.offset && p.len === e.len && p.header) {
      const run = maskRun(src.mask, true);
      const header = PROTOCOLS[p.header]!;
      const field = run ? findBitField(header, p.offset, run.bit, run.bits) : undefined;
      if (run && field) {
        useField(p.layer, field, ctx);
        const v: RegValue = { ...namedField(header, field, ctx), shift: p.len * 8 - run.bit - run.bits, bits: run.bits };
        const value = src.immediate ?? Buffer.alloc(p.len);
        ctx.emit(`${v.text} set ${ctx.format(v, value)}`, { mangle: { key: v.json, value: ctx.formatJson(v, value) } });
        return;
      }
    }
    const d = describePayload(e, ctx);
    ctx.emit(`${d.text} set ${ctx.source(e.sreg, d.type, false)}`, { mangle: { key: d.json, value: ctx.sourceJson(e.sreg, d.type, false) } });
  },
});
