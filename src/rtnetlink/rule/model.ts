// The rule model (RTM_NEWRULE, `ip rule`) and what a rule request takes.
import type { Attribute } from '../../netlink/attributes.js';
import type { FamilyName, IpFamily, TableRef } from '../common.js';

/** What a rule does with a match. */
export type RuleAction = 'table' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';

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

