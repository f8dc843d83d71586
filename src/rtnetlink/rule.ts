// Policy-routing rules (RTM_NEWRULE/DELRULE/GETRULE, `ip rule`): the model, its codec pair, requests, operations.
import { AF_INET, AF_INET6, AF_UNSPEC, Flags } from '../netlink/constants.js';
import { ValidationError } from '../netlink/errors.js';
import { addressToBytes } from '../netlink/address.js';
import { hostCodec, parseAttributes, type Attribute } from '../netlink/attributes.js';
import type { DumpOptions, NetlinkConnection, Request } from '../netlink/connection.js';
import { FIB_RULE, FIB_RULE_INVERT, FRA, RTM, RT_TABLE, RULE_ACTIONS, flagList } from './constants.js';
import {
  checkRange, checkU32, familyName, familyNumber, keep, prefixArg, protocolName, protocolNumber, tableNumber, validateIfName,
  type FamilyName, type IpFamily, type ParsedPrefix, type TableRef,
} from './common.js';
import { FIB_RULE_HDR_SIZE, readFibRuleHdr, writeFibRuleHdr } from './headers.js';
import { collectFailures, withIndex, type BulkOutcome } from './bulk.js';

/** What a rule does with a match. */
export type RuleAction = 'table' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';
const ACTION_VALUE: Record<RuleAction, number> = { table: 1, goto: 2, nop: 3, blackhole: 6, unreachable: 7, prohibit: 8 }; // FR_ACT_*

/** A port range of a rule. */
export interface PortRange { start: number; end: number }

/** A rule as the kernel reports it. */
export interface Rule {
  family: FamilyName;
  priority: number; // FRA_PRIORITY (0 when absent)
  /** Table of a 'to_tbl' rule (FRA_TABLE, else the header's table). */
  table: number;
  /** FR_ACT_* by name: 'to_tbl', 'goto', 'nop', 'blackhole', 'unreachable', 'prohibit'. */
  action: string;
  from?: string; // FRA_SRC/src_len
  to?: string; // FRA_DST/dst_len
  iif?: string; // FRA_IIFNAME
  oif?: string; // FRA_OIFNAME
  fwmark?: number; // FRA_FWMARK
  fwmask?: number; // FRA_FWMASK
  tos: number;
  /** FIB_RULE_INVERT ('not'). */
  not: boolean;
  flags: string[]; // FIB_RULE_*
  goto?: number; // FRA_GOTO
  suppressPrefixLength?: number; // FRA_SUPPRESS_PREFIXLEN
  suppressIfgroup?: number; // FRA_SUPPRESS_IFGROUP
  l3mdev?: boolean; // FRA_L3MDEV
  uidRange?: { start: number; end: number }; // FRA_UID_RANGE
  ipProto?: number; // FRA_IP_PROTO
  sport?: PortRange; // FRA_SPORT_RANGE
  dport?: PortRange; // FRA_DPORT_RANGE
  protocol?: string; // FRA_PROTOCOL
  flow?: number; // FRA_FLOW (realms)
  tunId?: bigint; // FRA_TUN_ID
  unknown: Attribute[];
}

const readRange = (v: Buffer, size: 2 | 4): PortRange =>
  size === 2 ? { start: v.readUInt16LE(0), end: v.readUInt16LE(2) } : { start: v.readUInt32LE(0), end: v.readUInt32LE(4) };

/** Decodes an RTM_NEWRULE payload. */
export function decodeRule(payload: Buffer): Rule {
  const h = readFibRuleHdr(payload);
  const r: Rule = {
    family: familyName(h.family), priority: 0, table: h.table, action: RULE_ACTIONS[h.action] ?? String(h.action), tos: h.tos,
    not: (h.flags & FIB_RULE_INVERT) !== 0, flags: flagList(h.flags, FIB_RULE), unknown: [],
  };
  const c = hostCodec;
  for (const a of parseAttributes(payload, FIB_RULE_HDR_SIZE, payload.length, 'rule attributes')) {
    switch (a.type) {
      case FRA.SRC: r.from = `${c.ip(a)}/${h.srcLength}`; break;
      case FRA.DST: r.to = `${c.ip(a)}/${h.dstLength}`; break;
      case FRA.IIFNAME: r.iif = c.string(a); break;
      case FRA.OIFNAME: r.oif = c.string(a); break;
      case FRA.PRIORITY: r.priority = c.u32(a); break;
      case FRA.TABLE: r.table = c.u32(a); break;
      case FRA.FWMARK: r.fwmark = c.u32(a); break;
      case FRA.FWMASK: r.fwmask = c.u32(a); break;
      case FRA.GOTO: r.goto = c.u32(a); break;
      case FRA.SUPPRESS_PREFIXLEN: r.suppressPrefixLength = c.s32(a); break;
      case FRA.SUPPRESS_IFGROUP: r.suppressIfgroup = c.u32(a); break;
      case FRA.L3MDEV: r.l3mdev = c.u8(a) !== 0; break;
      case FRA.IP_PROTO: r.ipProto = c.u8(a); break;
      case FRA.PROTOCOL: r.protocol = protocolName(c.u8(a)); break;
      case FRA.FLOW: r.flow = c.u32(a); break;
      case FRA.TUN_ID: r.tunId = a.value.length === 8 ? a.value.readBigUInt64BE(0) : undefined; if (r.tunId === undefined) r.unknown.push(keep(a)); break;
      case FRA.UID_RANGE: if (a.value.length >= 8) r.uidRange = readRange(a.value, 4); else r.unknown.push(keep(a)); break;
      case FRA.SPORT_RANGE: if (a.value.length >= 4) r.sport = readRange(a.value, 2); else r.unknown.push(keep(a)); break;
      case FRA.DPORT_RANGE: if (a.value.length >= 4) r.dport = readRange(a.value, 2); else r.unknown.push(keep(a)); break;
      default: r.unknown.push(keep(a));
    }
  }
  return r;
}

/** What a rule matches and does, for add and delete. */
export interface RuleSpec {
  family?: IpFamily;
  /** Source prefix ('10.10.1.0/24', 'all'). */
  from?: string;
  to?: string;
  /** Incoming interface by name (the kernel matches names: the link need not exist yet). */
  iif?: string;
  oif?: string;
  priority?: number;
  table?: TableRef;
  action?: RuleAction;
  /** Target priority of a 'goto' rule. */
  goto?: number;
  fwmark?: number;
  fwmask?: number;
  tos?: number;
  not?: boolean;
  ipProto?: number;
  sport?: number | PortRange;
  dport?: number | PortRange;
  suppressPrefixLength?: number;
  suppressIfgroup?: number;
  l3mdev?: boolean;
  uidRange?: { start: number; end: number };
  protocol?: string | number;
}

function portRange(v: number | PortRange, field: string): Buffer {
  const r = typeof v === 'number' ? { start: v, end: v } : v;
  checkRange(r.start, field, 0, 65535);
  checkRange(r.end, field, r.start, 65535);
  const b = Buffer.alloc(4);
  b.writeUInt16LE(r.start, 0);
  b.writeUInt16LE(r.end, 2);
  return b;
}

function ruleLabel(s: RuleSpec): string {
  const parts: string[] = [];
  if (s.not) parts.push('not');
  if (s.from) parts.push(`from ${s.from}`);
  if (s.to) parts.push(`to ${s.to}`);
  if (s.iif) parts.push(`iif ${s.iif}`);
  if (s.oif) parts.push(`oif ${s.oif}`);
  if (s.fwmark !== undefined) parts.push(`fwmark ${s.fwmark}${s.fwmask !== undefined ? `/${s.fwmask}` : ''}`);
  if (s.priority !== undefined) parts.push(`priority ${s.priority}`);
  if (s.table !== undefined) parts.push(`table ${s.table}`);
  if (s.action && s.action !== 'table') parts.push(s.action);
  return parts.join(' ');
}

/**
 * RTM_NEWRULE (create, exclusive) or RTM_DELRULE as `ip rule add|del` sends them: tables below 256 in the
 * header, larger ones in FRA_TABLE; attributes in the order ip emits them for the usual argument order.
 */
export function ruleRequest(kind: 'add' | 'delete', s: RuleSpec): Request {
  let family = s.family === undefined ? AF_UNSPEC : familyNumber(s.family);
  let from: ParsedPrefix | undefined;
  let to: ParsedPrefix | undefined;
  if (s.from !== undefined && s.from !== 'all') { from = prefixArg(s.from, 'from', family || undefined); family = from.family; }
  if (s.to !== undefined && s.to !== 'all') { to = prefixArg(s.to, 'to', family || undefined); family = to.family; }
  if (family === AF_UNSPEC) family = AF_INET;
  const action = s.action ?? (s.goto !== undefined ? 'goto' : undefined);
  if (action !== undefined && !(action in ACTION_VALUE)) throw new ValidationError('action', `'${action}' is not ${Object.keys(ACTION_VALUE).join(', ')}`);
  if (action === 'goto' && s.goto === undefined) throw new ValidationError('goto', "a 'goto' rule needs a target priority");
  let table = s.table === undefined ? undefined : tableNumber(s.table);
  // An l3mdev rule takes its table from the device (FRA_L3MDEV); the kernel refuses one with a table too.
  if (kind === 'add' && table === undefined && !s.l3mdev && (action === undefined || action === 'table')) table = RT_TABLE.MAIN;
  const actionValue = action !== undefined ? ACTION_VALUE[action] : kind === 'add' ? ACTION_VALUE.table : 0;

  const w = hostCodec.writer(128);
  if (from && from.prefixLength > 0) w.bytes(FRA.SRC, addressToBytes(from.address, 'from'));
  if (to && to.prefixLength > 0) w.bytes(FRA.DST, addressToBytes(to.address, 'to'));
  if (s.iif !== undefined) { validateIfName(s.iif, 'iif'); w.string(FRA.IIFNAME, s.iif); }
  if (s.oif !== undefined) { validateIfName(s.oif, 'oif'); w.string(FRA.OIFNAME, s.oif); }
  if (s.fwmark !== undefined) w.u32(FRA.FWMARK, checkU32(s.fwmark, 'fwmark'));
  if (s.fwmask !== undefined) w.u32(FRA.FWMASK, checkU32(s.fwmask, 'fwmask'));
  if (s.uidRange !== undefined) {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(checkU32(s.uidRange.start, 'uidRange'), 0);
    b.writeUInt32LE(checkRange(s.uidRange.end, 'uidRange', s.uidRange.start, 0xffffffff), 4);
    w.bytes(FRA.UID_RANGE, b);
  }
  if (s.ipProto !== undefined) w.u8(FRA.IP_PROTO, checkRange(s.ipProto, 'ipProto', 0, 255));
  if (s.sport !== undefined) w.bytes(FRA.SPORT_RANGE, portRange(s.sport, 'sport'));
  if (s.dport !== undefined) w.bytes(FRA.DPORT_RANGE, portRange(s.dport, 'dport'));
  if (s.l3mdev) w.u8(FRA.L3MDEV, 1);
  if (s.suppressPrefixLength !== undefined) w.u32(FRA.SUPPRESS_PREFIXLEN, checkRange(s.suppressPrefixLength, 'suppressPrefixLength', 0, 128));
  if (s.suppressIfgroup !== undefined) w.u32(FRA.SUPPRESS_IFGROUP, checkU32(s.suppressIfgroup, 'suppressIfgroup'));
  if (s.goto !== undefined) w.u32(FRA.GOTO, checkU32(s.goto, 'goto'));
  if (s.protocol !== undefined) w.u8(FRA.PROTOCOL, protocolNumber(s.protocol));
  if (s.priority !== undefined) w.u32(FRA.PRIORITY, checkU32(s.priority, 'priority'));
  if (table !== undefined && table > 255) w.u32(FRA.TABLE, table);

  const header = writeFibRuleHdr({
    family, dstLength: to?.prefixLength ?? 0, srcLength: from?.prefixLength ?? 0, tos: s.tos === undefined ? 0 : checkRange(s.tos, 'tos', 0, 255),
    table: table !== undefined && table <= 255 ? table : RT_TABLE.UNSPEC, action: actionValue, flags: s.not ? FIB_RULE_INVERT : 0,
  });
  return {
    type: kind === 'add' ? RTM.NEWRULE : RTM.DELRULE,
    flags: kind === 'add' ? Flags.ACK | Flags.CREATE | Flags.EXCL : Flags.ACK,
    payload: Buffer.concat([header, w.finish()]),
    operation: `${kind} rule ${ruleLabel(s)}`.trim(),
  };
}

/** Encodes a decoded Rule back into an RTM_NEWRULE payload (round trip of decodeRule). */
export function encodeRule(r: Rule): Buffer {
  const family = r.family === 'inet' ? AF_INET : r.family === 'inet6' ? AF_INET6 : 0;
  const prefix = (p: string | undefined): { a?: Buffer; len: number } => {
    if (!p) return { len: 0 };
    const [addr, len] = p.split('/');
    return { a: addressToBytes(addr!), len: Number(len) };
  };
  const src = prefix(r.from);
  const dst = prefix(r.to);
  const w = hostCodec.writer(128);
  if (src.a) w.bytes(FRA.SRC, src.a);
  if (dst.a) w.bytes(FRA.DST, dst.a);
  if (r.iif !== undefined) w.string(FRA.IIFNAME, r.iif);
  if (r.oif !== undefined) w.string(FRA.OIFNAME, r.oif);
  if (r.fwmark !== undefined) w.u32(FRA.FWMARK, r.fwmark);
  if (r.fwmask !== undefined) w.u32(FRA.FWMASK, r.fwmask);
  if (r.goto !== undefined) w.u32(FRA.GOTO, r.goto);
  if (r.suppressPrefixLength !== undefined) w.s32(FRA.SUPPRESS_PREFIXLEN, r.suppressPrefixLength);
  if (r.suppressIfgroup !== undefined) w.u32(FRA.SUPPRESS_IFGROUP, r.suppressIfgroup);
  if (r.l3mdev !== undefined) w.u8(FRA.L3MDEV, r.l3mdev ? 1 : 0);
  if (r.ipProto !== undefined) w.u8(FRA.IP_PROTO, r.ipProto);
  if (r.protocol !== undefined) w.u8(FRA.PROTOCOL, protocolNumber(/^\d+$/.test(r.protocol) ? Number(r.protocol) : r.protocol));
  if (r.flow !== undefined) w.u32(FRA.FLOW, r.flow);
  if (r.tunId !== undefined) { const b = Buffer.alloc(8); b.writeBigUInt64BE(r.tunId); w.bytes(FRA.TUN_ID, b); }
  if (r.uidRange) { const b = Buffer.alloc(8); b.writeUInt32LE(r.uidRange.start, 0); b.writeUInt32LE(r.uidRange.end, 4); w.bytes(FRA.UID_RANGE, b); }
  if (r.sport) w.bytes(FRA.SPORT_RANGE, portRange(r.sport, 'sport'));
  if (r.dport) w.bytes(FRA.DPORT_RANGE, portRange(r.dport, 'dport'));
  w.u32(FRA.PRIORITY, r.priority);
  w.u32(FRA.TABLE, r.table);
  for (const a of r.unknown) w.attribute(a);
  const actionIndex = (RULE_ACTIONS as readonly string[]).indexOf(r.action);
  let flags = r.not ? FIB_RULE_INVERT : 0;
  for (const [bit, name] of FIB_RULE) if (r.flags.includes(name)) flags |= bit;
  return Buffer.concat([writeFibRuleHdr({
    family, dstLength: dst.len, srcLength: src.len, tos: r.tos, table: r.table > 255 ? RT_TABLE.UNSPEC : r.table,
    action: actionIndex >= 0 ? actionIndex : Number(r.action), flags,
  }), w.finish()]);
}

export function dumpRulesRequest(family?: IpFamily): Request {
  return { type: RTM.GETRULE, flags: 0, payload: writeFibRuleHdr({ family: family === undefined ? AF_UNSPEC : familyNumber(family) }), operation: 'dump rules' };
}

/** Policy routing rules: list, add, delete, in bulk too (`RtNetlink.rules`). */
export class RuleOps {
  constructor(private readonly conn: NetlinkConnection) {}

  /** `ip rule add ...`: EEXIST when an identical rule exists. */
  async add(spec: RuleSpec): Promise<void> {
    await this.conn.request(ruleRequest('add', spec));
  }

  /** `ip rule del ...`: deletes the first rule that matches every given selector (ENOENT when none does). */
  async delete(spec: RuleSpec): Promise<void> {
    await this.conn.request(ruleRequest('delete', spec));
  }

  /**
   * Streams rules of one family, or of both when none is given. `retry` re-runs a dump the kernel flags as
   * interrupted (NLM_F_DUMP_INTR) and holds the items until an attempt is whole; `signal` stops it (DumpOptions).
   */
  async *list(filter: { family?: IpFamily } & DumpOptions = {}): AsyncGenerator<Rule, void, undefined> {
    for await (const batch of this.conn.dumpBatches(dumpRulesRequest(filter.family), { retry: filter.retry, signal: filter.signal })) {
      for (const m of batch) if (m.type === RTM.NEWRULE) yield decodeRule(m.payload);
    }
  }

  /** Every rule, optionally of one family. */
  async all(filter: { family?: IpFamily } & DumpOptions = {}): Promise<Rule[]> {
    const out: Rule[] = [];
    for await (const r of this.list(filter)) out.push(r);
    return out;
  }

  /** Adds many rules, pipelined; failures are reported per rule. */
  async addMany(specs: readonly RuleSpec[], options: { window?: number } = {}): Promise<BulkOutcome<RuleSpec>> {
    const requests = specs.map((s, i) => withIndex(i, () => ruleRequest('add', s)));
    return collectFailures(specs, await this.conn.pipeline(requests, options.window));
  }
}
