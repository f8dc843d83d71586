// What conntrack-tools' flow lines share, whether written as text (./conntrack.ts) or as bytes from a cursor
// (./conntrack-bytes.ts): the -o options, the protocol columns, and the kernel's timestamps as ctime(3) text.
import type { Flow } from '../../nfnetlink/conntrack/index.js';
import { trackedProtocolName } from '../../nfnetlink/conntrack/protocols.js';

export interface FormatOptions {
  extended?: boolean; // -o extended: layer-3 name and number first
  id?: boolean; // -o id: id=N at the end
  ktimestamp?: boolean; // -o ktimestamp: [start=...] and [stop=...], the kernel's timestamps as ctime(3) text
  /** Seconds since the epoch for delta-time (default: now). */
  now?: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => (n < 10 ? '0' : '') + n;

/** A kernel timestamp (ns since the epoch) as ctime(3) prints it in local time, without its newline: 'Fri Nov 27 09:53:05 2026'. */
export function ctimeText(ns: bigint): string {
  const d = new Date(Number(ns / 1000000000n) * 1000);
  const day = d.getDate();
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day < 10 ? ' ' : ''}${day} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}

/** Seconds from the entry's start to its stop (or to `now`), as conntrack-tools' delta-time; undefined without timestamps. */
export function deltaTime(f: Flow, now?: number): number | undefined {
  if (f.timestampStart === undefined) return undefined;
  const start = Number(f.timestampStart / 1000000000n);
  const end = f.timestampStop !== undefined && f.timestampStop !== 0n ? Number(f.timestampStop / 1000000000n) : (now ?? Math.floor(Date.now() / 1000));
  return end - start;
}

/** What -o ktimestamp adds after delta-time, as conntrack-tools prints it (a trailing space included). */
export function kernelTimestamps(start: bigint | undefined, stop: bigint | undefined): string {
  let s = '';
  if (start !== undefined) s += '[start=' + ctimeText(start) + '] ';
  if (stop !== undefined) s += '[stop=' + ctimeText(stop) + '] ';
  return s;
}

const PAD = '         ';
// "%-8s %u " as conntrack prints the protocol columns.
export const L4_PREFIX: string[] = [];
for (let p = 0; p < 256; p++) {
  const name = trackedProtocolName(p) ?? 'unknown';
  L4_PREFIX.push(name + PAD.slice(0, Math.max(1, 9 - name.length)) + p + ' ');
}
export const L3_PREFIX: Record<number, string> = { 2: 'ipv4     2 ', 10: 'ipv6     10 ' };
