// Attribute rows: one per attribute a message carries (number, kernel name, value kind, model field), and the
// table a schema keeps them in. Everything else (decoder, encoder, view, `decode` policy) reads these rows.
import type { Attribute, AttributeCursor, AttributeWriter } from '../attributes.js';
import type { AttrPolicy } from '../describe.js';
import * as K from './kinds.js';
import type { ValueKind } from './kinds.js';

/** A model with the attributes no row claims, kept in arrival order and re-emitted on encode. */
export interface Model {
  unknown: Attribute[];
}

/** The fields of M whose values (undefined aside) are V. */
export type FieldOf<M, V> = { [F in keyof M]-?: [NonNullable<M[F]>] extends [V] ? F : never }[keyof M] & string;

export interface AttributeRow<M> {
  readonly type: number;
  /** The kernel's name, 'IFA_ADDRESS'. */
  readonly name: string;
  readonly kind: ValueKind<unknown>;
  /** The model field it fills, when it fills exactly one with its value (a view can read it alone). */
  readonly field?: string;
  /** `decode`'s rendering of the value (enum or flag names). */
  readonly render?: (v: number | bigint | string) => unknown;
  /** `decode`'s policy of a nest. */
  readonly nested?: AttrPolicy;
  /** Named only: decoded as unknown, so a view neither checks nor reads it. */
  readonly named?: true;
  /** One value into `field` as the kind reads it (a generated decoder stores it in place). */
  readonly plain?: true;
  /** Reads the cursor's attribute into the model; false: keep it as unknown instead. */
  decode(c: AttributeCursor, m: M): boolean;
  /** Writes what the model holds for this attribute (nothing when absent). */
  encode(w: AttributeWriter, m: M): void;
}

/** A row before its number is known: the table's key gives it. */
export type Row<M> = Omit<AttributeRow<M>, 'type' | 'encode'> & { encode(w: AttributeWriter, m: M, type: number): void };

/** A custom codec for attributes that are not one value in one field (structs, nests, values merged with the header). */
export interface CustomCodec<M> {
  decode(c: AttributeCursor, m: M): boolean | void;
  encode(w: AttributeWriter, m: M, type: number): void;
}

/**
 * `(c, m) => { m.FIELD = kind.read(c); return true; }` as a function of its own: a named store and one kind
 * per call site keep each row's decode monomorphic (one shared closure storing `m[field]` for every row was
 * a third slower on link dumps). `field` is a model property name, checked to be an identifier.
 */
function storeInto<M>(kind: ValueKind<unknown>, field: string): (c: AttributeCursor, m: M) => boolean {
  if (!/^[A-Za-z_$][\w$]*$/.test(field)) throw new Error(`'${field}' is not a field name`);
  return new Function('kind', `return function decode(c, m) { m.${field} = kind.read(c); return true; }`)(kind) as (c: AttributeCursor, m: M) => boolean;
}

function fieldRow<M, V>(kind: ValueKind<V>, name: string, field: string, render?: (v: number | bigint | string) => unknown): Row<M> {
  return {
    name, kind: kind as ValueKind<unknown>, field, render, plain: true,
    decode: storeInto<M>(kind, field),
    encode(w, m, type) {
      const v = (m as Record<string, unknown>)[field];
      if (v !== undefined) kind.write(w, type, v as V);
    },
  };
}

type Render = (v: number | bigint | string) => unknown;

/** Row builders bound to a model type, so that each field name is checked against the model. */
export function rowsFor<M extends Model>() {
  return {
    u8: (name: string, field: FieldOf<M, number>, render?: Render): Row<M> => fieldRow<M, number>(K.u8, name, field, render),
    u16: (name: string, field: FieldOf<M, number>, render?: Render): Row<M> => fieldRow<M, number>(K.u16, name, field, render),
    u32: (name: string, field: FieldOf<M, number>, render?: Render): Row<M> => fieldRow<M, number>(K.u32, name, field, render),
    s32: (name: string, field: FieldOf<M, number>, render?: Render): Row<M> => fieldRow<M, number>(K.s32, name, field, render),
    u16be: (name: string, field: FieldOf<M, number>, render?: Render): Row<M> => fieldRow<M, number>(K.u16be, name, field, render),
    string: (name: string, field: FieldOf<M, string>): Row<M> => fieldRow<M, string>(K.string, name, field),
    ip: (name: string, field: FieldOf<M, string>): Row<M> => fieldRow<M, string>(K.ip, name, field),
    lladdr: (name: string, field: FieldOf<M, string>): Row<M> => fieldRow<M, string>(K.lladdr, name, field),
    flag: (name: string, field: FieldOf<M, boolean>): Row<M> => fieldRow<M, true>(K.flag, name, field),
    /** A field of a kind declared beside its schema (a hardware address, a u8 read as a boolean, ...). */
    value: <V>(kind: ValueKind<V>, name: string, field: FieldOf<M, V>): Row<M> => fieldRow<M, V>(kind, name, field),
    /** An attribute the model does not carry: named by `decode`, kept in `unknown` like any other. */
    named: <V>(name: string, kind: ValueKind<V>, extra: { render?: Render; nested?: AttrPolicy } = {}): Row<M> => ({
      name, kind: kind as ValueKind<unknown>, ...extra, named: true, decode: () => false, encode: () => {},
    }),
    /**
     * An attribute with its own codec; `kind` is how `decode` shows it (and, with `field`, how a view reads
     * the raw value under that name).
     */
    custom: <V>(name: string, kind: ValueKind<V>, codec: CustomCodec<M>, extra: { render?: Render; nested?: AttrPolicy; field?: string } = {}): Row<M> => ({
      name, kind: kind as ValueKind<unknown>, ...extra,
      decode: (c, m) => codec.decode(c, m) !== false,
      encode: codec.encode,
    }),
  };
}

/** The rows of one message (or nest), by attribute number. */
export class AttributeTable<M> {
  /** In encoding order (the declaration's: ascending numbers). */
  readonly rows: readonly AttributeRow<M>[];
  /** rows by attribute number (sparse). */
  readonly byType: ReadonlyArray<AttributeRow<M> | undefined>;
  /** The row filling each single-valued field. */
  readonly byField: ReadonlyMap<string, AttributeRow<M>>;

  constructor(rows: Readonly<Record<number, Row<M>>>) {
    const list: AttributeRow<M>[] = [];
    const byType: Array<AttributeRow<M> | undefined> = [];
    const byField = new Map<string, AttributeRow<M>>();
    for (const [key, r] of Object.entries(rows)) {
      const type = Number(key);
      const encode = r.encode;
      const row: AttributeRow<M> = { ...r, type, encode: (w, m) => encode(w, m, type) };
      list.push(row);
      byType[type] = row;
      if (row.field !== undefined) byField.set(row.field, row);
    }
    this.rows = list;
    this.byType = byType;
    this.byField = byField;
  }

  /** A copy with more rows (or rows replaced): one line per new attribute. */
  with<N extends M>(rows: Readonly<Record<number, Row<N>>>): AttributeTable<N> {
    const all: Record<number, Row<N>> = {};
    for (const r of this.rows) all[r.type] = { ...r, encode: (w, m) => r.encode(w, m) };
    return new AttributeTable<N>({ ...all, ...rows });
  }

  /** The `decode` policy of these rows. */
  policy(): AttrPolicy {
    const p: Record<number, AttrPolicy[number]> = {};
    for (const r of this.rows) {
      p[r.type] = { name: r.name, kind: r.nested ? 'nested' : r.kind.policy, ...(r.render ? { render: r.render } : {}), ...(r.nested ? { policy: r.nested } : {}) };
    }
    return p;
  }
}

/** Declares the attribute rows of a message: `attributes({ 1: a.ip('IFA_ADDRESS', 'address'), ... })`. */
export function attributes<M>(rows: Readonly<Record<number, Row<M>>>): AttributeTable<M> {
  return new AttributeTable<M>(rows);
}
