import type { Families, FamilySource } from '../context';
import { finish, sliced } from '../pace';
import { familyHeader } from './exposition';
import { defaultRenderLimits, renderSeries } from './series';

/** Samples rendered between two yields. */
const SAMPLES_PER_STEP = 2000;

interface Cached {
  source: FamilySource;
  key: unknown;
  text: string;
}

/**
 * yunet's own high-cardinality families (per-device readiness gauges): rendered to exposition text once per
 * change of their data and then served as it is. Through prom-client they were formatted again on every
 * scrape, which held the event loop for tens of milliseconds at 1,000 devices.
 */
export class CachedFamilies implements Families {
  private readonly sources: Cached[] = [];

  add(source: FamilySource): void {
    this.sources.push({ source, key: Symbol('never rendered'), text: '' });
  }

  /** Every family, rendering at once those whose data changed. */
  text(): string {
    let out = '';
    for (const s of this.sources) {
      const key = s.source.key();
      if (key !== s.key) this.keep(s, key, finish(render(s.source)));
      out += s.text;
    }
    return out;
  }

  /** Renders the families whose data changed a time slice at a time (at a cycle's end, before the scrapes). */
  async refresh(): Promise<void> {
    for (const s of this.sources) {
      const key = s.source.key();
      if (key !== s.key) this.keep(s, key, await sliced(render(s.source)));
    }
  }

  private keep(s: Cached, key: unknown, text: string): void {
    s.key = key;
    s.text = text;
  }
}

/** A source's families as exposition text, every family with its header even when empty (as prom-client's). */
function* render(source: FamilySource): Generator<void, string> {
  const samples = source.samples();
  const parts = new Map<string, Buffer[]>();
  const limits = { ...defaultRenderLimits, maxBytes: Infinity };
  for (let i = 0; i < samples.length; i += SAMPLES_PER_STEP) {
    yield;
    for (const [name, buf] of renderSeries('', samples.slice(i, i + SAMPLES_PER_STEP), limits)) {
      const list = parts.get(name);
      if (list) list.push(buf);
      else parts.set(name, [buf]);
    }
  }
  return source.defs.map((d) => familyHeader(d) + Buffer.concat(parts.get(d.name) ?? []).toString('utf8')).join('');
}
