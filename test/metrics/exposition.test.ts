import { describe, expect, it } from 'vitest';
import type { MetricDef, Sample } from '../../collectors/types';
import { streamExposition } from '../../src/metrics/exposition';
import { renderLabels, renderSeries } from '../../src/metrics/series';

const defs = new Map<string, MetricDef>([
  ['ifHCInOctets', { name: 'ifHCInOctets', help: 'octets in', type: 'counter' }],
  ['ifOperStatus', { name: 'ifOperStatus', help: 'status', type: 'gauge' }],
  ['yunet_device_up', { name: 'yunet_device_up', help: 'up', type: 'gauge' }],
]);

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('exposition', () => {
  it('escapes label values and keeps bigint exact', () => {
    const labels = { ifIndex: '1', ifAlias: 'a "quoted"\\path\nline' };
    const series = renderSeries(renderLabels('', { device: 'r1' }).slice(1, -1), [{ name: 'ifHCInOctets', labels, value: 18446744073709551000n }]);
    expect(series.get('ifHCInOctets')!.toString('utf8')).toBe('ifHCInOctets{device="r1",ifIndex="1",ifAlias="a \\"quoted\\"\\\\path\\nline"} 18446744073709551000\n');
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
