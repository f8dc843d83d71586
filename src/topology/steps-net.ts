// Steps for namespaces, links, addresses, routes, rules and forwarding (rtnetlink and /proc/sys).
import { NetlinkError, NetnsError, ValidationError, createNetns, deleteNetns, netnsExists } from '../netlink/index.js';
import type { Route, Rule, RuleSpec as RtRuleSpec } from '../rtnetlink/index.js';
import type { TopologyContext } from './context.js';
import type { Step, StepState } from './engine.js';
import type { LegSpec } from './spec.js';
import { addressOnly } from './spec.js';
import { readForwarding, writeForwarding } from './sysctl.js';

type S = Step<TopologyContext>;

/** Something in the way that we did not create and must not overwrite. */
export class ConflictError extends ValidationError {
  constructor(what: string, reason: string) {
    super(what, reason);
    this.name = 'ConflictError';
  }
}

const isNoDevice = (e: unknown): boolean => e instanceof NetlinkError && (e.code === 'ENODEV' || e.code === 'ENOENT');

/** The thing a step looks at sits in a namespace or on a link that does not exist (yet). */
function isMissingParent(e: unknown): boolean {
  return isNoDevice(e) || (e instanceof NetnsError && e.code === 'NOT_FOUND') || (e as NodeJS.ErrnoException).code === 'ENOENT';
}

/** A step whose inspect() answers 'absent' when what it lives in is missing: plan() runs before anything exists. */
export function tolerant<C>(step: Step<C>): Step<C> {
  return {
    ...step,
    async inspect(ctx) {
      try {
        return await step.inspect(ctx);
      } catch (e) {
        if (isMissingParent(e)) return 'absent';
        throw e;
      }
    },
  };
}

export function namespaceStep(name: string): S {
  return {
    title: `namespace ${name}`,
    owned: true,
    async inspect() { return netnsExists(name) ? 'present' : 'absent'; },
    async apply(ctx) {
      createNetns(name);
      return async () => { ctx.forget(name); if (netnsExists(name)) deleteNetns(name); };
    },
    async remove(ctx) { ctx.forget(name); deleteNetns(name); },
  };
}

/** The host end of a leg: a veth whose peer is created directly inside the leg's namespace. */
export function vethStep(leg: LegSpec): S {
  return {
    title: `veth ${leg.hostIfName} <-> ${leg.netns}:${leg.nsIfName}`,
    owned: true,
    async inspect(ctx) {
      let link;
      try { link = await ctx.host.links.get(leg.hostIfName); } catch (e) { if (isNoDevice(e)) return 'absent'; throw e; }
      const kind = link.info?.kind;
      if (kind !== 'veth') throw new ConflictError(`link ${leg.hostIfName}`, `it already exists and is ${kind ? `a ${kind}` : 'not a veth'}, not ours`);
      if (!netnsExists(leg.netns) || !(await ctx.inside(leg.netns).links.exists(leg.nsIfName))) {
        throw new ConflictError(`link ${leg.hostIfName}`, `it already exists but its peer is not ${leg.netns}:${leg.nsIfName}`);
      }
      return 'present';
    },
    async apply(ctx) {
      await ctx.host.links.createVeth(leg.hostIfName, { peer: leg.nsIfName, peerNetns: leg.netns });
      return async () => { await ctx.host.links.delete(leg.hostIfName).catch((e: unknown) => { if (!isNoDevice(e)) throw e; }); };
    },
    async remove(ctx) { await ctx.host.links.delete(leg.hostIfName); },
  };
}

/** An address on a link, in the host (netns undefined) or inside a leg's namespace. */
export function addressStep(netns: string | undefined, ifname: string, cidr: string): S {
  const nl = (ctx: TopologyContext) => (netns === undefined ? ctx.host : ctx.inside(netns));
  return {
    title: `address ${cidr} on ${netns ? `${netns}:` : ''}${ifname}`,
    owned: true,
    async inspect(ctx) {
      const all = await nl(ctx).addresses.all({ family: 'inet', link: ifname });
      return all.some((a) => a.cidr === cidr) ? 'present' : 'absent';
    },
    async apply(ctx) {
      await nl(ctx).addresses.add(ifname, cidr);
      return async () => { await nl(ctx).addresses.delete(ifname, cidr).catch((e: unknown) => { if (!isNoDevice(e) && !(e instanceof NetlinkError && e.code === 'EADDRNOTAVAIL')) throw e; }); };
    },
    async remove(ctx) { await nl(ctx).addresses.delete(ifname, cidr); },
  };
}

export function linkUpStep(netns: string | undefined, ifname: string, owned = true): S {
  const nl = (ctx: TopologyContext) => (netns === undefined ? ctx.host : ctx.inside(netns));
  return {
    title: `link ${netns ? `${netns}:` : ''}${ifname} up`,
    owned,
    async inspect(ctx) { return (await nl(ctx).links.get(ifname)).up ? 'present' : 'different'; },
    async apply(ctx) {
      await nl(ctx).links.set(ifname, { up: true });
      return async () => { await nl(ctx).links.set(ifname, { up: false }).catch((e: unknown) => { if (!isNoDevice(e)) throw e; }); };
    },
    async remove(ctx) { await nl(ctx).links.set(ifname, { up: false }); },
  };
}

/** A default route via `gateway` out of `ifname`, in a table (host) or the main table of a namespace. */
export function defaultRouteStep(netns: string | undefined, table: number | 'main', gateway: string, ifname: string): S {
  const nl = (ctx: TopologyContext) => (netns === undefined ? ctx.host : ctx.inside(netns));
  const find = async (ctx: TopologyContext): Promise<Route | undefined> => {
    for await (const r of nl(ctx).routes.list({ family: 'inet', table })) if (r.dst === 'default' && r.type === 'unicast') return r;
    return undefined;
  };
  return {
    title: `route default via ${gateway} dev ${ifname} ${netns ? `in ${netns}` : `table ${table}`}`,
    owned: true,
    async inspect(ctx) {
      const r = await find(ctx);
      if (!r) return 'absent';
      const oif = await nl(ctx).links.index(ifname).catch(() => -1);
      return r.gateway === gateway && r.oif === oif ? 'present' : 'different';
    },
    async apply(ctx, state) {
      const previous = state === 'different' ? await find(ctx) : undefined;
      await nl(ctx).routes.replace({ to: 'default', via: gateway, dev: ifname, table });
      return async () => {
        if (previous?.gateway !== undefined && previous.oif !== undefined) {
          await nl(ctx).routes.replace({ to: 'default', via: previous.gateway, dev: previous.oif, table, metric: previous.metric });
        } else {
          await nl(ctx).routes.delete({ to: 'default', table }).catch((e: unknown) => { if (!(e instanceof NetlinkError && e.code === 'ESRCH')) throw e; });
        }
      };
    },
    async remove(ctx) { await nl(ctx).routes.delete({ to: 'default', via: gateway, table }); },
  };
}

function sameRule(r: Rule, s: RtRuleSpec): boolean {
  return r.family === 'inet' && r.priority === s.priority && r.table === s.table && r.action === 'to_tbl'
    && (r.from ?? undefined) === s.from && (r.to ?? undefined) === s.to && (r.iif ?? undefined) === s.iif;
}

/** A policy-routing rule; a different rule at the same priority is someone else's and is not touched. */
export function ruleStep(spec: RtRuleSpec): S {
  const describe = `rule ${spec.from ? `from ${spec.from} ` : ''}${spec.to ? `to ${spec.to} ` : ''}iif ${spec.iif} prio ${spec.priority} table ${spec.table}`;
  return {
    title: describe,
    owned: true,
    async inspect(ctx) {
      const rules = (await ctx.host.rules.all({ family: 'inet' })).filter((r) => r.priority === spec.priority);
      if (rules.some((r) => sameRule(r, spec))) return 'present';
      if (rules.length) throw new ConflictError(`rule priority ${spec.priority}`, `another rule already uses it (table ${rules[0]!.table})`);
      return 'absent';
    },
    async apply(ctx) {
      await ctx.host.rules.add(spec);
      return async () => { await ctx.host.rules.delete(spec); };
    },
    async remove(ctx) { await ctx.host.rules.delete(spec); },
  };
}

/** IPv4 forwarding of a namespace (ip_forward) or of one interface; restored on rollback. */
export function forwardingStep(netns: string | undefined, ifname: string | undefined, owned: boolean): S {
  const where = (ctx: TopologyContext) => (netns === undefined ? ctx.hostNetns : netns);
  return {
    title: `ipv4 forwarding on ${ifname ? `${netns ? `${netns}:` : ''}${ifname}` : netns ?? 'host'}`,
    owned,
    async inspect(ctx): Promise<StepState> { return readForwarding(where(ctx), ifname) ? 'present' : 'different'; },
    async apply(ctx) {
      writeForwarding(where(ctx), true, ifname);
      return async () => { try { writeForwarding(where(ctx), false, ifname); } catch { /* interface already gone */ } };
    },
    async remove(ctx) { writeForwarding(where(ctx), false, ifname); },
  };
}

/** The host's uplink must exist; the topology never creates or removes it. */
export function uplinkStep(ifname: string): S {
  return {
    title: `uplink ${ifname} exists`,
    owned: false,
    async inspect(ctx) {
      if (!(await ctx.host.links.exists(ifname))) {
        throw new ConflictError(`uplink ${ifname}`, 'no such link on the host: the uplink must exist (the demo simulates one; on a real host name yours with the spec)');
      }
      return 'present';
    },
    async apply() { return async () => undefined; },
    async remove() { /* not ours */ },
  };
}

export const legAddress = (leg: LegSpec): string => addressOnly(leg.hostAddress);
