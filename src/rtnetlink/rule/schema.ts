// RTM_NEWRULE / DELRULE / GETRULE described once: struct fib_rule_hdr and the FRA_* attributes (fib_rules.h).
import { AF_INET, AF_INET6 } from '../../netlink/constants.js';
import { addressToBytes } from '../../netlink/address.js';
import { attributes, messageSchema, rowsFor, kinds, type CustomCodec, type ValueKind } from '../../netlink/schema/index.js';
import { FIB_RULE, FIB_RULE_INVERT, RT_TABLE, RULE_ACTIONS, flagList } from '../constants.js';
import { familyName, protocolName, protocolNumber } from '../common.js';
import { FIB_RULE_HDR } from '../headers.js';
import type { PortRange, Rule } from './model.js';

/** A u8 read as a boolean (FRA_L3MDEV). */
const bool8 = kinds.bool8;
const raw = kinds.lenient;
/** How `decode` shows FRA_TUN_ID (a be64); the row's codec reads it. */
const u64be: ValueKind<Buffer> = { ...kinds.bytes, policy: 'u64be' };

// FRA_SRC / FRA_DST: the address here, its length in the header (joined by finish, split by toHeader).
const prefix = (side: 'from' | 'to'): CustomCodec<Rule> => ({
  decode(c, m) { m[side] = c.ip(); },
  encode(w, m, type) { const p = m[side]; if (p) w.bytes(type, addressToBytes(p.split('/')[0]!)); },
});
const prefixLength = (p: string | undefined): number => (p ? Number(p.split('/')[1]) : 0);

// struct fib_rule_uid_range (two u32) and struct fib_rule_port_range (two u16); a short one is kept as unknown.
function range(field: 'uidRange' | 'sport' | 'dport', size: 2 | 4): CustomCodec<Rule> {
  return {
    decode(c, m) {
      if (c.length < 2 * size) return false;
      const b = c.buf;
      const at = c.valueStart;
      m[field] = size === 2 ? { start: b.readUInt16LE(at), end: b.readUInt16LE(at + 2) } : { start: b.readUInt32LE(at), end: b.readUInt32LE(at + 4) };
    },
    encode(w, m, type) {
      const r: PortRange | undefined = m[field];
      if (!r) return;
      const b = Buffer.alloc(2 * size);
      if (size === 2) { b.writeUInt16LE(r.start, 0); b.writeUInt16LE(r.end, 2); } else { b.writeUInt32LE(r.start, 0); b.writeUInt32LE(r.end, 4); }
      w.bytes(type, b);
    },
  };
}

const tunId: CustomCodec<Rule> = {
  decode(c, m) { if (c.length !== 8) return false; m.tunId = c.buf.readBigUInt64BE(c.valueStart); },
  encode(w, m, type) { if (m.tunId === undefined) return; const b = Buffer.alloc(8); b.writeBigUInt64BE(m.tunId); w.bytes(type, b); },
};

const protocol: CustomCodec<Rule> = {
  decode(c, m) { m.protocol = protocolName(c.u8()); },
  encode(w, m, type) { if (m.protocol !== undefined) w.u8(type, protocolNumber(/^\d+$/.test(m.protocol) ? Number(m.protocol) : m.protocol)); },
};

const r = rowsFor<Rule>();
export const ruleAttributes = attributes<Rule>({
  1: r.custom('FRA_DST', kinds.ip, prefix('to')),
  2: r.custom('FRA_SRC', kinds.ip, prefix('from')),
  3: r.string('FRA_IIFNAME', 'iif'),
  4: r.u32('FRA_GOTO', 'goto'),
  6: r.u32('FRA_PRIORITY', 'priority'),
  10: r.u32('FRA_FWMARK', 'fwmark'),
  11: r.u32('FRA_FLOW', 'flow'),
  12: r.custom('FRA_TUN_ID', u64be, tunId),
  13: r.u32('FRA_SUPPRESS_IFGROUP', 'suppressIfgroup'),
  14: r.s32('FRA_SUPPRESS_PREFIXLEN', 'suppressPrefixLength'),
  15: r.u32('FRA_TABLE', 'table'),
  16: r.u32('FRA_FWMASK', 'fwmask'),
  17: r.string('FRA_OIFNAME', 'oif'),
  18: r.named('FRA_PAD', raw(kinds.bytes)),
  19: r.value(bool8, 'FRA_L3MDEV', 'l3mdev'),
  20: r.custom('FRA_UID_RANGE', kinds.bytes, range('uidRange', 4)),
  21: r.custom('FRA_PROTOCOL', kinds.u8, protocol, { render: (v) => protocolName(Number(v)) }),
  22: r.u8('FRA_IP_PROTO', 'ipProto'),
  23: r.custom('FRA_SPORT_RANGE', kinds.bytes, range('sport', 2)),
  24: r.custom('FRA_DPORT_RANGE', kinds.bytes, range('dport', 2)),
});

export const ruleSchema = messageSchema({
  context: 'rule attributes',
  header: FIB_RULE_HDR,
  attributes: ruleAttributes,
  fromHeader: (h): Rule => ({
    family: familyName(h.family), priority: 0, table: h.table, action: RULE_ACTIONS[h.action] ?? String(h.action), tos: h.tos,
    not: (h.flags & FIB_RULE_INVERT) !== 0, flags: flagList(h.flags, FIB_RULE), unknown: [],
  }),
  finish: (m, h) => {
    if (m.from !== undefined) m.from = `${m.from}/${h.srcLength}`;
    if (m.to !== undefined) m.to = `${m.to}/${h.dstLength}`;
  },
  toHeader: (m) => {
    const actionIndex = (RULE_ACTIONS as readonly string[]).indexOf(m.action);
    let flags = m.not ? FIB_RULE_INVERT : 0;
    for (const [bit, name] of FIB_RULE) if (m.flags.includes(name)) flags |= bit;
    return {
      family: m.family === 'inet' ? AF_INET : m.family === 'inet6' ? AF_INET6 : 0, dstLength: prefixLength(m.to), srcLength: prefixLength(m.from), tos: m.tos,
      table: m.table > 255 ? RT_TABLE.UNSPEC : m.table, action: actionIndex >= 0 ? actionIndex : Number(m.action), flags,
    };
  },
  describeHeader: { family: familyName, action: (v: number) => RULE_ACTIONS[v] ?? v, flags: (v: number) => flagList(v, FIB_RULE) },
});
