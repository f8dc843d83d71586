// `decode` support: names of every nf_tables message and attribute, expressions included.
import type { AttrPolicy, MessageSpec, RequestKind } from '../../netlink/index.js';
import { registerSubsystem } from '../descriptor.js';
import { Subsystem } from '../constants.js';
import { NftMsg } from './constants.js';

const DATA: AttrPolicy = { 1: { name: 'NFTA_DATA_VALUE', kind: 'hex' }, 2: { name: 'NFTA_DATA_VERDICT', kind: 'nested', policy: { 1: { name: 'NFTA_VERDICT_CODE', kind: 's32' }, 2: { name: 'NFTA_VERDICT_CHAIN', kind: 'string' } } } };
const data = (name: string) => ({ name, kind: 'nested' as const, policy: DATA });
const u32 = (name: string) => ({ name, kind: 'u32' as const });
const str = (name: string) => ({ name, kind: 'string' as const });
const u64 = (name: string) => ({ name, kind: 'u64' as const });

/** Attributes of every expression, merged by number (names differ per expression, so they are generic). */
const EXPR_DATA: AttrPolicy = {
  1: { name: 'attr1 (DREG/SREG/KEY...)', kind: 'hex' }, 2: { name: 'attr2', kind: 'hex' }, 3: { name: 'attr3', kind: 'hex' },
  4: { name: 'attr4', kind: 'hex' }, 5: { name: 'attr5', kind: 'hex' }, 6: { name: 'attr6', kind: 'hex' }, 7: { name: 'attr7', kind: 'hex' },
};
const EXPR: AttrPolicy = { 1: str('NFTA_EXPR_NAME'), 2: { name: 'NFTA_EXPR_DATA', kind: 'nested', policy: EXPR_DATA } };
const EXPRESSIONS = { name: 'NFTA_RULE_EXPRESSIONS', kind: 'array' as const, element: { name: 'NFTA_LIST_ELEM', kind: 'nested' as const, policy: EXPR } };

const TABLE: AttrPolicy = { 1: str('NFTA_TABLE_NAME'), 2: u32('NFTA_TABLE_FLAGS'), 3: u32('NFTA_TABLE_USE'), 4: u64('NFTA_TABLE_HANDLE'), 6: { name: 'NFTA_TABLE_USERDATA', kind: 'hex' }, 7: u32('NFTA_TABLE_OWNER') };
const CHAIN: AttrPolicy = {
  1: str('NFTA_CHAIN_TABLE'), 2: u64('NFTA_CHAIN_HANDLE'), 3: str('NFTA_CHAIN_NAME'),
  4: { name: 'NFTA_CHAIN_HOOK', kind: 'nested', policy: { 1: u32('NFTA_HOOK_HOOKNUM'), 2: { name: 'NFTA_HOOK_PRIORITY', kind: 's32' }, 3: str('NFTA_HOOK_DEV') } },
  5: u32('NFTA_CHAIN_POLICY'), 6: u32('NFTA_CHAIN_USE'), 7: str('NFTA_CHAIN_TYPE'), 8: { name: 'NFTA_CHAIN_COUNTERS', kind: 'nested' },
  10: u32('NFTA_CHAIN_FLAGS'), 11: u32('NFTA_CHAIN_ID'), 12: { name: 'NFTA_CHAIN_USERDATA', kind: 'hex' },
};
const RULE: AttrPolicy = {
  1: str('NFTA_RULE_TABLE'), 2: str('NFTA_RULE_CHAIN'), 3: u64('NFTA_RULE_HANDLE'), 4: EXPRESSIONS, 6: u64('NFTA_RULE_POSITION'),
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
    return s ? { name: s[0], kind: s[1], attributes: s[2] } : undefined;
  },
});
