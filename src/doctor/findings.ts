// The doctor's findings: the structured result of `diagnose()` and of `nlts doctor --json`. These field
// names are a stable interface (documented in README "nlts doctor"); add fields, never rename them.

/** What each finding is about. */
export type FindingCode =
  /** The write-up's bug: one flow crosses the host twice in one conntrack zone, NAT is skipped on the second pass. */
  | 'conntrack-double-pass'
  /** IPv4 forwarding is off on an interface a forwarded path enters through. */
  | 'forwarding-off'
  /** Strict reverse-path filtering drops a pass whose source is routed back through another interface. */
  | 'rp-filter-drop'
  /** A masquerade/snat rule names (oifname) an interface that does not exist. */
  | 'nat-oifname-missing'
  /** A policy-routing rule names (iif) an interface that does not exist. */
  | 'rule-iif-missing'
  /** A `ct zone set` runs in prerouting at or after conntrack's priority (-200), when it no longer matters. */
  | 'zone-set-too-late';

/** One pass of a packet through the host: where it enters, what routing decides, where it leaves. */
export interface PathStep {
  /** 1 for the first crossing, 2 for the second. */
  pass: number;
  /** Input interface. */
  iif: string;
  /** Output interface. */
  oif: string;
  /** Next hop, when the route has a gateway. */
  gateway?: string;
  /** Routing table the route came from. */
  table: number;
  /** The policy rule that chose the table, as `ip rule` prints it (with its priority). */
  rule?: string;
  /** The route, as `ip route` prints it. */
  route: string;
  /** The conntrack zone the packet is looked up in at prerouting. */
  zone: number;
  /** The packet's mark when routing decided, when prerouting rules set one. */
  mark?: number;
}

/** The concrete fix: statements in both syntaxes, and the zone they use. */
export interface Fix {
  /** The conntrack zone the fix puts the first leg in: one no rule and no conntrack entry uses. */
  zone: number;
  /** `nft` command lines (each one argument to nft). */
  nft: string[];
  /** The equivalent iptables raw-table lines (`-j CT --zone`), for iptables users. */
  iptables: string[];
}

/** Evidence from the conntrack table; its absence does not clear a finding. */
export interface Evidence {
  /** Entries from the subnet, in the first pass's zone, whose reply goes to the original source (not translated). */
  untranslatedEntries: number;
  /** A few of them, `conntrack -L` style. */
  examples: string[];
  /** Sum over CPUs of conntrack -S counters, for context (the double pass itself increments none of them). */
  counters?: { invalid: number; insertFailed: number; drop: number };
}

export interface Finding {
  code: FindingCode;
  severity: 'error' | 'warning';
  /** One line. */
  summary: string;
  /** Why it breaks traffic, in a few sentences. */
  why: string;
  /** The local subnet whose traffic is affected, when the finding follows a path. */
  subnet?: string;
  /** Interfaces involved, in the order the traffic crosses them. */
  interfaces: string[];
  /** The passes through the host (conntrack-double-pass, forwarding-off, rp-filter-drop). */
  path?: PathStep[];
  /** The host's reason to expect the flow back from the next hop (a rule or the route of replies). */
  returnsVia?: string;
  /** The nat rule concerned, as `nft list ruleset` prints it, with its table and chain. */
  natRule?: { family: string; table: string; chain: string; handle?: number; text: string };
  /** The policy rule concerned (rule-iif-missing), as `ip rule` prints it. */
  routingRule?: string;
  evidence?: Evidence;
  fix?: Fix;
  /** Text suggestion for neighbours without a generated fix. */
  hint?: string;
}

export interface DoctorReport {
  /** The namespace examined (undefined: the caller's own). */
  netns?: string;
  /** Local IPv4 subnets whose forwarded traffic was followed. */
  subnets: string[];
  /** Conntrack zones already used by rules or entries. */
  zonesInUse: number[];
  findings: Finding[];
  /** Things the doctor could not read or evaluate (not findings). */
  notes: string[];
}
