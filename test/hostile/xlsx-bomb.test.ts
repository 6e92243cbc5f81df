import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, stations } from '../../db/schema/field';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { cellBomb, entriesBomb, longStringBomb, rowBomb, sharedStringsBomb, sizeBomb, stylesBomb } from './xlsx-bomb';
import { testDatabase } from '../support/database';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-bomb-'));
const origin = 'http://localhost';
let yunet: Yunet;
let coordinator: string;

beforeAll(async () => {
  const config = configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), traps: { enabled: false } });
  yunet = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
  coordinator = await createToken(yunet.ctx.db, 'coordinator', 'coordinator');
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = async (file: Buffer | string) => {
  const res = await yunet.app.request('/api/import/stations', { method: 'POST', headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/octet-stream' }, body: file });
  return { status: res.status, body: (await res.json()) as { error: string } };
};
const stored = async () => {
  const [[s], [a]] = await Promise.all([yunet.ctx.db.select({ n: count() }).from(stations), yunet.ctx.db.select({ n: count() }).from(auditLog)]);
  return s.n + a.n;
};
const rss = () => process.memoryUsage().rss;
const refused = async (reason: string) => {
  const text = await (await yunet.app.request('/metrics')).text();
  return Number(new RegExp(`^yunet_import_rejected_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
};

/** Uploads `file`, expects a 413 with `error`, a bounded RSS growth, nothing stored and the refusal counted. */
async function expectRefused(file: Buffer | string, reason: string, error: string, rssBound: number) {
  const before = { rss: rss(), stored: await stored(), refused: await refused(reason) };
  expect(await upload(file)).toEqual({ status: 413, body: { error: `file: ${error}` } });
  expect(rss() - before.rss).toBeLessThan(rssBound);
  expect(await stored()).toBe(before.stored);
  expect(await refused(reason)).toBe(before.refused + 1);
}

const MB = 1024 * 1024;

describe('XLSX bombs through the import API', () => {
  it('a workbook that unpacks to 300 MB is refused from its central directory, without inflating it', async () => {
    const bomb = await sizeBomb(300);
    expect(bomb.length).toBeLessThan(2 * MB);
    await expectRefused(bomb, 'unpacked_size', 'the workbook unpacks to more than 200 MB; split it or remove unused sheets', 64 * MB);
  });

  it('a sheet of 3 million cells is refused while counting, before any row is kept', async () => {
    // Two streaming passes hold only the parser's buffers; building 3 million cells would take well over a GB.
    await expectRefused(await cellBomb(3_000_000), 'cells', 'the sheet has more than 2,000,000 cells; split it into several files', 256 * MB);
  }, 60_000);

  it('a sheet of 250,000 empty rows is refused by its row count', async () => {
    await expectRefused(await rowBomb(250_000), 'rows', 'the sheet has more than 200,000 rows; split it into several files', 128 * MB);
  });

  it('an archive of 5,000 files is refused from its directory', async () => {
    await expectRefused(await entriesBomb(5000), 'entries', 'the workbook holds 5,005 files; at most 1,000 are accepted', 64 * MB);
  });

  it('a shared-string table of 3 million strings is refused while it is read', async () => {
    await expectRefused(await sharedStringsBomb(3_000_000), 'shared_strings', "the workbook's shared-string table holds more than 2,000,000 strings; split it into several files", 256 * MB);
  }, 60_000);

  it('one shared string of 50 MB is refused at Excel\'s cell limit', async () => {
    await expectRefused(await longStringBomb(50_000_000), 'shared_strings', "a cell holds more than 32,767 characters, Excel's own limit", 128 * MB);
  });

  it('a styles part of millions of formats is refused by its size', async () => {
    await expectRefused(await stylesBomb(2_000_000), 'part_size', "the workbook's xl/styles.xml is larger than 16 MB; no spreadsheet program writes one that large", 64 * MB);
  });
});

describe('CSV floods through the import API', () => {
  it('a CSV of 2,100,000 cells in one line is refused while parsing', async () => {
    await expectRefused(',' .repeat(2_100_000), 'cells', 'the sheet has more than 2,000,000 cells; split it into several files', 256 * MB);
  });

  it('a CSV of 250,000 rows is refused while parsing', async () => {
    await expectRefused('站点编码\n' + 'X\n'.repeat(250_000), 'rows', 'the sheet has more than 200,000 rows; split it into several files', 256 * MB);
  });
});

describe('the import page', () => {
  it('shows the same refusal for a bomb and stores nothing', async () => {
    const form = (data: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(data).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin } });
    const signin = await yunet.app.request(`${origin}/field/signin`, { ...form({ token: coordinator, next: '/field' }), redirect: 'manual' });
    const cookie = signin.headers.get('set-cookie')!.split(';')[0];
    const page = await (await yunet.app.request(`${origin}/field/import`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const f = new FormData();
    f.set('_csrf', csrf);
    f.set('kind', 'stations');
    f.set('file', new Blob([await sizeBomb(300)]), '基站.xlsx');
    const before = await stored();
    const res = await yunet.app.request(`${origin}/field/import`, { method: 'POST', body: f, headers: { origin, cookie } });
    const html = await res.text();
    expect(html).toContain('file: the workbook unpacks to more than 200 MB; split it or remove unused sheets');
    expect(html).not.toContain('name="upload"'); // nothing to confirm
    expect(await stored()).toBe(before);
  });
});

describe('many uploads at once', () => {
  it('are read one at a time past the gate, one more waits, the rest get 503 at once', async () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-gate-'));
    const config = configSchema.parse({ database: await testDatabase(path.join(own, 'y.db')), traps: { enabled: false }, imports: { concurrent_reads: 1, queued_reads: 1 } });
    const y = await createYunet({ config, schedule: false, pollAtStart: false, log: silentLogger });
    try {
      const token = await createToken(y.ctx.db, 'c', 'coordinator');
      const bomb = await rowBomb(250_000);
      const results = await Promise.all(
        [1, 2, 3].map(async () => {
          const res = await y.app.request('/api/import/stations', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: bomb });
          return { status: res.status, error: ((await res.json()) as { error: string }).error };
        }),
      );
      expect(results.map((r) => r.status).sort()).toEqual([413, 413, 503]);
      expect(results.find((r) => r.status === 503)!.error).toBe('file: imports are busy (1 being read, 1 waiting); try again in a moment');
      const text = await (await y.app.request('/metrics')).text();
      expect(text).toMatch(/^yunet_import_rejected_total\{reason="busy"\} 1$/m);
      expect(text).toMatch(/^yunet_import_rejected_total\{reason="rows"\} 2$/m);
    } finally {
      await y.close();
      fs.rmSync(own, { recursive: true, force: true });
    }
  });
});
