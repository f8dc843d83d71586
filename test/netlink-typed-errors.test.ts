// Typed errors everywhere (issue 11 item 7): each case the issue found, and every nftables user input that
// used to escape as RangeError/TypeError or be encoded silently wrong, now a ValidationError naming the field.
import test from 'ava';
import {
  NLA_F_NESTED, NetlinkDecodeError, ValidationError, describeMessage, encodeMessage, netfilterCodec, parseCapture, parseMessages, type NetlinkMessage,
} from '../src/netlink/index.js';
import { decodeEvent, decodeExpressions, decodeOperation, decodeSetElements, encodeChain, encodeExpressions, encodeRule, encodeTable, match as m, NftMsg, RuleAttr, SetElemAttr, SetElemListAttr, type Expression } from '../src/nfnetlink/nftables/index.js';
import { EXPRESSIONS } from '../src/nfnetlink/nftables/expressions/registry.js';
import { encodeSet, encodeSetElements } from '../src/nfnetlink/nftables/set.js';
import { type ExpressionCodec } from '../src/nfnetlink/nftables/expressions/codec.js';
import { nfPayload } from '../src/nfnetlink/index.js';
import '../src/rtnetlink/descriptor.js';

const nftMessage = (m: number, payload: Buffer): NetlinkMessage => parseMessages(encodeMessage({ type: (10 << 8) | m, flags: 0, seq: 1, pid: 0 }, payload))[0]!;

/** NEWSETELEM whose one element's key holds NFTA_DATA attribute `dataType` (1 = NFTA_DATA_VALUE). */
function setElemMessage(dataType: number): NetlinkMessage {
  const w = netfilterCodec.writer().string(SetElemListAttr.TABLE, 't').string(SetElemListAttr.SET, 's');
  w.nested(SetElemListAttr.ELEMENTS, (l) => l.nested(1, (e) => e.nested(SetElemAttr.KEY, (k) => k.bytes(dataType, Buffer.from([10, 0, 0, 1])))));
  return nftMessage(NftMsg.NEWSETELEM, nfPayload(2, w.finish()));
}

test('a NEWSETELEM with an NFTA_DATA type the decoder does not know is a NetlinkDecodeError from every decoder', (t) => {
  t.is(decodeSetElements(setElemMessage(1)).elements[0]!.key, '0a000001');
  const bad = setElemMessage(7);
  for (const decode of [decodeSetElements, decodeEvent, decodeOperation]) {
    const e = t.throws(() => decode(bad), { instanceOf: NetlinkDecodeError });
    t.regex(e!.message, /NFTA_DATA attribute type 7 is not modelled/);
  }
});

const exprList = (fill: Parameters<ReturnType<typeof netfilterCodec.writer>['nested']>[1]): Buffer =>
  netfilterCodec.writer().nested(RuleAttr.EXPRESSIONS, (l) => l.nested(1, fill)).finish();
const decodeList = (b: Buffer): Expression[] => {
  const list = parseMessages(encodeMessage({ type: 0x0a06, flags: 0, seq: 0, pid: 0 }, nfPayload(2, b)))[0]!.payload.subarray(4);
  return decodeExpressions({ type: RuleAttr.EXPRESSIONS, nested: true, netByteOrder: false, value: list.subarray(4) });
};

test('the expression registry keeps raw only what is well-formed but unmodelled, and lets everything else through', (t) => {
  // cmp with an op the library does not model (99): raw, every byte kept.
  const unknownOp = exprList((e) => { e.string(1, 'cmp'); e.nested(2, (d) => d.u32(1, 1).u32(2, 99).nested(3, (x) => x.bytes(1, Buffer.from([1])))); });
  t.is(decodeList(unknownOp)[0]!.kind, 'raw');
  // cmp whose NFTA_CMP_OP is 2 bytes instead of 4: malformed, not "unmodelled".
  const shortOp = exprList((e) => { e.string(1, 'cmp'); e.nested(2, (d) => d.u32(1, 1).bytes(2, Buffer.from([0, 0])).nested(3, (x) => x.bytes(1, Buffer.from([1])))); });
  t.throws(() => decodeList(shortOp), { instanceOf: NetlinkDecodeError, message: /u32 needs 4 bytes/ });
  // A codec with a bug: its exception is not swallowed into a raw expression.
  const registry = EXPRESSIONS as Map<string, ExpressionCodec>;
  registry.set('nlts-test-buggy', { name: 'nlts-test-buggy', encode: () => undefined, decode: () => { throw new TypeError('a bug'); }, render: () => undefined });
  try {
    const buggy = exprList((e) => { e.string(1, 'nlts-test-buggy'); e.nested(2, (d) => d.u32(1, 1)); });
    t.throws(() => decodeList(buggy), { instanceOf: TypeError, message: 'a bug' });
  } finally {
    registry.delete('nlts-test-buggy');
  }
});

test('the capture parser refuses text that is neither an strace log nor hex with a ValidationError', (t) => {
  t.throws(() => parseCapture('hello world\n'), { instanceOf: ValidationError, message: /line 1: not hexadecimal bytes/ });
  t.throws(() => parseCapture('0a0b0\n'), { instanceOf: ValidationError });
  t.is(parseCapture('0a 0b 0c 0d\n')[0]!.bytes.length, 4);
});

test('2,600 levels of nesting: describeMessage reports a decode error at the depth limit instead of overflowing the stack', (t) => {
  const depth = 2600;
  const nest = Buffer.alloc(depth * 4);
  for (let i = 0; i < depth; i++) { nest.writeUInt16LE((depth - i) * 4, i * 4); nest.writeUInt16LE(200 | NLA_F_NESTED, i * 4 + 2); }
  const msg = parseMessages(encodeMessage({ type: 16, flags: 0, seq: 0, pid: 0 }, Buffer.alloc(16), nest))[0]!; // RTM_NEWLINK
  const text = JSON.stringify(describeMessage(msg, 0));
  t.regex(text, /nested deeper than 64 levels/);
  t.notRegex(text, /call stack/);
});

const rule = (expressions: Expression[]) => encodeRule({ family: 'ip', table: 't', chain: 'c', expressions });
const hook = (h: Record<string, unknown>) => encodeChain({ family: 'ip', table: 't', name: 'c', type: 'filter', hook: { hook: 'input', priority: 0 }, ...h } as never);

// Each entry: what the caller passed, and the field the ValidationError must name.
const BAD_INPUT: ReadonlyArray<[string, () => unknown, string]> = [
  ['tcp dport 70000', () => m.tcpDport(70000), 'tcp dport'],
  ['tcp dport -1', () => m.tcpDport(-1), 'tcp dport'],
  ['tcp dport 1.5', () => m.tcpDport(1.5), 'tcp dport'],
  ['tcp dport NaN', () => m.tcpDport(NaN), 'tcp dport'],
  ['tcp dport { 1, 70000 }', () => m.portIn('tcp', 'dport', [1, 70000]), 'tcp dport'],
  ['meta mark 2^33', () => m.metaMark(2 ** 33), 'meta mark'],
  ['meta mark -5', () => m.metaMark(-5), 'meta mark'],
  ['ct zone 70000', () => m.ctZone(70000), 'ct zone'],
  ['ct zone set 70000', () => m.ctZoneSet(70000), 'ct zone'],
  ['dnat to :99999', () => m.dnatPort('10.0.0.1', 99999), 'port'],
  ['redirect to :70000', () => m.redirect(70000), 'port'],
  ['masquerade to :1-99999', () => m.masquerade({ ports: [1, 99999] }), 'port'],
  ['tproxy to :700000', () => m.tproxy({ port: 700000 }), 'port'],
  ['meta l4proto 300', () => m.l4proto(300), 'meta l4proto'],
  ['meta l4proto sctpx', () => m.l4proto('sctpx' as never), 'l4proto'],
  ['ct state bogus', () => m.ctState('bogus' as never), 'ct state'],
  ['limit rate -1/second', () => m.limit(-1, 'second'), 'limit rate'],
  ['limit rate 1/year', () => m.limit(1, 'year' as never), 'limit'],
  ['meta bogus', () => m.metaMatch('bogus', 1), 'meta key'],
  ['table of family bogus', () => encodeTable({ family: 'bogus' as never, name: 'x' }), 'nfgen_family'],
  ['chain priority bogus', () => hook({ hook: { hook: 'input', priority: 'bogus' } }), 'chain priority'],
  ['chain hook egress in ip', () => hook({ hook: { hook: 'egress', priority: 0 } }), 'chain hook'],
  ['chain hook bogus', () => hook({ hook: { hook: 'bogus', priority: 0 } }), 'attribute type 1'],
  ['chain policy bogus', () => hook({ policy: 'bogus' }), 'chain policy'],
  ['rule comment of 300 bytes', () => encodeRule({ family: 'ip', table: 't', chain: 'c', expressions: [], comment: 'x'.repeat(300) }), 'comment'],
  ['expression kind bogus', () => rule([{ kind: 'bogus' } as never]), 'expression'],
  ['payload base bogus', () => rule([{ kind: 'payload', base: 'bogus' as never, offset: 0, len: 4, dreg: 1 }]), 'payload base'],
  ['cmp op bogus', () => rule([{ kind: 'cmp', sreg: 1, op: 'bogus' as never, data: '00' }]), 'attribute type 2'],
  ['cmp data zz', () => rule([{ kind: 'cmp', sreg: 1, op: 'eq', data: 'zz' }]), 'data value'],
  ['verdict bogus', () => rule([{ kind: 'immediate', dreg: 0, data: { verdict: { code: 'bogus' as never } } }]), 'verdict'],
  ['set element key zz', () => encodeSetElements('ip', 't', 's', [{ key: 'zz' }]), 'set element key'],
  ['set element key abc', () => encodeSetElements('ip', 't', 's', [{ key: 'abc' }]), 'set element key'],
  ['set flags 2^40', () => encodeSet({ family: 'ip', table: 't', name: 's', flags: 2 ** 40, keyType: 7, keyLen: 4 }), 'attribute type 3'],
];

for (const [what, build, field] of BAD_INPUT) {
  test(`bad input is a ValidationError naming the field: ${what}`, (t) => {
    const e = t.throws(() => { const r = build(); if (Array.isArray(r)) rule(r as Expression[]); }, { instanceOf: ValidationError });
    t.is(e!.field, field);
  });
}

test('an attribute or nest longer than nla_len can say (u16) is a ValidationError, not a RangeError from Buffer', (t) => {
  const w = netfilterCodec.writer();
  t.throws(() => w.bytes(1, Buffer.alloc(70000)), { instanceOf: ValidationError, message: /70004 bytes do not fit in nla_len/ });
  t.throws(() => netfilterCodec.writer().nested(1, (n) => { for (let i = 0; i < 20; i++) n.bytes(2, Buffer.alloc(4000)); }), { instanceOf: ValidationError });
  t.throws(() => encodeExpressions(netfilterCodec.writer(), RuleAttr.EXPRESSIONS, Array.from({ length: 3000 }, () => m.counter()[0]!)), { instanceOf: ValidationError });
});

test('writer: hex() writes what bytes() writes, refuses non-hex leaving nothing behind; openNest/closeNest equal nested(); truncate', (t) => {
  const a = netfilterCodec.writer().hex(1, '0a0000ff').hex(2, '').hex(3, 'ABcd01').finish();
  const b = netfilterCodec.writer().bytes(1, Buffer.from('0a0000ff', 'hex')).bytes(2, Buffer.alloc(0)).bytes(3, Buffer.from('abcd01', 'hex')).finish();
  t.true(a.equals(b));
  const w = netfilterCodec.writer().u32(1, 5);
  for (const bad of ['zz', 'abc', '0g', '0a0 ']) {
    t.throws(() => w.hex(2, bad, 'key'), { instanceOf: ValidationError, message: /invalid key/ });
    t.is(w.length, 8);
  }
  const open = netfilterCodec.writer();
  const n = open.openNest(4);
  open.u32(1, 7).string(2, 'x');
  open.closeNest(n);
  t.true(open.finish().equals(netfilterCodec.writer().nested(4, (x) => x.u32(1, 7).string(2, 'x')).finish()));
  const tr = netfilterCodec.writer().u32(1, 1);
  const mark = tr.length;
  tr.u32(2, 2).truncate(mark);
  t.true(tr.finish().equals(netfilterCodec.writer().u32(1, 1).finish()));
  t.throws(() => tr.truncate(100), { instanceOf: ValidationError });
});
