import type { Sample } from '../../collectors/types';

/**
 * A device's latest samples, rendered once per poll into exposition lines (UTF-8), one buffer per family.
 * Scrapes then only copy bytes, and the fleet's series live outside the JS heap.
 */
export type RenderedSeries = Map<string, Buffer>;

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function renderLabels(base: string, labels: Record<string, string>): string {
  let out = base;
  for (const k in labels) out += `${out ? ',' : ''}${k}="${escapeLabelValue(labels[k])}"`;
  return out ? `{${out}}` : '';
}

export function formatValue(v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/**
 * Renders samples grouped by family; `base` holds the device-wide labels already rendered (device="…",unit="…").
 * A label object shared by several samples (an interface's labels serve all its counters) is rendered once.
 */
export function renderSeries(base: string, samples: Sample[]): RenderedSeries {
  const text = new Map<string, string>();
  const cache = new Map<Record<string, string>, string>();
  for (const s of samples) {
    let labels = cache.get(s.labels);
    if (labels === undefined) {
      labels = renderLabels(base, s.labels);
      cache.set(s.labels, labels);
    }
    text.set(s.name, (text.get(s.name) ?? '') + s.name + labels + ' ' + formatValue(s.value) + '\n');
  }
  const out: RenderedSeries = new Map();
  for (const [name, lines] of text) out.set(name, Buffer.from(lines, 'utf8'));
  return out;
}
