import type { Sample } from '../../collectors/types';
import { capUtf8 } from '../text';
import type { RenderCuts, RenderedSeries, RenderLimits, SeriesRenderer } from '../poll/state';

export type { RenderCuts, RenderedSeries, RenderLimits };

export const defaultRenderLimits: RenderLimits = { maxLabelBytes: 256, maxBytes: 8 * 1024 * 1024 };

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** Renders a label set; values longer than `maxValueBytes` are cut at a character boundary and counted in `cuts`. */
export function renderLabels(base: string, labels: Record<string, string>, maxValueBytes = Infinity, cuts?: RenderCuts): string {
  let out = base;
  for (const k in labels) {
    let v = labels[k];
    if (v.length * 3 > maxValueBytes) {
      const capped = capUtf8(v, maxValueBytes);
      if (capped !== v && cuts) cuts.labelValues++;
      v = capped;
    }
    out += `${out ? ',' : ''}${k}="${escapeLabelValue(v)}"`;
  }
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
 * A family that would take the device past `limits.maxBytes` is dropped whole and counted in `cuts`.
 */
export function renderSeries(base: string, samples: Sample[], limits: RenderLimits = defaultRenderLimits, cuts: RenderCuts = { labelValues: 0, families: 0 }): RenderedSeries {
  const text = new Map<string, string>();
  const cache = new Map<Record<string, string>, string>();
  for (const s of samples) {
    let labels = cache.get(s.labels);
    if (labels === undefined) {
      labels = renderLabels(base, s.labels, limits.maxLabelBytes, cuts);
      cache.set(s.labels, labels);
    }
    text.set(s.name, (text.get(s.name) ?? '') + s.name + labels + ' ' + formatValue(s.value) + '\n');
  }
  const out: RenderedSeries = new Map();
  let bytes = 0;
  for (const [name, lines] of text) {
    const buf = Buffer.from(lines, 'utf8');
    if (bytes + buf.length > limits.maxBytes) {
      cuts.families++;
      continue;
    }
    bytes += buf.length;
    out.set(name, buf);
  }
  return out;
}

/**
 * Samples rendered once per poll into exposition lines: scrapes then only copy bytes, and the fleet's series
 * live outside the JS heap. Handed to the fleet by the composition root.
 */
export const seriesRenderer: SeriesRenderer = { labels: renderLabels, series: renderSeries };
