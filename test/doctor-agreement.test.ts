// Agreement between nlts doctor and real traffic, over a systematic set of hosts built with ip, nft,
// iptables and sysctl: the write-up's shape (other names, subnets, tables, priorities) crossed with the
// ways to write the NAT (nft masquerade, iptables-nft MASQUERADE, snat, an oifname typo) and the zone
// split (none, nft, client leg only, notrack, too late, iptables CT --zone), plus forwarding and rp_filter
// on the returning interface and an iif typo in a rule. For each host: the client pings the server once;
// the doctor must report an error exactly when that ping fails, and the codes it names are checked.
import test, { type ExecutionContext } from 'ava';
import { liveProblem, liveTest } from './helpers/live.js';
import {
  IPTABLES, SHAPE as S, type World, buildWorld, doctor, inNs, ip, nft, pingAnswered, removeWorld, worldNames,
} from './helpers/doctor-host.js';
import type { DoctorReport } from '../src/doctor/index.js';

type Nat = 'nft' | 'iptables' | 'snat' | 'typo';
type Split = 'none' | 'nft' | 'client-leg' | 'notrack' | 'late' | 'iptables';
interface Case { nat: Nat; split: Split; sysctl?: string[]; iifTypo?: boolean; noReplyRule?: boolean; markDetour?: 'nft' | 'iptables'; ping: boolean; codes: string[] }

const natScript: Record<Exclude<Nat, 'iptables'>, string> = {
  nft: `ip saddr ${S.clientNet} ip daddr != ${S.clientNet} oifname "${S.uplinkIf}" masquerade`,
  snat: `ip saddr ${S.clientNet} oifname "${S.uplinkIf}" snat to ${S.uplinkAddr}`,
  typo: `ip saddr ${S.clientNet} ip daddr != ${S.clientNet} oifname "${S.uplinkIf.slice(0, -1)}" masquerade`,
};
const zoneChain = (priority: string, rules: string[]): string =>
  `table ip split {\n chain pre {\n  type filter hook prerouting priority ${priority}; policy accept;\n${rules.map((r) => `  ${r}\n`).join('')} }\n}\n`;
const CLIENT_LEG = `iifname "${S.clientIf}" ct zone set 7`;
const RETURN_LEG = `iifname "${S.proxyIf}" ip daddr ${S.clientNet} ct zone set 7`;

function applyCase(w: World, c: Case): void {
  if (c.nat === 'iptables') inNs(w.host, IPTABLES, '-t', 'nat', '-A', 'POSTROUTING', '-s', S.clientNet, '!', '-d', S.clientNet, '-o', S.uplinkIf, '-j', 'MASQUERADE');
  else nft(w.host, `table ip edge {\n chain post {\n  type nat hook postrouting priority srcnat; policy accept;\n  ${natScript[c.nat]}\n }\n}\n`);
  if (c.split === 'nft') nft(w.host, zoneChain('raw', [CLIENT_LEG, RETURN_LEG]));
  if (c.split === 'client-leg') nft(w.host, zoneChain('raw', [CLIENT_LEG]));
  if (c.split === 'notrack') nft(w.host, zoneChain('raw', [`iifname "${S.clientIf}" notrack`]));
  if (c.split === 'late') nft(w.host, zoneChain('filter', [CLIENT_LEG, RETURN_LEG]));
  if (c.split === 'iptables') {
    inNs(w.host, IPTABLES, '-t', 'raw', '-A', 'PREROUTING', '-i', S.clientIf, '-j', 'CT', '--zone', '7');
    inNs(w.host, IPTABLES, '-t', 'raw', '-A', 'PREROUTING', '-i', S.proxyIf, '-d', S.clientNet, '-j', 'CT', '--zone', '7');
  }
  for (const kv of c.sysctl ?? []) inNs(w.host, '/usr/sbin/sysctl', '-qw', kv);
  // Replies from the uplink go straight to the client (main table), not through the proxy.
  if (c.noReplyRule) ip(w.host, 'rule', 'del', 'pref', String(S.priorities[2]));
  if (c.markDetour) {
    // The detour chosen by a mark the client leg gets in prerouting, not by iif/from.
    ip(w.host, 'rule', 'del', 'pref', String(S.priorities[0]));
    ip(w.host, 'rule', 'add', 'fwmark', '0x2a', 'pref', String(S.priorities[0]), 'table', String(S.toProxyTable));
    if (c.markDetour === 'nft') nft(w.host, `table ip mangle {\n chain pre {\n  type filter hook prerouting priority mangle; policy accept;\n  iifname "${S.clientIf}" meta mark set 0x2a\n }\n}\n`);
    else inNs(w.host, IPTABLES, '-t', 'mangle', '-A', 'PREROUTING', '-i', S.clientIf, '-j', 'MARK', '--set-mark', '0x2a');
  }
  if (c.iifTypo) {
    // The detour rule names an interface that does not exist: traffic takes the main table straight out.
    ip(w.host, 'rule', 'del', 'pref', String(S.priorities[0]));
    ip(w.host, 'rule', 'add', 'from', S.clientNet, 'iif', `${S.clientIf}x`, 'pref', String(S.priorities[0]), 'table', String(S.toProxyTable));
  }
}

const DOUBLE = 'conntrack-double-pass';
const CASES: Record<string, Case> = {
  'nft masquerade, no split': { nat: 'nft', split: 'none', ping: false, codes: [DOUBLE] },
  'nft masquerade, nft zone split': { nat: 'nft', split: 'nft', ping: true, codes: [] },
  'nft masquerade, client leg in a zone only': { nat: 'nft', split: 'client-leg', ping: true, codes: [] },
  'nft masquerade, notrack on the client leg': { nat: 'nft', split: 'notrack', ping: true, codes: [] },
  'nft masquerade, zone set at filter priority (after conntrack)': { nat: 'nft', split: 'late', ping: false, codes: [DOUBLE, 'zone-set-too-late', 'zone-set-too-late'] },
  'nft masquerade, iptables CT --zone split': { nat: 'nft', split: 'iptables', ping: true, codes: [] },
  'iptables MASQUERADE, no split': { nat: 'iptables', split: 'none', ping: false, codes: [DOUBLE] },
  'iptables MASQUERADE, iptables CT --zone split': { nat: 'iptables', split: 'iptables', ping: true, codes: [] },
  'snat to the uplink address, no split': { nat: 'snat', split: 'none', ping: false, codes: [DOUBLE] },
  'snat to the uplink address, nft zone split': { nat: 'snat', split: 'nft', ping: true, codes: [] },
  'masquerade oifname typo, zone split': { nat: 'typo', split: 'nft', ping: false, codes: ['nat-oifname-missing'] },
  'zone split, forwarding off on the proxy interface': { nat: 'nft', split: 'nft', sysctl: [`net.ipv4.conf.${S.proxyIf}.forwarding=0`], ping: false, codes: ['forwarding-off'] },
  // The kernel checks the source as a reply arriving on the output interface: the reply rule (iif uplink ->
  // proxy table) makes the proxy interface the right one, so strict mode passes.
  'zone split, strict rp_filter on the proxy interface': { nat: 'nft', split: 'nft', sysctl: [`net.ipv4.conf.${S.proxyIf}.rp_filter=1`], ping: true, codes: [] },
  'zone split, replies not via the proxy': { nat: 'nft', split: 'nft', noReplyRule: true, ping: true, codes: [] },
  'zone split, replies not via the proxy, strict rp_filter on the proxy interface': { nat: 'nft', split: 'nft', noReplyRule: true, sysctl: [`net.ipv4.conf.${S.proxyIf}.rp_filter=1`], ping: false, codes: ['rp-filter-drop'] },
  'zone split, loose rp_filter everywhere': { nat: 'nft', split: 'nft', sysctl: ['net.ipv4.conf.all.rp_filter=2'], ping: true, codes: [] },
  'detour by fwmark (nft meta mark set), no split': { nat: 'nft', split: 'none', markDetour: 'nft', ping: false, codes: [DOUBLE] },
  'detour by fwmark (nft meta mark set), nft zone split': { nat: 'nft', split: 'nft', markDetour: 'nft', ping: true, codes: [] },
  'detour by fwmark (iptables -j MARK), no split': { nat: 'iptables', split: 'none', markDetour: 'iptables', ping: false, codes: [DOUBLE] },
  'no split, the detour rule\'s iif has a typo': { nat: 'nft', split: 'none', iifTypo: true, ping: true, codes: ['rule-iif-missing'] },
};

const agreement = { cases: 0, agree: 0 };

async function check(t: ExecutionContext, c: Case): Promise<void> {
  const w = worldNames();
  try {
    buildWorld(w, S, { policy: true });
    applyCase(w, c);
    const answered = pingAnswered(w, S);
    const r = doctor('--netns', w.host, '--json');
    t.is(r.stderr, '');
    const report = JSON.parse(r.stdout) as DoctorReport;
    const errors = report.findings.filter((f) => f.severity === 'error');
    agreement.cases++;
    if ((errors.length > 0) === !answered) agreement.agree++;
    t.is(answered, c.ping, 'the host behaves as the case says');
    t.is(errors.length > 0, !answered, 'the doctor reports an error exactly when the ping fails');
    t.is(r.status, report.findings.length > 0 ? 1 : 0);
    t.deepEqual(report.findings.map((f) => f.code).sort(), [...c.codes].sort());
  } finally {
    removeWorld(w);
  }
}

for (const [title, c] of Object.entries(CASES)) liveTest(`doctor agrees with traffic: ${title}`, (t) => check(t, c));

if (!liveProblem) {
  test.after.always('doctor/traffic agreement count', () => {
    process.stdout.write(`doctor/traffic agreement: ${agreement.agree}/${agreement.cases} hosts (of ${Object.keys(CASES).length} cases)\n`);
  });
}
