import { describe, expect, it } from 'vitest';
import { segment, segmentCounts, segmentText } from '../../src/metrics/gzip-segments';
import { packSeries, seriesWriter, startReading } from '../../src/metrics/series';

const text = (series: Map<string, Buffer>) => Object.fromEntries([...series].map(([k, v]) => [k, segmentText(v)]));
/** Families as the writer hands them to packSeries: one gzip segment each. */
const segmentsOf = (families: Record<string, string | Buffer>) => new Map(Object.entries(families).map(([k, v]) => [k, typeof v === 'string' ? segment(v) : v]));

/** A device's series live in one buffer that the next poll rewrites in place, unless a scrape is reading it. */
describe('packed device series', () => {
  it('rewrites the previous buffer in place, keeping a family carried over from it intact', () => {
    const first = packSeries(segmentsOf({ a: 'a{ifName="上行口"} 1\n', b: 'b 2\n' }), null);
    expect(text(first.series)).toEqual({ a: 'a{ifName="上行口"} 1\n', b: 'b 2\n' });
    // "b" was not due this poll: its bytes come from the buffer being rewritten.
    const second = packSeries(segmentsOf({ a: 'a{ifName="上行口"} 3\n', b: first.series.get('b')! }), first.buffer);
    expect(second.buffer).toBe(first.buffer);
    expect(text(second.series)).toEqual({ a: 'a{ifName="上行口"} 3\n', b: 'b 2\n' });
  });

  it('leaves the buffer a scrape is streaming alone, and takes a new one when the series outgrow it', () => {
    const first = packSeries(segmentsOf({ a: 'a 1\n' }), null);
    const done = startReading();
    const during = packSeries(segmentsOf({ a: 'a 2\n' }), first.buffer);
    expect(during.buffer).not.toBe(first.buffer);
    expect(text(first.series)).toEqual({ a: 'a 1\n' });
    done();
    done(); // a second call (close after cancel) does not count twice
    expect(packSeries(segmentsOf({ a: 'a 3\n' }), during.buffer).buffer).toBe(during.buffer);
    const grown = packSeries(segmentsOf({ a: 'a 4\n'.repeat(100) }), during.buffer);
    expect(grown.buffer).not.toBe(during.buffer);
    expect(segmentText(grown.series.get('a')!)).toBe('a 4\n'.repeat(100));
  });

  it('keeps the segment of a family whose text is the same as the poll before, and compresses a changed one', () => {
    const poll = (last: Map<string, Buffer>, previous: Buffer | null, inOctets: number) => {
      const out = seriesWriter();
      const ports = Array.from({ length: 48 }, (_, i) => ({ ifIndex: String(i + 1) }));
      out.write('device="x"', [...ports.map((labels) => ({ name: 'ifMtu', labels, value: 1500 })), ...ports.map((labels, i) => ({ name: 'ifHCInOctets', labels, value: inOctets + i }))], { maxLabelBytes: 256, maxBytes: Infinity });
      return out.pack(last, previous);
    };
    const first = poll(new Map(), null, 1000);
    const mtu = Buffer.from(first.series.get('ifMtu')!);
    const before = { ...segmentCounts };
    const second = poll(first.series, first.buffer, 2000);
    expect(segmentCounts.unchanged - before.unchanged).toBe(1);
    expect(segmentCounts.compressed - before.compressed).toBe(1);
    // The same bytes (moved within the rewritten buffer), and the changed family's new text.
    expect(second.series.get('ifMtu')!.equals(mtu)).toBe(true);
    expect(segmentText(second.series.get('ifHCInOctets')!)).toContain('ifHCInOctets{device="x",ifIndex="48"} 2047\n');
    expect(segmentText(second.series.get('ifMtu')!)).toContain('ifMtu{device="x",ifIndex="48"} 1500\n');
  });

  it('writes a device part after part, each under its own byte cap, and packs them once with the families it keeps', () => {
    const kept = packSeries(segmentsOf({ old: 'old{device="x"} 9\n' }), null);
    const out = seriesWriter();
    const cuts = { labelValues: 0, families: 0 };
    // Wide enough to make the scratch buffer grow between the parts: the first part's bytes must survive it.
    const wide = Array.from({ length: 3000 }, (_, i) => ({ name: 'wide', labels: { ifIndex: String(i), ifAlias: '上行口'.repeat(20) }, value: i }));
    out.write('device="x"', [{ name: 'a', labels: {}, value: 1 }, { name: 'big', labels: { ifAlias: 'x'.repeat(300) }, value: 2 }], { maxLabelBytes: 1024, maxBytes: 100 }, cuts);
    out.write('device="x"', [...wide, { name: 'yunet_device_up', labels: {}, value: 1 }], { maxLabelBytes: 1024, maxBytes: Infinity });
    out.keep('old', kept.series.get('old')!);
    const packed = out.pack(new Map(), null);
    // The first part's cap (100 bytes) dropped "big"; the second part has no cap of its own.
    expect(cuts.families).toBe(1);
    expect([...packed.series.keys()]).toEqual(['a', 'wide', 'yunet_device_up', 'old']);
    expect(text(packed.series).a).toBe('a{device="x"} 1\n');
    expect(text(packed.series).wide).toBe(wide.map((w) => `wide{device="x",ifIndex="${w.labels.ifIndex}",ifAlias="${w.labels.ifAlias}"} ${w.value}\n`).join(''));
    expect(text(packed.series).yunet_device_up).toBe('yunet_device_up{device="x"} 1\n');
    expect(text(packed.series).old).toBe('old{device="x"} 9\n');
  });
});
