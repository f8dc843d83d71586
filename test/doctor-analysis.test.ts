// The doctor's analysis on hand-built snapshots: the write-up's host (its own names and numbers), the
// zone split in its forms (nft ct zone set, notrack, iptables-nft's compat CT target), and the neighbours
// (forwarding off, rp_filter, oifname typo, iif naming no interface, zone set after conntrack).
import test from 'ava';
import { netfilterCodec } from '../src/netlink/index.js';
import type { Rule as RoutingRule, Route } from '../src/rtnetlink/index.js';
import { type Chain, type Expression, type Rule, type Ruleset, match, parsePriority } from '../src/nfnetlink/nftables/index.js';
import { encodeComment } from '../src/nfnetlink/nftables/userdata.js';
import type { Flow } from '../src/nfnetlink/conntrack/index.js';
import { FIX_MARK, FIX_TABLE, diagnoseSnapshot, fixTransaction, renderReport, routeLookup, type HostLink, type HostSnapshot } from '../src/doctor/index.js';

const link = (index: number, name: string, addresses: string[], o: Partial<HostLink> = {}): HostLink =>
  ({ index, name, up: true, addresses, forwarding: true, rpFilter: 0, ...o });
const rrule = (priority: number, table: number, o: Partial<RoutingRule> = {}): RoutingRule =>
  ({ family: 'inet', priority, table, action: 'to_tbl', tos: 0, not: false, flags: [], unknown: [], ...o });
const rt = (table: number, dst: string, oif: number, gateway?: string, type = 'unicast'): Route =>
  ({ family: 'inet', table, dst, tos: 0, protocol: 'static', scope: 'universe', type, flags: [], oif, ...(gateway ? { gateway } : {}), unknown: [] });

const NAT_CHAIN: Chain = { family: 'ip', table: 'nat', name: 'post', type: 'nat', hook: { hook: 'postrouting', priority: parsePriority('srcnat', 'ip') }, policy: 'accept' };
const rawChain = (priority: number | string = 'raw'): Chain =>
  ({ family: 'ip', table: 'zones', name: 'pre', type: 'filter', hook: { hook: 'prerouting', priority: parsePriority(priority, 'ip') }, policy: 'accept' });
const nftRule = (chain: Chain, ...parts: Expression[][]): Rule => ({ family: chain.family, table: chain.table, chain: chain.name, expressions: match.rule(...parts) });
const masq = (oif = 'enp4s0'): Rule => nftRule(NAT_CHAIN, match.ipSaddr('10.10.1.0/24'), match.ipDaddr('10.10.1.0/24', { negate: true }), match.oifname(oif), match.masquerade());

interface Options { policy?: boolean; replyRule?: boolean; zoneRules?: Rule[]; extraChains?: Chain[]; natOif?: string; links?: Partial<Record<string, Partial<HostLink>>>; rules?: RoutingRule[]; rpFilterAll?: number; flows?: Flow[] }

/** The write-up's host: client-veth0, proxy-veth0, enp4s0, tables 100/101, priorities 100-102. */
function writeUp(o: Options = {}): HostSnapshot {
  const l = (i: number, n: string, a: string[]): HostLink => link(i, n, a, o.links?.[n] ?? {});
  const policy = o.policy ?? true;
  const zoneRules = o.zoneRules ?? [];
  const chains = [NAT_CHAIN, ...(o.extraChains ?? (zoneRules.length ? [rawChain()] : []))];
  return {
    links: [l(1, 'lo', ['127.0.0.1/8']), l(2, 'client-veth0', ['10.10.1.2/24']), l(3, 'proxy-veth0', ['10.10.2.2/24']), l(4, 'enp4s0', ['172.16.202.30/24'])],
    ipForward: true, rpFilterAll: o.rpFilterAll ?? 0,
    rules: [
      rrule(0, 255),
      ...(policy ? [
        rrule(100, 100, { from: '10.10.1.0/24', iif: 'client-veth0' }),
        rrule(101, 101, { to: '10.10.1.0/24', iif: 'proxy-veth0' }),
        ...(o.replyRule === false ? [] : [rrule(102, 100, { to: '10.10.1.0/24', iif: 'enp4s0' })]),
      ] : []),
      ...(o.rules ?? []),
      rrule(32766, 254), rrule(32767, 253),
    ],
    routes: [
      rt(254, 'default', 4, '172.16.202.1'), rt(254, '10.10.1.0/24', 2), rt(254, '10.10.2.0/24', 3), rt(254, '172.16.202.0/24', 4),
      rt(255, '10.10.1.2/32', 2, undefined, 'local'), rt(255, '10.10.2.2/32', 3, undefined, 'local'), rt(255, '172.16.202.30/32', 4, undefined, 'local'),
      ...(policy ? [rt(100, 'default', 3, '10.10.2.1'), rt(101, 'default', 2, '10.10.1.1')] : []),
    ],
    ruleset: { tables: [{ family: 'ip', name: 'nat' }, ...(chains.length > 1 ? [{ family: 'ip' as const, name: 'zones' }] : [])], chains, rules: [masq(o.natOif), ...zoneRules], sets: [] },
    ...(o.flows ? { flows: o.flows } : {}),
  };
}

const codes = (s: HostSnapshot): string[] => diagnoseSnapshot(s).findings.map((f) => f.code).sort();
const RAW = rawChain();
const writeUpZones = (chain = RAW, zone = 1): Rule[] => [
  nftRule(chain, match.iifname('client-veth0'), match.ctZoneSet(zone)),
  nftRule(chain, match.iifname('proxy-veth0'), match.ipDaddr('10.10.1.0/24'), match.ctZoneSet(zone)),
];

test('the write-up\'s host: one double-pass finding with its path, nat rule and fix', (t) => {
  const r = diagnoseSnapshot(writeUp());
  t.deepEqual(r.findings.map((f) => f.code), ['conntrack-double-pass']);
  const f = r.findings[0]!;
  t.is(f.subnet, '10.10.1.0/24');
  t.deepEqual(f.interfaces, ['client-veth0', 'proxy-veth0', 'enp4s0']);
  t.deepEqual(f.path!.map((p) => [p.pass, p.iif, p.oif, p.gateway, p.table, p.rule, p.route, p.zone]), [
    [1, 'client-veth0', 'proxy-veth0', '10.10.2.1', 100, '100: from 10.10.1.0/24 iif client-veth0 lookup 100', 'default via 10.10.2.1 dev proxy-veth0 table 100', 0],
    [2, 'proxy-veth0', 'enp4s0', '172.16.202.1', 254, '32766: from all lookup main', 'default via 172.16.202.1 dev enp4s0', 0],
  ]);
  t.is(f.returnsVia, 'rule 101: from all to 10.10.1.0/24 iif proxy-veth0 lookup 101 handles the subnet\'s traffic coming back from proxy-veth0');
  t.is(f.natRule!.text, 'ip saddr 10.10.1.0/24 ip daddr != 10.10.1.0/24 oifname "enp4s0" masquerade');
  t.deepEqual(f.fix, {
    zone: 1,
    nft: [
      `add table ip nlts_doctor { comment "${FIX_MARK}" ; }`,
      'add chain ip nlts_doctor zones { type filter hook prerouting priority raw ; policy accept ; }',
      'add rule ip nlts_doctor zones iifname "client-veth0" ct zone set 1',
      'add rule ip nlts_doctor zones iifname "proxy-veth0" ip daddr 10.10.1.0/24 ct zone set 1',
    ],
    iptables: [
      // The write-up's own two lines.
      'iptables -t raw -A PREROUTING -i client-veth0 -j CT --zone 1',
      'iptables -t raw -A PREROUTING -i proxy-veth0 -d 10.10.1.0/24 -j CT --zone 1',
    ],
  });
  t.is(f.evidence, undefined, 'no conntrack table in the snapshot: no evidence, the finding stands');
  t.regex(renderReport(r, { explain: true }), /state NEW/);
});

test('the zone split clears it: nft ct zone set at raw priority, or notrack on the client leg', (t) => {
  t.deepEqual(codes(writeUp({ zoneRules: writeUpZones() })), []);
  t.deepEqual(codes(writeUp({ zoneRules: [nftRule(RAW, match.iifname('client-veth0'), match.notrack())] })), []);
  // Only the proxy leg's return rule in the zone: both outbound passes stay in zone 0.
  t.deepEqual(codes(writeUp({ zoneRules: [writeUpZones()[1]!] })), ['conntrack-double-pass']);
});

test('a zone set after conntrack (priority filter) does not split and is reported as too late', (t) => {
  const late = rawChain('filter');
  t.deepEqual(codes(writeUp({ zoneRules: writeUpZones(late), extraChains: [late] })), ['conntrack-double-pass', 'zone-set-too-late', 'zone-set-too-late']);
});

test('the fix takes a zone no rule and no entry uses', (t) => {
  const other = nftRule(RAW, match.iifname('other0'), match.ctZoneSet(1));
  const flow: Flow = { family: 2, original: { src: '192.0.2.1', dst: '192.0.2.2', protocol: 17, sport: 1, dport: 2 }, zone: 2 };
  const r = diagnoseSnapshot(writeUp({ zoneRules: [other], flows: [flow] }));
  t.deepEqual(r.zonesInUse, [1, 2]);
  t.is(r.findings[0]!.fix!.zone, 3);
});

test('iptables-nft\'s compat CT target (-j CT --zone 4) is read as a zone split', (t) => {
  const info = Buffer.alloc(64);
  info.writeUInt16LE(0, 0); // flags
  info.writeUInt16LE(4, 2); // zone
  const target = (i: Buffer): Expression => ({ kind: 'raw', name: 'target', data: netfilterCodec.writer(96).string(1, 'CT').u32(2, 2).bytes(3, i).finish().toString('hex') });
  const ct = (iif: string, ...more: Expression[][]): Rule => nftRule(RAW, match.iifname(iif), ...more, [target(info)]);
  const r = diagnoseSnapshot(writeUp({ zoneRules: [ct('client-veth0'), ct('proxy-veth0', match.ipDaddr('10.10.1.0/24'))] }));
  t.deepEqual(r.findings, []);
  t.deepEqual(r.zonesInUse, [4]);
  // --notrack is flags bit 0: notrack on the client leg splits too.
  const notrack = Buffer.from(info);
  notrack.writeUInt16LE(1, 0);
  notrack.writeUInt16LE(0, 2);
  t.deepEqual(codes(writeUp({ zoneRules: [nftRule(RAW, match.iifname('client-veth0'), [target(notrack)])] })), []);
});

test('conntrack evidence counts untranslated entries of the subnet in the first pass\'s zone only', (t) => {
  const flows: Flow[] = [
    { family: 2, original: { src: '10.10.1.1', dst: '8.8.8.8', protocol: 1, icmpId: 7 }, reply: { src: '8.8.8.8', dst: '10.10.1.1', protocol: 1, icmpId: 7 } },
    { family: 2, original: { src: '10.10.1.1', dst: '8.8.8.8', protocol: 1, icmpId: 8 }, reply: { src: '8.8.8.8', dst: '172.16.202.30', protocol: 1, icmpId: 8 } },
    { family: 2, original: { src: '10.10.1.1', dst: '8.8.8.8', protocol: 1, icmpId: 9 }, reply: { src: '8.8.8.8', dst: '10.10.1.1', protocol: 1, icmpId: 9 }, zone: 5 },
    { family: 2, original: { src: '10.10.1.1', dst: '10.10.1.2', protocol: 1, icmpId: 10 }, reply: { src: '10.10.1.2', dst: '10.10.1.1', protocol: 1, icmpId: 10 } },
  ];
  const e = diagnoseSnapshot(writeUp({ flows })).findings[0]!.evidence!;
  t.is(e.untranslatedEntries, 1);
  t.deepEqual(e.examples, ['icmp src=10.10.1.1 dst=8.8.8.8 id=7 zone=0 reply src=8.8.8.8 dst=10.10.1.1']);
});

test('a plain NAT router has no findings; without forwarding on the client interface it has one', (t) => {
  t.deepEqual(codes(writeUp({ policy: false })), []);
  const r = diagnoseSnapshot(writeUp({ policy: false, links: { 'client-veth0': { forwarding: false } } }));
  t.deepEqual(r.findings.map((f) => [f.code, f.interfaces]), [['forwarding-off', ['client-veth0']]]);
});

test('forwarding off on the interface the flow comes back in through', (t) => {
  const r = diagnoseSnapshot(writeUp({ links: { 'proxy-veth0': { forwarding: false } } }));
  t.deepEqual(r.findings.map((f) => [f.code, f.interfaces]), [['forwarding-off', ['proxy-veth0']], ['conntrack-double-pass', ['client-veth0', 'proxy-veth0', 'enp4s0']]]);
});

test('strict rp_filter drops the returning pass when replies are not routed through the proxy; loose does not', (t) => {
  // The kernel checks the source as a reply coming in on the pass's output interface: with the write-up's
  // rule 102 (to the client from enp4s0 -> table 100 -> proxy-veth0) the check passes.
  t.deepEqual(codes(writeUp({ links: { 'proxy-veth0': { rpFilter: 1 } } })), ['conntrack-double-pass']);
  const strict = diagnoseSnapshot(writeUp({ replyRule: false, links: { 'proxy-veth0': { rpFilter: 1 } } }));
  const rp = strict.findings.find((f) => f.code === 'rp-filter-drop')!;
  t.deepEqual(rp.interfaces, ['proxy-veth0']);
  t.regex(rp.summary, /routed out of client-veth0/);
  t.deepEqual(codes(writeUp({ replyRule: false, rpFilterAll: 1 })), ['conntrack-double-pass', 'rp-filter-drop'], 'all=1 counts for every interface');
  t.deepEqual(codes(writeUp({ replyRule: false, links: { 'proxy-veth0': { rpFilter: 2 } } })), ['conntrack-double-pass']);
});

test('a masquerade rule with an oifname typo matches nothing, and says which interface was meant', (t) => {
  const r = diagnoseSnapshot(writeUp({ natOif: 'enp4s' }));
  t.deepEqual(r.findings.map((f) => f.code), ['nat-oifname-missing']);
  t.is(r.findings[0]!.hint, 'replace oifname "enp4s" with oifname "enp4s0"');
  t.deepEqual(codes(writeUp({ natOif: 'wwan9' })), ['nat-oifname-missing']);
});

test('a policy rule naming a missing interface', (t) => {
  const r = diagnoseSnapshot(writeUp({ rules: [rrule(200, 100, { iif: 'client-veth1', flags: ['iif_detached'] })] }));
  const f = r.findings.find((x) => x.code === 'rule-iif-missing')!;
  t.is(f.routingRule, '200: from all iif client-veth1 [detached] lookup 100');
  t.regex(f.summary, /did you mean client-veth0/);
});

test('routing: goto, nop, suppress_prefixlength, throw and longest prefix', (t) => {
  const s = writeUp({ policy: false });
  s.rules.push(rrule(10, 0, { action: 'goto', goto: 30, from: '10.10.1.0/24' }), rrule(20, 100), rrule(30, 0, { action: 'nop' }), rrule(40, 120, { suppressPrefixLength: 0 }), rrule(50, 130));
  s.routes.push(rt(100, 'default', 3, '10.10.2.1'), rt(120, 'default', 3, '10.10.2.9'), rt(130, '203.0.113.0/24', 3, '10.10.2.5'), rt(130, '203.0.113.0/25', 3, '10.10.2.6'), rt(130, '198.51.100.0/24', 0, undefined, 'throw'));
  const go = (src: string, dst: string): string => { const d = routeLookup(s, { src, dst, iif: 'client-veth0' }); return d.kind === 'forward' ? `${d.table} ${d.gateway ?? ''}` : d.kind; };
  t.is(go('10.10.1.1', '203.0.113.7'), '130 10.10.2.6', 'goto skips table 100; suppress_prefixlength 0 skips the default of 120; /25 beats /24');
  t.is(go('10.10.1.1', '198.51.100.7'), '254 172.16.202.1', 'throw goes on to main');
  t.is(go('10.10.9.1', '203.0.113.7'), '100 10.10.2.1', 'not from the goto rule\'s prefix: table 100');
});

test('a detour by fwmark: the mark set in prerouting (nft meta mark set, iptables-nft -j MARK) chooses the rule', (t) => {
  const mangle: Chain = { family: 'ip', table: 'mangle', name: 'pre', type: 'filter', hook: { hook: 'prerouting', priority: parsePriority('mangle', 'ip') }, policy: 'accept' };
  const markSet: Expression[] = [{ kind: 'immediate', dreg: 1, data: { value: '2a000000' } }, { kind: 'meta', key: 'mark', sreg: 1 }];
  const info = Buffer.alloc(8);
  info.writeUInt32LE(0x2a, 0);
  info.writeUInt32LE(0xffffffff, 4);
  const xtMark: Expression = { kind: 'raw', name: 'target', data: netfilterCodec.writer(64).string(1, 'MARK').u32(2, 2).bytes(3, info).finish().toString('hex') };
  for (const [how, statement] of [['nft', markSet], ['iptables-nft', [xtMark]]] as const) {
    const s = writeUp({ rules: [], extraChains: [mangle] });
    s.rules = s.rules.map((r) => (r.priority === 100 ? rrule(100, 100, { fwmark: 0x2a }) : r));
    s.ruleset.rules.push(nftRule(mangle, match.iifname('client-veth0'), [...statement]));
    const f = diagnoseSnapshot(s).findings;
    t.deepEqual(f.map((x) => x.code), ['conntrack-double-pass'], how);
    t.deepEqual(f[0]!.path!.map((p) => [p.rule, p.mark]), [['100: from all fwmark 0x2a lookup 100', 0x2a], ['32766: from all lookup main', undefined]], how);
  }
});

test('--apply-fix refuses a table of our name that is not ours, and builds one transaction otherwise', (t) => {
  const report = diagnoseSnapshot(writeUp());
  const foreign: Ruleset = { tables: [{ family: 'ip', name: FIX_TABLE }], chains: [], rules: [], sets: [] };
  t.throws(() => fixTransaction(report.findings, foreign), { name: 'ValidationError', message: /not made by nlts doctor/ });
  const ours: Ruleset = { ...foreign, tables: [{ family: 'ip', name: FIX_TABLE, userdata: encodeComment(FIX_MARK) }] };
  const tx = fixTransaction(report.findings, ours);
  t.deepEqual(tx.operations.map((o) => o.op), ['addTable', 'addChain', 'addRule', 'addRule']);
});
