import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { testDatabase } from '../support/database';
import { one, parseExposition } from '../lab/exposition-text';

// A scraper that stops reading keeps the series generation its stream reads; it is cut when the cycle after the
// one it started in ends.
let yunet: Yunet;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-scrape-cut-'));
  const config = configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), http: { port: 0, host: '127.0.0.1' } });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger, env: {} });
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// As Prometheus asks: the stream is then the series' own gzip members, with nothing buffering between it and the client.
const scrape = () => yunet.app.request('/metrics', { headers: { 'Accept-Encoding': 'gzip' } });
const inflated = (r: Response) => new Response(r.body!.pipeThrough(new DecompressionStream('gzip'))).text();
const cutCount = async () => Number(one(parseExposition(await (await yunet.app.request('/metrics')).text()), 'yunet_metrics_scrapes_cut_total').value);

describe('a /metrics scrape nobody reads', () => {
  it('is cut at the end of the cycle after the one it started in; scrapes read in time are not', async () => {
    const stalled = await scrape();
    expect(stalled.status).toBe(200);
    await yunet.runCycle();
    expect(await cutCount()).toBe(0);
    await yunet.runCycle();
    expect(await cutCount()).toBe(1);
    await expect(inflated(stalled)).rejects.toThrow(/not read in time/);
    // Read at once, a scrape spanning two cycle ends is whole.
    const prompt = await scrape();
    await yunet.runCycle();
    expect(await inflated(prompt)).toMatch(/^yunet_metrics_scrapes_cut_total 1$/m);
    await yunet.runCycle();
    expect(await cutCount()).toBe(1);
  });
});
