import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, devices } from '../../db/schema/inventory';
import { configSchema } from '../../src/config/schema';
import { createToken } from '../../src/auth/tokens';
import { createDrill } from '../../src/drills/store';
import { ingestNotification } from '../../src/incidents/ingest';
import { webhookSchema } from '../../src/incidents/payload';
import { silentLogger } from '../../src/log';
import { createYunet, type Yunet } from '../../src/yunet';
import { testDatabase } from '../support/database';

// What an attacker types into a field that ends up in a spreadsheet (OWASP "CSV injection").
const EVIL = '=HYPERLINK("http://198.18.0.9/x","点击")';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunet-csv-'));
let yunet: Yunet;
let coordinator: string;
let drillId: number;

async function call(method: string, url: string, token: string, body?: unknown) {
  const res = await yunet.app.request(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res;
}

beforeAll(async () => {
  const config = configSchema.parse({ database: await testDatabase(path.join(dir, 'y.db')), traps: { enabled: false } });
  yunet = await createYunet({ config, demo: true, schedule: false, pollAtStart: false, log: silentLogger });
  // Even the actor's name is typed by someone: it lands in the audit export.
  coordinator = await createToken(yunet.ctx.db, '+evil-coordinator', 'coordinator');
  expect((await call('POST', '/api/stations', coordinator, { code: 'CSV-1', name: EVIL, operator: '中国电信', town: '化龙镇', village: '明经村', type: 'macro', planned_year: 2026 })).status).toBe(201);
  expect((await call('POST', '/api/blind-spots', coordinator, { name: EVIL, town: '新造镇', category: 'road', source: 'complaint', reported_on: '2026-01-05', rsrp_before: -95.5 })).status).toBe(201);
  const insp = await call('POST', '/api/inspections', coordinator, { date: '2026-02-01', town: '石楼镇', villages: ['大岭村'], inspector: '@SUM(1,2)', notes: EVIL });
  expect(insp.status).toBe(201);
  expect((await call('POST', '/api/hazards', coordinator, { town: '石楼镇', village: '大岭村', line_type: 'catv', hazard_type: 'tangled', severity: 'high', owner: EVIL, found_on: '2026-02-01', deadline: '2026-03-01' })).status).toBe(201);
  await yunet.ctx.db.insert(credentials).values({ name: 'c', version: '2c', secret: JSON.stringify({ version: '2c', community: 'x' }) });
  await yunet.ctx.db.insert(devices).values({ name: '-2+3', address: '198.18.0.1', credential: 'c', source: 'demo' });
  await yunet.ctx.fleet.reload();
  drillId = (await createDrill(yunet.ctx.db, { name: '粤盾', startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 3600_000), scopeUnits: null, notes: '' }, 'test')).id;
  await ingestNotification(
    yunet.ctx.db,
    webhookSchema.parse({
      version: '4', groupKey: 'g', status: 'firing', receiver: 'yunet', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am',
      alerts: [{ status: 'firing', labels: { alertname: EVIL, category: 'config', device: '-2+3' }, annotations: { summary: EVIL }, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', fingerprint: 'f1' }],
    }),
  );
});
afterAll(async () => {
  await yunet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every cell of a CSV response, after checking it is UTF-8 with a BOM. */
async function cells(url: string): Promise<string[]> {
  const res = await call('GET', url, await createToken(yunet.ctx.db, `viewer-${Math.random()}`, 'viewer'));
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return (parseCsv(bytes, { bom: true, relax_column_count: true }) as string[][]).flat();
}

/** No cell may start with a character that makes Excel evaluate it; the planted value is there, quoted. */
function expectNeutralised(all: string[], planted: string) {
  for (const c of all) if (!/^-?\d+(\.\d+)?$/.test(c)) expect(c, c).not.toMatch(/^[=+\-@\t\r]/);
  expect(all).toContain(`'${planted}`);
}

describe('every CSV export neutralises formulas', () => {
  for (const kind of ['stations', 'blind-spots', 'hazards'])
    it(`${kind} export`, async () => {
      expectNeutralised(await cells(`/api/export/${kind}?format=csv`), EVIL);
    });

  it('keeps a negative number in a numeric column a number, in CSV and XLSX', async () => {
    expect(await cells('/api/export/blind-spots?format=csv&lang=en')).toContain('-95.5');
    const res = await call('GET', '/api/export/blind-spots?format=xlsx&lang=en', coordinator);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0];
    const header = ws.getRow(1).values as unknown[];
    const planted = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(header.indexOf('name')).value === EVIL)!;
    expect(planted.getCell(header.indexOf('rsrp_before')).value).toBe(-95.5);
  });

  it('inspections', async () => {
    const all = await cells('/api/inspections?format=csv');
    expectNeutralised(all, EVIL);
    expect(all).toContain("'@SUM(1,2)");
  });

  it('audit log', async () => {
    expectNeutralised(await cells('/api/audit?format=csv'), '+evil-coordinator');
  });

  it('drill report', async () => {
    expectNeutralised(await cells(`/api/drills/${drillId}/report.csv`), EVIL);
  });

  it('readiness report', async () => {
    expectNeutralised(await cells('/api/readiness/devices.csv'), '-2+3');
  });

  it('a neutralised export imports back to the typed value', async () => {
    const csv = await (await call('GET', '/api/export/stations?format=csv', coordinator)).arrayBuffer();
    const res = await yunet.app.request('/api/import/stations?dry_run=true', { method: 'POST', headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'text/csv' }, body: csv });
    const report = (await res.json()) as { rejected: unknown[]; preview: { key: string; action: string }[] };
    expect(report.rejected).toEqual([]);
    // Unchanged: the quote Excel would show is stripped on import, so CSV-1's name matches what is stored.
    expect(report.preview.find((p) => p.key === 'CSV-1')).toBeUndefined();
  });

  it('query limits are checked, not trusted', async () => {
    const viewer = await createToken(yunet.ctx.db, 'limits-viewer', 'viewer');
    for (const url of ['/api/audit?limit=-1', '/api/audit?limit=0', '/api/inspections?limit=999999', '/api/stations?per_page=0', '/api/stations?page=-3', '/api/events?limit=-1'])
      expect((await call('GET', url, viewer)).status, url).toBe(400);
  });
});
