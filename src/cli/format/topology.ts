// Text for topology plans, apply reports, verification and the demo.
import type { Flow } from '../../nfnetlink/conntrack/index.js';
import type { ApplyReport, PlanItem, VerifyReport } from '../../topology/index.js';
import { formatFlow } from './conntrack.js';

const SYMBOL: Record<PlanItem['action'], string> = { create: '+', change: '~', keep: '=', conflict: '!' };

export function formatPlan(items: readonly PlanItem[]): string {
  const changes = items.filter((i) => i.action === 'create' || i.action === 'change').length;
  const conflicts = items.filter((i) => i.action === 'conflict').length;
  return items.map((i) => `  ${SYMBOL[i.action]} ${i.action.padEnd(8)} ${i.title}${i.note ? ` (${i.note})` : ''}\n`).join('')
    + (changes === 0 ? '  nothing to change\n' : `  ${changes} change(s)\n`)
    + (conflicts === 0 ? '' : `  ${conflicts} conflict(s): objects not created by nlts; up refuses them unless --adopt\n`);
}

/** One line of an apply, as it happens. */
export function formatApplied(i: PlanItem): string {
  return `  ${SYMBOL[i.action]} ${i.action === 'create' ? 'created' : i.note === 'adopted' ? 'adopted' : 'changed'} ${i.title}\n`;
}

/** The last line of an apply whose items were printed as they happened. */
export function formatApplySummary(r: ApplyReport): string {
  if (r.changed.length === 0) return `  no change: all ${r.unchanged.length} items already in place\n`;
  return `  ${r.changed.length} changed, ${r.unchanged.length} already in place\n`;
}

export function formatApply(r: ApplyReport): string {
  return r.changed.map(formatApplied).join('') + formatApplySummary(r);
}

export function formatVerify(v: VerifyReport): string {
  const lines = v.protocols.map((p) => `  ${p.protocol.toUpperCase().padEnd(4)} ${p.answered ? 'answered    ' : 'NO ANSWER   '} server saw ${p.seenFrom.join(', ') || 'nothing'}${p.masqueraded ? ' (masqueraded)' : p.seenFrom.includes(v.clientAddress) ? ' (the client\'s private address: not masqueraded)' : ''}`);
  return [...lines, ...v.explanation.map((e) => `  ${e}`), `  => NAT ${v.natWorks ? 'works' : 'does NOT work'}`].join('\n') + '\n';
}

/** conntrack -L lines grouped by zone, with a count per zone. */
export function formatFlowsByZone(flows: readonly Flow[]): string {
  const zones = new Map<number, Flow[]>();
  for (const f of flows) {
    const z = f.zone ?? 0;
    zones.set(z, [...(zones.get(z) ?? []), f]);
  }
  let out = '';
  for (const z of [...zones.keys()].sort((a, b) => a - b)) {
    const list = zones.get(z)!;
    out += `  zone ${z}: ${list.length} entr${list.length === 1 ? 'y' : 'ies'}\n`;
    for (const f of list) out += `    ${formatFlow(f)}\n`;
  }
  return out || '  (no entries)\n';
}
