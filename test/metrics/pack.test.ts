import { describe, expect, it } from 'vitest';
import { packSeries, startReading } from '../../src/metrics/series';

const text = (series: Map<string, Buffer>) => Object.fromEntries([...series].map(([k, v]) => [k, v.toString('utf8')]));

/** A device's series live in one buffer that the next poll rewrites in place, unless a scrape is reading it. */
describe('packed device series', () => {
  it('rewrites the previous buffer in place, keeping a family carried over from it intact', () => {
    const first = packSeries(new Map([['a', 'a{ifName="上行口"} 1\n'], ['b', 'b 2\n']]), null);
    expect(text(first.series)).toEqual({ a: 'a{ifName="上行口"} 1\n', b: 'b 2\n' });
    // "b" was not due this poll: its bytes come from the buffer being rewritten.
    const second = packSeries(new Map<string, string | Buffer>([['a', 'a{ifName="上行口"} 3\n'], ['b', first.series.get('b')!]]), first.buffer);
    expect(second.buffer).toBe(first.buffer);
    expect(text(second.series)).toEqual({ a: 'a{ifName="上行口"} 3\n', b: 'b 2\n' });
  });

  it('leaves the buffer a scrape is streaming alone, and takes a new one when the series outgrow it', () => {
    const first = packSeries(new Map([['a', 'a 1\n']]), null);
    const done = startReading();
    const during = packSeries(new Map([['a', 'a 2\n']]), first.buffer);
    expect(during.buffer).not.toBe(first.buffer);
    expect(text(first.series)).toEqual({ a: 'a 1\n' });
    done();
    done(); // a second call (close after cancel) does not count twice
    expect(packSeries(new Map([['a', 'a 3\n']]), during.buffer).buffer).toBe(during.buffer);
    const grown = packSeries(new Map([['a', 'a 4\n'.repeat(100)]]), during.buffer);
    expect(grown.buffer).not.toBe(during.buffer);
    expect(grown.series.get('a')!.toString()).toBe('a 4\n'.repeat(100));
  });
});
