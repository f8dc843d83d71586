/// <reference types="node" preserve="true" />
// The types use Node's Buffer (through conntrack flows): the reference above brings @types/node along.
/**
 * `nlts/doctor`: nlts doctor as a library: diagnose a host (or a snapshot of one) for the write-up's
 * double pass through one conntrack zone, render the report, apply the fix.
 * @module nlts/doctor
 */
export { diagnose, applyFix, type DiagnoseOptions } from './doctor.js';
export { diagnoseSnapshot, localSubnets, type LocalSubnet } from './analyse.js';
export { readSnapshot, type ReadOptions } from './read.js';
export { renderReport } from './report.js';
export { fixTransaction, freeZone, zonesInUse, FIX_TABLE, FIX_CHAIN, FIX_MARK } from './fix.js';
export { route as routeLookup, type Probe, type Decision } from './routing.js';
export type { HostSnapshot, HostLink } from './snapshot.js';
export type { DoctorReport, Finding, FindingCode, PathStep, Fix, Evidence } from './findings.js';
export type { V4Prefix } from './ipv4.js';
