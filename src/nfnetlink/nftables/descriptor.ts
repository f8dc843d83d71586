// `decode` support: names of every nf_tables message and attribute, expressions included.
import { netfilterCodec, parseAttributes } from '../../netlink/index.js';
import { type AttrPolicy, type AttrSpec, type MessageSpec, type RequestKind } from '../../netlink/describe.js';
import { registerSubsystem } from '../descriptor.js';
import { Subsystem } from '../constants.js';
import { NFGENMSG_SIZE } from '../header.js';
import { ExprAttr, NftMsg, RuleAttr } from './constants.js';
import { META_KEYS } from './expressions/meta.js';
import { CT_KEYS } from './expressions/ct.js';
import { EXPRESSIONS } from './expressions/registry.js';
import { DATA_POLICY } from './expressions/fields.js';

const DATA = DATA_POLICY;
const data = (name: string) => ({ name, kind: 'nested' as const, policy: DATA });
const u32 = (name: string) => ({ name, kind: 'u32' as const });
const str = (name: string) => ({ name, kind: 'string' as const });
const u64 = (name: string) => ({ name, kind: 'u64' as const });

const u8 = (name: string) => ({ name, kind: 'u8' as const });
const named = (name: string, names: Readonly<Record<number, string>>) =>
  ({ name, kind: 'u32' as const, render: (v: number | bigint | string) => names[Number(v)] ?? v });
const list = (...names: string[]): Record<number, string> => Object.fromEntries(names.map((n, i) => [i, n]));

const META_KEY_NAMES = Object.fromEntries(Object.entries(META_KEYS).map(([n, i]) => [i.key, n]));
const CT_KEY_NAMES = Object.fromEntries(Object.entries(CT_KEYS).map(([n, i]) => [i.key, n]));
const CMP_OP = list('NFT_CMP_EQ', 'NFT_CMP_NEQ', 'NFT_CMP_LT', 'NFT_CMP_LTE', 'NFT_CMP_GT', 'NFT_CMP_GTE');
const REG = (name: string) => u32(name);

/**
 * NFTA_EXPR_DATA of each expression, by its NFTA_EXPR_NAME (enum nft_*_attributes in nf_tables.h): the
 * table-driven expressions' own policies (expressions/fields.ts), and below those not (yet) built from a table.
 */
export const EXPRESSION_POLICIES: Readonly<Record<string, AttrPolicy>> = {
  ...Object.fromEntries([...EXPRESSIONS].flatMap(([name, c]) => (c.policy ? [[name, c.policy]] : []))),
  meta: { 1: REG('NFTA_META_DREG'), 2: named('NFTA_META_KEY', META_KEY_NAMES), 3: REG('NFTA_META_SREG') },
  payload: {
    1: REG('NFTA_PAYLOAD_DREG'), 2: named('NFTA_PAYLOAD_BASE', list('NFT_PAYLOAD_LL_HEADER', 'NFT_PAYLOAD_NETWORK_HEADER', 'NFT_PAYLOAD_TRANSPORT_HEADER', 'NFT_PAYLOAD_INNER_HEADER')),
    3: u32('NFTA_PAYLOAD_OFFSET'), 4: u32('NFTA_PAYLOAD_LEN'), 5: REG('NFTA_PAYLOAD_SREG'), 6: u32('NFTA_PAYLOAD_CSUM_TYPE'),
    7: u32('NFTA_PAYLOAD_CSUM_OFFSET'), 8: u32('NFTA_PAYLOAD_CSUM_FLAGS'),
  },
  cmp: { 1: REG('NFTA_CMP_SREG'), 2: named('NFTA_CMP_OP', CMP_OP), 3: data('NFTA_CMP_DATA') },
  range: { 1: REG('NFTA_RANGE_SREG'), 2: named('NFTA_RANGE_OP', list('NFT_RANGE_EQ', 'NFT_RANGE_NEQ')), 3: data('NFTA_RANGE_FROM_DATA'), 4: data('NFTA_RANGE_TO_DATA') },
  lookup: { 1: str('NFTA_LOOKUP_SET'), 2: REG('NFTA_LOOKUP_SREG'), 3: REG('NFTA_LOOKUP_DREG'), 4: u32('NFTA_LOOKUP_SET_ID'), 5: u32('NFTA_LOOKUP_FLAGS') },
  immediate: { 1: REG('NFTA_IMMEDIATE_DREG'), 2: data('NFTA_IMMEDIATE_DATA') },
  ct: { 1: REG('NFTA_CT_DREG'), 2: named('NFTA_CT_KEY', CT_KEY_NAMES), 3: u8('NFTA_CT_DIRECTION'), 4: REG('NFTA_CT_SREG') },
  limit: {
    1: u64('NFTA_LIMIT_RATE'), 2: u64('NFTA_LIMIT_UNIT'), 3: u32('NFTA_LIMIT_BURST'), 4: named('NFTA_LIMIT_TYPE', list('NFT_LIMIT_PKTS', 'NFT_LIMIT_PKT_BYTES')),
    5: u32('NFTA_LIMIT_FLAGS'),
  },
  nat: {
    1: named('NFTA_NAT_TYPE', list('NFT_NAT_SNAT', 'NFT_NAT_DNAT')), 2: u32('NFTA_NAT_FAMILY'), 3: REG('NFTA_NAT_REG_ADDR_MIN'), 4: REG('NFTA_NAT_REG_ADDR_MAX'),
    5: REG('NFTA_NAT_REG_PROTO_MIN'), 6: REG('NFTA_NAT_REG_PROTO_MAX'), 7: u32('NFTA_NAT_FLAGS'),
  },
  reject: { 1: named('NFTA_REJECT_TYPE', list('NFT_REJECT_ICMP_UNREACH', 'NFT_REJECT_TCP_RST', 'NFT_REJECT_ICMPX_UNREACH')), 2: u8('NFTA_REJECT_ICMP_CODE') },
  fib: { 1: REG('NFTA_FIB_DREG'), 2: u32('NFTA_FIB_RESULT'), 3: u32('NFTA_FIB_FLAGS') },
};

/** An expression's data when its name is unknown: shown by number, never dropped. */
const UNKNOWN_EXPR_DATA: AttrPolicy = {};

/** The expression list of one message: each NFTA_LIST_ELEM's data gets the policy of its NFTA_EXPR_NAME. */
function expressionsSpec(names: readonly string[]): AttrSpec {
  let next = 0;
  const exprPolicy = (): AttrPolicy => {
    const name = names[next++];
    const data = (name !== undefined ? EXPRESSION_POLICIES[name] : undefined) ?? UNKNOWN_EXPR_DATA;
    return { 1: str('NFTA_EXPR_NAME'), 2: { name: 'NFTA_EXPR_DATA', kind: 'nested', policy: data } };
  };
  return { name: 'NFTA_RULE_EXPRESSIONS', kind: 'array', element: { name: 'NFTA_LIST_ELEM', kind: 'nested', policy: exprPolicy } };
}

/** The names of the expressions in a rule message, in order (empty when the message does not frame). */
function expressionNames(payload: Buffer): string[] {
  try {
    const list = parseAttributes(payload, NFGENMSG_SIZE, payload.length).find((a) => a.type === RuleAttr.EXPRESSIONS);
    if (!list) return [];
    return parseAttributes(list.value, 0, list.value.length).map((el) => {
      const n = parseAttributes(el.value, 0, el.value.length).find((a) => a.type === ExprAttr.NAME);
      return n ? netfilterCodec.string(n) : '';
    });
  } catch {
    return [];
  }
}

const TABLE: AttrPolicy = { 1: str('NFTA_TABLE_NAME'), 2: u32('NFTA_TABLE_FLAGS'), 3: u32('NFTA_TABLE_USE'), 4: u64('NFTA_TABLE_HANDLE'), 6: { name: 'NFTA_TABLE_USERDATA', kind: 'hex' }, 7: u32('NFTA_TABLE_OWNER') };
const CHAIN: AttrPolicy = {
  1: str('NFTA_CHAIN_TABLE'), 2: u64('NFTA_CHAIN_HANDLE'), 3: str('NFTA_CHAIN_NAME'),
  4: { name: 'NFTA_CHAIN_HOOK', kind: 'nested', policy: { 1: u32('NFTA_HOOK_HOOKNUM'), 2: { name: 'NFTA_HOOK_PRIORITY', kind: 's32' }, 3: str('NFTA_HOOK_DEV') } },
  5: u32('NFTA_CHAIN_POLICY'), 6: u32('NFTA_CHAIN_USE'), 7: str('NFTA_CHAIN_TYPE'), 8: { name: 'NFTA_CHAIN_COUNTERS', kind: 'nested' },
  10: u32('NFTA_CHAIN_FLAGS'), 11: u32('NFTA_CHAIN_ID'), 12: { name: 'NFTA_CHAIN_USERDATA', kind: 'hex' },
};
const RULE: AttrPolicy = {
  1: str('NFTA_RULE_TABLE'), 2: str('NFTA_RULE_CHAIN'), 3: u64('NFTA_RULE_HANDLE'), 4: expressionsSpec([]), 6: u64('NFTA_RULE_POSITION'),
  7: { name: 'NFTA_RULE_USERDATA', kind: 'hex' }, 9: u32('NFTA_RULE_ID'), 10: u32('NFTA_RULE_POSITION_ID'), 11: u32('NFTA_RULE_CHAIN_ID'),
};
const SET: AttrPolicy = {
  1: str('NFTA_SET_TABLE'), 2: str('NFTA_SET_NAME'), 3: u32('NFTA_SET_FLAGS'), 4: u32('NFTA_SET_KEY_TYPE'), 5: u32('NFTA_SET_KEY_LEN'),
  6: u32('NFTA_SET_DATA_TYPE'), 7: u32('NFTA_SET_DATA_LEN'), 8: u32('NFTA_SET_POLICY'), 9: { name: 'NFTA_SET_DESC', kind: 'nested', policy: { 1: u32('NFTA_SET_DESC_SIZE') } },
  10: u32('NFTA_SET_ID'), 11: u64('NFTA_SET_TIMEOUT'), 12: u32('NFTA_SET_GC_INTERVAL'), 13: { name: 'NFTA_SET_USERDATA', kind: 'hex' },
  15: u32('NFTA_SET_OBJ_TYPE'), 16: u64('NFTA_SET_HANDLE'),
};
const ELEM: AttrPolicy = {
  1: data('NFTA_SET_ELEM_KEY'), 2: data('NFTA_SET_ELEM_DATA'), 3: u32('NFTA_SET_ELEM_FLAGS'), 4: u64('NFTA_SET_ELEM_TIMEOUT'),
  5: u64('NFTA_SET_ELEM_EXPIRATION'), 6: { name: 'NFTA_SET_ELEM_USERDATA', kind: 'hex' }, 10: data('NFTA_SET_ELEM_KEY_END'),
};
const SETELEM: AttrPolicy = {
  1: str('NFTA_SET_ELEM_LIST_TABLE'), 2: str('NFTA_SET_ELEM_LIST_SET'),
  3: { name: 'NFTA_SET_ELEM_LIST_ELEMENTS', kind: 'array', element: { name: 'NFTA_LIST_ELEM', kind: 'nested', policy: ELEM } },
  4: u32('NFTA_SET_ELEM_LIST_SET_ID'),
};
const GEN: AttrPolicy = { 1: u32('NFTA_GEN_ID'), 2: u32('NFTA_GEN_PROC_PID'), 3: str('NFTA_GEN_PROC_NAME') };

const SPECS: Record<number, [string, RequestKind, AttrPolicy]> = {};
const add = (obj: string, policy: AttrPolicy, n: number): void => {
  SPECS[n] = [`NFT_MSG_NEW${obj}`, 'new', policy];
  SPECS[n + 1] = [`NFT_MSG_GET${obj}`, 'get', policy];
  SPECS[n + 2] = [`NFT_MSG_DEL${obj}`, 'del', policy];
};
add('TABLE', TABLE, NftMsg.NEWTABLE);
add('CHAIN', CHAIN, NftMsg.NEWCHAIN);
add('RULE', RULE, NftMsg.NEWRULE);
// Rules: a policy per message, so that each expression's attributes are named after that expression.
const rulePolicy = (payload: Buffer): AttrPolicy => ({ ...RULE, [RuleAttr.EXPRESSIONS]: expressionsSpec(expressionNames(payload)) });
add('SET', SET, NftMsg.NEWSET);
add('SETELEM', SETELEM, NftMsg.NEWSETELEM);
SPECS[NftMsg.NEWGEN] = ['NFT_MSG_NEWGEN', 'new', GEN];
SPECS[NftMsg.GETGEN] = ['NFT_MSG_GETGEN', 'get', GEN];
SPECS[NftMsg.TRACE] = ['NFT_MSG_TRACE', 'other', {}];
for (const [n, name] of [[NftMsg.NEWOBJ, 'NEWOBJ'], [NftMsg.GETOBJ, 'GETOBJ'], [NftMsg.DELOBJ, 'DELOBJ'], [NftMsg.GETOBJ_RESET, 'GETOBJ_RESET'],
  [NftMsg.NEWFLOWTABLE, 'NEWFLOWTABLE'], [NftMsg.GETFLOWTABLE, 'GETFLOWTABLE'], [NftMsg.DELFLOWTABLE, 'DELFLOWTABLE']] as const) {
  SPECS[n] = [`NFT_MSG_${name}`, name.startsWith('GET') ? 'get' : name.startsWith('DEL') ? 'del' : 'new', {}];
}

registerSubsystem(Subsystem.NFTABLES, {
  name: 'nf_tables',
  message(message: number): MessageSpec | undefined {
    const s = SPECS[message];
    if (!s) return undefined;
    const isRule = message === NftMsg.NEWRULE || message === NftMsg.GETRULE || message === NftMsg.DELRULE;
    return { name: s[0], kind: s[1], attributes: isRule ? rulePolicy : s[2] };
  },
});
