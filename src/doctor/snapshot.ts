// What the doctor reads from a host, as plain data: the analysis is pure functions over this, so tests can
// hand-build a host. read.ts fills it over netlink (and /proc/sys for the switches netlink does not carry).
import type { Rule as RoutingRule, Route } from '../rtnetlink/index.js';
import type { Ruleset } from '../nfnetlink/nftables/index.js';
import type { CpuStatistics, Flow } from '../nfnetlink/conntrack/index.js';

export interface HostLink {
  index: number;
  name: string;
  up: boolean;
  /** IPv4 addresses with prefix length ('10.10.1.2/24'). */
  addresses: string[];
  /** net.ipv4.conf.NAME.forwarding. */
  forwarding: boolean;
  /** net.ipv4.conf.NAME.rp_filter (0 off, 1 strict, 2 loose). */
  rpFilter: number;
}

export interface HostSnapshot {
  links: HostLink[];
  /** net.ipv4.ip_forward. */
  ipForward: boolean;
  /** net.ipv4.conf.all.rp_filter: the kernel uses the larger of this and the interface's value. */
  rpFilterAll: number;
  /** IPv4 policy-routing rules, any order (the analysis sorts by priority). */
  rules: RoutingRule[];
  /** IPv4 routes of every table. */
  routes: Route[];
  ruleset: Ruleset;
  /** Conntrack entries (IPv4), when the table could be read. */
  flows?: Flow[];
  /** conntrack -S counters, when they could be read. */
  conntrackStats?: CpuStatistics[];
}
