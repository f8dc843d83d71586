/// <reference types="node" preserve="true" />
// The types use Node's Buffer (through conntrack flows): the reference above brings @types/node along.
// nlts doctor as a library: diagnose a host (or a snapshot of one), render the report, apply the fix.
export { diagnose, applyFix, type DiagnoseOptions } from './doctor.js';
export { diagnoseSnapshot, localSubnets } from './analyse.js';
export { readSnapshot, type ReadOptions } from './read.js';
export { renderReport } from './report.js';
export { fixTransaction, freeZone, zonesInUse, FIX_TABLE, FIX_CHAIN, FIX_MARK } from './fix.js';
export { route as routeLookup, type Probe, type Decision } from './routing.js';
export type { HostSnapshot, HostLink } from './snapshot.js';
export type { DoctorReport, Finding, FindingCode, PathStep, Fix, Evidence } from './findings.js';
