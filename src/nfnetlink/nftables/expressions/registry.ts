// Every expression the library models, keyed by the kernel's name (NFTA_EXPR_NAME), and the list codec
// (NFTA_RULE_EXPRESSIONS): unknown expressions, and known ones carrying what we do not model, stay raw.
import { type Attribute, type AttributeWriter, netfilterCodec, parseAttributes, NetlinkDecodeError, ValidationError } from '../../../netlink/index.js';
import { ExprAttr, NFTA_LIST_ELEM } from '../constants.js';
import type { ExpressionCodec } from './codec.js';
import { UnmodelledAttribute } from './reader.js';
import type { Expression, RawExpr } from './types.js';
import { meta } from './meta.js';
import { payload } from './payload.js';
import { cmp } from './cmp.js';
import { bitwise } from './bitwise.js';
import { byteorder } from './byteorder.js';
import { range } from './range.js';
import { lookup } from './lookup.js';
import { immediate } from './immediate.js';
import { ct } from './ct.js';
import { counter } from './counter.js';
import { log } from './log.js';
import { limit } from './limit.js';
import { masq } from './masq.js';
import { nat } from './nat.js';
import { redir } from './redir.js';
import { notrack } from './notrack.js';
import { reject } from './reject.js';
import { tproxy } from './tproxy.js';
import { exthdr } from './exthdr.js';
import { rt } from './rt.js';
import { socket } from './socket.js';
import { osf } from './osf.js';
import { xfrm } from './xfrm.js';
import { fib } from './fib.js';
import { numgen } from './numgen.js';
import { hash } from './hash.js';
import { quota } from './quota.js';
import { connlimit } from './connlimit.js';
import { synproxy } from './synproxy.js';
import { dup } from './dup.js';
import { fwd } from './fwd.js';
import { objref } from './objref.js';
import { dynset } from './dynset.js';
import type { RenderContext } from '../render/context.js';

const ALL: ReadonlyArray<ExpressionCodec<never>> = [
  meta, payload, cmp, bitwise, byteorder, range, lookup, immediate, ct, counter, log, limit, masq, nat, redir, notrack, reject, tproxy, exthdr,
  rt, socket, osf, xfrm, fib, numgen, hash, quota, connlimit, synproxy, dup, fwd, objref, dynset,
] as unknown as ReadonlyArray<ExpressionCodec<never>>;

/** Kernel expression name -> codec. */
export const EXPRESSIONS: ReadonlyMap<string, ExpressionCodec> = new Map(ALL.map((c) => [c.name, c as unknown as ExpressionCodec]));

function codecFor(e: Expression): ExpressionCodec | undefined {
  return e.kind === 'raw' ? undefined : EXPRESSIONS.get(e.kind);
}

/** Writes one expression as an NFTA_LIST_ELEM nest. */
export function encodeExpression(w: AttributeWriter, e: Expression): void {
  w.nested(NFTA_LIST_ELEM, (el) => {
    if (e.kind === 'raw') {
      el.string(ExprAttr.NAME, e.name);
      if (e.data !== undefined) el.nested(ExprAttr.DATA, (d) => d.raw(Buffer.from(e.data!, 'hex')));
      return;
    }
    const c = codecFor(e);
    if (!c) throw new ValidationError('expression', `no codec for expression kind '${String(e.kind)}'`);
    el.string(ExprAttr.NAME, c.name);
    if (!c.noData) el.nested(ExprAttr.DATA, (d) => c.encode(e, d));
  });
}

/** Writes a rule's expression list as nested NFTA_LIST_ELEM attributes under `type`. */
export function encodeExpressions(w: AttributeWriter, type: number, list: readonly Expression[]): void {
  w.nested(type, (n) => { for (const e of list) encodeExpression(n, e); });
}

/**
 * Decodes one NFTA_LIST_ELEM. Well-formed bytes the codec does not model (UnmodelledAttribute: an attribute,
 * an enum value) keep the expression raw, every byte of it; malformed bytes throw NetlinkDecodeError, and
 * anything else (a bug) is not hidden either.
 */
export function decodeExpression(elem: Attribute): Expression {
  let name: string | undefined;
  let data: Attribute | undefined;
  for (const a of parseAttributes(elem.value, 0, elem.value.length, 'expression')) {
    if (a.type === ExprAttr.NAME) name = netfilterCodec.string(a);
    else if (a.type === ExprAttr.DATA) data = a;
    else throw new NetlinkDecodeError('expression', 0, `unexpected attribute ${a.type}`);
  }
  if (name === undefined) throw new NetlinkDecodeError('expression', 0, 'NFTA_EXPR_NAME is missing');
  const raw: RawExpr = { kind: 'raw', name, ...(data ? { data: data.value.toString('hex') } : {}) };
  const codec = EXPRESSIONS.get(name);
  if (!codec || (!data && !codec.noData) || (data && codec.noData)) return raw;
  const attrs = data ? parseAttributes(data.value, 0, data.value.length, `${name} expression`) : [];
  try {
    return codec.decode(attrs);
  } catch (e) {
    if (e instanceof UnmodelledAttribute) return raw;
    throw e;
  }
}

/** Decodes a nested expression list; unknown expressions come back as {@link RawExpr} and re-encode unchanged. */
export function decodeExpressions(list: Attribute): Expression[] {
  return parseAttributes(list.value, 0, list.value.length, 'expression list').map((elem) => {
    if (elem.type !== NFTA_LIST_ELEM) throw new NetlinkDecodeError('expression list', 0, `unexpected attribute ${elem.type}`);
    return decodeExpression(elem);
  });
}

/** Renders one expression into the rule being printed; raw ones as nft would not know them either. */
export function renderExpression(e: Expression, ctx: RenderContext): void {
  if (e.kind === 'raw') { ctx.emit(`# unknown expression ${e.name}`, { unknown: { name: e.name, ...(e.data !== undefined ? { data: e.data } : {}) } }); return; }
  codecFor(e)?.render(e as never, ctx);
}
