import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricDef, Sample } from '../../collectors/types';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { streamExposition } from '../../src/metrics/exposition';
import { GzipJoin, segment, segmentText } from '../../src/metrics/gzip-segments';
import { acceptsGzip } from '../../src/metrics/routes';
import { renderSeries } from '../../src/metrics/series';
import { createYunet, type Yunet } from '../../src/yunet';
import { launchChromium } from '../support/chromium';
import { testDatabase } from '../support/database';
import { itWith } from '../support/requirements';
import { one, parseExposition } from '../lab/exposition-text';

// Device series are kept as compressed segments, one per family; /metrics splices them into one gzip member.

const bytes = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

const defs = new Map<string, MetricDef>([
  ['ifHCInOctets', { name: 'ifHCInOctets', help: 'octets in', type: 'counter' }],
  ['yunet_device_up', { name: 'yunet_device_up', help: 'up', type: 'gauge' }],
]);
const device = (i: number): Sample[] => [
  { name: 'yunet_device_up', labels: {}, value: 1 },
  ...Array.from({ length: 48 }, (_, j) => ({ name: 'ifHCInOctets', labels: { ifIndex: String(j + 1), ifAlias: '上行口' }, value: BigInt(i) * 10n ** 15n + BigInt(j) })),
];
const fleet = Array.from({ length: 200 }, (_, i) => renderSeries(`device="d${i}"`, device(i)));

describe('the exposition as gzip', () => {
  it('is one gzip member (RFC 1952) whose CRC-32 and length are those of the text, every family grouped under its header', async () => {
    const gz = await bytes(streamExposition(async () => '# head\n', defs, () => fleet));
    // Header: magic, deflate; the body is one raw deflate stream; trailer: CRC-32 and size of the whole text.
    expect([...gz.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]);
    const text = inflateRawSync(gz.subarray(10, gz.length - 8));
    expect(gz.readUInt32LE(gz.length - 8)).toBe(crc32(text));
    expect(gz.readUInt32LE(gz.length - 4)).toBe(text.length);
    // An independent decoder agrees (and checks the trailer itself).
    expect(execFileSync('gzip', ['-dc'], { input: gz, maxBuffer: 64 << 20 }).equals(text)).toBe(true);
    const parsed = parseExposition(text.toString('utf8'));
    expect(text.toString('utf8').startsWith('# head\n# HELP ifHCInOctets octets in\n# TYPE ifHCInOctets counter\n')).toBe(true);
    expect(parsed.samples.filter((s) => s.name === 'ifHCInOctets')).toHaveLength(200 * 48);
    expect(one(parsed, 'ifHCInOctets', { device: 'd199', ifIndex: '48' }).value).toBe('199000000000000047');
    expect(text.toString('utf8').match(/^# TYPE /gm)).toHaveLength(2);
    expect(gz.length * 4).toBeLessThan(text.length);
  });

  it('splices segments of any length, stored or compressed, in any order', () => {
    const texts = [0, 1, 255, 256, 70_000, 3].map((n, i) => Buffer.from('éx'.repeat(n).slice(0, n) + String(i)));
    const segments = texts.map((t) => segment(t));
    for (const order of [[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0]]) {
      const gz = new GzipJoin();
      const body = Buffer.concat([GzipJoin.header, ...order.map((i) => gz.add(segments[i])), gz.end()]);
      expect(execFileSync('gzip', ['-dc'], { input: body }).equals(Buffer.concat(order.map((i) => texts[i])))).toBe(true);
    }
    expect(segmentText(segments[4])).toBe(texts[4].toString('utf8'));
  });

  it('is sent to clients that take gzip, by name or by "*", and not to others (RFC 9110 Accept-Encoding)', () => {
    const cases: [string | undefined, boolean][] = [
      ['gzip', true], ['gzip, deflate, br', true], ['deflate, gzip;q=0.5', true], ['x-gzip', true], ['*', true], ['GZIP', true],
      [undefined, false], ['', false], ['identity', false], ['deflate, br', false], ['gzip;q=0', false], ['gzip; q=0.000', false], ['*;q=0', false], ['*, gzip;q=0', false],
    ];
    for (const [header, takes] of cases) expect(acceptsGzip(header), String(header)).toBe(takes);
  });
});

describe('/metrics content coding, read by real clients', () => {
  let yunet: Yunet;
  let dir: string;
  let url = '';
  const withChromium = itWith({ commands: ['chromium', 'curl'] });
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-metrics-gzip-'));
    const config = configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), http: { port: 0, host: '127.0.0.1' } });
    yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
    url = `http://127.0.0.1:${await yunet.listen()}/metrics`;
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
    // Families by their TYPE lines: which samples a family has moves between two scrapes (active requests, GC).
    const families = (t: string) => t.match(/^# TYPE \S+/gm)!.sort();
    const text = await plain.text();
    expect(families(inflated)).toContain('# TYPE yunet_metrics_scrapes_cut_total');
    expect(families(text)).toEqual(families(inflated));
  });

  // Both read only the first member of a multi-member body: the whole exposition must be one.
  withChromium('reads whole in curl --compressed and in Chromium, down to the last family', async () => {
    const last = (t: string) => parseExposition(t).samples.at(-1)!.name;
    // Not execFileSync: the server answering curl runs in this process.
    const { stdout: viaCurl } = await promisify(execFile)('curl', ['-sS', '--fail', '--compressed', url], { encoding: 'utf8' });
    const plain = await (await fetch(url, { headers: { 'Accept-Encoding': 'identity' } })).text();
    expect(last(viaCurl)).toBe(last(plain));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const res = await page.goto(url);
      expect(res?.headers()['content-encoding']).toBe('gzip');
      expect(last((await page.locator('body').textContent()) ?? '')).toBe(last(plain));
    } finally {
      await browser.close();
    }
  });
});
