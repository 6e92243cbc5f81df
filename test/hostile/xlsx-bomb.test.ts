import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { cellBomb, sizeBomb } from './xlsx-bomb';
import { sqliteOf } from '../../src/field/sqlite';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-bomb-'));
let yunet: Yunet;
let coordinator: string;

beforeAll(async () => {
  const config = configSchema.parse({ database: { path: path.join(dir, 'y.db') }, traps: { enabled: false } });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  coordinator = createToken(yunet.ctx.db, 'coordinator', 'coordinator');
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = async (file: Buffer) => {
  const res = await yunet.app.request('/api/import/stations', { method: 'POST', headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/octet-stream' }, body: file });
  return { status: res.status, body: (await res.json()) as { error: string } };
};
const stations = () => (sqliteOf(yunet.ctx.db).prepare('SELECT count(*) n FROM stations').get() as { n: number }).n;
const rss = () => process.memoryUsage().rss;

describe('XLSX bombs through the import API', () => {
  it('a workbook that unpacks to 300 MB is refused from its central directory, without inflating it', async () => {
    const bomb = await sizeBomb(300);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const before = rss();
    const r = await upload(bomb);
    expect(r).toEqual({ status: 413, body: { error: 'file: the workbook unpacks to more than 200 MB; split it or remove unused sheets' } });
    expect(rss() - before).toBeLessThan(64 * 1024 * 1024);
    expect(stations()).toBe(0);
  });

  it('a sheet of 3 million cells is refused while counting, before any row is kept', async () => {
    const bomb = await cellBomb(3_000_000);
    const before = rss();
    const r = await upload(bomb);
    expect(r).toEqual({ status: 413, body: { error: 'file: the sheet has more than 2,000,000 cells; split it into several files' } });
    // Two streaming passes hold only the parser's buffers; building 3 million cells would take well over a GB.
    expect(rss() - before).toBeLessThan(256 * 1024 * 1024);
    expect(stations()).toBe(0);
    const text = await (await yunet.app.request('/metrics')).text();
    expect(text).toMatch(/^yunet_import_rejected_total\{reason="unpacked_size"\} 1$/m);
    expect(text).toMatch(/^yunet_import_rejected_total\{reason="cells"\} 1$/m);
  }, 60_000);
});
