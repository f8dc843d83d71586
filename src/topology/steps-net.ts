// Steps for namespaces, links, addresses, routes, rules and forwarding (rtnetlink and /proc/sys).
// Everything created is marked (marks.ts): a thing of the spec's name that is not marked is someone
// else's, and is reported as a conflict (or left alone when it already is what the spec wants).
import { NetlinkError, NetnsError, createNetns, deleteNetns, netnsExists, netnsInode } from '../netlink/index.js';
import type { Route, Rule, RuleSpec as RtRuleSpec } from '../rtnetlink/index.js';
import type { TopologyContext } from './context.js';
import { type Step, type StepState, isConflict } from './engine.js';
import { RTPROT_NLTS, isOurProtocol } from './marks.js';
import type { LegSpec } from './spec.js';
import { addressOnly } from './spec.js';
import { netnsEntry, readNetnsMarker, removeNetnsMarker, writeNetnsMarker } from './store.js';
import { readForwarding, writeForwarding } from './sysctl.js';

type S = Step<TopologyContext>;

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

/** Whether the namespace is one this topology created or adopted (its marker names us and its inode). */
export function ownNamespace(ctx: TopologyContext, name: string): boolean {
  const m = readNetnsMarker(name);
  if (m?.owner !== ctx.mark) return false;
  return m.inode === undefined || netnsEntry(name) !== 'namespace' || m.inode === netnsInode(name);
}

export function namespaceStep(name: string): S {
  return {
    title: `namespace ${name}`,
    owned: true,
    async inspect(ctx) {
      const entry = netnsEntry(name);
      if (entry === 'absent') return 'absent';
      const ours = ownNamespace(ctx, name);
      // A plain file where a namespace should be: setns on it fails with EINVAL.
      if (entry === 'stale') {
        return ours ? 'different' : { conflict: `/run/netns/${name} is a plain file, not a namespace (left by a killed process?); remove it with 'ip netns delete ${name}'`, adoptable: false };
      }
      if (entry === 'other') return { conflict: `/run/netns/${name} is not a namespace file`, adoptable: false };
      if (ours) return 'present';
      return { conflict: `namespace ${name} already exists and was not created by nlts`, adoptable: true };
    },
    async apply(ctx, state) {
      if (isConflict(state)) {
        // Adopted: marked as ours so the steps inside may use it; down keeps it.
        writeNetnsMarker(name, { owner: ctx.mark, pid: process.pid, inode: netnsInode(name), adopted: true });
        return async () => { ctx.forget(name); removeNetnsMarker(name); };
      }
      if (state === 'different') deleteNetns(name); // our own stale file
      // The marker goes first: a process killed right after createNetns made the file still leaves a trace.
      writeNetnsMarker(name, { owner: ctx.mark, pid: process.pid });
      try {
        createNetns(name);
      } catch (e) {
        removeNetnsMarker(name);
        throw e;
      }
      writeNetnsMarker(name, { owner: ctx.mark, pid: process.pid, inode: netnsInode(name) });
      return async () => { ctx.forget(name); if (netnsExists(name)) deleteNetns(name); removeNetnsMarker(name); };
    },
    async remove(ctx) {
      ctx.forget(name);
      if (!readNetnsMarker(name)?.adopted) deleteNetns(name);
      removeNetnsMarker(name);
    },
  };
}

/** The host end of a leg: a veth whose peer is created directly inside the leg's namespace; its ifalias is our mark. */
export function vethStep(leg: LegSpec): S {
  const peerThere = async (ctx: TopologyContext): Promise<boolean> => netnsEntry(leg.netns) === 'namespace' && ctx.inside(leg.netns).links.exists(leg.nsIfName);
  return {
    title: `veth ${leg.hostIfName} <-> ${leg.netns}:${leg.nsIfName}`,
    owned: true,
    async inspect(ctx) {
      let link;
      try { link = await ctx.host.links.get(leg.hostIfName); } catch (e) { if (isNoDevice(e)) return 'absent'; throw e; }
      const kind = link.info?.kind;
      const right = kind === 'veth' && (await peerThere(ctx));
      // A veth whose peer sits in our own namespace is ours even before its ifalias was written.
      const ours = link.alias === ctx.mark || (right && ownNamespace(ctx, leg.netns));
      if (ours) return right ? 'present' : 'different';
      if (right) return 'unmarked';
      return { conflict: `link ${leg.hostIfName} already exists (${kind ? `a ${kind}` : 'no kind'}${kind === 'veth' ? ` whose peer is not ${leg.netns}:${leg.nsIfName}` : ''}) and was not created by nlts; nlts does not take over links`, adoptable: false };
    },
    async apply(ctx, state) {
      if (state === 'different') await ctx.host.links.delete(leg.hostIfName); // ours, but its peer is gone
      await ctx.host.links.createVeth(leg.hostIfName, { peer: leg.nsIfName, peerNetns: leg.netns });
      const undo = async (): Promise<void> => { await ctx.host.links.delete(leg.hostIfName).catch((e: unknown) => { if (!isNoDevice(e)) throw e; }); };
      // The kernel takes IFLA_IFALIAS only on a change, not on creation.
      try { await ctx.host.links.set(leg.hostIfName, { alias: ctx.mark }); } catch (e) { await undo(); throw e; }
      return undo;
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
      // Recorded like a sysctl: in a namespace we adopted (lo), down must switch it back off.
      const recorded = ctx.store.recordSysctl(linkUpKey(netns, ifname), '0');
      await nl(ctx).links.set(ifname, { up: true });
      return async () => {
        await nl(ctx).links.set(ifname, { up: false }).catch((e: unknown) => { if (!isNoDevice(e)) throw e; });
        if (recorded) ctx.store.forgetSysctl(linkUpKey(netns, ifname));
      };
    },
    async remove(ctx) { await nl(ctx).links.set(ifname, { up: false }); },
  };
}

/** What a route we displaced looked like, enough to put it back. */
interface SavedRoute { gateway?: string; dev?: string; metric?: number; protocol: string }

const protocolArg = (p: string): string | number => (/^\d+$/.test(p) ? Number(p) : p);

/** A default route via `gateway` out of `ifname`, in a table (host) or the main table of a namespace; protocol RTPROT_NLTS. */
export function defaultRouteStep(netns: string | undefined, table: number | 'main', gateway: string, ifname: string): S {
  const nl = (ctx: TopologyContext) => (netns === undefined ? ctx.host : ctx.inside(netns));
  const find = async (ctx: TopologyContext): Promise<Route | undefined> => {
    for await (const r of nl(ctx).routes.list({ family: 'inet', table })) if (r.dst === 'default' && r.type === 'unicast') return r;
    return undefined;
  };
  const save = async (ctx: TopologyContext, r: Route): Promise<SavedRoute> => ({
    gateway: r.gateway, metric: r.metric, protocol: r.protocol,
    dev: r.oif === undefined ? undefined : (await nl(ctx).links.get(r.oif)).name,
  });
  const put = async (ctx: TopologyContext, r: SavedRoute): Promise<void> => {
    await nl(ctx).routes.add({ to: 'default', table, protocol: protocolArg(r.protocol), ...(r.gateway ? { via: r.gateway } : {}), ...(r.dev ? { dev: r.dev } : {}), ...(r.metric !== undefined ? { metric: r.metric } : {}) });
  };
  const ignoreGone = (e: unknown): void => { if (!(e instanceof NetlinkError && e.code === 'ESRCH') && !isNoDevice(e)) throw e; };
  const title = `route default via ${gateway} dev ${ifname} ${netns ? `in ${netns}` : `table ${table}`}`;
  return {
    title,
    owned: true,
    async inspect(ctx) {
      const r = await find(ctx);
      if (!r) return 'absent';
      const oif = await nl(ctx).links.index(ifname).catch(() => -1);
      const same = r.gateway === gateway && r.oif === oif;
      if (isOurProtocol(r.protocol)) return same ? 'present' : 'different';
      if (same) return 'unmarked';
      const dev = r.oif === undefined ? '' : ` dev ${(await nl(ctx).links.get(r.oif).catch(() => undefined))?.name ?? r.oif}`;
      return { conflict: `${netns ? `${netns}: ` : ''}table ${table} already has a default route${r.gateway ? ` via ${r.gateway}` : ''}${dev} (proto ${r.protocol}), not created by nlts`, adoptable: true };
    },
    async apply(ctx, state) {
      const previous = state === 'absent' ? undefined : await find(ctx);
      const saved = previous ? await save(ctx, previous) : undefined;
      if (isConflict(state) && saved) ctx.store.recordAdoption(title, saved);
      // Replace matches on metric too: remove the old route first so exactly one default remains.
      if (previous) await nl(ctx).routes.delete({ to: 'default', table, ...(previous.metric !== undefined ? { metric: previous.metric } : {}) }).catch(ignoreGone);
      await nl(ctx).routes.add({ to: 'default', via: gateway, dev: ifname, table, protocol: RTPROT_NLTS });
      return async () => {
        await nl(ctx).routes.delete({ to: 'default', table, protocol: RTPROT_NLTS }).catch(ignoreGone);
        if (saved) await put(ctx, saved);
        if (isConflict(state)) ctx.store.forgetAdoption(title);
      };
    },
    async remove(ctx) {
      await nl(ctx).routes.delete({ to: 'default', table, protocol: RTPROT_NLTS }).catch(ignoreGone);
      const adopted = ctx.store.adoption<SavedRoute>(title);
      if (adopted) {
        await put(ctx, adopted);
        ctx.store.forgetAdoption(title);
      }
    },
  };
}

function sameRule(r: Rule, s: RtRuleSpec): boolean {
  return r.family === 'inet' && r.priority === s.priority && r.table === s.table && r.action === 'to_tbl'
    && (r.from ?? undefined) === s.from && (r.to ?? undefined) === s.to && (r.iif ?? undefined) === s.iif;
}

const ACTIONS: Record<string, RtRuleSpec['action']> = { to_tbl: 'table', goto: 'goto', nop: 'nop', blackhole: 'blackhole', unreachable: 'unreachable', prohibit: 'prohibit' };

/** A listed rule as the spec that adds it again (the selectors and actions rules commonly carry). */
export function ruleSpecOf(r: Rule): RtRuleSpec {
  const keep = <K extends keyof Rule>(k: K): Partial<Pick<Rule, K>> => (r[k] === undefined ? {} : { [k]: r[k] } as Partial<Pick<Rule, K>>);
  return {
    family: r.family === 'inet6' ? 'inet6' : 'inet', priority: r.priority, table: r.table, action: ACTIONS[r.action] ?? 'table', tos: r.tos, not: r.not,
    ...keep('from'), ...keep('to'), ...keep('iif'), ...keep('oif'), ...keep('goto'), ...keep('fwmark'), ...keep('fwmask'),
    ...keep('ipProto'), ...keep('sport'), ...keep('dport'),
    // The kernel lists suppress_prefixlength -1 for "not set".
    ...(r.suppressPrefixLength !== undefined && r.suppressPrefixLength >= 0 ? { suppressPrefixLength: r.suppressPrefixLength } : {}), ...keep('suppressIfgroup'), ...keep('l3mdev'), ...keep('uidRange'),
    ...(r.protocol !== undefined ? { protocol: protocolArg(r.protocol) } : {}),
  } as RtRuleSpec;
}

/** A policy-routing rule with protocol RTPROT_NLTS; other rules at its priority are someone else's. */
export function ruleStep(spec: RtRuleSpec): S {
  const title = `rule ${spec.from ? `from ${spec.from} ` : ''}${spec.to ? `to ${spec.to} ` : ''}iif ${spec.iif} prio ${spec.priority} table ${spec.table}`;
  const mine: RtRuleSpec = { ...spec, protocol: RTPROT_NLTS };
  const at = async (ctx: TopologyContext): Promise<Rule[]> => (await ctx.host.rules.all({ family: 'inet' })).filter((r) => r.priority === spec.priority);
  const ignoreGone = (e: unknown): void => { if (!(e instanceof NetlinkError && e.code === 'ENOENT')) throw e; };
  return {
    title,
    owned: true,
    async inspect(ctx) {
      const rules = await at(ctx);
      const ours = rules.filter((r) => isOurProtocol(r.protocol));
      const others = rules.filter((r) => !isOurProtocol(r.protocol));
      if (ours.length) return ours.some((r) => sameRule(r, spec)) ? 'present' : 'different';
      if (others.length === 0) return 'absent';
      if (others.every((r) => sameRule(r, spec))) return 'unmarked';
      const r = others[0]!;
      return { conflict: `rule priority ${spec.priority} already holds ${others.length === 1 ? 'a rule' : `${others.length} rules`} (${r.from ? `from ${r.from} ` : ''}${r.to ? `to ${r.to} ` : ''}${r.iif ? `iif ${r.iif} ` : ''}${r.action === 'to_tbl' ? `lookup ${r.table}` : r.action}), not created by nlts`, adoptable: true };
    },
    async apply(ctx, state) {
      // 'different': our own older rule goes; adopting: the others' rules go, recorded for down.
      const previous = state === 'absent' ? [] : (await at(ctx)).filter((r) => isOurProtocol(r.protocol) === (state === 'different')).map(ruleSpecOf);
      if (isConflict(state)) ctx.store.recordAdoption(title, previous);
      for (const r of previous) await ctx.host.rules.delete(r);
      await ctx.host.rules.add(mine);
      return async () => {
        await ctx.host.rules.delete(mine).catch(ignoreGone);
        for (const r of previous) await ctx.host.rules.add(r);
        if (isConflict(state)) ctx.store.forgetAdoption(title);
      };
    },
    async remove(ctx) {
      for (const r of (await at(ctx)).filter((x) => isOurProtocol(x.protocol))) await ctx.host.rules.delete(ruleSpecOf(r));
      const adopted = ctx.store.adoption<RtRuleSpec[]>(title);
      if (adopted) {
        for (const r of adopted) await ctx.host.rules.add(r);
        ctx.store.forgetAdoption(title);
      }
    },
  };
}

/** Key of a forwarding switch in the state store: [namespace or null for the host, interface or null]. */
export const forwardingKey = (netns: string | undefined, ifname: string | undefined): string => JSON.stringify([netns ?? null, ifname ?? null]);

/**
 * IPv4 forwarding of a namespace (ip_forward) or of one interface. The value found is recorded before it
 * is switched on, so rollback and down (restoreSysctls) put it back.
 */
export function forwardingStep(netns: string | undefined, ifname: string | undefined, owned: boolean): S {
  const where = (ctx: TopologyContext) => (netns === undefined ? ctx.hostNetns : netns);
  const key = forwardingKey(netns, ifname);
  return {
    title: `ipv4 forwarding on ${ifname ? `${netns ? `${netns}:` : ''}${ifname}` : netns ?? 'host'}`,
    owned,
    async inspect(ctx): Promise<StepState> { return readForwarding(where(ctx), ifname) ? 'present' : 'different'; },
    async apply(ctx) {
      const recorded = ctx.store.recordSysctl(key, readForwarding(where(ctx), ifname) ? '1' : '0');
      writeForwarding(where(ctx), true, ifname);
      return async () => {
        try { writeForwarding(where(ctx), false, ifname); } catch { /* interface already gone */ }
        if (recorded) ctx.store.forgetSysctl(key);
      };
    },
    async remove(ctx) { writeForwarding(where(ctx), false, ifname); },
  };
}

const linkUpKey = (netns: string | undefined, ifname: string): string => JSON.stringify([netns ?? null, ifname, 'up']);

/** Puts back every forwarding switch and link state up changed, where it still exists; returns what it restored. */
export async function restoreSysctls(ctx: TopologyContext): Promise<string[]> {
  const restored: string[] = [];
  for (const [key, value] of Object.entries(ctx.store.sysctls)) {
    const [netns, ifname, what] = JSON.parse(key) as [string | null, string | null, string | undefined];
    try {
      if (netns !== null && netnsEntry(netns) !== 'namespace') throw new Error('gone');
      const ns = netns ?? ctx.hostNetns;
      if (what === 'up') {
        const nl = netns === null ? ctx.host : ctx.inside(netns);
        if ((await nl.links.get(ifname!)).up !== (value === '1')) {
          await nl.links.set(ifname!, { up: value === '1' });
          // Bringing lo up made the kernel add 127.0.0.1/8 (inetdev on NETDEV_UP); down alone keeps it.
          if (ifname === 'lo' && value === '0') await nl.addresses.delete('lo', '127.0.0.1/8').catch(() => undefined);
          restored.push(`link ${netns ? `${netns}:` : ''}${ifname} back ${value === '1' ? 'up' : 'down'}`);
        }
      } else if (readForwarding(ns, ifname ?? undefined) !== (value === '1')) {
        writeForwarding(ns, value === '1', ifname ?? undefined);
        restored.push(`ipv4 forwarding on ${ifname ? `${netns ? `${netns}:` : ''}${ifname}` : netns ?? 'host'} back to ${value}`);
      }
    } catch {
      /* the namespace or interface went away with the topology: nothing to restore */
    }
    ctx.store.forgetSysctl(key);
  }
  return restored;
}

/** The host's uplink must exist; the topology never creates or removes it. */
export function uplinkStep(ifname: string): S {
  return {
    title: `uplink ${ifname} exists`,
    owned: false,
    async inspect(ctx) {
      if (!(await ctx.host.links.exists(ifname))) {
        return { conflict: 'no such link on the host: the uplink must exist (the demo simulates one; on a real host name yours with the spec)', adoptable: false };
      }
      return 'unmarked';
    },
    async apply() { return async () => undefined; },
    async remove() { /* not ours */ },
  };
}

export const legAddress = (leg: LegSpec): string => addressOnly(leg.hostAddress);
