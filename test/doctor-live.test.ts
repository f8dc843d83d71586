// nlts doctor against hosts built with ip, nft and iptables in throwaway doc-* namespaces: the write-up's
// shape with other names, subnets, tables and priorities (found, and confirmed by a failing ping), the
// same host after a manual zone split, after --apply-fix, a plain NAT router, and iptables-nft's
// `-j CT --zone`. Each claim about traffic is checked with real ICMP from the client namespace.
import type { ExecutionContext } from 'ava';
import { liveTest } from './helpers/live.js';
import {
  IPTABLES, NFT, SHAPE, type World, buildWorld, doctor, icmpEntries, inNs, masqueradeRule, nft, pingAnswered, removeWorld, run, worldNames,
} from './helpers/doctor-host.js';
import type { DoctorReport, Finding } from '../src/doctor/index.js';

const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface JsonReport extends DoctorReport { version: number; applied?: { fixed: number; before: Finding[] } }

async function withWorld(t: ExecutionContext, policy: boolean, fn: (w: World) => Promise<void> | void): Promise<void> {
  const w = worldNames();
  try {
    buildWorld(w, SHAPE, { policy });
    nft(w.host, masqueradeRule(SHAPE));
    await fn(w);
  } finally {
    removeWorld(w);
  }
  t.pass();
}

function doctorJson(t: ExecutionContext, w: World, ...extra: string[]): { status: number; report: JsonReport } {
  const r = doctor('--netns', w.host, '--json', ...extra);
  t.is(r.stderr, '');
  return { status: r.status, report: JSON.parse(r.stdout) as JsonReport };
}

/** The masqueraded entry: the reply goes to the uplink's address, in zone 0. */
const masqueradedEntry = (w: World): string | undefined =>
  icmpEntries(w, SHAPE).find((l) => !l.includes('zone=') && l.includes(`dst=${SHAPE.uplinkAddr}`));

liveTest('doctor finds the double pass, names the interfaces and the zone fix; the client ping fails', async (t) => {
  await withWorld(t, true, (w) => {
    t.false(pingAnswered(w, SHAPE), 'the bug is real: the client cannot reach the server');
    const { status, report } = doctorJson(t, w);
    t.is(status, 1);
    t.is(report.version, 1);
    const f = report.findings.find((x) => x.code === 'conntrack-double-pass');
    t.truthy(f, JSON.stringify(report.findings));
    t.is(f!.subnet, SHAPE.clientNet);
    t.deepEqual(f!.interfaces, [SHAPE.clientIf, SHAPE.proxyIf, SHAPE.uplinkIf]);
    t.deepEqual(f!.path!.map((p) => [p.iif, p.oif, p.table, p.zone]), [[SHAPE.clientIf, SHAPE.proxyIf, SHAPE.toProxyTable, 0], [SHAPE.proxyIf, SHAPE.uplinkIf, 254, 0]]);
    t.regex(f!.path![0]!.rule!, new RegExp(`^${SHAPE.priorities[0]}: from ${esc(SHAPE.clientNet)} iif ${SHAPE.clientIf} lookup ${SHAPE.toProxyTable}$`));
    t.is(f!.natRule!.text, `ip saddr ${SHAPE.clientNet} ip daddr != ${SHAPE.clientNet} oifname "${SHAPE.uplinkIf}" masquerade`);
    t.is(f!.fix!.zone, 1);
    t.deepEqual(f!.fix!.iptables, [
      `iptables -t raw -A PREROUTING -i ${SHAPE.clientIf} -j CT --zone 1`,
      `iptables -t raw -A PREROUTING -i ${SHAPE.proxyIf} -d ${SHAPE.clientNet} -j CT --zone 1`,
    ]);
    // The failed ping left an untranslated entry: the evidence counts it.
    t.true(f!.evidence!.untranslatedEntries >= 1);
    t.is(report.findings.length, 1, 'no neighbour findings on this host');
    const text = doctor('--netns', w.host, '--explain');
    t.is(text.status, 1);
    t.true(text.stdout.includes(`${SHAPE.clientIf} -> ${SHAPE.proxyIf} -> ${SHAPE.uplinkIf}`));
    t.true(text.stdout.includes('state NEW'));
  });
});

liveTest('doctor: after the zone split it prints (applied with nft by hand) it finds nothing, and the ping is masqueraded', async (t) => {
  await withWorld(t, true, (w) => {
    const { report } = doctorJson(t, w);
    const fix = report.findings.find((x) => x.code === 'conntrack-double-pass')!.fix!;
    for (const line of fix.nft) run('/usr/sbin/ip', ['netns', 'exec', w.host, NFT, line]);
    const after = doctorJson(t, w);
    t.is(after.status, 0, JSON.stringify(after.report.findings));
    t.deepEqual(after.report.findings, []);
    t.true(pingAnswered(w, SHAPE));
    t.truthy(masqueradedEntry(w), icmpEntries(w, SHAPE).join('\n'));
  });
});

liveTest('doctor --apply-fix: one transaction in a marked table, then exit 0 and the client ping is masqueraded and answered', async (t) => {
  await withWorld(t, true, (w) => {
    t.false(pingAnswered(w, SHAPE));
    const { status, report } = doctorJson(t, w, '--apply-fix');
    t.is(status, 0, JSON.stringify(report));
    t.is(report.applied!.fixed, 1);
    t.is(report.applied!.before[0]!.code, 'conntrack-double-pass');
    t.deepEqual(report.findings, []);
    const table = inNs(w.host, NFT, 'list', 'table', 'ip', 'nlts_doctor');
    t.regex(table, /comment "nlts doctor: conntrack zone split/);
    t.regex(table, new RegExp(`iifname "${SHAPE.clientIf}" ct zone set 1`));
    t.regex(table, new RegExp(`iifname "${SHAPE.proxyIf}" ip daddr ${esc(SHAPE.clientNet)} ct zone set 1`));
    t.true(pingAnswered(w, SHAPE));
    t.truthy(masqueradedEntry(w), icmpEntries(w, SHAPE).join('\n'));
    // A second --apply-fix has nothing to do.
    const again = doctor('--netns', w.host, '--apply-fix');
    t.is(again.status, 0);
    t.regex(again.stdout, /nothing to fix/);
  });
});

liveTest('doctor --apply-fix refuses a table ip nlts_doctor it did not make: exit 2, nothing changed', async (t) => {
  await withWorld(t, true, (w) => {
    nft(w.host, 'table ip nlts_doctor {\n chain keep {\n }\n}\n');
    const before = inNs(w.host, NFT, 'list', 'ruleset');
    const r = doctor('--netns', w.host, '--apply-fix');
    t.is(r.status, 2);
    t.regex(r.stderr, /ip nlts_doctor exists and was not made by nlts doctor/);
    t.is(inNs(w.host, NFT, 'list', 'ruleset'), before);
    t.false(pingAnswered(w, SHAPE), 'still broken: nothing was applied');
  });
});

liveTest('doctor: a plain NAT router has no findings, and its client is masqueraded', async (t) => {
  await withWorld(t, false, (w) => {
    const { status, report } = doctorJson(t, w);
    t.is(status, 0, JSON.stringify(report.findings));
    t.true(pingAnswered(w, SHAPE));
    t.truthy(masqueradedEntry(w));
  });
});

liveTest('doctor: the zone split written with iptables-nft (-j CT --zone, the lines it prints) clears the finding', async (t) => {
  t.regex(run(IPTABLES, ['--version']), /nf_tables/, 'iptables here must be iptables-nft');
  await withWorld(t, true, (w) => {
    const { report } = doctorJson(t, w);
    const lines = report.findings.find((x) => x.code === 'conntrack-double-pass')!.fix!.iptables;
    for (const line of lines) inNs(w.host, IPTABLES, ...line.split(' ').slice(1));
    t.regex(inNs(w.host, NFT, 'list', 'table', 'ip', 'raw'), /xt target CT/, 'iptables-nft wrote a compat CT target');
    const after = doctorJson(t, w);
    t.is(after.status, 0, JSON.stringify(after.report.findings));
    t.deepEqual(after.report.zonesInUse, [1], 'the CT --zone value was read from the compat target');
    t.true(pingAnswered(w, SHAPE));
    t.truthy(masqueradedEntry(w), icmpEntries(w, SHAPE).join('\n'));
  });
});

liveTest('doctor: exit 2 for a namespace that does not exist and for a bad argument', (t) => {
  const missing = doctor('--netns', 'doc-no-such-namespace');
  t.is(missing.status, 2);
  t.regex(missing.stderr, /^nlts doctor: /);
  const bad = doctor('--frobnicate');
  t.is(bad.status, 2);
  t.is(doctor('extra').status, 2);
});
