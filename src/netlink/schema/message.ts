// A message schema: its fixed header (a layout) and its attribute rows, plus the few lines that tie the
// header to the model. decode() and encode() are derived from it; so are the view (view.ts) and the
// `decode` description (describeSpec).
import { hostCodec, type AttributeWriter } from '../attributes.js';
import { compileDecoder, type Decoder } from './compile.js';
import type { MessageSpec, RequestKind } from '../describe.js';
import type { FieldDef, Layout, LayoutValue } from './layout.js';
import type { AttributeTable, Model } from './rows.js';

export interface MessageSchema<M extends Model, F extends readonly FieldDef[]> {
  /** Context of decode errors: 'address attributes'. */
  readonly context: string;
  readonly header: Layout<F>;
  readonly attributes: AttributeTable<M>;
  /** The model with what the header says (attributes are read into it next). */
  fromHeader(h: LayoutValue<F>): M;
  /** Fields derived once every attribute is read (from both). */
  finish?(m: M, h: LayoutValue<F>): void;
  /** The header of a model, for encode(). */
  toHeader(m: M): Partial<LayoutValue<F>>;
  /** `decode`'s rendering of header fields, by our field name (others show as numbers). */
  readonly describeHeader?: { readonly [K in keyof LayoutValue<F>]?: (v: number) => unknown };
}

/** Declares a message schema (an identity that keeps the types inferred). */
export function messageSchema<M extends Model, const F extends readonly FieldDef[]>(s: MessageSchema<M, F>): MessageSchema<M, F> {
  return s;
}

/**
 * The model of the payload at [start, end) of `buf`. Unknown attributes are kept (one copy of the message
 * shared by all of them, so the model does not pin the receive buffer). Error offsets are relative to `start`.
 */
export function decode<M extends Model, F extends readonly FieldDef[]>(s: MessageSchema<M, F>, buf: Buffer, start = 0, end = buf.length): M {
  return decoderOf(s)(buf, start, end);
}

const decoders = new WeakMap<object, Decoder<unknown>>();

/** The generated decoder of a schema (made on first use). */
export function decoderOf<M extends Model, F extends readonly FieldDef[]>(s: MessageSchema<M, F>): Decoder<M> {
  let d = decoders.get(s) as Decoder<M> | undefined;
  if (d === undefined) decoders.set(s, d = compileDecoder(s));
  return d;
}

/** The payload of a model: header, then every attribute the model holds in row order, then the unknown ones. */
export function encode<M extends Model, F extends readonly FieldDef[]>(s: MessageSchema<M, F>, m: M, w: AttributeWriter = hostCodec.writer(128)): Buffer {
  const at = w.space(s.header.size);
  for (const row of s.attributes.rows) row.encode(w, m);
  for (const u of m.unknown) w.attribute(u);
  const out = w.finish();
  s.header.writeInto(out, at, s.toHeader(m));
  return out;
}

/** The `decode` description of a message type of this schema. */
export function describeSpec<M extends Model, F extends readonly FieldDef[]>(s: MessageSchema<M, F>, name: string, kind: RequestKind): MessageSpec {
  return { name, kind, attributes: s.attributes.policy(), fixed: describeFixed(s.header, s.describeHeader ?? {}) };
}

/** `decode`'s view of a fixed header: members by their kernel names (pads left out), rendered where asked. */
export function describeFixed<F extends readonly FieldDef[]>(
  header: Layout<F>, renderers: { readonly [K in keyof LayoutValue<F>]?: (v: number) => unknown },
): NonNullable<MessageSpec['fixed']> {
  const shown = header.fields.filter(([, t]) => t !== 'pad8' && t !== 'pad16');
  const r = renderers as Readonly<Record<string, ((v: number) => unknown) | undefined>>;
  return {
    size: header.size,
    render: (b) => {
      const h = header.read(b) as Record<string, number>;
      const out: Record<string, unknown> = {};
      for (const [field, , kernelName] of shown) {
        const f = r[field];
        out[kernelName] = f ? f(h[field]!) : h[field];
      }
      return out;
    },
  };
}
