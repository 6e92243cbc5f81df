import type { Sample } from '../../collectors/types';
import { capUtf8 } from '../text';
import type { RenderCuts, RenderedSeries, RenderLimits, SeriesRenderer, SeriesWriter } from '../poll/state';
import { segment } from './gzip-segments';

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

/** Where lines are written before they are copied out: grown on demand, and let go again after a large device. */
let scratch = Buffer.allocUnsafeSlow(256 * 1024);
const SCRATCH_KEPT = 1024 * 1024;

function room(at: number, more: number): void {
  if (at + more <= scratch.length) return;
  const bigger = Buffer.allocUnsafeSlow(Math.max(scratch.length * 2, at + more));
  scratch.copy(bigger, 0, 0, at);
  scratch = bigger;
}

/** Writes an ASCII string (a formatted value) at `at`; returns the new end. */
function writeAscii(s: string, at: number): number {
  room(at, s.length + 1);
  for (let i = 0; i < s.length; i++) scratch[at++] = s.charCodeAt(i);
  return at;
}

/** Writes a value as formatValue would, digits by hand for the common case (a non-negative integer). */
function writeValue(value: number | bigint, at: number): number {
  // Most counters (Counter64 included) are below 2^53: the same digits as bigint's toString, without a string.
  const v = typeof value === 'bigint' && value >= 0n && value <= MAX_SAFE ? Number(value) : value;
  if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v)) {
    if (v === 0) {
      scratch[at] = 48;
      return at + 1;
    }
    let digits = 0;
    for (let x = v; x >= 1; x = Math.floor(x / 10)) digits++;
    let x = v;
    for (let i = at + digits - 1; i >= at; i--) {
      scratch[i] = 48 + (x % 10);
      x = Math.floor(x / 10);
    }
    return at + digits;
  }
  return writeAscii(formatValue(v), at);
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Writes samples grouped by family as exposition lines into the scratch buffer from `origin`, and notes where each
 * family lies in `ends`; returns the end. `base` holds the device-wide labels already rendered (device="…",unit="…").
 * A label object shared by several samples (an interface's labels serve all its counters) is rendered once. Lines are
 * written as bytes, not built as strings: at 1,000 devices string building was the largest allocation outside
 * net-snmp (650 MB in 30 s). A family that would take these samples past `limits.maxBytes` is dropped whole and
 * counted in `cuts`.
 */
function writeFamilies(base: string, samples: Sample[], limits: RenderLimits, cuts: RenderCuts, origin: number, ends: [string, number, number][]): number {
  const byFamily = new Map<string, number[]>();
  for (let i = 0; i < samples.length; i++) {
    const list = byFamily.get(samples[i].name);
    if (list) list.push(i);
    else byFamily.set(samples[i].name, [i]);
  }
  const labelBytes = new Map<Record<string, string>, Buffer>();
  const cap = origin + limits.maxBytes;
  let at = origin;
  for (const [name, indexes] of byFamily) {
    const start = at;
    const nameBytes = Buffer.from(name, 'utf8');
    for (const i of indexes) {
      const s = samples[i];
      let labels = labelBytes.get(s.labels);
      if (labels === undefined) {
        labels = Buffer.from(renderLabels(base, s.labels, limits.maxLabelBytes, cuts), 'utf8');
        labelBytes.set(s.labels, labels);
      }
      // name, labels, space, an integer's digits, newline (longer values make room for themselves)
      room(at, nameBytes.length + labels.length + 20);
      scratch.set(nameBytes, at);
      at += nameBytes.length;
      scratch.set(labels, at);
      at += labels.length;
      scratch[at++] = 32;
      at = writeValue(s.value, at);
      scratch[at++] = 10;
      // Past the cap the family is dropped whole: the rest of its lines are not written.
      if (at > cap) break;
    }
    if (at > cap) {
      cuts.families++;
      at = start;
    } else ends.push([name, start, at]);
  }
  return at;
}

/** After a large device the scratch buffer is let go (once nothing refers to it any more). */
function releaseScratch(): void {
  if (scratch.length > SCRATCH_KEPT) scratch = Buffer.allocUnsafeSlow(256 * 1024);
}

/**
 * One device's series, written part after part into the scratch buffer, each family compressed into a gzip
 * segment by `pack` (unless its text is the same as the poll before) and copied once into the device's own buffer. Kept compressed: exposition text is 7x larger
 * (435 MB at 5,000 devices), and Prometheus asks for gzip anyway. Synchronous from the first `write` to `pack`:
 * nothing else may render in between.
 */
export function seriesWriter(): SeriesWriter {
  let at = 0;
  const families = new Map<string, Buffer | { lines: Buffer }>();
  return {
    write(base, samples, limits, cuts = { labelValues: 0, families: 0 }) {
      const ends: [string, number, number][] = [];
      at = writeFamilies(base, samples, limits, cuts, at, ends);
      // Views of the scratch buffer as it is now: if a later part grows it, these still see the old one.
      for (const [name, start, end] of ends) families.set(name, { lines: scratch.subarray(start, end) });
    },
    keep(name, kept) {
      families.set(name, kept);
    },
    pack(last, previous) {
      const segments = new Map<string, Buffer>();
      for (const [name, f] of families) segments.set(name, Buffer.isBuffer(f) ? f : segment(f.lines, last.get(name)));
      const packed = packSeries(segments, previous);
      releaseScratch();
      return packed;
    },
  };
}

/** Samples rendered into a buffer of their own, one gzip segment per family; see writeFamilies. */
export function renderSeries(base: string, samples: Sample[], limits: RenderLimits = defaultRenderLimits, cuts: RenderCuts = { labelValues: 0, families: 0 }): RenderedSeries {
  const out = seriesWriter();
  out.write(base, samples, limits, cuts);
  return out.pack(new Map(), null).series;
}

/** Samples rendered into exposition text, one buffer per family, uncompressed; see writeFamilies. */
export function renderText(base: string, samples: Sample[], limits: RenderLimits = defaultRenderLimits, cuts: RenderCuts = { labelValues: 0, families: 0 }): Map<string, Buffer> {
  const ends: [string, number, number][] = [];
  writeFamilies(base, samples, limits, cuts, 0, ends);
  const text = new Map<string, Buffer>();
  for (const [name, start, end] of ends) text.set(name, Buffer.from(scratch.subarray(start, end)));
  releaseScratch();
  return text;
}

/** Exposition streams in flight: while one runs, no device's buffer is rewritten in place. */
let reading = 0;

/** Marks an exposition stream reading series; call the returned function (once or more) when it ends. */
export function startReading(): () => void {
  reading++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    reading--;
  };
}

/**
 * Packs a device's families (gzip segments) into one buffer: one long-lived allocation per poll instead of one per
 * family; and while no exposition stream runs, the device's previous buffer (`previous`) is rewritten in place when
 * it fits, so a cycle leaves no old series behind for the garbage collector.
 */
export function packSeries(families: Map<string, Buffer>, previous: Buffer | null): { series: RenderedSeries; buffer: Buffer } {
  const parts: { name: string; value: Buffer; bytes: number }[] = [];
  let total = 0;
  for (const [name, value] of families) {
    parts.push({ name, value, bytes: value.length });
    total += value.length;
  }
  // Reused while it fits and is not more than twice too large (a device that lost most of its interfaces).
  const reuse = previous !== null && reading === 0 && previous.length >= total && previous.length <= 2 * total + 65536;
  const buffer = reuse ? previous : Buffer.allocUnsafeSlow(Math.ceil(total * 1.1));
  if (reuse)
    // Families carried over from the previous poll live in the bytes about to be overwritten: copied out first.
    for (const p of parts) if (p.value.buffer === buffer.buffer) p.value = Buffer.from(p.value);
  const series: RenderedSeries = new Map();
  let at = 0;
  for (const p of parts) {
    p.value.copy(buffer, at);
    series.set(p.name, buffer.subarray(at, at + p.bytes));
    at += p.bytes;
  }
  return { series, buffer };
}

/**
 * Samples rendered and compressed once per poll: scrapes then only copy bytes, and the fleet's series live
 * outside the JS heap. Handed to the fleet by the composition root.
 */
export const seriesRenderer: SeriesRenderer = { labels: renderLabels, series: renderSeries, writer: seriesWriter };
