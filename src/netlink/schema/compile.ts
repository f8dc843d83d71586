// The model decoder of a schema, generated from it once (as YNL generates C from its specs, but at run time):
// a switch over attribute numbers with each field store written out, so that decoding a dump of 100k routes
// costs what a hand-written decoder costs. The generated text only ever contains numbers, field names that
// are identifiers (checked) and cursor method names; everything else is passed in as a value.
import { AttributeCursor, hostCodec } from '../attributes.js';
import type { FieldDef, FieldType, LayoutValue } from './layout.js';
import type { MessageSchema } from './message.js';
import type { AttributeRow, Model } from './rows.js';
import * as K from './kinds.js';
import type { ValueKind } from './kinds.js';

export type Decoder<M> = (buf: Buffer, start: number, end: number) => M;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

// Kinds whose read is one cursor method: called in place.
const CURSOR_METHODS = new Map<ValueKind<unknown>, string>([
  [K.u8 as ValueKind<unknown>, 'u8'], [K.u16 as ValueKind<unknown>, 'u16'], [K.u32 as ValueKind<unknown>, 'u32'],
  [K.s32 as ValueKind<unknown>, 's32'], [K.string as ValueKind<unknown>, 'string'], [K.ip as ValueKind<unknown>, 'ip'],
]);

function member(type: FieldType, at: string): string {
  const byte = (i: number): string => `buf[${at} + ${i}]`;
  switch (type) {
    case 'u8': return byte(0);
    case 'u16': return `(${byte(0)} | (${byte(1)} << 8))`;
    case 's32': return `(${byte(0)} | (${byte(1)} << 8) | (${byte(2)} << 16) | (${byte(3)} << 24))`;
    case 'u32': return `((${byte(0)} | (${byte(1)} << 8) | (${byte(2)} << 16) | (${byte(3)} << 24)) >>> 0)`;
    default: return '0';
  }
}

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new TypeError(`schema field '${name}' is not an identifier`);
  return name;
}

/** Generates the decoder of `s` (see decode() for what it does). */
export function compileDecoder<M extends Model, F extends readonly FieldDef[]>(s: MessageSchema<M, F>): Decoder<M> {
  const header = s.header;
  const fields = header.fields
    .filter(([, t]) => t !== 'pad8' && t !== 'pad16')
    .map(([name, type]) => `${identifier(name)}: ${member(type, `start + ${header.offsets[name as keyof typeof header.offsets]}`)}`);
  const rows: Array<AttributeRow<M>> = [];
  const cases: string[] = [];
  const keep = 'm.unknown.push(c.attributeIn(own === undefined ? (own = Buffer.from(buf.subarray(start, end))) : own, start))';
  for (const row of s.attributes.rows) {
    if (row.named) continue; // kept as unknown, as the default case does
    const method = row.plain === true && row.field !== undefined ? CURSOR_METHODS.get(row.kind) : undefined;
    if (method !== undefined) {
      cases.push(`case ${row.type}: m.${identifier(row.field!)} = c.${method}(); break;`);
    } else {
      rows.push(row);
      cases.push(`case ${row.type}: if (!rows[${rows.length - 1}].decode(c, m)) ${keep}; break;`);
    }
  }
  // Unknown attributes share one copy of the message (a model must not pin the receive buffer).
  const source = `
    return function decode(buf, start, end) {
      if (end - start < ${header.size}) header.read(buf, start, end);
      const h = { ${fields.join(', ')} };
      const m = fromHeader(h);
      const c = new Cursor(codec).reset(buf, start + ${header.size}, end, context, start);
      let own;
      while (c.next()) {
        switch (c.type) {
          ${cases.join('\n          ')}
          default: ${keep};
        }
      }
      if (finish !== undefined) finish(m, h);
      return m;
    };`;
  const make = new Function('header', 'fromHeader', 'finish', 'Cursor', 'codec', 'context', 'rows', 'Buffer', source) as (
    header: typeof s.header, fromHeader: (h: LayoutValue<F>) => M, finish: ((m: M, h: LayoutValue<F>) => void) | undefined,
    cursor: typeof AttributeCursor, codec: typeof hostCodec, context: string, rows: ReadonlyArray<AttributeRow<M>>, buffer: typeof Buffer,
  ) => Decoder<M>;
  return make(header, s.fromHeader, s.finish, AttributeCursor, hostCodec, s.context, rows, Buffer);
}
