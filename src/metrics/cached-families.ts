import type { Families, FamilySource } from '../context';
import { familyHeader } from './exposition';
import { renderSeries } from './series';

/**
 * yunet's own high-cardinality families (per-device readiness gauges): rendered to exposition text once per
 * change of their data and then served as it is. Through prom-client they were formatted again on every
 * scrape, which held the event loop for tens of milliseconds at 1,000 devices.
 */
export class CachedFamilies implements Families {
  private readonly sources: { source: FamilySource; key: unknown; text: string }[] = [];

  add(source: FamilySource): void {
    this.sources.push({ source, key: Symbol('never rendered'), text: '' });
  }

  text(): string {
    let out = '';
    for (const s of this.sources) {
      const key = s.source.key();
      if (key !== s.key) {
        const rendered = renderSeries('', s.source.samples());
        // Every family says what it is even when empty, as prom-client's gauges do.
        s.text = s.source.defs.map((d) => familyHeader(d) + (rendered.get(d.name)?.toString('utf8') ?? '')).join('');
        s.key = key;
      }
      out += s.text;
    }
    return out;
  }
}
