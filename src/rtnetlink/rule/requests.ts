// Rule requests as `ip rule add|del` and `ip rule show` send them.
import { AF_INET, AF_UNSPEC, Flags } from '../../netlink/constants.js';
import { ValidationError } from '../../netlink/errors.js';
import { addressToBytes } from '../../netlink/address.js';
import { hostCodec } from '../../netlink/attributes.js';
import type { Request } from '../../netlink/connection.js';
import { FIB_RULE_INVERT, FRA, RTM, RT_TABLE } from '../constants.js';
import {
  checkRange, checkU32, familyNumber, prefixArg, protocolNumber, tableNumber, validateIfName, type IpFamily, type ParsedPrefix,
} from '../common.js';
import { writeFibRuleHdr } from '../headers.js';
import type { PortRange, RuleAction, RuleSpec } from './model.js';

const ACTION_VALUE: Record<RuleAction, number> = { table: 1, goto: 2, nop: 3, blackhole: 6, unreachable: 7, prohibit: 8 }; // FR_ACT_*

export function portRange(v: number | PortRange, field: string): Buffer {
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

export function dumpRulesRequest(family?: IpFamily): Request {
  return { type: RTM.GETRULE, flags: 0, payload: writeFibRuleHdr({ family: family === undefined ? AF_UNSPEC : familyNumber(family) }), operation: 'dump rules' };
}

