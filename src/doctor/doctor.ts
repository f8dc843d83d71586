// The doctor's entry points: read a host and diagnose it; apply the generated fix in one transaction.
import type { NetnsRef } from '../netlink/index.js';
import { Nftables } from '../nfnetlink/nftables/index.js';
import { diagnoseSnapshot } from './analyse.js';
import type { DoctorReport } from './findings.js';
import { fixTransaction } from './fix.js';
import { readSnapshot } from './read.js';

export interface DiagnoseOptions {
  /** A named network namespace (or fd/path/pid reference); the caller's own when absent. */
  netns?: NetnsRef;
  /** Read conntrack entries as evidence (default true). */
  conntrack?: boolean;
}

/** Reads the host over netlink and returns its findings. Throws NetlinkError when the state cannot be read. */
export async function diagnose(options: DiagnoseOptions = {}): Promise<DoctorReport> {
  const snapshot = await readSnapshot(options);
  const report = diagnoseSnapshot(snapshot, typeof options.netns === 'string' ? options.netns : undefined);
  report.notes.unshift(...snapshot.notes);
  return report;
}

/**
 * Applies the zone split of every conntrack-double-pass finding in one nftables transaction (table ip
 * nlts_doctor, marked by its comment). Returns how many findings it fixed (0: nothing sent).
 */
export async function applyFix(report: DoctorReport, options: { netns?: NetnsRef } = {}): Promise<number> {
  const fixable = report.findings.filter((f) => f.code === 'conntrack-double-pass' && f.fix);
  if (fixable.length === 0) return 0;
  const nft = Nftables.open(options.netns === undefined ? {} : { netns: options.netns });
  try {
    await nft.apply(fixTransaction(fixable, await nft.listRuleset()));
  } finally {
    nft.close();
  }
  return fixable.length;
}
