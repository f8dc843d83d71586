// Metric families and the two text formats Prometheus reads: the classic text format (version 0.0.4) and
// OpenMetrics 1.0.0 (asked for in the Accept header). Facts from the public format documents: HELP escapes
// backslash and newline, label values also the double quote; OpenMetrics names a counter family without its
// `_total` suffix (the samples keep it) and ends the exposition with `# EOF`.

/** A Prometheus metric type (the `# TYPE` line). */
export type MetricType = 'gauge' | 'counter';
/** Label name/value pairs in the order they are written. */
export type Labels = ReadonlyArray<readonly [string, string]>;

/** One sample: its labels and its value. */
export interface Sample {
  labels: Labels;
  value: number;
}

/** A metric family: name, help, type and samples. */
export interface MetricFamily {
  /** The full sample name (counters end in `_total`). */
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

/** Content type of the Prometheus text format 0.0.4. */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Content type of OpenMetrics 1.0. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
/** The exposition formats {@link render} writes. */
export type Format = 'text' | 'openmetrics';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const escapeHelp = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function valueText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelText(labels: Labels): string {
  if (labels.length === 0) return '';
  let s = '{';
  for (let i = 0; i < labels.length; i++) {
    const [k, v] = labels[i]!;
    if (i > 0) s += ',';
    s += `${k}="${escapeLabel(v)}"`;
  }
  return s + '}';
}

/** Throws on a name the formats cannot carry (a programming error, not input). */
function checkFamily(f: MetricFamily): void {
  if (!NAME.test(f.name)) throw new RangeError(`metric name '${f.name}' is not valid`);
  if (f.type === 'counter' && !f.name.endsWith('_total')) throw new RangeError(`counter '${f.name}' must end in _total`);
  for (const s of f.samples) for (const [k] of s.labels) if (!LABEL.test(k) || k.startsWith('__')) throw new RangeError(`label name '${k}' is not valid`);
}

/**
 * Families with the same name are merged (their samples concatenated, first help and type kept), in the
 * order names first appear: several namespaces' collections become one exposition.
 */
export function mergeFamilies(lists: ReadonlyArray<readonly MetricFamily[]>): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const list of lists) {
    for (const f of list) {
      const have = byName.get(f.name);
      if (have) {
        if (have.type !== f.type) throw new RangeError(`metric '${f.name}' is both ${have.type} and ${f.type}`);
        for (const s of f.samples) have.samples.push(s);
      } else {
        byName.set(f.name, { ...f, samples: [...f.samples] });
      }
    }
  }
  return [...byName.values()];
}

/** The exposition text of `families` in `format`. */
export function render(families: readonly MetricFamily[], format: Format = 'text'): string {
  const out: string[] = [];
  for (const f of families) {
    checkFamily(f);
    // OpenMetrics names the counter family without the suffix its samples carry.
    const family = format === 'openmetrics' && f.type === 'counter' ? f.name.slice(0, -'_total'.length) : f.name;
    out.push(`# HELP ${family} ${escapeHelp(f.help)}\n# TYPE ${family} ${f.type}\n`);
    for (const s of f.samples) out.push(`${f.name}${labelText(s.labels)} ${valueText(s.value)}\n`);
  }
  if (format === 'openmetrics') out.push('# EOF\n');
  return out.join('');
}

/**
 * The format an Accept header asks for: OpenMetrics when it lists application/openmetrics-text with a
 * q-value at least that of every text/plain or wildcard entry, the classic text format otherwise.
 */
export function negotiate(accept: string | undefined): Format {
  if (!accept) return 'text';
  let om = -1;
  let text = -1;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((x) => x.trim());
    let q = 1;
    for (const p of params) {
      const m = /^q=([0-9.]+)$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (!Number.isFinite(q) || q <= 0) continue;
    const t = type.toLowerCase();
    if (t === 'application/openmetrics-text') om = Math.max(om, q);
    else if (t === 'text/plain' || t === '*/*' || t === 'text/*') text = Math.max(text, q);
  }
  return om > 0 && om >= text ? 'openmetrics' : 'text';
}

/** The Content-Type header value of a format. */
export function contentType(format: Format): string {
  return format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
}
