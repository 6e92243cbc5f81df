import type { Families, FamilySource } from '../context';
import { sliced } from '../pace';
import { familyHeader } from './exposition';
import { defaultRenderLimits, renderText } from './series';

/** Samples rendered between two yields. */
const SAMPLES_PER_STEP = 2000;

interface Cached {
  source: FamilySource;
  data: unknown;
  text: string;
}

/**
 * yunet's own high-cardinality families (per-device readiness gauges): rendered to exposition text once per
 * change of their data and then served as it is. Through prom-client they were formatted again on every
 * scrape, which held the event loop for tens of milliseconds at 1,000 devices.
 */
export class CachedFamilies implements Families {
  private readonly sources: Cached[] = [];

  add<T>(source: FamilySource<T>): void {
    this.sources.push({ source: source as FamilySource, data: Symbol('never rendered'), text: '' });
  }

  async text(): Promise<string> {
    let out = '';
    for (const s of this.sources) {
      const data = await s.source.data();
      if (data !== s.data) {
        const text = await sliced(render(s.source, data));
        // Another scrape may have rendered newer data meanwhile.
        if ((await s.source.data()) === data) Object.assign(s, { data, text });
        out += text;
      } else out += s.text;
    }
    return out;
  }
}

/** A source's families as exposition text, every family with its header even when empty (as prom-client's). */
function* render(source: FamilySource, data: unknown): Generator<void, string> {
  const samples = source.samples(data);
  const parts = new Map<string, Buffer[]>();
  const limits = { ...defaultRenderLimits, maxBytes: Infinity };
  for (let i = 0; i < samples.length; i += SAMPLES_PER_STEP) {
    yield;
    for (const [name, buf] of renderText('', samples.slice(i, i + SAMPLES_PER_STEP), limits)) {
      const list = parts.get(name);
      if (list) list.push(buf);
      else parts.set(name, [buf]);
    }
  }
  return source.defs.map((d) => familyHeader(d) + Buffer.concat(parts.get(d.name) ?? []).toString('utf8')).join('');
}
