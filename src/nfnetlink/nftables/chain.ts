// Chains: NFT_MSG_NEWCHAIN / DELCHAIN payloads, base-chain hooks, and the decoder.
import { netfilterCodec, type NetlinkMessage, parseAttributes, NetlinkDecodeError, ValidationError } from '../../netlink/index.js';
import { nfPayload } from '../header.js';
import { ArpHook, ChainAttr, FAMILY_NUMBER, type Family, Hook, HookAttr, type HookName } from './constants.js';
import { get, objectBody } from './message.js';
import { parsePriority } from './priority.js';

/** The type of a base chain. */
export type ChainType = 'filter' | 'nat' | 'route';
/** A base chain's policy. */
export type Policy = 'accept' | 'drop';

/** Where a base chain hooks in: hook, priority, and device for netdev chains. */
export interface ChainHook {
  hook: HookName; // NFTA_HOOK_HOOKNUM
  priority: number; // NFTA_HOOK_PRIORITY
  device?: string; // NFTA_HOOK_DEV (netdev)
}

/** An nftables chain as listed. */
export interface Chain {
  family: Family;
  table: string; // NFTA_CHAIN_TABLE
  name: string; // NFTA_CHAIN_NAME
  handle?: number; // NFTA_CHAIN_HANDLE
  type?: ChainType; // NFTA_CHAIN_TYPE (base chains)
  hook?: ChainHook; // NFTA_CHAIN_HOOK (base chains)
  policy?: Policy; // NFTA_CHAIN_POLICY (base chains)
  flags?: number; // NFTA_CHAIN_FLAGS
  use?: number; // NFTA_CHAIN_USE
  userdata?: string; // NFTA_CHAIN_USERDATA
}

/** Input form: priority by number or name ('raw', 'srcnat', 'filter + 10'). */
export interface ChainSpec extends Omit<Chain, 'hook'> {
  hook?: { hook: HookName; priority: number | string; device?: string };
}

export function hookNumber(family: Family, hook: HookName): number {
  if (family === 'netdev') {
    if (hook === 'ingress') return 0; // NF_NETDEV_INGRESS
    if (hook === 'egress') return 1; // NF_NETDEV_EGRESS
    throw new ValidationError('chain hook', `${hook} is not a hook of family netdev (ingress, egress)`);
  }
  if (hook === 'egress') throw new ValidationError('chain hook', `egress is a netdev hook, not one of family ${family}`);
  if (family === 'arp') {
    const n = (ArpHook as Readonly<Record<string, number>>)[hook];
    if (n === undefined) throw new ValidationError('chain hook', `${hook} is not a hook of family arp (input, output, forward)`);
    return n;
  }
  return Hook[hook];
}

export function hookName(family: Family, n: number): HookName {
  if (family === 'netdev') return n === 1 ? 'egress' : 'ingress';
  const table: Readonly<Record<string, number>> = family === 'arp' ? ArpHook : Hook;
  const name = (Object.keys(table) as Array<keyof typeof Hook>).find((k) => table[k] === n);
  if (!name) throw new NetlinkDecodeError('chain hook', 0, `unknown hook number ${n}`);
  return name;
}

export function normaliseChain(c: ChainSpec): Chain {
  const { hook, ...rest } = c;
  return hook ? { ...rest, hook: { ...hook, priority: parsePriority(hook.priority, c.family, hook.hook) } } : rest;
}

/** NEWCHAIN payload in nft's order: table, name, type, policy, hook {num, priority, dev}. */
export function encodeChain(spec: ChainSpec): Buffer {
  const c = normaliseChain(spec);
  const w = netfilterCodec.writer(128).string(ChainAttr.TABLE, c.table);
  if (c.handle !== undefined) w.u64(ChainAttr.HANDLE, c.handle);
  w.string(ChainAttr.NAME, c.name);
  if (c.type !== undefined) w.string(ChainAttr.TYPE, c.type);
  if (c.policy !== undefined && c.policy !== 'accept' && c.policy !== 'drop') throw new ValidationError('chain policy', `'${String(c.policy)}' is neither accept nor drop`);
  if (c.policy !== undefined) w.u32(ChainAttr.POLICY, c.policy === 'accept' ? 1 : 0);
  if (c.hook) {
    const h = c.hook;
    w.nested(ChainAttr.HOOK, (n) => {
      n.u32(HookAttr.HOOKNUM, hookNumber(c.family, h.hook));
      n.s32(HookAttr.PRIORITY, h.priority);
      if (h.device !== undefined) n.string(HookAttr.DEV, h.device);
    });
  }
  if (c.flags !== undefined) w.u32(ChainAttr.FLAGS, c.flags);
  if (c.userdata !== undefined) w.bytes(ChainAttr.USERDATA, Buffer.from(c.userdata, 'hex'));
  return nfPayload(FAMILY_NUMBER[c.family], w.finish());
}

/** DELCHAIN payload. */
export function encodeChainRef(family: Family, table: string, ref: { name?: string; handle?: number }): Buffer {
  const w = netfilterCodec.writer(64).string(ChainAttr.TABLE, table);
  if (ref.handle !== undefined) w.u64(ChainAttr.HANDLE, ref.handle);
  if (ref.name !== undefined) w.string(ChainAttr.NAME, ref.name);
  return nfPayload(FAMILY_NUMBER[family], w.finish());
}

/** Decodes an NFT_MSG_NEWCHAIN message. */
export function decodeChain(msg: NetlinkMessage): Chain {
  const b = objectBody(msg, 'chain');
  const c: Chain = { family: b.family, table: get.string(b, ChainAttr.TABLE, 'chain'), name: get.string(b, ChainAttr.NAME, 'chain') };
  const handle = get.u64(b, ChainAttr.HANDLE);
  if (handle !== undefined) c.handle = handle;
  const type = get.str(b, ChainAttr.TYPE);
  if (type !== undefined) c.type = type as ChainType;
  const hookAttr = b.attrs.get(ChainAttr.HOOK);
  if (hookAttr) {
    let num: number | undefined;
    let priority = 0;
    let device: string | undefined;
    for (const a of parseAttributes(hookAttr.value, 0, hookAttr.value.length, 'chain hook')) {
      if (a.type === HookAttr.HOOKNUM) num = netfilterCodec.u32(a);
      else if (a.type === HookAttr.PRIORITY) priority = netfilterCodec.s32(a);
      else if (a.type === HookAttr.DEV) device = netfilterCodec.string(a);
    }
    if (num !== undefined) c.hook = { hook: hookName(b.family, num), priority, ...(device !== undefined ? { device } : {}) };
  }
  const policy = get.u32(b, ChainAttr.POLICY);
  if (policy !== undefined) c.policy = policy === 1 ? 'accept' : 'drop';
  const flags = get.u32(b, ChainAttr.FLAGS);
  if (flags !== undefined) c.flags = flags;
  const use = get.u32(b, ChainAttr.USE);
  if (use !== undefined) c.use = use;
  const ud = get.hex(b, ChainAttr.USERDATA);
  if (ud !== undefined) c.userdata = ud;
  return c;
}
