// The declarative description of the client/proxy/zone setup. Defaults are the scenario of the original
// write-up (../shared/seed) and DESIGN.md; every field can be overridden, and a spec is validated as a
// whole before anything changes.
import { type Prefix, parsePrefix, prefixContains, prefixesOverlap, networkOf, validateNetnsName, ValidationError } from '../netlink/index.js';
import { AF_INET } from '../netlink/constants.js';
import { validateIfName } from '../rtnetlink/common.js';

/** One leg of the topology (client or proxy): its namespace, veth pair and addresses. */
export interface LegSpec {
  /** Network namespace of the far end (created by `up`). */
  netns: string;
  /** Interface name inside that namespace. */
  nsIfName: string;
  /** Interface name on the host. */
  hostIfName: string;
  /** Address of the far end, with prefix: '10.10.1.1/24'. */
  nsAddress: string;
  /** Address of the host side: '10.10.1.2/24'. */
  hostAddress: string;
}

/** A policy routing rule of the topology. */
export interface RuleSpec {
  priority: number;
  table: number;
}

/** The whole topology: host namespace, legs, uplink, rules, tables, NAT and zones. */
export interface TopologySpec {
  client: LegSpec;
  proxy: LegSpec;
  uplink: {
    ifName: string;
    /** The host's uplink address (what masquerade rewrites to). Informational for verify. */
    address: string;
    gateway: string;
  };
  rules: {
    /** from CLIENT_NET iif client-veth0 -> table (client -> proxy) */
    clientToProxy: RuleSpec;
    /** to CLIENT_NET iif proxy-veth0 -> table (proxy -> client) */
    proxyToClient: RuleSpec;
    /** to CLIENT_NET iif uplink -> table (internet -> proxy) */
    uplinkToClient: RuleSpec;
  };
  /** Conntrack zone for the client<->proxy leg; false reproduces the original bug. */
  zones: false | { zone: number };
  /** nftables table (family ip) that holds all of our firewall rules. */
  firewallTable: string;
}

/** The write-up's scenario (client 10.10.1.0/24, proxy 10.10.2.0/24, uplink enp4s0). */
export const DEFAULT_SPEC: TopologySpec = {
  client: { netns: 'client', nsIfName: 'veth0', hostIfName: 'client-veth0', nsAddress: '10.10.1.1/24', hostAddress: '10.10.1.2/24' },
  proxy: { netns: 'proxy', nsIfName: 'veth0', hostIfName: 'proxy-veth0', nsAddress: '10.10.2.1/24', hostAddress: '10.10.2.2/24' },
  uplink: { ifName: 'enp4s0', address: '172.16.202.30/24', gateway: '172.16.202.1' },
  rules: {
    clientToProxy: { priority: 100, table: 100 },
    proxyToClient: { priority: 101, table: 101 },
    uplinkToClient: { priority: 102, table: 100 },
  },
  zones: { zone: 1 },
  firewallTable: 'nlts_topology',
};

/** Fields of a spec to override in {@link makeSpec}. */
export type SpecOverrides = {
  client?: Partial<LegSpec>;
  proxy?: Partial<LegSpec>;
  uplink?: Partial<TopologySpec['uplink']>;
  rules?: { [K in keyof TopologySpec['rules']]?: Partial<RuleSpec> };
  zones?: false | { zone: number };
  firewallTable?: string;
};

/** The default scenario with overrides applied (deeply, field by field). */
export function makeSpec(o: SpecOverrides = {}): TopologySpec {
  const d = DEFAULT_SPEC;
  return {
    client: { ...d.client, ...o.client },
    proxy: { ...d.proxy, ...o.proxy },
    uplink: { ...d.uplink, ...o.uplink },
    rules: {
      clientToProxy: { ...d.rules.clientToProxy, ...o.rules?.clientToProxy },
      proxyToClient: { ...d.rules.proxyToClient, ...o.rules?.proxyToClient },
      uplinkToClient: { ...d.rules.uplinkToClient, ...o.rules?.uplinkToClient },
    },
    zones: o.zones === undefined ? d.zones : o.zones,
    firewallTable: o.firewallTable ?? d.firewallTable,
  };
}

/** Every problem of a spec at once. */
export class SpecError extends ValidationError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('topology spec', `\n  - ${problems.join('\n  - ')}`);
    this.name = 'SpecError';
    this.problems = problems;
  }
}

function checkIfName(problems: string[], where: string, name: string): void {
  try {
    validateIfName(name, where);
  } catch (e) {
    problems.push((e as Error).message.replace(/^invalid /, ''));
  }
}

function checkPrefix(problems: string[], where: string, text: unknown): Prefix | undefined {
  try {
    if (typeof text !== 'string') throw new Error('not a string');
    const p = parsePrefix(text, where);
    if (p.family !== AF_INET) { problems.push(`${where}: '${text}' is not IPv4 (the scenario is IPv4)`); return undefined; }
    if (p.prefixLength === 32 || p.prefixLength === 0) problems.push(`${where}: '${text}' needs a prefix length between 1 and 31`);
    return p;
  } catch (e) {
    problems.push(`${where}: ${(e as Error).message}`);
    return undefined;
  }
}

const RESERVED_TABLES = new Map([[0, 'unspec'], [253, 'default'], [254, 'main'], [255, 'local']]);

/** Validates the whole spec; throws SpecError listing every problem. Returns the spec for chaining. */
export function validateSpec(spec: TopologySpec): TopologySpec {
  const problems: string[] = [];
  const legs = [['client', spec.client], ['proxy', spec.proxy]] as const;
  const nets: Array<[string, Prefix]> = [];
  for (const [label, leg] of legs) {
    try { validateNetnsName(leg.netns); } catch (e) { problems.push(`${label}.netns: ${(e as Error).message}`); }
    checkIfName(problems, `${label}.nsIfName`, leg.nsIfName);
    checkIfName(problems, `${label}.hostIfName`, leg.hostIfName);
    const ns = checkPrefix(problems, `${label}.nsAddress`, leg.nsAddress);
    const host = checkPrefix(problems, `${label}.hostAddress`, leg.hostAddress);
    if (ns && host) {
      if (ns.prefixLength !== host.prefixLength || networkOf(ns) !== networkOf(host)) {
        problems.push(`${label}: nsAddress ${leg.nsAddress} and hostAddress ${leg.hostAddress} are not in the same subnet`);
      } else if (ns.address === host.address) {
        problems.push(`${label}: nsAddress and hostAddress are the same address ${ns.address}`);
      } else {
        nets.push([label, ns]);
      }
    }
  }
  if (spec.client.netns === spec.proxy.netns) problems.push(`client.netns and proxy.netns are both '${spec.client.netns}'`);
  checkIfName(problems, 'uplink.ifName', spec.uplink.ifName);
  const hostNames = [spec.client.hostIfName, spec.proxy.hostIfName, spec.uplink.ifName];
  if (new Set(hostNames).size !== hostNames.length) problems.push(`host interface names must differ: ${hostNames.join(', ')}`);
  const uplink = checkPrefix(problems, 'uplink.address', spec.uplink.address);
  if (uplink) {
    nets.push(['uplink', uplink]);
    try {
      if (!prefixContains(uplink, spec.uplink.gateway)) problems.push(`uplink.gateway ${spec.uplink.gateway} is outside ${spec.uplink.address}`);
      else if (spec.uplink.gateway === uplink.address) problems.push(`uplink.gateway ${spec.uplink.gateway} is the uplink's own address`);
    } catch (e) {
      problems.push(`uplink.gateway: ${(e as Error).message}`);
    }
  }
  for (let i = 0; i < nets.length; i++) {
    for (let j = i + 1; j < nets.length; j++) {
      const [a, pa] = nets[i]!;
      const [b, pb] = nets[j]!;
      if (prefixesOverlap(pa, pb)) problems.push(`the ${a} subnet ${networkOf(pa)}/${pa.prefixLength} overlaps the ${b} subnet ${networkOf(pb)}/${pb.prefixLength}`);
    }
  }
  const rules = Object.entries(spec.rules) as Array<[string, RuleSpec]>;
  const priorities = new Map<number, string>();
  for (const [name, r] of rules) {
    if (!Number.isInteger(r.priority) || r.priority < 1 || r.priority > 32765) problems.push(`rules.${name}.priority ${r.priority} is outside 1..32765 (0, 32766 and 32767 are the kernel's own rules)`);
    const other = priorities.get(r.priority);
    if (other) problems.push(`rules.${name}.priority ${r.priority} duplicates rules.${other}.priority`);
    priorities.set(r.priority, name);
    if (!Number.isInteger(r.table) || r.table < 1 || r.table > 0xffffffff) problems.push(`rules.${name}.table ${r.table} is outside 1..4294967295`);
    else if (RESERVED_TABLES.has(r.table)) problems.push(`rules.${name}.table ${r.table} is the kernel's '${RESERVED_TABLES.get(r.table)}' table`);
  }
  if (spec.rules.clientToProxy.table === spec.rules.proxyToClient.table) {
    problems.push(`rules.clientToProxy.table and rules.proxyToClient.table must differ (they route in opposite directions)`);
  }
  if (spec.rules.uplinkToClient.table !== spec.rules.clientToProxy.table) {
    problems.push(`rules.uplinkToClient.table must equal rules.clientToProxy.table (both send traffic to the proxy)`);
  }
  if (spec.zones !== false) {
    const z = spec.zones.zone;
    if (!Number.isInteger(z) || z < 1 || z > 65535) problems.push(`zones.zone ${z} is outside 1..65535 (zone 0 is the default zone the second pass must use)`);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(spec.firewallTable)) problems.push(`firewallTable '${spec.firewallTable}' is not a valid nftables table name`);
  if (problems.length) throw new SpecError(problems);
  return spec;
}

/** Reads a spec file (JSON of SpecOverrides) and validates the result. Unknown keys are refused. */
export function specFromJson(text: string): TopologySpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SpecError([`not JSON: ${(e as Error).message}`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SpecError(['the spec must be a JSON object']);
  const allowed: Record<string, readonly string[] | null> = {
    client: Object.keys(DEFAULT_SPEC.client), proxy: Object.keys(DEFAULT_SPEC.proxy), uplink: Object.keys(DEFAULT_SPEC.uplink),
    rules: Object.keys(DEFAULT_SPEC.rules), zones: null, firewallTable: null,
  };
  const problems: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in allowed)) { problems.push(`unknown key '${k}'`); continue; }
    const keys = allowed[k];
    if (keys && (typeof v !== 'object' || v === null)) { problems.push(`'${k}' must be an object`); continue; }
    if (keys) for (const sub of Object.keys(v as object)) if (!keys.includes(sub)) problems.push(`unknown key '${k}.${sub}'`);
  }
  if (problems.length) throw new SpecError(problems);
  return validateSpec(makeSpec(raw as SpecOverrides));
}

/** The client subnet in CIDR form ('10.10.1.0/24'), used by rules and firewall matches. */
export function clientNet(spec: TopologySpec): string {
  const p = parsePrefix(spec.client.nsAddress);
  return `${networkOf(p)}/${p.prefixLength}`;
}

export const addressOnly = (cidr: string): string => cidr.split('/')[0]!;
