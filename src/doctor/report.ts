// The doctor's report as text: one block per finding, the path and the fix; --explain adds the why.
import type { DoctorReport, Finding } from './findings.js';

function block(f: Finding, explain: boolean): string[] {
  const lines = [`${f.severity.toUpperCase()} [${f.code}] ${f.summary}`];
  for (const p of f.path ?? []) {
    lines.push(`  pass ${p.pass}: in ${p.iif} -> out ${p.oif}${p.gateway ? ` via ${p.gateway}` : ''}, zone ${p.zone}${p.mark ? `, mark 0x${p.mark.toString(16)}` : ''}; ${p.rule ? `rule ${p.rule}, ` : ''}route ${p.route}`);
  }
  if (f.returnsVia && f.code === 'conntrack-double-pass') lines.push(`  back in: ${f.returnsVia}`);
  if (f.natRule) lines.push(`  nat rule${f.code === 'conntrack-double-pass' ? ' skipped' : ''}: ${f.natRule.text}   (${f.natRule.family} ${f.natRule.table} ${f.natRule.chain}${f.natRule.handle !== undefined ? ` handle ${f.natRule.handle}` : ''})`);
  if (f.routingRule) lines.push(`  rule: ${f.routingRule}`);
  if (f.evidence) {
    const e = f.evidence;
    lines.push(`  conntrack: ${e.untranslatedEntries} entr${e.untranslatedEntries === 1 ? 'y' : 'ies'} from ${f.subnet} without NAT in zone ${f.path?.[0]?.zone ?? 0}${e.untranslatedEntries ? ':' : ' (no traffic seen; this does not clear the finding)'}`);
    for (const x of e.examples) lines.push(`    ${x}`);
  }
  if (explain) lines.push('', ...wrap(f.why, 100).map((l) => `  ${l}`), '');
  if (f.fix) {
    lines.push(`  fix: put the ${f.interfaces[0]} <-> ${f.interfaces[1]} leg in conntrack zone ${f.fix.zone} (free), so the second pass is NEW in zone 0 and gets NAT:`);
    for (const n of f.fix.nft) lines.push(`    nft '${n}'`);
    lines.push('  or, with iptables:');
    for (const i of f.fix.iptables) lines.push(`    ${i}`);
    lines.push('  (nlts doctor --apply-fix sends the nft part in one transaction)');
  } else if (f.hint) {
    lines.push(`  fix: ${f.hint}`);
  }
  return lines;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/)) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

export function renderReport(r: DoctorReport, options: { explain?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`nlts doctor${r.netns ? ` (netns ${r.netns})` : ''}: followed ${r.subnets.length} local subnet(s): ${r.subnets.join(', ') || 'none'}`);
  if (r.zonesInUse.length) lines.push(`conntrack zones in use: ${r.zonesInUse.join(', ')}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push('');
  if (r.findings.length === 0) lines.push('no findings');
  for (const f of r.findings) lines.push(...block(f, options.explain === true), '');
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  if (r.findings.length) lines.push(`${r.findings.length} finding(s), ${errors} error(s)`);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
