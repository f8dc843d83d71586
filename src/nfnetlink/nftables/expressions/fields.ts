// Expressions whose NFTA_EXPR_DATA is a flat run of scalar attributes, each spelled once in a table: the
// encoder, the decoder and the `decode` policy (descriptor.ts) all come from that table.
import { NetlinkDecodeError, type Attribute, type AttributeWriter } from '../../../netlink/index.js';
import type { AttrPolicy, AttrSpec } from '../../../netlink/describe.js';
import { ExprReader, UnmodelledAttribute } from './reader.js';
import { writeData } from './writer.js';
import type { Expression } from './types.js';

/**
 * How a field's value is carried (netfilter byte order): an integer of a width, a NUL-terminated string, or
 * a value in an NFTA_DATA_VALUE nest (hex in the model).
 */
export type FieldKind = 'u8' | 'u16' | 'u32' | 'u64' | 'string' | 'data';

/** One attribute of an expression: its number, kernel name, model key and kind, in the order it is written. */
export interface Field<E> {
  type: number; // NFTA_<EXPR>_<ATTR>
  attr: string; // the kernel's name, for `decode`
  key: Exclude<keyof E, 'kind'> & string;
  kind: FieldKind;
  /** Always written and read (a missing attribute is a decode error); otherwise only when present. */
  required?: boolean;
  /**
   * A u32 enum whose model is a name: values[n] is the name of n. A value beyond it is `unknown`: unmodelled
   * (the expression stays raw) or invalid (a decode error). kernelNames name the numbers in `decode`.
   */
  values?: readonly string[];
  unknown?: 'unmodelled' | 'invalid';
  kernelNames?: readonly string[];
  /** Written when the model has no value (the kernel's default, sent explicitly as nft does). */
  writeDefault?: number;
  /** Read when the attribute is absent (the kernel's default for it). */
  readDefault?: number;
}

/** The attributes of an expression that are known but not modelled (read and dropped, as NFTA_*_PAD). */
export interface FieldOptions { alsoKnown?: readonly number[] }

/** The encoder, decoder and `decode` policy of an expression described by `fields`. */
export interface FieldCodec<E> {
  encode(e: E, w: AttributeWriter): void;
  decode(attrs: readonly Attribute[]): E;
  policy: AttrPolicy;
}

/** What the helpers below need of a field, whatever its expression. */
type FieldShape = Pick<Field<never>, 'type' | 'attr' | 'kind' | 'kernelNames'>;

type Values = Record<string, string | number | bigint | undefined>;

/** An expression codec from a table of fields (see Field). */
export function fieldCodec<E extends Expression>(name: string, fields: ReadonlyArray<Field<E>>, options: FieldOptions = {}): FieldCodec<E> {
  const known = [...fields.map((f) => f.type), ...(options.alsoKnown ?? [])];
  const policy: AttrPolicy = Object.fromEntries(fields.map((f) => [f.type, policySpec(f)]));
  return {
    encode(e, w) {
      const v = e as unknown as Values;
      for (const f of fields) {
        const value = v[f.key] ?? f.writeDefault;
        if (value === undefined && !f.required) continue;
        write(w, f, f.values ? f.values.indexOf(value as string) : value);
      }
    },
    decode(attrs) {
      const r = new ExprReader(name, attrs, known);
      const out: Values = { kind: name };
      for (const f of fields) {
        const present = r.has(f.type);
        if (!present && f.readDefault === undefined && !f.required) continue;
        const raw = present || f.readDefault === undefined ? read(r, f) : f.readDefault;
        if (!f.values) { out[f.key] = raw; continue; }
        const named = f.values[raw as number];
        if (named === undefined) {
          if (f.unknown === 'invalid') throw new NetlinkDecodeError(`${name} expression`, 0, `${f.attr} out of range`);
          throw new UnmodelledAttribute(`${name} expression`, `${name} ${f.key} value`);
        }
        out[f.key] = named;
      }
      return out as unknown as E;
    },
    policy,
  };
}

function write(w: AttributeWriter, f: FieldShape, value: unknown): void {
  switch (f.kind) {
    case 'u8': w.u8(f.type, value as number); break;
    case 'u16': w.u16(f.type, value as number); break;
    case 'u32': w.u32(f.type, value as number); break;
    case 'u64': w.u64(f.type, value as number | bigint); break;
    case 'string': w.string(f.type, value as string); break;
    case 'data': writeData(w, f.type, { value: value as string }); break;
  }
}

function read(r: ExprReader, f: FieldShape): string | number {
  switch (f.kind) {
    case 'u8': return r.u8(f.type);
    case 'u16': return r.u16(f.type);
    case 'u32': return r.u32(f.type);
    case 'u64': return r.u64(f.type);
    case 'string': return r.string(f.type);
    case 'data': return r.value(f.type);
  }
}

// enum nft_data_attributes / nft_verdict_attributes, for `decode`.
const VERDICTS: Readonly<Record<number, string>> = { 0: 'NF_DROP', 1: 'NF_ACCEPT', 3: 'NF_QUEUE', [-1]: 'NFT_CONTINUE', [-2]: 'NFT_BREAK', [-3]: 'NFT_JUMP', [-4]: 'NFT_GOTO', [-5]: 'NFT_RETURN' };
const VERDICT_CODE: AttrSpec = { name: 'NFTA_VERDICT_CODE', kind: 's32', render: (v) => VERDICTS[Number(v)] ?? v };
/** The policy of an NFTA_DATA nest (a value or a verdict). */
export const DATA_POLICY: AttrPolicy = {
  1: { name: 'NFTA_DATA_VALUE', kind: 'hex' },
  2: { name: 'NFTA_DATA_VERDICT', kind: 'nested', policy: { 1: VERDICT_CODE, 2: { name: 'NFTA_VERDICT_CHAIN', kind: 'string' }, 3: { name: 'NFTA_VERDICT_CHAIN_ID', kind: 'u32' } } },
};

function policySpec(f: FieldShape): AttrSpec {
  if (f.kind === 'data') return { name: f.attr, kind: 'nested', policy: DATA_POLICY };
  const names = f.kernelNames;
  if (!names) return { name: f.attr, kind: f.kind };
  return { name: f.attr, kind: f.kind, render: (v: number | bigint | string) => names[Number(v)] ?? v };
}
