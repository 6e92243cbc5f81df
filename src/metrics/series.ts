import type { Sample } from '../../collectors/types';

/**
 * A device's latest samples in exposition-ready form, grouped by family.
 * Label strings are rendered once per poll and shared across families (an interface's labels
 * serve all its counters), so a 1,000-device fleet costs arrays of values, not megabytes of text.
 */
export type SeriesByFamily = Map<string, { labels: string[]; values: (number | bigint)[] }>;

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function renderLabels(base: string, labels: Record<string, string>): string {
  let out = base;
  for (const k in labels) out += `${out ? ',' : ''}${k}="${escapeLabelValue(labels[k])}"`;
  return out ? `{${out}}` : '';
}

/** Groups samples by family; `base` holds the device-wide labels already rendered (device="…",unit="…"). */
export function toSeries(base: string, samples: Sample[]): SeriesByFamily {
  const byFamily: SeriesByFamily = new Map();
  const cache = new Map<Record<string, string>, string>();
  for (const s of samples) {
    let labels = cache.get(s.labels);
    if (labels === undefined) {
      labels = renderLabels(base, s.labels);
      cache.set(s.labels, labels);
    }
    let fam = byFamily.get(s.name);
    if (!fam) byFamily.set(s.name, (fam = { labels: [], values: [] }));
    fam.labels.push(labels);
    fam.values.push(s.value);
  }
  return byFamily;
}

export function formatValue(v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Appends one family's lines for one device. */
export function renderFamily(name: string, fam: { labels: string[]; values: (number | bigint)[] }): string {
  let out = '';
  for (let i = 0; i < fam.labels.length; i++) out += name + fam.labels[i] + ' ' + formatValue(fam.values[i]) + '\n';
  return out;
}
