import { describe, expect, it } from 'vitest';
import type { MetricDef, Sample } from '../../collectors/types';
import { streamExposition } from '../../src/metrics/exposition';
import { segmentText } from '../../src/metrics/gzip-segments';
import { renderLabels, renderSeries } from '../../src/metrics/series';

const defs = new Map<string, MetricDef>([
  ['ifHCInOctets', { name: 'ifHCInOctets', help: 'octets in', type: 'counter' }],
  ['ifOperStatus', { name: 'ifOperStatus', help: 'status', type: 'gauge' }],
  ['yunet_device_up', { name: 'yunet_device_up', help: 'up', type: 'gauge' }],
]);

/** The stream is gzip: inflated as a client would. */
async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream.pipeThrough(new DecompressionStream('gzip'))).text();
}

describe('exposition', () => {
  it('escapes label values and keeps bigint exact', () => {
    const labels = { ifIndex: '1', ifAlias: 'a "quoted"\\path\nline' };
    const series = renderSeries(renderLabels('', { device: 'r1' }).slice(1, -1), [{ name: 'ifHCInOctets', labels, value: 18446744073709551000n }]);
    expect(segmentText(series.get('ifHCInOctets')!)).toBe('ifHCInOctets{device="r1",ifIndex="1",ifAlias="a \\"quoted\\"\\\\path\\nline"} 18446744073709551000\n');
  });

  it('writes values as the text format spells them', () => {
    // Expected spellings from the exposition format: Go float syntax, NaN, +Inf and -Inf; integers in full.
    const values: [number | bigint, string][] = [
      [0, '0'], [7, '7'], [10, '10'], [4294967295, '4294967295'], [2 ** 53 - 1, '9007199254740991'], [2 ** 53, '9007199254740992'],
      [-3, '-3'], [0.25, '0.25'], [1e21, '1e+21'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'],
      [18446744073709551615n, '18446744073709551615'], [0n, '0'],
    ];
    const series = renderSeries('', values.map(([value], i) => ({ name: 'v', labels: { i: String(i) }, value })));
    expect(segmentText(series.get('v')!)).toBe(values.map(([, text], i) => `v{i="${i}"} ${text}\n`).join(''));
  });

  it('drops a family that would take the device past its byte cap, and keeps later ones that fit', () => {
    const wide = Array.from({ length: 50 }, (_, i) => ({ name: 'ifDescrLong', labels: { ifIndex: String(i), ifAlias: '上行口'.repeat(4) }, value: i }));
    const samples: Sample[] = [{ name: 'a', labels: {}, value: 1 }, ...wide, { name: 'b', labels: {}, value: 2 }];
    const cuts = { labelValues: 0, families: 0 };
    const families = renderSeries('device="x"', samples, { maxLabelBytes: 256, maxBytes: 200 }, cuts);
    expect([...families.keys()]).toEqual(['a', 'b']);
    expect(segmentText(families.get('b')!)).toBe('b{device="x"} 2\n');
    expect(cuts).toEqual({ labelValues: 0, families: 1 });
  });

  it('groups each family across devices under one HELP/TYPE, in definition order', async () => {
    const dev = (name: string, up: number): Sample[] => [
      { name: 'yunet_device_up', labels: {}, value: up },
      { name: 'ifOperStatus', labels: { ifIndex: '1' }, value: 1 },
      { name: 'ifHCInOctets', labels: { ifIndex: '1' }, value: 10n ** 19n },
    ];
    const fleet = Array.from({ length: 120 }, (_, i) => renderSeries(`device="d${i}"`, dev(`d${i}`, i % 2)));
    const out = await text(streamExposition(async () => '# head\n', defs, () => fleet));
    expect(out.startsWith('# head\n')).toBe(true);
    expect(out.match(/^# TYPE ifHCInOctets counter$/gm)).toHaveLength(1);
    const lines = out.split('\n');
    const first = (p: string) => lines.findIndex((l) => l.startsWith(p));
    const last = (p: string) => lines.length - 1 - [...lines].reverse().findIndex((l) => l.startsWith(p));
    expect(last('ifHCInOctets{')).toBeLessThan(first('ifOperStatus{'));
    expect(last('ifOperStatus{')).toBeLessThan(first('yunet_device_up{'));
    expect(lines.filter((l) => l.startsWith('ifHCInOctets{'))).toHaveLength(120);
    expect(out).toContain('ifHCInOctets{device="d7",ifIndex="1"} 10000000000000000000\n');
    expect(out).toContain('yunet_device_up{device="d7"} 1\n');
  });

  it('omits HELP/TYPE for families no device has', async () => {
    const out = await text(streamExposition(async () => '', defs, () => [renderSeries('device="x"', [{ name: 'yunet_device_up', labels: {}, value: 0 }])]));
    expect(out).toBe('# HELP yunet_device_up up\n# TYPE yunet_device_up gauge\nyunet_device_up{device="x"} 0\n');
  });
});
