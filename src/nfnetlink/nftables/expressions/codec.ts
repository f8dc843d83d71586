// What each expression file provides: its kernel name, an encoder, a decoder and a renderer.
import type { Attribute, AttributeWriter } from '../../../netlink/index.js';
import type { AttrPolicy } from '../../../netlink/describe.js';
import type { RenderContext } from '../render/context.js';
import type { Expression } from './types.js';

export interface ExpressionCodec<E extends Expression = Expression> {
  /** NFTA_EXPR_NAME. */
  name: string;
  /** The expression has no NFTA_EXPR_DATA at all (notrack). */
  noData?: true;
  /** Writes the attributes inside NFTA_EXPR_DATA. */
  encode(e: E, w: AttributeWriter): void;
  /** Reads the attributes of NFTA_EXPR_DATA; throws UnmodelledAttribute for what it does not model. */
  decode(attrs: readonly Attribute[]): E;
  /** Names of the NFTA_EXPR_DATA attributes for `decode`, when the codec is built from a table (fields.ts). */
  policy?: AttrPolicy;
  /** Adds this expression's effect to the rule being rendered in nft syntax. */
  render(e: E, ctx: RenderContext): void;
}

/** Identity helper that keeps the expression type of a codec literal. */
export function defineExpression<E extends Expression>(c: ExpressionCodec<E>): ExpressionCodec<E> {
  return c;
}
