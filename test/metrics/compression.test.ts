import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricDef, Sample } from '../../collectors/types';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { streamExposition } from '../../src/metrics/exposition';
import { acceptsGzip } from '../../src/metrics/routes';
import { renderSeries } from '../../src/metrics/series';
import { createYunet, type Yunet } from '../../src/yunet';
import { testDatabase } from '../support/database';
import { one, parseExposition } from '../lab/exposition-text';

// Device series are kept as one gzip member per family; /metrics is their concatenation, one gzip stream.

const bytes = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

describe('the exposition as gzip', () => {
  it('is one gzip stream that the gzip tool inflates to every device family grouped under its header', async () => {
    const defs = new Map<string, MetricDef>([
      ['ifHCInOctets', { name: 'ifHCInOctets', help: 'octets in', type: 'counter' }],
      ['yunet_device_up', { name: 'yunet_device_up', help: 'up', type: 'gauge' }],
    ]);
    const device = (i: number): Sample[] => [
      { name: 'yunet_device_up', labels: {}, value: 1 },
      ...Array.from({ length: 48 }, (_, j) => ({ name: 'ifHCInOctets', labels: { ifIndex: String(j + 1), ifAlias: '上行口' }, value: BigInt(i) * 10n ** 15n + BigInt(j) })),
    ];
    const fleet = Array.from({ length: 200 }, (_, i) => renderSeries(`device="d${i}"`, device(i)));
    const gz = await bytes(streamExposition(async () => '# head\n', defs, () => fleet));
    // An independent decoder: gzip(1) reads concatenated members as one file (RFC 1952 2.2).
    const text = execFileSync('gzip', ['-dc'], { input: gz, maxBuffer: 64 << 20 }).toString('utf8');
    expect(text.startsWith('# head\n# HELP ifHCInOctets octets in\n# TYPE ifHCInOctets counter\n')).toBe(true);
    const parsed = parseExposition(text);
    expect(parsed.samples.filter((s) => s.name === 'ifHCInOctets')).toHaveLength(200 * 48);
    expect(one(parsed, 'ifHCInOctets', { device: 'd199', ifIndex: '48' }).value).toBe('199000000000000047');
    expect(text.match(/^# TYPE /gm)).toHaveLength(2);
    // And it is several times smaller than the text.
    expect(gz.length * 4).toBeLessThan(Buffer.byteLength(text));
  });

  it('is sent to clients that take gzip, by name or by "*", and not to others (RFC 9110 Accept-Encoding)', () => {
    const cases: [string | undefined, boolean][] = [
      ['gzip', true], ['gzip, deflate, br', true], ['deflate, gzip;q=0.5', true], ['x-gzip', true], ['*', true], ['GZIP', true],
      [undefined, false], ['', false], ['identity', false], ['deflate, br', false], ['gzip;q=0', false], ['gzip; q=0.000', false], ['*;q=0', false], ['*, gzip;q=0', false],
    ];
    for (const [header, takes] of cases) expect(acceptsGzip(header), String(header)).toBe(takes);
  });
});

describe('/metrics content coding', () => {
  let yunet: Yunet;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-metrics-gzip-'));
    const config = configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), http: { port: 0, host: '127.0.0.1' } });
    yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
  });
  afterAll(async () => {
    await yunet?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is gzip when asked for, plain text otherwise, the same exposition either way', async () => {
    const gz = await yunet.app.request('/metrics', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toBe('Accept-Encoding');
    const inflated = execFileSync('gzip', ['-dc'], { input: await bytes(gz.body!) }).toString('utf8');
    const plain = await yunet.app.request('/metrics');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    const names = (t: string) => [...new Set(parseExposition(t).samples.map((s) => s.name))].sort();
    expect(names(text)).toContain('yunet_metrics_scrapes_cut_total');
    expect(names(inflated)).toEqual(names(text));
  });
});
